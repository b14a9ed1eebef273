//! A workshop's editor: the form an admin fills in, and saving it.

use super::WorkshopForm;
use super::db::{fill_seats, load, tell_moved};
use crate::backend::AppState;
use crate::backend::entities::{call, workshop};
use crate::domain::contest::local_input_value;
use crate::domain::workshop::{parse_capacity, parse_times};
use crate::domain::{Audience, CallText, CallTitle, FieldErrors, Invalid, Place, WorkshopFormat};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::notifications::db::Notified;
use chrono::Duration;
use sea_orm::{ActiveModelTrait, EntityTrait, QueryOrder, Set, TransactionTrait};
use uuid::Uuid;

/// The admin's form, filled from the workshop or, for a new one, a week from now.
#[tracing::instrument(skip_all)]
pub async fn form(state: &AppState, l: Locale, id: Option<Uuid>) -> Result<WorkshopForm, AppError> {
    let db = &state.db;
    let calls = call::Entity::find()
        .order_by_desc(call::Column::ClosesAt)
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id.to_string(), c.title(l)))
        .collect();
    let Some(id) = id else {
        let start = state.clock.now() + Duration::days(7);
        return Ok(WorkshopForm {
            format: WorkshopFormat::Online.key().to_owned(),
            audience: Audience::Everyone.key().to_owned(),
            starts_at: local_input_value(&start),
            ends_at: local_input_value(&(start + Duration::hours(2))),
            capacity: "20".to_owned(),
            calls,
            ..Default::default()
        });
    };
    let w = load(db, id).await?;
    Ok(WorkshopForm {
        id: w.id.to_string(),
        title_de: w.title_de,
        title_en: w.title_en,
        description_de: w.description_de,
        description_en: w.description_en,
        format: w.format.key().to_owned(),
        place: w.place,
        starts_at: local_input_value(&w.starts_at),
        ends_at: local_input_value(&w.ends_at),
        capacity: w.capacity.to_string(),
        audience: w.audience.key().to_owned(),
        call: w.call_id.map(|c| c.to_string()).unwrap_or_default(),
        calls,
    })
}

/// A workshop's form as posted.
pub struct RawWorkshop {
    pub title_de: String,
    pub title_en: String,
    pub description_de: String,
    pub description_en: String,
    pub format: String,
    pub place: String,
    pub starts_at: String,
    pub ends_at: String,
    pub capacity: String,
    pub audience: String,
    pub call: String,
}

/// Creates or changes a workshop; more seats go to the line at once. Its id.
#[tracing::instrument(skip_all, fields(admin = %admin))]
pub async fn save(
    state: &AppState,
    admin: Uuid,
    id: Option<Uuid>,
    raw: RawWorkshop,
) -> Result<Uuid, AppError> {
    let now = state.clock.now();
    let existing = match id {
        Some(id) => Some(load(&state.db, id).await?),
        None => None,
    };
    let taken = existing.as_ref().map_or(0, |w| w.seats_taken);
    let mut e = FieldErrors::default();
    let title_de = e.check("title_de", CallTitle::parse(&raw.title_de));
    let title_en = e.check("title_en", CallTitle::parse(&raw.title_en));
    let description_de = e.check("description_de", CallText::parse(&raw.description_de));
    let description_en = e.check("description_en", CallText::parse(&raw.description_en));
    let format = e.check("format", WorkshopFormat::parse(&raw.format));
    let place = e.check("place", Place::parse(&raw.place));
    let capacity = e.check("capacity", parse_capacity(&raw.capacity, taken));
    let audience = e.check("audience", Audience::parse(&raw.audience));
    let times = match parse_times(&raw.starts_at, &raw.ends_at) {
        Ok(t) => Some(t),
        Err(errors) => {
            e.0.extend(errors.0);
            None
        }
    };
    let call = match (audience, raw.call.trim()) {
        (Some(Audience::CallGroups), "") => e.check::<Uuid>("call", Err(Invalid::Required)),
        (Some(Audience::CallGroups), c) => {
            let found = match Uuid::parse_str(c) {
                Ok(c) => call::Entity::find_by_id(c)
                    .one(&state.db)
                    .await?
                    .map(|m| m.id),
                Err(_) => None,
            };
            e.check("call", found.ok_or(Invalid::UnknownChoice))
        }
        _ => None,
    };
    let (
        Some(title_de),
        Some(title_en),
        Some(description_de),
        Some(description_en),
        Some(format),
        Some(place),
        Some(capacity),
        Some(audience),
        Some((starts_at, ends_at)),
    ) = (
        title_de,
        title_en,
        description_de,
        description_en,
        format,
        place,
        capacity,
        audience,
        times,
    )
    else {
        return Err(AppError::Invalid(e));
    };
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let id = id.unwrap_or_else(Uuid::new_v4);
    let title = title_en.as_str().to_owned();
    let notified = state
        .db
        .transaction::<_, Notified, AppError>(|txn| {
            Box::pin(async move {
                let mut row = workshop::ActiveModel {
                    id: Set(id),
                    title_de: Set(title_de.into_inner()),
                    title_en: Set(title_en.into_inner()),
                    description_de: Set(description_de.into_inner()),
                    description_en: Set(description_en.into_inner()),
                    format: Set(format),
                    place: Set(place.into_inner()),
                    starts_at: Set(starts_at),
                    ends_at: Set(ends_at),
                    capacity: Set(capacity),
                    audience: Set(audience),
                    call_id: Set(call),
                    updated_at: Set(now),
                    ..Default::default()
                };
                if existing.is_some() {
                    row.update(txn).await?;
                } else {
                    row.seats_taken = Set(0);
                    row.created_at = Set(now);
                    row.insert(txn).await?;
                }
                let entry = crate::shared::audit::Entry::about_record(
                    crate::domain::AuditAction::WorkshopSaved,
                    id,
                    &title,
                );
                crate::shared::audit::record(txn, admin, entry, now).await?;
                let moved = fill_seats(txn, id).await?;
                tell_moved(txn, id, moved, admin, now).await
            })
        })
        .await?;
    crate::notifications::mail::after_change(state, notified).await;
    Ok(id)
}
