use sea_orm::entity::prelude::*;

/// One saved version of a submission: the frozen copy taken from the idea, as the group
/// edited it, with the answers to the call's questions.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "submission_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub submission_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i32,
    pub title: String,
    pub teaser: String,
    pub description: String,
    /// A JSON object from `domain::CallField` key to answer.
    pub answers: String,
    pub edited_by: Option<Uuid>,
    pub edited_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
