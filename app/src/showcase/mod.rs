//! The showcase and progress: the stage an idea has reached (`domain::Stage::of`), the
//! group's public progress updates on the idea page, the retrospective of a "successful
//! failure", and `/showcase`, where visitors find the ideas that went into a call or
//! further, filtered by stage and call. All of it is public: it is what the platform shows
//! the world. Only the idea's group writes it.

#[cfg(feature = "ssr")]
pub mod db;
pub mod labels;
mod pages;

pub use pages::{ProgressSection, RetrospectivePage, ShowcasePage};

use crate::domain::{CallKind, Stage};
use crate::error::AppError;
use crate::shared::IdeaCard;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A call an idea was entered into (a submission every member approved).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallMention {
    pub id: String,
    pub title: String,
    pub kind: CallKind,
    /// A winner, and the call's results date has come.
    pub won: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UpdateView {
    pub id: String,
    /// The author's name where the viewer may see it (as with an idea's author).
    pub author: Option<String>,
    /// Sanitised HTML of the Markdown text.
    pub body_html: String,
    pub link: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The viewer wrote it or owns the idea.
    pub can_delete: bool,
}

/// A successful failure's retrospective, rendered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetroView {
    pub tried_html: String,
    pub why_not_html: String,
    pub learned_html: String,
    pub updated_at: DateTime<Utc>,
}

/// The progress part of an idea's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub idea_id: String,
    pub stage: Stage,
    /// What the group declared (the form's current choice).
    pub declared: Option<Stage>,
    pub calls: Vec<CallMention>,
    /// Newest first.
    pub updates: Vec<UpdateView>,
    /// Shown while the idea stands as a successful failure.
    pub retrospective: Option<RetroView>,
    /// The viewer is in the group of a published idea: posts and declares.
    pub can_post: bool,
    pub published: bool,
}

/// The retrospective form, as the group edits it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RetroForm {
    pub idea_id: String,
    pub idea_title: String,
    pub tried: String,
    pub why_not: String,
    pub learned: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShowcaseItem {
    pub card: IdeaCard,
    pub stage: Stage,
    pub calls: Vec<CallMention>,
    pub updates: u64,
    pub latest_update: Option<DateTime<Utc>>,
    /// A failure's "what others can learn", as plain text, shortened.
    pub lesson: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShowcaseData {
    pub items: Vec<ShowcaseItem>,
    /// The calls that have entries, for the filter (newest deadline first).
    pub calls: Vec<(String, String)>,
    /// The filters as understood (unknown values dropped).
    pub stage: Option<Stage>,
    pub call: Option<String>,
}

#[cfg(feature = "ssr")]
use crate::shared::parse_id;

/// `/showcase`: public. Unknown filter values are dropped, never an error.
#[server(endpoint = "showcase")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn showcase(
    stage: Option<String>,
    call: Option<String>,
) -> Result<ShowcaseData, AppError> {
    use crate::backend::{AppState, Viewer, request_locale};
    let viewer = Viewer::current().await?;
    let stage = stage
        .as_deref()
        .and_then(|s| Stage::parse(s).ok())
        .filter(|s| s.in_showcase());
    let call = call.as_deref().and_then(|c| parse_id(c).ok());
    db::showcase(&AppState::get()?, &viewer, request_locale(), stage, call).await
}

/// A group member posts a progress update (text, optional link) to the idea's timeline.
#[server(endpoint = "post_update")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn post_update(idea: String, body: String, link: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    use crate::domain::showcase::WebLink;
    use crate::domain::{FieldErrors, ProgressText};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let idea = parse_id(&idea)?;
    let mut errors = FieldErrors::default();
    let body = errors.check("body", ProgressText::parse(&body));
    let link = errors.check("link", WebLink::parse(&link));
    let (Some(body), Some(link)) = (body, link) else {
        return Err(AppError::Invalid(errors));
    };
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::post_update(&state, me.id, idea, body, link).await?;
    leptos_axum::redirect(&format!("/ideas/{idea}?posted=1#progress"));
    Ok(())
}

/// Its author, or the idea's owner, removes an update.
#[server(endpoint = "delete_update")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn delete_update(id: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    let idea = db::delete_update(&state, me.id, parse_id(&id)?).await?;
    leptos_axum::redirect(&format!("/ideas/{idea}#progress"));
    Ok(())
}

/// The group declares the stage only it knows (in implementation, completed), or clears
/// its declaration ("") so the facts decide again.
#[server(endpoint = "set_stage")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_stage(idea: String, stage: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let idea = parse_id(&idea)?;
    let stage = Stage::parse_declared(&stage).map_err(|e| AppError::invalid("stage", e))?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::set_stage(&state, me.id, idea, stage).await?;
    leptos_axum::redirect(&format!("/ideas/{idea}?staged=1#progress"));
    Ok(())
}

/// The retrospective form: the idea's group only.
#[server(endpoint = "retrospective")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_retrospective(idea: String) -> Result<RetroForm, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    db::retro_form(&AppState::get()?.db, me.id, parse_id(&idea)?).await
}

/// Saves the retrospective; the idea then stands as a successful failure.
#[server(endpoint = "save_retrospective")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn save_retrospective(
    idea: String,
    tried: String,
    why_not: String,
    learned: String,
) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    use crate::domain::{FieldErrors, RetroText};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let idea = parse_id(&idea)?;
    let mut errors = FieldErrors::default();
    let tried = errors.check("tried", RetroText::parse(&tried));
    let why_not = errors.check("why_not", RetroText::parse(&why_not));
    let learned = errors.check("learned", RetroText::parse(&learned));
    let (Some(tried), Some(why_not), Some(learned)) = (tried, why_not, learned) else {
        return Err(AppError::Invalid(errors));
    };
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::save_retro(&state, me.id, idea, [tried, why_not, learned]).await?;
    leptos_axum::redirect(&format!("/ideas/{idea}?retrospective=1#progress"));
    Ok(())
}
