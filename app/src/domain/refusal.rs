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
