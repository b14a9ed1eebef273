//! A well-formed request the rules refuse (bad input is `Invalid` instead): each feature
//! names its own reasons, one type each; `Refusal` carries any of them inside
//! `AppError::Refused`, and `Refusal::status` asks the feature's type for the HTTP status.

use super::comment::CommentRefusal;
use super::contact::ContactRefusal;
use super::contest::ContestRefusal;
use super::group::GroupRefusal;
use super::jury::JuryRefusal;
use super::moderation::ModerationRefusal;
use super::showcase::ShowcaseRefusal;
use super::workshop::WorkshopRefusal;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Refusal {
    #[error(transparent)]
    Contact(#[from] ContactRefusal),
    #[error(transparent)]
    Group(#[from] GroupRefusal),
    #[error(transparent)]
    Comment(#[from] CommentRefusal),
    #[error(transparent)]
    Contest(#[from] ContestRefusal),
    #[error(transparent)]
    Jury(#[from] JuryRefusal),
    #[error(transparent)]
    Showcase(#[from] ShowcaseRefusal),
    #[error(transparent)]
    Workshop(#[from] WorkshopRefusal),
    #[error(transparent)]
    Moderation(#[from] ModerationRefusal),
}

impl Refusal {
    pub fn status(self) -> u16 {
        match self {
            Self::Contact(r) => r.status(),
            Self::Group(r) => r.status(),
            Self::Comment(r) => r.status(),
            Self::Contest(r) => r.status(),
            Self::Jury(r) => r.status(),
            Self::Showcase(r) => r.status(),
            Self::Workshop(r) => r.status(),
            Self::Moderation(r) => r.status(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_feature_says_its_status_through_one_refusal() {
        let status = |r: Refusal| r.status();
        assert_eq!(status(ContactRefusal::DailyLimit.into()), 429);
        assert_eq!(status(ContactRefusal::Blocked.into()), 403);
        assert_eq!(status(GroupRefusal::GroupFull.into()), 409);
        assert_eq!(status(WorkshopRefusal::WorkshopNotForYou.into()), 403);
        assert_eq!(status(ModerationRefusal::Suspended.into()), 403);
        assert_eq!(status(ModerationRefusal::Held.into()), 409);
        assert_eq!(status(JuryRefusal::JuryClosed.into()), 409);
    }

    #[test]
    fn a_refusal_crosses_the_wire_as_its_feature_and_reason() {
        let r: Refusal = GroupRefusal::Invited.into();
        let json = serde_json::to_string(&r).expect("json");
        assert_eq!(json, r#"{"Group":"Invited"}"#);
        assert_eq!(serde_json::from_str::<Refusal>(&json).expect("back"), r);
    }
}
