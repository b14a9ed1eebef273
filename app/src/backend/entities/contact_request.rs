use sea_orm::entity::prelude::*;

/// A member asking another to talk; an accepted request opens a conversation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "contact_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub sender_id: Uuid,
    pub recipient_id: Uuid,
    /// `contacts::db::pair_key` of the two: one waiting request per pair (unique index).
    pub pair_key: String,
    /// One of the recipient's ideas the request is about.
    pub idea_id: Option<Uuid>,
    pub note: String,
    pub status: crate::domain::RequestStatus,
    pub created_at: DateTimeUtc,
    pub answered_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
