use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub email: String,
    pub password_hash: String,
    pub email_verified_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// The interface language the member chose (`de`/`en`), restored at login.
    pub ui_language: Option<String>,
    /// Random; replaced when the password or address changes or the member logs out
    /// everywhere. Sessions carry a digest of it, so replacing it ends them all.
    pub security_stamp: String,
    /// Admins run calls and (later) the back office; set by `server admin grant`.
    pub role: crate::domain::UserRole,
    /// When the member accepted the terms of use at registration.
    pub terms_accepted_at: Option<DateTimeUtc>,
    /// Set by an admin: the member cannot log in, and their public content is held.
    pub suspended_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
