use crate::domain::{Audience, WorkshopFormat};
use sea_orm::entity::prelude::*;

/// A workshop or advice session, its texts in both languages.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "workshops")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub title_de: String,
    pub title_en: String,
    pub description_de: String,
    pub description_en: String,
    pub format: WorkshopFormat,
    /// The address, or for an online workshop the meeting link (attendees only).
    pub place: String,
    pub starts_at: DateTimeUtc,
    pub ends_at: DateTimeUtc,
    pub capacity: i32,
    /// Confirmed seats (`domain::workshop::seat`).
    pub seats_taken: i32,
    pub audience: Audience,
    /// With `Audience::CallGroups`: the call whose groups may attend.
    pub call_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
