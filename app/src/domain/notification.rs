//! What happened for a member and how they hear of it: the kinds of notification and
//! their delivery.

use super::Invalid;
use super::choices::choice;
use serde::{Deserialize, Serialize};

choice!(
    /// What a member is told about (in the app, and by mail as they choose).
    NotificationKind {
        RequestReceived = "request_received",
        RequestAccepted = "request_accepted",
        InvitationReceived = "invitation_received",
        InvitationAccepted = "invitation_accepted",
        InvitationExpired = "invitation_expired",
        Message = "message",
        Comment = "comment",
        IdeaEdited = "idea_edited",
        // A seat at a workshop came free for a member on its waiting list.
        WorkshopSeat = "workshop_seat",
        // A group member saved a version of a submission that waits for everyone's approval.
        ApprovalNeeded = "approval_needed",
        // An admin appointed the member to a call's jury.
        JurorAppointed = "juror_appointed",
    }
);

impl NotificationKind {
    /// By mail until the member chooses otherwise: what waits for their answer at once,
    /// the rest in the daily digest.
    pub fn default_delivery(self) -> Delivery {
        match self {
            NotificationKind::RequestReceived
            | NotificationKind::InvitationReceived
            | NotificationKind::ApprovalNeeded
            | NotificationKind::JurorAppointed => Delivery::Immediately,
            _ => Delivery::Daily,
        }
    }

    /// Kinds that pile up (a conversation, an idea being edited): while one is unread, the
    /// next of the same kind and link adds nothing.
    pub fn coalesces(self) -> bool {
        matches!(
            self,
            NotificationKind::Message
                | NotificationKind::IdeaEdited
                | NotificationKind::ApprovalNeeded
        )
    }
}

choice!(
    /// How a kind of notification reaches a member by mail.
    Delivery {
        Immediately = "immediately",
        Daily = "daily",
        Off = "off",
    }
);
