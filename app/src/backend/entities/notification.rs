use sea_orm::entity::prelude::*;

/// Something that happened for a member: shown in the app, mailed as they choose.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: Uuid,
    pub kind: crate::domain::NotificationKind,
    /// Who did it.
    pub actor_id: Option<Uuid>,
    pub idea_id: Option<Uuid>,
    /// Where it leads: a path on this site.
    pub link: String,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
    /// The mail job that took it; `Uuid::nil()`: never to be mailed.
    pub mail_claim: Option<Uuid>,
    pub mailed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
