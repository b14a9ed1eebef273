use sea_orm::entity::prelude::*;

/// A conversation: between two members (`pair_key` set, one per pair), or of an idea's
/// group (`idea_id` set, and then the conversation's id is the idea's).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "conversations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub pair_key: Option<String>,
    pub created_at: DateTimeUtc,
    pub last_message_at: DateTimeUtc,
    #[sea_orm(unique)]
    pub idea_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
