//! Reads and records that many features need, kept below all of them so that no feature
//! has to import another for them: who a member is called (`people`), an idea's title,
//! card and who may do what with it (`ideas`, `access`), and the audit log's writer
//! (`audit`).

#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub mod audit;
pub mod calls;
pub mod ideas;
pub mod people;

pub use ideas::{IdeaCard, IdeaCardView, MaturityBadge};
pub use people::{DELETED_MEMBER, Person};

use crate::error::AppError;
use uuid::Uuid;

/// A malformed id cannot name anything: answer as for an unknown one.
pub fn parse_id(raw: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw.trim()).map_err(|_| AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::parse_id;
    use crate::error::AppError;

    #[test]
    fn malformed_ids_are_not_found() {
        assert_eq!(parse_id("1 OR 1=1"), Err(AppError::NotFound));
        assert_eq!(parse_id(""), Err(AppError::NotFound));
        assert!(parse_id("67e55044-10b1-426f-9247-bb680e5fe0c8").is_ok());
    }
}
