use crate::domain::{ReportStatus, ReportTarget};
use sea_orm::entity::prelude::*;

/// A member's report of an idea, profile, comment or message, for the admins' queue.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "reports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub reporter_id: Uuid,
    pub target_kind: ReportTarget,
    /// An idea's, profile's or comment's UUID, or a message's number (`moderation::Target`).
    pub target_id: String,
    /// Whose content it is.
    pub author_id: Uuid,
    pub reason: String,
    pub status: ReportStatus,
    pub created_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
