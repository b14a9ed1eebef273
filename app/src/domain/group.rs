//! Groups around an idea: two to four members, the idea's owner included. One rule for
//! inviting and joining, used by the pages (to offer a form or say why not) and by the
//! server (to refuse); the database enforces the size when two join at the same moment
//! (`groups::db::join`).

use super::ContactRefusal;
use super::Invalid;
use super::Refusal;
use super::choices::choice;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

choice!(
    /// Where an invitation to an idea's group stands. A pending one past its expiry date
    /// counts as expired (`domain::Invitation::may_accept`), whatever is stored.
    InvitationStatus {
        Pending = "pending",
        Accepted = "accepted",
        Declined = "declined",
        Withdrawn = "withdrawn",
        Expired = "expired",
    }
);

/// Why a group's invitation or change was refused although the input was well-formed (Display is English, for
/// logs; `texts::refusal` says it in the member's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum GroupRefusal {
    #[error("This group already has four members.")]
    GroupFull,
    #[error("This member already belongs to the group.")]
    AlreadyMember,
    #[error("This member has already been invited and has not answered yet.")]
    Invited,
    #[error("This invitation has expired.")]
    Expired,
    #[error("This invitation was withdrawn.")]
    Withdrawn,
    #[error("The owner cannot leave the group: hand it over to another member first.")]
    OwnerStays,
}

impl GroupRefusal {
    pub fn status(self) -> u16 {
        match self {
            Self::GroupFull
            | Self::AlreadyMember
            | Self::Invited
            | Self::Expired
            | Self::Withdrawn
            | Self::OwnerStays => 409,
        }
    }
}

/// What is known about an idea's group when its owner invites someone or someone joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group {
    /// Members now, the owner included (at least 1).
    pub size: u8,
    /// The member in question already belongs to it (or is its owner).
    pub is_member: bool,
    /// An invitation to this member waits for an answer.
    pub invited: bool,
    /// Either has blocked the other.
    pub blocked: bool,
}

impl Group {
    /// The owner and at most three others.
    pub const MAX: u8 = 4;
    /// A group is the owner and at least one other.
    pub const MIN: u8 = 2;

    pub fn seats_left(&self) -> u8 {
        Self::MAX.saturating_sub(self.size)
    }

    /// Whether the owner may invite this member now. Invitations may outnumber the free
    /// seats (not everyone accepts); whoever accepts last finds the group full.
    pub fn may_invite(&self) -> Result<(), Refusal> {
        if self.blocked {
            return Err(ContactRefusal::NotAccepting.into());
        }
        if self.is_member {
            return Err(GroupRefusal::AlreadyMember.into());
        }
        if self.seats_left() == 0 {
            return Err(GroupRefusal::GroupFull.into());
        }
        if self.invited {
            return Err(GroupRefusal::Invited.into());
        }
        Ok(())
    }

    /// Whether one more member fits.
    pub fn may_join(&self) -> Result<(), GroupRefusal> {
        if self.is_member {
            return Err(GroupRefusal::AlreadyMember);
        }
        if self.seats_left() == 0 {
            return Err(GroupRefusal::GroupFull);
        }
        Ok(())
    }
}

/// An invitation as stored, judged at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invitation {
    pub status: InvitationStatus,
    pub expires_at: DateTime<Utc>,
}

impl Invitation {
    /// The status as of `now`: a pending invitation past its date has expired.
    pub fn status_at(&self, now: DateTime<Utc>) -> InvitationStatus {
        match self.status {
            InvitationStatus::Pending if now >= self.expires_at => InvitationStatus::Expired,
            s => s,
        }
    }

    /// Whether the invitee may still answer (accept or decline), or the owner withdraw it.
    pub fn may_answer(&self, now: DateTime<Utc>) -> Result<(), Refusal> {
        match self.status_at(now) {
            InvitationStatus::Pending => Ok(()),
            InvitationStatus::Expired => Err(GroupRefusal::Expired.into()),
            InvitationStatus::Withdrawn => Err(GroupRefusal::Withdrawn.into()),
            InvitationStatus::Accepted | InvitationStatus::Declined => {
                Err(ContactRefusal::Answered.into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    fn group(size: u8) -> Group {
        Group {
            size,
            is_member: false,
            invited: false,
            blocked: false,
        }
    }

    #[test]
    fn two_to_four_members_the_owner_included() {
        assert_eq!(group(1).seats_left(), 3);
        assert_eq!(group(1).may_invite(), Ok(()));
        assert_eq!(group(3).may_join(), Ok(()));
        assert_eq!(group(4).may_invite(), Err(GroupRefusal::GroupFull.into()));
        assert_eq!(
            group(4).may_join(),
            Err(GroupRefusal::GroupFull),
            "no fifth"
        );
        assert_eq!(group(5).seats_left(), 0);
    }

    #[test]
    fn nobody_twice_and_no_invitation_across_a_block() {
        let member = Group {
            is_member: true,
            ..group(2)
        };
        assert_eq!(member.may_invite(), Err(GroupRefusal::AlreadyMember.into()));
        assert_eq!(member.may_join(), Err(GroupRefusal::AlreadyMember));
        let invited = Group {
            invited: true,
            ..group(2)
        };
        assert_eq!(invited.may_invite(), Err(GroupRefusal::Invited.into()));
        assert_eq!(invited.may_join(), Ok(()));
        let blocked = Group {
            blocked: true,
            ..group(2)
        };
        assert_eq!(
            blocked.may_invite(),
            Err(ContactRefusal::NotAccepting.into())
        );
    }

    #[test]
    fn an_invitation_can_be_answered_once_and_only_before_it_expires() {
        let now = Utc::now();
        let pending = Invitation {
            status: InvitationStatus::Pending,
            expires_at: now + Duration::days(14),
        };
        assert_eq!(pending.may_answer(now), Ok(()));
        assert_eq!(
            pending.may_answer(now + Duration::days(14)),
            Err(GroupRefusal::Expired.into())
        );
        assert_eq!(
            pending.status_at(now + Duration::days(15)),
            InvitationStatus::Expired
        );
        for (status, refusal) in [
            (
                InvitationStatus::Accepted,
                Refusal::from(ContactRefusal::Answered),
            ),
            (InvitationStatus::Declined, ContactRefusal::Answered.into()),
            (InvitationStatus::Withdrawn, GroupRefusal::Withdrawn.into()),
            (InvitationStatus::Expired, GroupRefusal::Expired.into()),
        ] {
            let done = Invitation { status, ..pending };
            assert_eq!(done.may_answer(now), Err(refusal));
        }
    }
}
