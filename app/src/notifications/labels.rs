//! What the notifications feature's choices and events are called, in the page's language.

use crate::domain::*;
use crate::i18n::*;

/// A notification's heading, in the app and in mails: who did what (with the idea's title).
pub fn notification(
    l: Locale,
    kind: NotificationKind,
    actor: Option<&str>,
    idea: Option<&str>,
) -> String {
    let actor = actor.unwrap_or_else(|| td_string!(l, notifications.someone));
    // A message with an idea was written in that idea's group.
    let in_group = idea.is_some();
    let idea = idea.unwrap_or_else(|| td_string!(l, notifications.an_idea));
    match kind {
        NotificationKind::RequestReceived => {
            td_string!(l, notifications.request_received, actor = actor).to_string()
        }
        NotificationKind::RequestAccepted => {
            td_string!(l, notifications.request_accepted, actor = actor).to_string()
        }
        NotificationKind::InvitationReceived => td_string!(
            l,
            notifications.invitation_received,
            actor = actor,
            idea = idea
        )
        .to_string(),
        NotificationKind::InvitationAccepted => td_string!(
            l,
            notifications.invitation_accepted,
            actor = actor,
            idea = idea
        )
        .to_string(),
        NotificationKind::InvitationExpired => td_string!(
            l,
            notifications.invitation_expired,
            actor = actor,
            idea = idea
        )
        .to_string(),
        NotificationKind::Message if in_group => {
            td_string!(l, notifications.group_message, actor = actor, idea = idea).to_string()
        }
        NotificationKind::Message => {
            td_string!(l, notifications.message, actor = actor).to_string()
        }
        NotificationKind::Comment => {
            td_string!(l, notifications.comment, actor = actor, idea = idea).to_string()
        }
        NotificationKind::IdeaEdited => {
            td_string!(l, notifications.idea_edited, actor = actor, idea = idea).to_string()
        }
        NotificationKind::WorkshopSeat => td_string!(l, notifications.workshop_seat).to_string(),
        NotificationKind::ApprovalNeeded => {
            td_string!(l, notifications.approval_needed, actor = actor, idea = idea).to_string()
        }
        NotificationKind::JurorAppointed => {
            td_string!(l, notifications.juror_appointed, actor = actor).to_string()
        }
    }
}

pub fn notification_kind(l: Locale, kind: NotificationKind) -> &'static str {
    match kind {
        NotificationKind::RequestReceived => td_string!(l, notifications.kind_request_received),
        NotificationKind::RequestAccepted => td_string!(l, notifications.kind_request_accepted),
        NotificationKind::InvitationReceived => {
            td_string!(l, notifications.kind_invitation_received)
        }
        NotificationKind::InvitationAccepted => {
            td_string!(l, notifications.kind_invitation_accepted)
        }
        NotificationKind::InvitationExpired => td_string!(l, notifications.kind_invitation_expired),
        NotificationKind::Message => td_string!(l, notifications.kind_message),
        NotificationKind::Comment => td_string!(l, notifications.kind_comment),
        NotificationKind::IdeaEdited => td_string!(l, notifications.kind_idea_edited),
        NotificationKind::WorkshopSeat => td_string!(l, notifications.kind_workshop_seat),
        NotificationKind::ApprovalNeeded => td_string!(l, notifications.kind_approval_needed),
        NotificationKind::JurorAppointed => td_string!(l, notifications.kind_juror_appointed),
    }
}

pub fn delivery(l: Locale, d: Delivery) -> &'static str {
    match d {
        Delivery::Immediately => td_string!(l, notifications.delivery_immediately),
        Delivery::Daily => td_string!(l, notifications.delivery_daily),
        Delivery::Off => td_string!(l, notifications.delivery_off),
    }
}
