use sea_orm::entity::prelude::*;

/// kind: "topic" or "sought" (expertise the idea needs).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "idea_tags")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub idea_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: crate::domain::TagKind,
    #[sea_orm(primary_key, auto_increment = false)]
    pub tag_id: i64,
    /// When the idea was last saved: matching takes a common tag's newest links first.
    /// When the owner became matchable; NULL while it is not (see `backend::tags`).
    pub active_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::tag::Entity",
        from = "Column::TagId",
        to = "super::tag::Column::Id"
    )]
    Tag,
}

impl Related<super::tag::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Tag.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
