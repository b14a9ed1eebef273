//! Ideas: drafts only their author sees, published ideas whose title and teaser are public
//! and whose full description is for members.

// Form server functions take one argument per form field (ActionForm posts them flat,
// with and without JavaScript); the `server` macro's generated code needs the allow here.
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
pub mod access;
#[cfg(feature = "ssr")]
pub(crate) mod db;
pub mod input;
mod pages;

pub use pages::{
    DeleteIdeaPage, EditIdeaPage, IdeaCardView, IdeaPage, MarketPage, MyIdeasPage, NewIdeaPage,
};

use crate::domain::{ContentLanguage, IdeaStatus, Maturity, Tag};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

pub const PAGE_SIZE: u64 = 12;

/// What the public market shows of a published idea.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdeaCard {
    pub id: String,
    pub title: String,
    pub teaser: String,
    pub maturity: Maturity,
    pub topics: Vec<Tag>,
    /// Only if the author shows their name publicly, or the viewer is a member.
    pub author_name: Option<String>,
    pub published_at: Option<DateTime<Utc>>,
    /// The language the idea is written in (its text is marked up with `lang`).
    pub language: ContentLanguage,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketData {
    pub ideas: Vec<IdeaCard>,
    pub page: u64,
    pub pages: u64,
    pub total: u64,
    pub topic: Option<Tag>,
    /// The content language the market is filtered by, if any.
    pub language: Option<ContentLanguage>,
}

/// One idea as the current viewer may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdeaView {
    pub card: IdeaCard,
    pub status: IdeaStatus,
    /// Sanitised HTML of the description: `None` for anonymous visitors.
    pub description_html: Option<String>,
    pub sought: Vec<Tag>,
    /// Link target for the author's profile: members only.
    pub author_id: Option<String>,
    pub is_owner: bool,
    pub viewer_verified: bool,
    pub updated_at: DateTime<Utc>,
    pub revision: i32,
}

/// The editor's contents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IdeaForm {
    pub id: Option<String>,
    pub title: String,
    pub teaser: String,
    pub description: String,
    pub topics: String,
    pub sought: String,
    pub maturity: String,
    pub language: String,
    pub revision: i32,
}

/// A row of "my ideas".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MyIdea {
    pub id: String,
    pub title: String,
    pub status: IdeaStatus,
    pub maturity: Maturity,
    pub language: ContentLanguage,
    pub updated_at: DateTime<Utc>,
}

#[server(endpoint = "market")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn market(
    page: Option<u64>,
    topic: Option<String>,
    lang: Option<String>,
) -> Result<MarketData, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let state = AppState::get()?;
    let page = page.unwrap_or(1).clamp(1, 10_000);
    let topic = topic.filter(|t| !t.trim().is_empty());
    // An unknown language in a hand-made URL shows all languages rather than an error.
    let language = lang.and_then(|l| ContentLanguage::parse(&l).ok());
    db::market(&state.db, &viewer, page, topic.as_deref(), language).await
}

#[server(endpoint = "get_idea")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_idea(id: String) -> Result<IdeaView, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let id = db::parse_id(&id)?;
    db::view(&AppState::get()?.db, &viewer, id).await
}

#[server(endpoint = "my_ideas")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn my_ideas() -> Result<Vec<MyIdea>, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    db::by_author(&AppState::get()?.db, me.id).await
}

#[server(endpoint = "idea_for_edit")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn idea_for_edit(id: String) -> Result<IdeaForm, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let id = db::parse_id(&id)?;
    db::for_edit(&AppState::get()?.db, &viewer, id).await
}

#[server(endpoint = "save_idea")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn save_idea(
    id: Option<String>,
    title: String,
    teaser: String,
    description: String,
    topics: String,
    sought: String,
    maturity: String,
    language: Option<String>,
    revision: Option<i32>,
) -> Result<String, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    // A client that does not say writes in the language it uses the site in.
    let language = language.unwrap_or_else(|| {
        crate::backend::written_in(crate::backend::request_locale())
            .key()
            .to_owned()
    });
    let valid = input::ValidIdea::try_from(input::IdeaFields {
        title,
        teaser,
        description,
        topics,
        sought,
        maturity,
        language,
    })?;
    let state = AppState::get()?;
    let id = match id.filter(|s| !s.is_empty()) {
        Some(id) => {
            let id = db::parse_id(&id)?;
            // An edit must say which revision it started from (the editor always does).
            let revision = revision.ok_or(AppError::BadRequest)?;
            db::update(&state, me.id, id, valid, revision).await?;
            id
        }
        None => db::create(&state, me.id, valid).await?,
    };
    leptos_axum::redirect(&format!("/ideas/{id}"));
    Ok(id.to_string())
}

#[server(endpoint = "set_published")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_published(id: String, publish: bool) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = if publish {
        viewer.verified_member()?
    } else {
        viewer.member()?
    };
    let idea = db::parse_id(&id)?;
    let state = AppState::get()?;
    db::set_published(&state, me.id, idea, publish).await?;
    leptos_axum::redirect(&format!("/ideas/{idea}"));
    Ok(())
}

#[server(endpoint = "delete_idea")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn delete_idea(id: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let idea = db::parse_id(&id)?;
    db::delete(&AppState::get()?, me.id, idea).await?;
    leptos_axum::redirect("/me/ideas?deleted=1");
    Ok(())
}
