use super::{Attendee, WorkshopForm, WorkshopSummary, WorkshopView, WorkshopsOverview};
use crate::backend::entities::{
    call, idea, idea_member, submission, workshop, workshop_signup as signup,
};
use crate::backend::{AppState, Viewer, markdown};
use crate::domain::contest::local_input_value;
use crate::domain::workshop::{SignupFacts, may_sign_up, parse_capacity, parse_times, seat};
use crate::domain::{
    Audience, CallText, CallTitle, FieldErrors, Invalid, NotificationKind, Place, Refusal,
    SignupStatus, WorkshopFormat,
};
use crate::error::AppError;
use crate::groups::Person;
use crate::i18n::Locale;
use crate::notifications::db::{New, Notified, notify};
use chrono::{DateTime, Duration, Utc};
use sea_orm::ExprTrait;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, SqlErr, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

fn title(m: &workshop::Model, l: Locale) -> String {
    match l {
        Locale::de => m.title_de.clone(),
        Locale::en => m.title_en.clone(),
    }
}

fn summary(
    m: &workshop::Model,
    l: Locale,
    now: DateTime<Utc>,
    mine: Option<SignupStatus>,
    calls: &HashMap<Uuid, String>,
) -> WorkshopSummary {
    WorkshopSummary {
        id: m.id.to_string(),
        title: title(m, l),
        format: m.format,
        starts_at: m.starts_at,
        ends_at: m.ends_at,
        capacity: m.capacity,
        seats_left: std::cmp::max(m.capacity - m.seats_taken, 0),
        audience: m.audience,
        call: m
            .call_id
            .and_then(|c| calls.get(&c).map(|t| (c.to_string(), t.clone()))),
        mine,
        started: now >= m.starts_at,
    }
}

async fn call_titles<C: ConnectionTrait>(
    db: &C,
    l: Locale,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    Ok(call::Entity::find()
        .filter(call::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title(l)))
        .collect())
}

/// Takes the workshop's row for this transaction before reading anything (SQLite: the
/// write lock; PostgreSQL: the row lock), so sign-ups, cancellations and edits of one
/// workshop happen one after the other and each reads the seats the last one left.
async fn lock<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<workshop::Model, AppError> {
    let res = workshop::Entity::update_many()
        .col_expr(
            workshop::Column::SeatsTaken,
            Expr::col(workshop::Column::SeatsTaken),
        )
        .filter(workshop::Column::Id.eq(id))
        .exec(db)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::NotFound);
    }
    load(db, id).await
}

async fn load<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<workshop::Model, AppError> {
    workshop::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Every workshop: a platform runs a few dozen a year, read whole.
#[tracing::instrument(skip_all)]
pub async fn list(
    state: &AppState,
    l: Locale,
    viewer: &Viewer,
) -> Result<WorkshopsOverview, AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let all = workshop::Entity::find()
        .order_by_asc(workshop::Column::StartsAt)
        .all(db)
        .await?;
    let mine: HashMap<Uuid, SignupStatus> = match viewer.id() {
        Some(me) => signup::Entity::find()
            .filter(signup::Column::UserId.eq(me))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.workshop_id, s.status))
            .collect(),
        None => HashMap::new(),
    };
    let calls = call_titles(db, l, all.iter().filter_map(|w| w.call_id)).await?;
    let (past, upcoming): (Vec<_>, Vec<_>) = all
        .iter()
        .map(|w| summary(w, l, now, mine.get(&w.id).copied(), &calls))
        .partition(|s| now >= s.ends_at);
    Ok(WorkshopsOverview {
        upcoming,
        past: past.into_iter().rev().collect(),
        admin: viewer.admin().is_ok(),
    })
}

