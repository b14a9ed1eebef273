//! Contact with consent: when one member may ask another to talk. One rule, used by the
//! profile page (to offer the form or say why not) and by the server (to refuse).

use super::ContactPolicy;
use serde::{Deserialize, Serialize};

/// Why something a member asked for was refused although the input was well-formed.
/// Display is English, for logs; `texts::refusal` says it in the member's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Refusal {
    #[error("You cannot contact yourself.")]
    Yourself,
    /// The recipient's setting (or a block, which is not revealed as such).
    #[error("This member does not accept contact requests from you.")]
    NotAccepting,
    #[error("Your earlier request to this member is still waiting for an answer.")]
    Pending,
    #[error("You are already in contact: write in your conversation.")]
    Connected,
    #[error("This request has already been answered.")]
    Answered,
    #[error("You cannot write to this member.")]
    Blocked,
    #[error("You have sent as many contact requests today as a day allows.")]
    DailyLimit,
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
    #[error("Comments open when the idea is published.")]
    NotPublished,
    #[error("This comment was deleted.")]
    CommentDeleted,
    #[error("This call does not take submissions yet.")]
    CallNotOpen,
    #[error("The submission deadline has passed.")]
    CallClosed,
    #[error("A submission needs a group of two to four members.")]
    GroupSize,
    #[error("This group has already entered this call.")]
    AlreadyEntered,
    #[error("The submission was changed in the meantime: read the new version, then approve it.")]
    SubmissionChanged,
    #[error("Only a published idea can be entered.")]
    IdeaNotPublished,
    #[error("The jury starts scoring after the submission deadline.")]
    JuryNotStarted,
    #[error("The jury phase of this call has ended.")]
    JuryClosed,
    #[error("This member is already on the jury.")]
    AlreadyJuror,
    #[error("An idea's progress is public: publish the idea first.")]
    ProgressNotPublic,
    #[error("This workshop has begun: sign-ups and cancellations are closed.")]
    WorkshopStarted,
    #[error("This workshop is for the groups of a call.")]
    WorkshopNotForYou,
    #[error("You are already signed up.")]
    AlreadySignedUp,
    #[error("You are not signed up for this workshop.")]
    NotSignedUp,
    #[error("This account is suspended. If you think this is a mistake, write to the operator.")]
    Suspended,
    #[error("You cannot report your own content.")]
    OwnContent,
    #[error("You have already reported this; the admins will look at it.")]
    AlreadyReported,
    #[error("It is hidden pending review by the admins.")]
    Held,
}

impl Refusal {
    pub fn status(self) -> u16 {
        match self {
            Refusal::Yourself | Refusal::NotAccepting | Refusal::Blocked => 403,
            Refusal::Pending
            | Refusal::Connected
            | Refusal::Answered
            | Refusal::GroupFull
            | Refusal::AlreadyMember
            | Refusal::Invited
            | Refusal::Expired
            | Refusal::Withdrawn
            | Refusal::OwnerStays
            | Refusal::NotPublished
            | Refusal::CommentDeleted
            | Refusal::CallNotOpen
            | Refusal::CallClosed
            | Refusal::GroupSize
            | Refusal::AlreadyEntered
            | Refusal::SubmissionChanged
            | Refusal::IdeaNotPublished
            | Refusal::JuryNotStarted
            | Refusal::JuryClosed
            | Refusal::AlreadyJuror
            | Refusal::ProgressNotPublic
            | Refusal::WorkshopStarted
            | Refusal::AlreadySignedUp
            | Refusal::NotSignedUp
            | Refusal::AlreadyReported
            | Refusal::Held => 409,
            Refusal::WorkshopNotForYou | Refusal::Suspended | Refusal::OwnContent => 403,
            Refusal::DailyLimit => 429,
        }
    }
}

/// What is known about two members when one (the sender) wants to contact the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Contact {
    pub is_self: bool,
    /// Either has blocked the other.
    pub blocked: bool,
    /// The recipient's setting.
    pub policy: Option<ContactPolicy>,
    /// The recipient once sent the sender a request (whatever its answer).
    pub recipient_asked_first: bool,
    /// A request between them, either way, waits for an answer.
    pub pending: bool,
    /// They already share a conversation.
    pub connected: bool,
}

