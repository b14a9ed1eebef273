use super::{Attendee, WorkshopSummary, WorkshopView, WorkshopsOverview};
use crate::backend::entities::{
    call, idea, idea_member, submission, workshop, workshop_signup as signup,
};
use crate::backend::{AppState, Viewer, markdown};
use crate::domain::WorkshopRefusal;
use crate::domain::workshop::{SignupFacts, may_sign_up, seat};
use crate::domain::{Audience, NotificationKind, SignupStatus, WorkshopFormat};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::notifications::db::{New, Notified, notify};
use crate::shared::Person;
use chrono::{DateTime, Utc};
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

pub(super) async fn load<C: ConnectionTrait>(
    db: &C,
    id: Uuid,
) -> Result<workshop::Model, AppError> {
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

#[tracing::instrument(skip_all, fields(id = %id))]
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
        let names = crate::shared::people::names(db, rows.iter().map(|r| r.user_id)).await?;
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
pub(super) async fn tell_moved<C: ConnectionTrait>(
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

#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
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
                        Err(WorkshopRefusal::AlreadySignedUp.into())
                    }
                    Err(e) => Err(e.into()),
                }
            })
        })
        .await?;
    Ok(status)
}

#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn cancel(state: &AppState, me: Uuid, id: Uuid) -> Result<(), AppError> {
    let now = state.clock.now();
    let notified = state
        .db
        .transaction::<_, Notified, AppError>(|txn| {
            Box::pin(async move {
                let w = lock(txn, id).await?;
                if now >= w.starts_at {
                    return Err(WorkshopRefusal::WorkshopStarted.into());
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
        return Err(WorkshopRefusal::NotSignedUp.into());
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
