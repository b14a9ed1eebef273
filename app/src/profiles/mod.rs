//! Member profiles: who someone is, what they know and what they look for. Members only.

// Form server functions take one argument per form field (ActionForm posts them flat,
// with and without JavaScript); the `server` macro's generated code needs the allow here.
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
mod db;
pub mod input;
pub mod labels;
mod pages;

pub use pages::MePage;

use crate::domain::{ContentLanguage, OrganisationType, Tag};
use crate::error::AppError;
use crate::shared::IdeaCard;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileView {
    pub id: String,
    pub display_name: String,
    pub organisation_name: String,
    pub organisation_type: OrganisationType,
    pub role: String,
    pub region: String,
    pub bio: String,
    pub experience: String,
    pub open_to_partners: bool,
    /// The language the member's own texts are written in (marked up with `lang`).
    pub language: ContentLanguage,
    pub interests: Vec<Tag>,
    pub offered: Vec<Tag>,
    pub sought: Vec<Tag>,
    /// Must-have expertise.
    pub required: Vec<Tag>,
    pub ideas: Vec<IdeaCard>,
    pub member_since: chrono::DateTime<chrono::Utc>,
    pub is_me: bool,
}

/// The profile editor's contents (tags as comma-separated text).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileForm {
    pub display_name: String,
    pub show_name_publicly: bool,
    pub organisation_name: String,
    pub organisation_type: String,
    pub role: String,
    pub region: String,
    pub bio: String,
    pub experience: String,
    pub open_to_partners: bool,
    pub language: String,
    pub interests: String,
    pub offered: String,
    pub sought: String,
    pub required: String,
    pub hide_from_matching: bool,
    pub contact_policy: String,
}

#[server(endpoint = "my_profile")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn my_profile() -> Result<ProfileForm, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.account()?;
    db::form(&AppState::get()?.db, me.id).await
}

#[server(endpoint = "get_profile")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_profile(id: String) -> Result<ProfileView, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.account()?;
    let id = uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    // Their own profile is an account's own thing; others' are the community's.
    if id != me.id {
        viewer.member()?;
    }
    db::view(&AppState::get()?.db, &viewer, id).await
}

#[server(endpoint = "save_profile")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn save_profile(
    display_name: String,
    show_name_publicly: Option<String>,
    organisation_name: String,
    organisation_type: String,
    role: String,
    region: String,
    bio: String,
    experience: String,
    open_to_partners: Option<String>,
    language: Option<String>,
    interests: String,
    offered: String,
    sought: String,
    required: Option<String>,
    hide_from_matching: Option<String>,
    contact_policy: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.account()?;
    let language = language.unwrap_or_else(|| {
        crate::backend::written_in(crate::backend::request_locale())
            .key()
            .to_owned()
    });
    let valid = input::ValidProfile::try_from(input::ProfileFields {
        display_name,
        show_name_publicly: show_name_publicly.is_some(),
        organisation_name,
        organisation_type,
        role,
        region,
        bio,
        experience,
        open_to_partners: open_to_partners.is_some(),
        language,
        interests,
        offered,
        sought,
        required: required.unwrap_or_default(),
        hide_from_matching: hide_from_matching.is_some(),
        contact_policy,
    })?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::save(&state, me.id, valid).await?;
    leptos_axum::redirect("/me?saved=1");
    Ok(())
}
