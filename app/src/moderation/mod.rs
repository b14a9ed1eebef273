//! A safe community: members report an idea, a profile, a comment or a message with a
//! reason (`ReportForm`, a plain form in a `<details>` beside the content). Content with
//! `reports_to_hide` open reports is held — hidden pending review — at once. Admins work
//! through the queue (`/admin/moderation`): dismiss the reports, hide the content, or
//! suspend its author, who then cannot log in and whose public content is held too
//! (`/admin/members` reinstates them). Every decision is written to the audit log.
//!
//! What "held" does: an idea's status becomes `held` (out of every public list and page;
//! its owner and group still see it); a profile is not shown, found or suggested; a
//! comment's or message's text is replaced by a notice. The rule of when and for how long
//! is `domain::moderation`.

#[cfg(feature = "ssr")]
pub mod db;
mod pages;

pub use pages::{ModerationPage, ReportForm, ReportNotice, ReportedPage};

use crate::domain::{HoldCause, ReportTarget};
use crate::error::AppError;
use crate::shared::Person;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Reported content in the admins' queue, with its open reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub kind: ReportTarget,
    pub target_id: String,
    pub author: Person,
    /// What was reported: an idea's title and teaser, a profile's name and bio, a
    /// comment's or message's text.
    pub excerpt: String,
    /// Where it is shown (not for messages: they are their members' only).
    pub link: Option<String>,
    /// The open reports: (reason, when).
    pub reports: Vec<(String, DateTime<Utc>)>,
    /// Whether it is held now, and why.
    pub held: Option<HoldCause>,
    pub author_suspended: bool,
}

/// A member reports content. `next` is the page to return to (`?reported=1` added), unless
/// the report hid it (then `/reported`).
#[server(endpoint = "report")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn report(
    kind: String,
    target: String,
    reason: String,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    use crate::domain::ReportReason;
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let kind = ReportTarget::parse(&kind).map_err(|_| AppError::BadRequest)?;
    let target = db::Target::parse(kind, &target).ok_or(AppError::NotFound)?;
    let reason = ReportReason::parse(&reason).map_err(|e| AppError::invalid("reason", e))?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    let held = db::report(&state, me.id, target, reason).await?;
    // Content this report hid is no longer there to return to.
    let to = if held {
        "/reported".to_owned()
    } else {
        crate::domain::back_to(next.as_deref(), "/", "reported", "1")
    };
    leptos_axum::redirect(&to);
    Ok(())
}

/// The queue: content with open reports, most reported first.
#[server(endpoint = "moderation_queue")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn moderation_queue() -> Result<Vec<QueueItem>, AppError> {
    use crate::backend::{AppState, Viewer};
    Viewer::current().await?.admin()?;
    db::queue(&AppState::get()?.db).await
}

/// An admin decides on reported content: `dismiss`, `hide` or `suspend` (its author).
#[server(endpoint = "moderate")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn moderate(kind: String, target: String, decision: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    use crate::domain::moderation::Decision;
    let viewer = Viewer::current().await?;
    let admin = viewer.admin()?;
    let kind = ReportTarget::parse(&kind).map_err(|_| AppError::BadRequest)?;
    let target = db::Target::parse(kind, &target).ok_or(AppError::NotFound)?;
    let decision = Decision::parse(&decision).ok_or(AppError::BadRequest)?;
    let state = AppState::get()?;
    db::decide(&state, admin.id, target, decision).await?;
    leptos_axum::redirect("/admin/moderation?decided=1");
    Ok(())
}
