//! Feedback ("What do you need? Send us your ideas"): anyone may write to the platform's
//! admins from `/feedback`, a plain form; admins read it at `/admin/feedback` and mark
//! what they have read. A member's feedback goes with their account.

#[cfg(feature = "ssr")]
mod db;
mod pages;

pub use pages::{AdminFeedbackPage, FeedbackPage};

use crate::error::AppError;
use crate::shared::Person;
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

/// One page of feedback, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeedbackList {
    pub items: Vec<FeedbackItem>,
    /// From 1.
    pub page: u64,
    /// An older page follows.
    pub more: bool,
    /// Not read yet, on every page.
    pub unread: u64,
}

/// Stores feedback from a member or a visitor.
#[server(endpoint = "send_feedback")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn send_feedback(body: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    use crate::domain::FeedbackText;
    let body = FeedbackText::parse_sized(&body).map_err(|e| AppError::invalid("body", e))?;
    let state = AppState::get()?;
    let from = match Viewer::current().await?.account() {
        Ok(user) => {
            state.limits.write(user.id).await?;
            Some(user.id)
        }
        Err(_) => {
            state.limits.feedback_from_visitor().await?;
            None
        }
    };
    let lang = crate::backend::request_locale();
    db::store(&state, from, body, lang).await?;
    leptos_axum::redirect("/feedback?sent=1");
    Ok(())
}

/// A page of feedback, newest first, for admins.
#[server(endpoint = "admin_feedback")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn list_feedback(page: Option<u64>) -> Result<FeedbackList, AppError> {
    use crate::backend::{AppState, Viewer};
    Viewer::current().await?.admin()?;
    db::newest(&AppState::get()?.db, page.unwrap_or(1).max(1)).await
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
    db::mark_read(&state, admin.id, id).await?;
    leptos_axum::redirect(&format!("/admin/feedback#f-{id}"));
    Ok(())
}
