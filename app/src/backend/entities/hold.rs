use crate::domain::{HoldCause, ReportTarget};
use sea_orm::entity::prelude::*;

/// Why content is hidden, one row per cause (an admin's hide, open reports, a suspension):
/// it is held while any row is left. A held idea's status is also `held`, so public lists
/// leave it out without reading this table.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "holds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub target_kind: ReportTarget,
    #[sea_orm(primary_key, auto_increment = false)]
    /// An idea's, profile's or comment's UUID, or a message's number (`moderation::Target`).
    pub target_id: String,
    pub author_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub cause: HoldCause,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
