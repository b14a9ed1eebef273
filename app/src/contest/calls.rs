//! A call's editor: the form an admin fills in, and saving it.

use super::CallForm;
use super::input::ValidCall;
use crate::backend::AppState;
use crate::backend::entities::call;
use crate::domain::contest::{fields_from_text, fields_to_text, local_input_value};
use crate::domain::jury::{weights_from_text, weights_to_text};
use crate::domain::{CallField, CallKind, Criterion};
use crate::error::AppError;
use crate::shared::calls::load_call;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use uuid::Uuid;

/// A new call's form: a contest opening tomorrow for eight weeks, the jury four weeks,
/// results a week later, up to 20,000 euros, asking every question but the budget.
pub fn new_form(now: DateTime<Utc>) -> CallForm {
    let day = |d: i64| local_input_value(&(now + Duration::days(d)));
    CallForm {
        kind: CallKind::Contest.key().to_owned(),
        opens_at: day(1),
        closes_at: day(57),
        jury_until: day(85),
        results_at: day(92),
        max_amount: "20000".to_owned(),
        fields: CallField::ALL
            .iter()
            .copied()
            .filter(|f| *f != CallField::Budget)
            .collect(),
        weights: Criterion::ALL.iter().map(|c| (*c, 1)).collect(),
        ..CallForm::default()
    }
}

#[tracing::instrument(skip_all, fields(id = %id))]
pub async fn form(state: &AppState, id: Uuid) -> Result<CallForm, AppError> {
    let c = load_call(&state.db, id).await?;
    Ok(CallForm {
        id: c.id.to_string(),
        kind: c.kind.key().to_owned(),
        title_de: c.title_de,
        title_en: c.title_en,
        description_de: c.description_de,
        description_en: c.description_en,
        opens_at: local_input_value(&c.opens_at),
        closes_at: local_input_value(&c.closes_at),
        jury_until: local_input_value(&c.jury_until),
        results_at: local_input_value(&c.results_at),
        max_amount: (c.max_amount_cents / 100).to_string(),
        fields: fields_from_text(&c.fields),
        weights: every_weight(&c.criteria),
    })
}

/// Every criterion with the call's weight for it (0 where it is not scored).
pub fn every_weight(criteria: &str) -> Vec<(Criterion, u8)> {
    let set = weights_from_text(criteria);
    Criterion::ALL
        .iter()
        .map(|c| (*c, set.iter().find(|(k, _)| k == c).map_or(0, |(_, w)| *w)))
        .collect()
}

pub(super) fn call_model(v: ValidCall, id: Uuid, now: DateTime<Utc>) -> call::ActiveModel {
    call::ActiveModel {
        id: Set(id),
        kind: Set(v.kind),
        title_de: Set(v.title_de.into_inner()),
        title_en: Set(v.title_en.into_inner()),
        description_de: Set(v.description_de.into_inner()),
        description_en: Set(v.description_en.into_inner()),
        opens_at: Set(v.schedule.opens_at),
        closes_at: Set(v.schedule.closes_at),
        jury_until: Set(v.schedule.jury_until),
        results_at: Set(v.schedule.results_at),
        max_amount_cents: Set(v.max_amount_cents),
        fields: Set(fields_to_text(&v.fields)),
        criteria: Set(weights_to_text(&v.weights)),
        updated_at: Set(now),
        ..Default::default()
    }
}

/// Saves a new call (`id` `None`) or changes one, with the admin's audit entry in the same
/// transaction; the call's id.
#[tracing::instrument(skip_all, fields(admin = %admin))]
pub async fn save_call(
    state: &AppState,
    admin: Uuid,
    id: Option<Uuid>,
    v: ValidCall,
    title: String,
) -> Result<Uuid, AppError> {
    let now = state.clock.now();
    state
        .db
        .transaction::<_, Uuid, AppError>(|txn| {
            Box::pin(async move {
                let id = match id {
                    None => {
                        let id = Uuid::new_v4();
                        let mut m = call_model(v, id, now);
                        m.created_at = Set(now);
                        m.insert(txn).await?;
                        id
                    }
                    Some(id) => {
                        let res = call::Entity::update_many()
                            .set(call_model(v, id, now))
                            .filter(call::Column::Id.eq(id))
                            .exec(txn)
                            .await?;
                        if res.rows_affected == 0 {
                            return Err(AppError::NotFound);
                        }
                        id
                    }
                };
                let entry = crate::shared::audit::Entry::about_record(
                    crate::domain::AuditAction::CallSaved,
                    id,
                    &title,
                );
                crate::shared::audit::record(txn, admin, entry, now).await?;
                Ok(id)
            })
        })
        .await
        .map_err(AppError::from)
}