impl Contact {
    /// Whether the sender may send a request now, and if not, why.
    pub fn may_request(&self) -> Result<(), Refusal> {
        if self.is_self {
            return Err(Refusal::Yourself);
        }
        if self.blocked {
            return Err(Refusal::NotAccepting);
        }
        if self.connected {
            return Err(Refusal::Connected);
        }
        if self.pending {
            return Err(Refusal::Pending);
        }
        match self.policy.unwrap_or(ContactPolicy::Everyone) {
            ContactPolicy::Everyone => Ok(()),
            ContactPolicy::Contacted if self.recipient_asked_first => Ok(()),
            ContactPolicy::Contacted | ContactPolicy::Nobody => Err(Refusal::NotAccepting),
        }
    }
}

impl Contact {
    /// Whether the sender may invite this member into a group: the same door as a contact
    /// request (their setting, a block), except that people already talking may always.
    pub fn may_invite(&self) -> Result<(), Refusal> {
        if self.is_self {
            return Err(Refusal::Yourself);
        }
        if self.blocked {
            return Err(Refusal::NotAccepting);
        }
        if self.connected {
            return Ok(());
        }
        match self.policy.unwrap_or(ContactPolicy::Everyone) {
            ContactPolicy::Everyone => Ok(()),
            ContactPolicy::Contacted if self.recipient_asked_first => Ok(()),
            ContactPolicy::Contacted | ContactPolicy::Nobody => Err(Refusal::NotAccepting),
        }
    }
}

/// Whether one more contact request or invitation fits in the sender's day: `sent` counts
/// both, over the last 24 hours, the new one included.
pub fn within_daily_limit(sent: u64, per_day: u32) -> Result<(), Refusal> {
    if sent > u64::from(per_day) {
        Err(Refusal::DailyLimit)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invitations_knock_on_the_same_door() {
        let closed = Contact {
            policy: Some(ContactPolicy::Nobody),
            ..open()
        };
        assert_eq!(closed.may_invite(), Err(Refusal::NotAccepting));
        let talking = Contact {
            connected: true,
            ..closed
        };
        assert_eq!(talking.may_invite(), Ok(()), "people who talk may invite");
        let only_contacted = Contact {
            policy: Some(ContactPolicy::Contacted),
            ..open()
        };
        assert_eq!(only_contacted.may_invite(), Err(Refusal::NotAccepting));
        assert_eq!(
            Contact {
                recipient_asked_first: true,
                ..only_contacted
            }
            .may_invite(),
            Ok(())
        );
        assert_eq!(
            Contact {
                blocked: true,
                connected: true,
                ..open()
            }
            .may_invite(),
            Err(Refusal::NotAccepting)
        );
        assert_eq!(open().may_invite(), Ok(()));
    }

    #[test]
    fn the_daily_limit_counts_the_new_one() {
        assert_eq!(within_daily_limit(20, 20), Ok(()));
        assert_eq!(within_daily_limit(21, 20), Err(Refusal::DailyLimit));
    }

    fn open() -> Contact {
        Contact {
            policy: Some(ContactPolicy::Everyone),
            ..Contact::default()
        }
    }

    #[test]
    fn anyone_may_ask_a_member_who_accepts_everyone() {
        assert_eq!(open().may_request(), Ok(()));
    }

    #[test]
    fn the_recipients_setting_decides() {
        let only_contacted = Contact {
            policy: Some(ContactPolicy::Contacted),
            ..open()
        };
        assert_eq!(only_contacted.may_request(), Err(Refusal::NotAccepting));
        let asked_first = Contact {
            recipient_asked_first: true,
            ..only_contacted
        };
        assert_eq!(asked_first.may_request(), Ok(()));
        let nobody = Contact {
            policy: Some(ContactPolicy::Nobody),
            recipient_asked_first: true,
            ..open()
        };
        assert_eq!(nobody.may_request(), Err(Refusal::NotAccepting));
    }

    #[test]
    fn a_block_looks_like_a_closed_door_and_beats_everything() {
        let blocked = Contact {
            blocked: true,
            recipient_asked_first: true,
            ..open()
        };
        assert_eq!(
            blocked.may_request(),
            Err(Refusal::NotAccepting),
            "the sender is not told they are blocked"
        );
    }

    #[test]
    fn no_second_request_and_none_to_oneself_or_to_a_contact() {
        let pending = Contact {
            pending: true,
            ..open()
        };
        assert_eq!(pending.may_request(), Err(Refusal::Pending));
        let connected = Contact {
            connected: true,
            pending: true,
            ..open()
        };
        assert_eq!(connected.may_request(), Err(Refusal::Connected));
        let me = Contact {
            is_self: true,
            ..open()
        };
        assert_eq!(me.may_request(), Err(Refusal::Yourself));
    }
}
