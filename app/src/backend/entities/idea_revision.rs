use sea_orm::entity::prelude::*;

/// One saved version of an idea: who saved it, when, what changed since the one before,
/// and the whole content, so any two can be compared and a stale save merged.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "idea_revisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub idea_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub revision: i32,
    pub editor_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    /// `IdeaField` keys, comma-separated; empty for the first recorded revision.
    pub changed: String,
    pub title: String,
    pub teaser: String,
    pub description: String,
    pub topics: String,
    pub required: String,
    pub sought: String,
    pub maturity: String,
    pub language: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
