use sea_orm::entity::prelude::*;

/// What a member or visitor told the platform's admins through the feedback form.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "feedback")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// The member who sent it; `None` for a visitor.
    pub user_id: Option<Uuid>,
    pub body: String,
    pub language: String,
    pub created_at: DateTimeUtc,
    /// When an admin marked it as read.
    pub read_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
