//! Notifications: what happened for a member (a contact request, an invitation, a message,
//! an edit of their group's idea…), listed at `/me/notifications` with a count in the
//! header, and mailed as each member chooses per kind: at once, in a daily digest, or not
//! at all (`mail`). Features record them with `db::notify` in the transaction of the change.

#[cfg(feature = "ssr")]
pub mod db;
pub mod labels;
#[cfg(feature = "ssr")]
pub mod mail;
mod pages;

pub use pages::NotificationsPage;

use crate::domain::{Delivery, NotificationKind};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationView {
    pub kind: NotificationKind,
    pub actor: Option<String>,
    pub idea: Option<String>,
    pub link: String,
    pub at: DateTime<Utc>,
    /// Unread until this page was opened.
    pub unread: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notifications {
    /// The newest first.
    pub items: Vec<NotificationView>,
    /// Every kind with the member's delivery choice.
    pub settings: Vec<(NotificationKind, Delivery)>,
}

/// The newest notifications; opening them marks them read.
#[server(endpoint = "notifications")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_notifications() -> Result<Notifications, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.account()?;
    let state = AppState::get()?;
    db::open(&state, me.id).await
}

/// The mail delivery of each kind, posted as `delivery[<kind>]=<delivery>`; a kind not
/// posted keeps its setting.
#[server(endpoint = "notification_settings")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn save_notification_settings(delivery: HashMap<String, String>) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.account()?;
    let mut choices = Vec::new();
    for (kind, value) in &delivery {
        let kind = NotificationKind::parse(kind).map_err(|_| AppError::BadRequest)?;
        let value = Delivery::parse(value).map_err(|e| AppError::invalid("delivery", e))?;
        choices.push((kind, value));
    }
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::save_settings(&state.db, me.id, &choices).await?;
    leptos_axum::redirect("/me/notifications?saved=1");
    Ok(())
}
