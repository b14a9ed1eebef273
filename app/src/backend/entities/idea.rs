use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "ideas")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub author_id: Uuid,
    pub title: String,
    pub teaser: String,
    pub description: String,
    pub maturity: crate::domain::Maturity,
    pub status: crate::domain::IdeaStatus,
    /// Increases with every saved edit; later co-drafting and offline sync compare it.
    pub revision: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
    /// The language the idea is written in (`ContentLanguage` key).
    pub language: crate::domain::ContentLanguage,
    /// Members of the idea's group, the owner included (1: the owner alone).
    pub group_size: i32,
    /// The stage the group declared (`Stage::declarable`); `None`: as the facts say.
    pub declared_stage: Option<crate::domain::Stage>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
