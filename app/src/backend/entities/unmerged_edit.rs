use sea_orm::entity::prelude::*;

/// A member's save that started from an older revision than the idea's: kept, not
/// applied, until the member merges it in the editor or discards it. One per idea and member.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "unmerged_edits")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub idea_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub base_revision: i32,
    pub created_at: DateTimeUtc,
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
