//! Background upkeep that every server process runs; each job claims its rows, so several
//! servers may run them together.

use app::backend::AppState;
use std::time::Duration;

/// Marks invitations past their date expired and sends the digests that are due.
pub(crate) async fn run_due_jobs(state: &AppState) {
    let expired = app::groups::db::expire_due(state).await;
    crate::metrics::job_ran("expire_invitations", expired.is_ok());
    if let Err(e) = expired {
        tracing::warn!(error = %e, "expiring invitations");
    }
    let digests = app::notifications::mail::send_digests(state).await;
    crate::metrics::job_ran("digests", digests.is_ok());
    match digests {
        Ok(0) => {}
        Ok(n) => tracing::info!(digests = n, "notification digests sent"),
        Err(e) => tracing::warn!(error = %e, "sending digests"),
    }
}

/// Background upkeep: removes accounts never confirmed within `days` (once now, then
/// hourly) and lets the rate limiters forget clients that are quiet again.
pub(crate) async fn spawn_maintenance(state: &AppState, days: u32) {
    let remove = {
        let state = state.clone();
        move || {
            let state = state.clone();
            async move {
                let before = state.clock.now() - chrono::Duration::days(i64::from(days));
                let removed =
                    app::compositions::account_deletion::remove_unconfirmed(&state, before).await;
                crate::metrics::job_ran("remove_unconfirmed", removed.is_ok());
                match removed {
                    Ok(0) => {}
                    Ok(n) => tracing::info!(removed = n, "unconfirmed accounts removed"),
                    Err(e) => tracing::warn!(error = %e, "removing unconfirmed accounts"),
                }
            }
        }
    };
    remove().await;
    // Expired invitations and due digests: at start (a restart catches up at once), then
    // every ten minutes. Each job claims its rows, so several servers may run them.
    let mail = {
        let state = state.clone();
        move || {
            let state = state.clone();
            async move { run_due_jobs(&state).await }
        }
    };
    mail().await;
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(600));
        every.tick().await;
        loop {
            every.tick().await;
            mail().await;
        }
    });
    let limits = state.limits.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(3600));
        every.tick().await;
        loop {
            every.tick().await;
            limits.forget_idle().await;
            remove().await;
        }
    });
}
