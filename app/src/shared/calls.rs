//! A call of the contest as other features list it (the jury, the account's data page).

use crate::domain::{CallKind, Phase};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {
    crate::backend::entities::call,
    crate::error::AppError,
    crate::i18n::Locale,
    sea_orm::{ConnectionTrait, EntityTrait},
    uuid::Uuid,
};

/// A call as lists show it, its title in the page's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallSummary {
    pub id: String,
    pub kind: CallKind,
    pub title: String,
    pub phase: Phase,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub jury_until: DateTime<Utc>,
    pub results_at: DateTime<Utc>,
    pub max_amount_cents: i64,
    /// The server's clock when this was read: countdowns count from it, not the browser's.
    pub now: DateTime<Utc>,
}

#[cfg(feature = "ssr")]
pub fn summary(m: &call::Model, l: Locale, now: DateTime<Utc>) -> CallSummary {
    CallSummary {
        id: m.id.to_string(),
        kind: m.kind,
        title: m.title(l),
        phase: m.schedule().phase(now),
        opens_at: m.opens_at,
        closes_at: m.closes_at,
        jury_until: m.jury_until,
        results_at: m.results_at,
        max_amount_cents: m.max_amount_cents,
        now,
    }
}

#[cfg(feature = "ssr")]
pub async fn load_call<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<call::Model, AppError> {
    call::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}
