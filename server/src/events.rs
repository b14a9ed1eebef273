//! `/events`: server-sent events for the logged-in member's open pages (see
//! `app::backend::events`). Visitors get 401; a member hears only their own events, and
//! only while the session the stream was opened with stands.

use app::backend::auth::{AuthSession, SessionUser};
use app::backend::entities::user;
use app::backend::events::{Events, UNREAD, What};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum_login::AuthUser;
use sea_orm::{DatabaseConnection, EntityTrait};
use std::convert::Infallible;
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

#[derive(Clone)]
pub struct EventsState {
    pub events: Events,
    pub db: DatabaseConnection,
    /// How often a stream checks its session (`events_recheck_secs`).
    pub recheck: std::time::Duration,
}

/// Whether the member the stream was opened for still has that session: the account is
/// there, not suspended, and its security stamp unchanged (logging out everywhere, a new
/// password and a suspension replace it).
async fn still_stands(db: &DatabaseConnection, opened: &SessionUser) -> bool {
    match user::Entity::find_by_id(opened.id).one(db).await {
        Ok(Some(u)) => {
            let now = SessionUser::from(u);
            !now.suspended && now.session_auth_hash() == opened.session_auth_hash()
        }
        Ok(None) => false,
        // The database is away for a moment: the stream goes on until it is back.
        Err(e) => {
            tracing::warn!(error = %e, "checking an event stream's session");
            true
        }
    }
}

/// The member's unread count as an event. Read when the event is sent, so the last one a
/// page gets is current however the changes raced.
async fn unread(db: &DatabaseConnection, me: Uuid) -> Option<Event> {
    match app::notifications::db::unread(db, me).await {
        Ok(n) => Some(Event::default().event(UNREAD).data(n.to_string())),
        Err(e) => {
            tracing::warn!(error = %e, "unread count for an event");
            None
        }
    }
}

pub async fn stream(auth: AuthSession, State(state): State<EventsState>) -> Response {
    let Some(user) = auth.user else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let me = user.id;
    let EventsState {
        events,
        db,
        recheck,
    } = state;
    // Subscribed before the first count is read, so no change falls in between.
    let rx = events.subscribe();
    // Opening (or reopening after a lost connection) starts with today's count.
    let first = unread(&db, me).await;
    let mut check = tokio::time::interval_at(tokio::time::Instant::now() + recheck, recheck);
    check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let start = (rx, events.closing(), first, db, check);
    // Counted as open for as long as the stream lives.
    let open = crate::metrics::StreamOpen::counted();
    let stream =
        futures_util::stream::unfold(start, move |(mut rx, mut closing, first, db, mut check)| {
            let _counted = &open;
            let user = user.clone();
            async move {
                if let Some(event) = first {
                    return Some((Ok::<_, Infallible>(event), (rx, closing, None, db, check)));
                }
                loop {
                    // The select only chooses; the check runs after it, holding nothing of it.
                    let next = tokio::select! {
                        r = rx.recv() => Some(r),
                        _ = closing.wait_for(|c| *c) => return None,
                        _ = check.tick() => None,
                    };
                    let Some(received) = next else {
                        if still_stands(&db, &user).await {
                            continue;
                        }
                        return None;
                    };
                    let what = match received {
                        Ok(e) if e.to == me => e.what,
                        Ok(_) => continue,
                        // Too slow to keep up: the page reloads what it shows.
                        Err(RecvError::Lagged(_)) => What::Request,
                        Err(RecvError::Closed) => return None,
                    };
                    let event = match what.sse() {
                        Some((name, data)) => Event::default().event(name).data(data),
                        None => match unread(&db, me).await {
                            Some(event) => event,
                            None => continue,
                        },
                    };
                    return Some((Ok(event), (rx, closing, None, db, check)));
                }
            }
        });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}
