//! Contact with consent: when one member may ask another to talk. One rule, used by the
//! profile page (to offer the form or say why not) and by the server (to refuse).

use super::Invalid;
use super::choices::choice;
use serde::{Deserialize, Serialize};

choice!(
    /// Who may send a member a contact request.
    ContactPolicy {
        Everyone = "everyone",
        // Only members the member has contacted first.
        Contacted = "contacted",
        Nobody = "nobody",
    }
);

choice!(
    /// Where a contact request stands.
    RequestStatus {
        Pending = "pending",
        Accepted = "accepted",
        Declined = "declined",
    }
);

/// Why a contact request or message was refused although the input was well-formed (Display is English, for
/// logs; `texts::refusal` says it in the member's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ContactRefusal {
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
}

impl ContactRefusal {
    pub fn status(self) -> u16 {
        match self {
            Self::Yourself | Self::NotAccepting | Self::Blocked => 403,
            Self::Pending | Self::Connected | Self::Answered => 409,
            Self::DailyLimit => 429,
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
    pub fn may_request(&self) -> Result<(), ContactRefusal> {
        if self.is_self {
            return Err(ContactRefusal::Yourself);
        }
        if self.blocked {
            return Err(ContactRefusal::NotAccepting);
        }
        if self.connected {
            return Err(ContactRefusal::Connected);
        }
        if self.pending {
            return Err(ContactRefusal::Pending);
        }
        match self.policy.unwrap_or(ContactPolicy::Everyone) {
            ContactPolicy::Everyone => Ok(()),
            ContactPolicy::Contacted if self.recipient_asked_first => Ok(()),
            ContactPolicy::Contacted | ContactPolicy::Nobody => Err(ContactRefusal::NotAccepting),
        }
    }
}

impl Contact {
    /// Whether the sender may invite this member into a group: the same door as a contact
    /// request (their setting, a block), except that people already talking may always.
    pub fn may_invite(&self) -> Result<(), ContactRefusal> {
        if self.is_self {
            return Err(ContactRefusal::Yourself);
        }
        if self.blocked {
            return Err(ContactRefusal::NotAccepting);
        }
        if self.connected {
            return Ok(());
        }
        match self.policy.unwrap_or(ContactPolicy::Everyone) {
            ContactPolicy::Everyone => Ok(()),
            ContactPolicy::Contacted if self.recipient_asked_first => Ok(()),
            ContactPolicy::Contacted | ContactPolicy::Nobody => Err(ContactRefusal::NotAccepting),
        }
    }
}

/// Whether one more contact request or invitation fits in the sender's day: `sent` counts
/// both, over the last 24 hours, the new one included.
pub fn within_daily_limit(sent: u64, per_day: u32) -> Result<(), ContactRefusal> {
    if sent > u64::from(per_day) {
        Err(ContactRefusal::DailyLimit)
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
        assert_eq!(closed.may_invite(), Err(ContactRefusal::NotAccepting));
        let talking = Contact {
            connected: true,
            ..closed
        };
        assert_eq!(talking.may_invite(), Ok(()), "people who talk may invite");
        let only_contacted = Contact {
            policy: Some(ContactPolicy::Contacted),
            ..open()
        };
        assert_eq!(
            only_contacted.may_invite(),
            Err(ContactRefusal::NotAccepting)
        );
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
            Err(ContactRefusal::NotAccepting)
        );
        assert_eq!(open().may_invite(), Ok(()));
    }

    #[test]
    fn the_daily_limit_counts_the_new_one() {
        assert_eq!(within_daily_limit(20, 20), Ok(()));
        assert_eq!(within_daily_limit(21, 20), Err(ContactRefusal::DailyLimit));
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
        assert_eq!(
            only_contacted.may_request(),
            Err(ContactRefusal::NotAccepting)
        );
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
        assert_eq!(nobody.may_request(), Err(ContactRefusal::NotAccepting));
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
            Err(ContactRefusal::NotAccepting),
            "the sender is not told they are blocked"
        );
    }

    #[test]
    fn no_second_request_and_none_to_oneself_or_to_a_contact() {
        let pending = Contact {
            pending: true,
            ..open()
        };
        assert_eq!(pending.may_request(), Err(ContactRefusal::Pending));
        let connected = Contact {
            connected: true,
            pending: true,
            ..open()
        };
        assert_eq!(connected.may_request(), Err(ContactRefusal::Connected));
        let me = Contact {
            is_self: true,
            ..open()
        };
        assert_eq!(me.may_request(), Err(ContactRefusal::Yourself));
    }
}
