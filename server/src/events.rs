//! `/events`: server-sent events for the logged-in member's open pages (see
//! `app::backend::events`). Visitors get 401; a member hears only their own events.

use app::backend::auth::AuthSession;
use app::backend::events::{Events, UNREAD, What};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;
use std::convert::Infallible;
use tokio::sync::broadcast::error::RecvError;
use uuid::Uuid;

#[derive(Clone)]
pub struct EventsState {
    pub events: Events,
    pub db: DatabaseConnection,
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
    let EventsState { events, db } = state;
    // Subscribed before the first count is read, so no change falls in between.
    let rx = events.subscribe();
    // Opening (or reopening after a lost connection) starts with today's count.
    let first = unread(&db, me).await;
    let start = (rx, events.closing(), first, db);
    let stream =
        futures_util::stream::unfold(start, move |(mut rx, mut closing, first, db)| async move {
            if let Some(event) = first {
                return Some((Ok::<_, Infallible>(event), (rx, closing, None, db)));
            }
            loop {
                let received = tokio::select! {
                    r = rx.recv() => r,
                    _ = closing.wait_for(|c| *c) => return None,
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
                return Some((Ok(event), (rx, closing, None, db)));
            }
        });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}
