//! Co-drafting: every save of an idea is a revision (who, when, what changed); the group
//! reads them at `/ideas/:id/history` and compares any two. A save made from an older
//! revision is not applied but kept (`unmerged_edits`): the editor then offers the
//! three-way merge of it with the idea as it is now (`merge`), and the member decides
//! where both changed the same place.

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod diff;
pub mod labels;
#[cfg(feature = "ssr")]
pub mod merge;
mod pages;

pub use pages::{HistoryPage, MergePanel};

use crate::domain::{ContentLanguage, IdeaField};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One revision in an idea's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisionRow {
    pub number: i32,
    /// `None` once the editor's account is gone.
    pub editor: Option<String>,
    pub at: DateTime<Utc>,
    pub changed: Vec<IdeaField>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Same,
    Added,
    Removed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffPart {
    pub change: Change,
    pub text: String,
}

/// One field that differs between two revisions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldDiff {
    pub field: IdeaField,
    pub parts: Vec<DiffPart>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    pub from: i32,
    pub to: i32,
    pub fields: Vec<FieldDiff>,
}

/// An idea's history as its group sees it, newest first, with one comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History {
    pub idea_id: String,
    pub title: String,
    pub language: ContentLanguage,
    pub revisions: Vec<RevisionRow>,
    /// Older revisions than those listed exist (the list shows the newest `SHOWN`).
    pub more: bool,
    pub comparison: Option<Comparison>,
}

impl History {
    pub const SHOWN: u64 = 100;
}

/// A field both the member and someone else changed in the same place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub field: IdeaField,
    pub mine: String,
    pub theirs: String,
}

/// What the editor shows when the member's last save started from an older revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergeView {
    /// The revision the member's save started from, and the idea's revision now.
    pub base: i32,
    pub current: i32,
    /// Who saved in between.
    pub editors: Vec<String>,
    pub conflicts: Vec<Conflict>,
}

/// The history of an idea, with the comparison of revisions `from` and `to` (by default
/// the newest against the one before). For the owner and the group only.
#[server(endpoint = "idea_history")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn idea_history(
    id: String,
    from: Option<i32>,
    to: Option<i32>,
) -> Result<History, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.account()?;
    let id = crate::shared::parse_id(&id)?;
    let l = crate::backend::request_locale();
    db::history(&AppState::get()?.db, me.id, id, from.zip(to), l).await
}

/// Drops the member's unmerged save: the editor shows the idea as it is now.
#[server(endpoint = "discard_unmerged")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn discard_unmerged(id: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.account()?;
    let id = crate::shared::parse_id(&id)?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::drop_unmerged(&state.db, id, me.id).await?;
    leptos_axum::redirect(&format!("/ideas/{id}/edit"));
    Ok(())
}
