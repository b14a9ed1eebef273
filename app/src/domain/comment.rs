//! Comments on ideas: what the rules refuse.

use serde::{Deserialize, Serialize};

/// Why a comment was refused although the input was well-formed (Display is English, for
/// logs; `texts::refusal` says it in the member's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum CommentRefusal {
    #[error("Comments open when the idea is published.")]
    NotPublished,
    #[error("This comment was deleted.")]
    CommentDeleted,
}

impl CommentRefusal {
    pub fn status(self) -> u16 {
        match self {
            Self::NotPublished | Self::CommentDeleted => 409,
        }
    }
}
