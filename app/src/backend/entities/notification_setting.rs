use sea_orm::entity::prelude::*;

/// A member's choice of mail delivery for one kind (no row: the kind's default).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "notification_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// A `NotificationKind` key (a primary key column is a plain string).
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    pub delivery: crate::domain::Delivery,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
