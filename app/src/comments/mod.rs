//! Feedback on ideas: members comment on a published idea and reply to comments (one
//! level: a reply to a reply joins the same thread), edit and delete their own. The idea's
//! owner, and the author of the comment replied to, are notified. Comments are for members
//! only, like the description.

#[cfg(feature = "ssr")]
pub mod db;
mod pages;

pub use pages::CommentsSection;

use crate::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One comment as a member sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: String,
    /// `None` once the comment is deleted (its place stays for its replies).
    pub author: Option<crate::shared::Person>,
    /// Sanitised HTML of the Markdown text; empty once deleted.
    pub body_html: String,
    /// The text as written, only for the viewer's own comments (their edit form).
    pub own_text: Option<String>,
    pub created_at: DateTime<Utc>,
    pub edited: bool,
    pub deleted: bool,
    /// The author deleted their account: the comment stays, signed "deleted member".
    pub by_deleted_member: bool,
    /// Held by moderation: its text is not shown.
    pub held: bool,
    /// Oldest first; always empty for replies.
    pub replies: Vec<CommentView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Comments {
    pub idea_id: String,
    /// Oldest thread first, as a conversation reads.
    pub threads: Vec<CommentView>,
    pub count: usize,
    /// Comments are open on published ideas.
    pub open: bool,
}

/// The comments on an idea: members only (401 for visitors, 404 for a hidden draft).
#[server(endpoint = "get_comments")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_comments(idea: String) -> Result<Comments, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let idea = crate::shared::parse_id(&idea)?;
    db::list(&AppState::get()?.db, me.id, idea).await
}

/// A new comment, or with `parent` a reply.
#[server(endpoint = "post_comment")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn post_comment(
    idea: String,
    body: String,
    parent: Option<String>,
) -> Result<String, AppError> {
    use crate::backend::{AppState, Viewer};
    use crate::domain::CommentBody;
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let idea = crate::shared::parse_id(&idea)?;
    let parent = match parent.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => Some(crate::shared::parse_id(p)?),
    };
    let body = CommentBody::parse(&body).map_err(|e| AppError::invalid("body", e))?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    let id = db::post(&state, me.id, idea, parent, body).await?;
    leptos_axum::redirect(&format!("/ideas/{idea}#c-{id}"));
    Ok(id.to_string())
}

/// The author changes their comment's text.
#[server(endpoint = "edit_comment")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn edit_comment(id: String, body: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    use crate::domain::CommentBody;
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let id = crate::shared::parse_id(&id)?;
    let body = CommentBody::parse(&body).map_err(|e| AppError::invalid("body", e))?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    let idea = db::edit(&state, me.id, id, body).await?;
    leptos_axum::redirect(&format!("/ideas/{idea}#c-{id}"));
    Ok(())
}

/// The author deletes their comment; one with replies stays as "deleted" above them.
#[server(endpoint = "delete_comment")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn delete_comment(id: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let id = crate::shared::parse_id(&id)?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    let idea = db::delete(&state, me.id, id).await?;
    leptos_axum::redirect(&format!("/ideas/{idea}#comments"));
    Ok(())
}