/// Whether `me` is in the workshop's audience: everyone, or a member of a group (owner or
/// member of the idea) whose submission counts in the workshop's call.
async fn invited<C: ConnectionTrait>(
    db: &C,
    w: &workshop::Model,
    me: Uuid,
) -> Result<bool, AppError> {
    let Some(call) = w.call_id.filter(|_| w.audience == Audience::CallGroups) else {
        return Ok(w.audience == Audience::Everyone);
    };
    let ideas: Vec<Uuid> = submission::Entity::find()
        .filter(submission::Column::CallId.eq(call))
        .filter(submission::Column::SubmittedVersion.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.idea_id)
        .collect();
    if ideas.is_empty() {
        return Ok(false);
    }
    let owns = idea::Entity::find()
        .filter(idea::Column::Id.is_in(ideas.clone()))
        .filter(idea::Column::AuthorId.eq(me))
        .count(db)
        .await?;
    let joined = idea_member::Entity::find()
        .filter(idea_member::Column::IdeaId.is_in(ideas))
        .filter(idea_member::Column::UserId.eq(me))
        .count(db)
        .await?;
    Ok(owns + joined > 0)
}

/// The waiting list in order.
async fn line<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Vec<signup::Model>, AppError> {
    Ok(signup::Entity::find()
        .filter(signup::Column::WorkshopId.eq(id))
        .filter(signup::Column::Status.eq(SignupStatus::Waiting.key()))
        .order_by_asc(signup::Column::SignedUpAt)
        .order_by_asc(signup::Column::UserId)
        .all(db)
        .await?)
}

#[tracing::instrument(skip_all)]
pub async fn view(
    state: &AppState,
    l: Locale,
    viewer: &Viewer,
    id: Uuid,
) -> Result<WorkshopView, AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let w = load(db, id).await?;
    // Seats are the community's: an unconfirmed account is told to confirm first.
    let me = viewer.member().ok().map(|u| u.id);
    let admin = viewer.admin().is_ok();
    let mine = match me {
        Some(me) => signup::Entity::find_by_id((id, me))
            .one(db)
            .await?
            .map(|s| s.status),
        None => None,
    };
    let waiting = line(db, id).await?;
    let position = me
        .filter(|_| mine == Some(SignupStatus::Waiting))
        .and_then(|me| waiting.iter().position(|s| s.user_id == me))
        .map(|p| p as u64 + 1);
    let refusal = match me {
        Some(me) if mine.is_none() => may_sign_up(SignupFacts {
            started: now >= w.starts_at,
            invited: invited(db, &w, me).await?,
            signed_up: false,
        })
        .err(),
        _ => None,
    };
    let attendees = if admin {
        let rows = signup::Entity::find()
            .filter(signup::Column::WorkshopId.eq(id))
            .order_by_asc(signup::Column::SignedUpAt)
            .order_by_asc(signup::Column::UserId)
            .all(db)
            .await?;
        let names = crate::contacts::names(db, rows.iter().map(|r| r.user_id)).await?;
        let mut list: Vec<Attendee> = rows
            .into_iter()
            .map(|r| Attendee {
                person: Person {
                    id: r.user_id.to_string(),
                    name: names.get(&r.user_id).cloned().unwrap_or_default(),
                },
                status: r.status,
            })
            .collect();
        // Seats first; the line keeps its order.
        list.sort_by_key(|a| a.status != SignupStatus::Confirmed);
        Some(list)
    } else {
        None
    };
    let place = match w.format {
        WorkshopFormat::OnSite => Some(w.place.clone()),
        WorkshopFormat::Online if admin || mine == Some(SignupStatus::Confirmed) => {
            Some(w.place.clone())
        }
        WorkshopFormat::Online => None,
    };
    let calls = call_titles(db, l, w.call_id).await?;
    Ok(WorkshopView {
        workshop: summary(&w, l, now, mine, &calls),
        description_html: markdown::render(match l {
            Locale::de => &w.description_de,
            Locale::en => &w.description_en,
        }),
        place: place.filter(|p| !p.is_empty()),
        member: me.is_some(),
        unconfirmed: matches!(viewer, Viewer::Unconfirmed(_)),
        refusal,
        position,
        waiting: waiting.len() as u64,
        attendees,
    })
}

