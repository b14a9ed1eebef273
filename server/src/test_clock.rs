//! A clock the end-to-end tests can move, to walk a flow across a digest hour or a deadline
//! without waiting: `POST /test/clock` with `offset_secs=N` makes the server's clock read N
//! seconds ahead of the real one and runs the jobs that are due then, as the next tick
//! would. Only with `test_clock = true`, which the server refuses unless only this machine
//! can reach it (`Config::loopback_only`): never in production.

use app::backend::{AppState, Clock};
use axum::Form;
use axum::extract::State;
use serde::Deserialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// How far the clock is moved, in seconds.
#[derive(Clone, Default)]
pub struct Offset(Arc<AtomicI64>);

impl Offset {
    /// `base`, moved by this offset.
    pub fn clock(&self, base: Clock) -> Clock {
        let offset = self.0.clone();
        Clock::from_fn(move || {
            base.now() + chrono::Duration::seconds(offset.load(Ordering::Relaxed))
        })
    }
}

#[derive(Deserialize)]
pub struct SetClock {
    offset_secs: i64,
}

/// Moves the clock and runs what is due then; answers the server's new "now" (RFC 3339).
pub async fn set(
    State((offset, state)): State<(Offset, AppState)>,
    Form(SetClock { offset_secs }): Form<SetClock>,
) -> String {
    // Beyond a century either way, chrono's arithmetic would overflow.
    let offset_secs = offset_secs.clamp(-3_153_600_000, 3_153_600_000);
    offset.0.store(offset_secs, Ordering::Relaxed);
    tracing::warn!(offset_secs, "test clock moved");
    crate::maintenance::run_due_jobs(&state).await;
    state.clock.now().to_rfc3339()
}
