//! `/events`: server-sent events for the logged-in member's open pages (see
//! `app::backend::events`). Visitors get 401; a member hears only their own events.

use app::backend::auth::AuthSession;
use app::backend::events::Events;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use tokio::sync::broadcast::error::RecvError;

pub async fn stream(auth: AuthSession, State(events): State<Events>) -> Response {
    let Some(user) = auth.user else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let me = user.id;
    let start = (events.subscribe(), events.closing());
    let stream = futures_util::stream::unfold(start, move |(mut rx, mut closing)| async move {
        loop {
            let received = tokio::select! {
                r = rx.recv() => r,
                _ = closing.wait_for(|c| *c) => return None,
            };
            let event = match received {
                Ok(e) if e.to == me => {
                    let (name, data) = e.what.sse();
                    Event::default().event(name).data(data)
                }
                Ok(_) => continue,
                // Too slow to keep up: the page reloads what it shows.
                Err(RecvError::Lagged(_)) => {
                    let (name, data) = app::backend::events::What::Request.sse();
                    Event::default().event(name).data(data)
                }
                Err(RecvError::Closed) => return None,
            };
            return Some((Ok::<_, Infallible>(event), (rx, closing)));
        }
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}