/// Gives freed seats to the first in line, one at a time, each by a conditional update (a
/// seat is taken only while `seats_taken < capacity`, a person moves up only from the
/// line), so two cancellations at once never give one seat twice. Who moved up.
pub(crate) async fn fill_seats<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
) -> Result<Vec<Uuid>, AppError> {
    let mut moved = Vec::new();
    for next in line(db, id).await? {
        let took = workshop::Entity::update_many()
            .col_expr(
                workshop::Column::SeatsTaken,
                Expr::col(workshop::Column::SeatsTaken).add(1),
            )
            .filter(workshop::Column::Id.eq(id))
            .filter(
                Expr::col(workshop::Column::SeatsTaken).lt(Expr::col(workshop::Column::Capacity)),
            )
            .exec(db)
            .await?
            .rows_affected;
        if took == 0 {
            break;
        }
        let up = signup::Entity::update_many()
            .col_expr(
                signup::Column::Status,
                Expr::value(SignupStatus::Confirmed.key()),
            )
            .filter(signup::Column::WorkshopId.eq(id))
            .filter(signup::Column::UserId.eq(next.user_id))
            .filter(signup::Column::Status.eq(SignupStatus::Waiting.key()))
            .exec(db)
            .await?
            .rows_affected;
        if up == 1 {
            moved.push(next.user_id);
        } else {
            // Someone else moved them up (or they left): give the seat back.
            workshop::Entity::update_many()
                .col_expr(
                    workshop::Column::SeatsTaken,
                    Expr::col(workshop::Column::SeatsTaken).sub(1),
                )
                .filter(workshop::Column::Id.eq(id))
                .exec(db)
                .await?;
        }
    }
    Ok(moved)
}

/// Tells those who moved up, in the transaction that moved them.
async fn tell_moved<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
    moved: Vec<Uuid>,
    actor: Uuid,
    now: DateTime<Utc>,
) -> Result<Notified, AppError> {
    notify(
        db,
        now,
        moved.into_iter().map(|to| New {
            to,
            kind: NotificationKind::WorkshopSeat,
            actor,
            idea: None,
            link: format!("/workshops/{id}"),
        }),
    )
    .await
}

#[tracing::instrument(skip_all)]
pub async fn sign_up(state: &AppState, me: Uuid, id: Uuid) -> Result<SignupStatus, AppError> {
    let now = state.clock.now();
    let status = state
        .db
        .transaction::<_, SignupStatus, AppError>(|txn| {
            Box::pin(async move {
                let w = lock(txn, id).await?;
                let signed_up = signup::Entity::find_by_id((id, me))
                    .one(txn)
                    .await?
                    .is_some();
                may_sign_up(SignupFacts {
                    started: now >= w.starts_at,
                    invited: invited(txn, &w, me).await?,
                    signed_up,
                })?;
                // Nobody waits while a seat is free: the line is served first.
                let line_empty = line(txn, id).await?.is_empty();
                let took = line_empty
                    && seat(w.seats_taken, w.capacity) == SignupStatus::Confirmed
                    && workshop::Entity::update_many()
                        .col_expr(
                            workshop::Column::SeatsTaken,
                            Expr::col(workshop::Column::SeatsTaken).add(1),
                        )
                        .filter(workshop::Column::Id.eq(id))
                        .filter(
                            Expr::col(workshop::Column::SeatsTaken)
                                .lt(Expr::col(workshop::Column::Capacity)),
                        )
                        .exec(txn)
                        .await?
                        .rows_affected
                        == 1;
                let status = if took {
                    SignupStatus::Confirmed
                } else {
                    SignupStatus::Waiting
                };
                let row = signup::ActiveModel {
                    workshop_id: Set(id),
                    user_id: Set(me),
                    status: Set(status),
                    signed_up_at: Set(now),
                };
                match row.insert(txn).await {
                    Ok(_) => Ok(status),
                    // Two sign-ups of the same member at once: the key refused the second.
                    Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                        Err(Refusal::AlreadySignedUp.into())
                    }
                    Err(e) => Err(e.into()),
                }
            })
        })
        .await?;
    Ok(status)
}

