use crate::domain::CallKind;
use sea_orm::entity::prelude::*;

/// A call for the idea contest or for project funding; its texts in both languages.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "calls")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: CallKind,
    pub title_de: String,
    pub title_en: String,
    pub description_de: String,
    pub description_en: String,
    pub opens_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    pub jury_until: DateTimeUtc,
    pub results_at: DateTimeUtc,
    pub max_amount_cents: i64,
    /// `domain::CallField` keys, comma-separated (`domain::contest::fields_from_text`).
    pub fields: String,
    /// The jury's criteria and weights (`domain::jury::weights_from_text`).
    pub criteria: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The title in the page's language.
    pub fn title(&self, l: crate::i18n::Locale) -> String {
        match l {
            crate::i18n::Locale::de => self.title_de.clone(),
            crate::i18n::Locale::en => self.title_en.clone(),
        }
    }

    pub fn schedule(&self) -> crate::domain::Schedule {
        crate::domain::Schedule {
            opens_at: self.opens_at,
            closes_at: self.closes_at,
            jury_until: self.jury_until,
            results_at: self.results_at,
        }
    }
}
