use sea_orm::entity::prelude::*;

/// A group's entry to a call (one per idea and call). Its content is in
/// `submission_versions`; it counts from `submitted_version` on, the version every
/// member of the group approved.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "submissions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub call_id: Uuid,
    pub idea_id: Uuid,
    pub current_version: i32,
    pub submitted_version: Option<i32>,
    pub submitted_at: Option<DateTimeUtc>,
    pub withdrawn_at: Option<DateTimeUtc>,
    /// Marked by an admin; shown publicly from the call's results date.
    pub winner: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