#[tracing::instrument(skip_all)]
pub async fn cancel(state: &AppState, me: Uuid, id: Uuid) -> Result<(), AppError> {
    let now = state.clock.now();
    let notified = state
        .db
        .transaction::<_, Notified, AppError>(|txn| {
            Box::pin(async move {
                let w = lock(txn, id).await?;
                if now >= w.starts_at {
                    return Err(Refusal::WorkshopStarted.into());
                }
                free_place(txn, id, me, now).await
            })
        })
        .await?;
    crate::notifications::mail::after_change(state, notified).await;
    Ok(())
}

/// Takes `me` off the (locked) workshop: a freed seat goes to the first in line.
async fn free_place<C: ConnectionTrait>(
    txn: &C,
    id: Uuid,
    me: Uuid,
    now: DateTime<Utc>,
) -> Result<Notified, AppError> {
    let Some(mine) = signup::Entity::find_by_id((id, me)).one(txn).await? else {
        return Err(Refusal::NotSignedUp.into());
    };
    let gone = signup::Entity::delete_by_id((id, me))
        .exec(txn)
        .await?
        .rows_affected;
    if gone == 1 && mine.status == SignupStatus::Confirmed {
        workshop::Entity::update_many()
            .col_expr(
                workshop::Column::SeatsTaken,
                Expr::col(workshop::Column::SeatsTaken).sub(1),
            )
            .filter(workshop::Column::Id.eq(id))
            .exec(txn)
            .await?;
    }
    let moved = fill_seats(txn, id).await?;
    tell_moved(txn, id, moved, me, now).await
}

/// A member deleting their account leaves every workshop still to come, in the caller's
/// transaction (past ones' sign-ups simply go with the account).
pub(crate) async fn leave_upcoming<C: ConnectionTrait>(
    txn: &C,
    me: Uuid,
    now: DateTime<Utc>,
) -> Result<Notified, AppError> {
    let mine: Vec<Uuid> = signup::Entity::find()
        .filter(signup::Column::UserId.eq(me))
        .select_only()
        .column(signup::Column::WorkshopId)
        .into_tuple()
        .all(txn)
        .await?;
    let mut notified = Notified::default();
    for id in mine {
        let w = lock(txn, id).await?;
        if now < w.starts_at {
            notified.0.extend(free_place(txn, id, me, now).await?.0);
        }
    }
    Ok(notified)
}

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
#[tracing::instrument(skip_all)]
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
                let entry = crate::admin::audit::Entry::about_record(
                    crate::domain::AuditAction::WorkshopSaved,
                    id,
                    &title,
                );
                crate::admin::audit::record(txn, admin, entry, now).await?;
                let moved = fill_seats(txn, id).await?;
                tell_moved(txn, id, moved, admin, now).await
            })
        })
        .await?;
    crate::notifications::mail::after_change(state, notified).await;
    Ok(id)
}

/// The workshop as an iCalendar file (RFC 5545), in the given language, with its page's
/// address. An online workshop's meeting link is not in it: the page shows it to attendees.
pub async fn calendar(
    db: &DatabaseConnection,
    public_url: &str,
    l: Locale,
    id: Uuid,
) -> Result<String, AppError> {
    use icalendar::{Calendar, Component, EventLike};
    let w = load(db, id).await?;
    let page = format!("{}/workshops/{}", public_url.trim_end_matches('/'), w.id);
    let description = match l {
        Locale::de => &w.description_de,
        Locale::en => &w.description_en,
    };
    let mut event = icalendar::Event::new();
    event
        .uid(&format!("workshop-{}@civic-innovation", w.id))
        .summary(&title(&w, l))
        .description(&format!("{description}\n\n{page}"))
        .starts(w.starts_at)
        .ends(w.ends_at)
        .timestamp(w.updated_at)
        .url(&page);
    if w.format == WorkshopFormat::OnSite && !w.place.is_empty() {
        event.location(&w.place);
    }
    let mut cal = Calendar::new();
    cal.push(event.done());
    Ok(cal.done().to_string())
}
