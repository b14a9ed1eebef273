//! Feedback ("What do you need? Send us your ideas"): anyone may write to the platform's
//! admins from `/feedback`, a plain form; admins read it at `/admin/feedback` and mark
//! what they have read. A member's feedback goes with their account.

#[cfg(feature = "ssr")]
mod db;
mod pages;

pub use pages::{AdminFeedbackPage, FeedbackPage};

use crate::error::AppError;
use crate::groups::Person;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One piece of feedback as admins read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackItem {
    pub id: String,
    /// The member who wrote it; `None` for a visitor.
    pub from: Option<Person>,
    pub body: String,
    /// The interface language it was written in (`de`/`en`).
    pub language: String,
    pub at: DateTime<Utc>,
    pub read: bool,
}

/// Stores feedback from a member or a visitor.
#[server(endpoint = "send_feedback")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn send_feedback(body: String) -> Result<(), AppError> {
    use crate::backend::limits::{Action, ClientIp};
    use crate::backend::{AppState, Viewer};
    use crate::domain::FeedbackText;
    let body = FeedbackText::parse(&body).map_err(|e| AppError::invalid("body", e))?;
    let state = AppState::get()?;
    let from = match Viewer::current().await? {
        Viewer::Member(user) => {
            state.limits.write(user.id)?;
            Some(user.id)
        }
        Viewer::Anonymous => {
            state
                .limits
                .check(Action::Write, ClientIp::current()?, None)?;
            None
        }
    };
    let lang = crate::backend::request_locale();
    db::store(&state, from, body, lang).await?;
    leptos_axum::redirect("/feedback?sent=1");
    Ok(())
}

/// The newest feedback, for admins.
#[server(endpoint = "admin_feedback")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn list_feedback() -> Result<Vec<FeedbackItem>, AppError> {
    use crate::backend::{AppState, Viewer};
    Viewer::current().await?.admin()?;
    db::newest(&AppState::get()?.db).await
}

/// An admin marks feedback as read.
#[server(endpoint = "mark_feedback_read")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn mark_feedback_read(id: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let admin = viewer.admin()?;
    let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let state = AppState::get()?;
    db::mark_read(&state, id).await?;
    let entry =
        crate::admin::audit::Entry::about_record(crate::domain::AuditAction::FeedbackRead, id, "");
    crate::admin::audit::record(&state.db, admin.id, entry, state.clock.now()).await?;
    leptos_axum::redirect(&format!("/admin/feedback#f-{id}"));
    Ok(())
}
