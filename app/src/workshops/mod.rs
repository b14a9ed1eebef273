//! Advice and workshops: admins publish them (texts in German and English, online or on
//! site, Berlin time, a capacity, an audience: everyone or the groups of one call);
//! members sign up and cancel. Past the capacity a sign-up waits in line, and a freed seat
//! goes to the first in line at once (`db::fill_seats`), who is notified. Each workshop can
//! be added to a calendar (`/workshops/:id/calendar.ics`).

// Form server functions take one argument per form field (ActionForm posts them flat).
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
mod editor;
pub mod labels;
mod pages;

pub use pages::{WorkshopEditorPage, WorkshopPage, WorkshopsPage};

use crate::domain::{Audience, SignupStatus, WorkshopFormat};
use crate::error::AppError;
use crate::shared::Person;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A workshop as lists show it, its title in the page's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkshopSummary {
    pub id: String,
    pub title: String,
    pub format: WorkshopFormat,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub capacity: i32,
    pub seats_left: i32,
    pub audience: Audience,
    /// With `Audience::CallGroups`: the call (id, title).
    pub call: Option<(String, String)>,
    /// The viewer's sign-up.
    pub mine: Option<SignupStatus>,
    pub started: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkshopsOverview {
    /// Soonest first.
    pub upcoming: Vec<WorkshopSummary>,
    /// Latest first.
    pub past: Vec<WorkshopSummary>,
    pub admin: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attendee {
    pub person: Person,
    pub status: SignupStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkshopView {
    pub workshop: WorkshopSummary,
    /// Sanitised HTML of the description (Markdown) in the page's language.
    pub description_html: String,
    /// On site: the address, for everyone; online: the meeting link, for those with a
    /// seat and for admins.
    pub place: Option<String>,
    /// A member (confirmed address): may sign up.
    pub member: bool,
    /// Logged in, address not confirmed: the page says why they cannot sign up yet.
    pub unconfirmed: bool,
    /// Why the viewer cannot sign up (`None`: they can, or they are signed up).
    pub refusal: Option<crate::domain::WorkshopRefusal>,
    /// On the waiting list: the viewer's place in line (1: next).
    pub position: Option<u64>,
    pub waiting: u64,
    /// Admins: everyone signed up, seats first, then the line in order.
    pub attendees: Option<Vec<Attendee>>,
}

/// The admin's form (dates in Berlin time).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WorkshopForm {
    /// Empty for a new workshop.
    pub id: String,
    pub title_de: String,
    pub title_en: String,
    pub description_de: String,
    pub description_en: String,
    pub format: String,
    pub place: String,
    pub starts_at: String,
    pub ends_at: String,
    pub capacity: String,
    pub audience: String,
    pub call: String,
    /// The calls a workshop can be for (id, title).
    pub calls: Vec<(String, String)>,
}

#[cfg(feature = "ssr")]
use crate::shared::parse_id;

/// `/workshops`: public.
#[server(endpoint = "workshops")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn list_workshops() -> Result<WorkshopsOverview, AppError> {
    use crate::backend::{AppState, Viewer, request_locale};
    let viewer = Viewer::current().await?;
    db::list(&AppState::get()?, request_locale(), &viewer).await
}

/// A workshop's page: public; the viewer's sign-up, and for admins who comes.
#[server(endpoint = "workshop")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_workshop(id: String) -> Result<WorkshopView, AppError> {
    use crate::backend::{AppState, Viewer, request_locale};
    let viewer = Viewer::current().await?;
    db::view(&AppState::get()?, request_locale(), &viewer, parse_id(&id)?).await
}

/// The admin's form for a new workshop (`id` empty) or an existing one.
#[server(endpoint = "workshop_editor")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn workshop_editor(id: String) -> Result<WorkshopForm, AppError> {
    use crate::backend::{AppState, Viewer, request_locale};
    Viewer::current().await?.admin()?;
    let state = AppState::get()?;
    let id = if id.is_empty() {
        None
    } else {
        Some(parse_id(&id)?)
    };
    editor::form(&state, request_locale(), id).await
}

/// Creates (`id` empty) or changes a workshop; admins only. Back to its page.
#[server(endpoint = "save_workshop")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn save_workshop(
    id: String,
    title_de: String,
    title_en: String,
    description_de: String,
    description_en: String,
    format: String,
    place: String,
    starts_at: String,
    ends_at: String,
    capacity: String,
    audience: String,
    call: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let admin = viewer.admin()?;
    let state = AppState::get()?;
    state.limits.write(admin.id).await?;
    let id = if id.is_empty() {
        None
    } else {
        Some(parse_id(&id)?)
    };
    let raw = editor::RawWorkshop {
        title_de,
        title_en,
        description_de,
        description_en,
        format,
        place,
        starts_at,
        ends_at,
        capacity,
        audience,
        call: call.unwrap_or_default(),
    };
    // The audit entry is written in the save's transaction.
    let id = editor::save(&state, admin.id, id, raw).await?;
    leptos_axum::redirect(&format!("/workshops/{id}?saved=1"));
    Ok(())
}

/// A member signs up: a seat while there are any, else the waiting list.
#[server(endpoint = "sign_up")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn sign_up(id: String) -> Result<SignupStatus, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let id = parse_id(&id)?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    let status = db::sign_up(&state, me.id, id).await?;
    leptos_axum::redirect(&format!("/workshops/{id}?signed={}", status.key()));
    Ok(status)
}

/// A member cancels; a freed seat goes to the first in line.
#[server(endpoint = "cancel_signup")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn cancel_signup(id: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.account()?;
    let id = parse_id(&id)?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::cancel(&state, me.id, id).await?;
    leptos_axum::redirect(&format!("/workshops/{id}?cancelled=1"));
    Ok(())
}
