//! The annual idea contest and project funding. Admins open calls (`/calls`); a group
//! enters its idea: the submission starts as a copy of the idea (nothing typed twice) and is
//! then the group's own, versioned; it counts once every member approved the same version
//! (`domain::contest::counts_as_submitted`), and it can be edited, approved or withdrawn
//! from the opening to the deadline, by the server's clock (`domain::Schedule`).

// Form server functions take one argument per form field (ActionForm posts them flat);
// the `server` macro's generated code needs the allow here.
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
mod calls;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
mod input;
pub mod labels;
mod pages;

pub use pages::{CallEditorPage, CallPage, CallsPage, SubmissionPage};

use crate::domain::{CallField, Criterion};
use crate::error::AppError;
use crate::shared::Person;
use crate::shared::calls::CallSummary;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallsOverview {
    pub open: Vec<CallSummary>,
    pub upcoming: Vec<CallSummary>,
    pub past: Vec<CallSummary>,
    pub admin: bool,
}

/// Where a group's entry stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntryStatus {
    /// Started; not every member has approved the version being edited.
    Draft,
    /// Every member approved a version: it counts (even while a newer one is edited).
    Submitted,
    Withdrawn,
}

/// On a call's page, for a member: one of their groups' ideas, entered or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryOption {
    pub idea_id: String,
    pub idea_title: String,
    /// For a funding call: the contest whose counted entry the application starts from.
    pub from_contest: Option<String>,
    /// The group's submission to this call, if it started one.
    pub submission: Option<(String, EntryStatus)>,
    /// Why it cannot be entered now (`None`: it can, or it is entered).
    pub refusal: Option<crate::domain::ContestRefusal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallView {
    pub call: CallSummary,
    /// Sanitised HTML of the description (Markdown) in the page's language.
    pub description_html: String,
    pub fields: Vec<CallField>,
    pub admin: bool,
    /// The viewer is on the call's jury.
    pub juror: bool,
    /// `None` for visitors; a member's ideas with a group role, entered or not.
    pub entries: Option<Vec<EntryOption>>,
    /// Logged in, address not confirmed: the page says why they cannot enter yet.
    pub unconfirmed: bool,
}

/// A call's form as the admin fills it in (dates in Berlin time, the amount in euros).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CallForm {
    /// Empty for a new call.
    pub id: String,
    pub kind: String,
    pub title_de: String,
    pub title_en: String,
    pub description_de: String,
    pub description_en: String,
    pub opens_at: String,
    pub closes_at: String,
    pub jury_until: String,
    pub results_at: String,
    pub max_amount: String,
    pub fields: Vec<CallField>,
    /// Every criterion with its weight (0: not scored).
    pub weights: Vec<(Criterion, u8)>,
}

/// A group member's approval of the version being edited.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Approval {
    pub person: Person,
    pub approved: bool,
}

/// A submission as its group sees it: the version being edited, who approved it, and
/// whether (and which version) counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionView {
    pub id: String,
    pub call: CallSummary,
    pub fields: Vec<CallField>,
    pub idea_id: String,
    pub version: i32,
    pub title: String,
    pub teaser: String,
    pub description: String,
    /// The call's questions with this version's answers, in the call's order.
    pub answers: Vec<(CallField, String)>,
    pub edited_by: Option<String>,
    pub edited_at: DateTime<Utc>,
    pub approvals: Vec<Approval>,
    pub i_approved: bool,
    pub status: EntryStatus,
    pub submitted_version: Option<i32>,
    pub submitted_at: Option<DateTime<Utc>>,
    /// Why it cannot change now (`None`: before the deadline).
    pub locked: Option<crate::domain::ContestRefusal>,
}

/// The call form's field for a criterion's weight.
pub fn weight_field(c: Criterion) -> &'static str {
    match c {
        Criterion::CommonGood => "weight_common_good",
        Criterion::Innovation => "weight_innovation",
        Criterion::Feasibility => "weight_feasibility",
        Criterion::Responsibility => "weight_responsibility",
    }
}

#[cfg(feature = "ssr")]
use crate::shared::parse_id;

/// `/calls`: open, upcoming and past calls, for everyone.
#[server(endpoint = "calls")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn list_calls() -> Result<CallsOverview, AppError> {
    use crate::backend::{AppState, Viewer, request_locale};
    let viewer = Viewer::current().await?;
    let admin = viewer.admin().is_ok();
    db::list(&AppState::get()?, request_locale(), admin).await
}

/// A call's page: public; members also see their groups' entries.
#[server(endpoint = "call")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_call(id: String) -> Result<CallView, AppError> {
    use crate::backend::{AppState, Viewer, request_locale};
    let viewer = Viewer::current().await?;
    let admin = viewer.admin().is_ok();
    let mut call = db::view(
        &AppState::get()?,
        request_locale(),
        viewer.member().ok().map(|u| u.id),
        admin,
        parse_id(&id)?,
    )
    .await?;
    call.unconfirmed = matches!(viewer, Viewer::Unconfirmed(_));
    Ok(call)
}

/// The admin's form for a new call (`id` empty) or an existing one.
#[server(endpoint = "call_editor")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn call_editor(id: String) -> Result<CallForm, AppError> {
    use crate::backend::{AppState, Viewer};
    Viewer::current().await?.admin()?;
    let state = AppState::get()?;
    if id.is_empty() {
        return Ok(calls::new_form(state.clock.now()));
    }
    calls::form(&state, parse_id(&id)?).await
}

/// Creates (`id` empty) or changes a call; admins only. Back to the call's page.
#[server(endpoint = "save_call")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn save_call(
    id: String,
    kind: String,
    title_de: String,
    title_en: String,
    description_de: String,
    description_en: String,
    opens_at: String,
    closes_at: String,
    jury_until: String,
    results_at: String,
    max_amount: String,
    ask_problem: Option<String>,
    ask_target_group: Option<String>,
    ask_ai_use: Option<String>,
    ask_common_good: Option<String>,
    ask_data_ethics: Option<String>,
    ask_team: Option<String>,
    ask_plan: Option<String>,
    ask_budget: Option<String>,
    weight_common_good: String,
    weight_innovation: String,
    weight_feasibility: String,
    weight_responsibility: String,
) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.admin()?;
    let asked = [
        (CallField::Problem, ask_problem),
        (CallField::TargetGroup, ask_target_group),
        (CallField::AiUse, ask_ai_use),
        (CallField::CommonGood, ask_common_good),
        (CallField::DataEthics, ask_data_ethics),
        (CallField::Team, ask_team),
        (CallField::Plan, ask_plan),
        (CallField::Budget, ask_budget),
    ]
    .into_iter()
    .filter_map(|(f, on)| on.is_some().then_some(f))
    .collect::<Vec<_>>();
    let weights = [
        (Criterion::CommonGood, weight_common_good),
        (Criterion::Innovation, weight_innovation),
        (Criterion::Feasibility, weight_feasibility),
        (Criterion::Responsibility, weight_responsibility),
    ];
    let form = CallForm {
        id,
        kind,
        title_de,
        title_en,
        description_de,
        description_en,
        opens_at,
        closes_at,
        jury_until,
        results_at,
        max_amount,
        fields: asked,
        weights: Vec::new(),
    };
    let valid = input::ValidCall::parse(&form, weights)?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    let existing = if form.id.is_empty() {
        None
    } else {
        Some(parse_id(&form.id)?)
    };
    let title = form.title_en.trim().to_owned();
    let id = calls::save_call(&state, me.id, existing, valid, title).await?;
    leptos_axum::redirect(&format!("/calls/{id}?saved=1"));
    Ok(())
}

/// A group member enters the group's idea: the submission starts as a copy of it.
#[server(endpoint = "start_submission")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn start_submission(call: String, idea: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let (call, idea) = (parse_id(&call)?, parse_id(&idea)?);
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    let id = db::start(&state, me.id, call, idea).await?;
    leptos_axum::redirect(&format!("/submissions/{id}?started=1"));
    Ok(())
}

/// A submission, for the members of its group.
#[server(endpoint = "submission")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_submission(id: String) -> Result<SubmissionView, AppError> {
    use crate::backend::{AppState, Viewer, request_locale};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    db::submission(&AppState::get()?, request_locale(), me.id, parse_id(&id)?).await
}

/// Saves a new version (from `version`, the one the member edited: an older one is
/// refused, nothing is overwritten). Every member approves the new version again.
#[server(endpoint = "save_submission")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn save_submission(
    id: String,
    version: String,
    title: String,
    teaser: String,
    description: String,
    problem: Option<String>,
    target_group: Option<String>,
    ai_use: Option<String>,
    common_good: Option<String>,
    data_ethics: Option<String>,
    team: Option<String>,
    plan: Option<String>,
    budget: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let id = parse_id(&id)?;
    let version: i32 = version.trim().parse().map_err(|_| AppError::BadRequest)?;
    let answers = [
        (CallField::Problem, problem),
        (CallField::TargetGroup, target_group),
        (CallField::AiUse, ai_use),
        (CallField::CommonGood, common_good),
        (CallField::DataEthics, data_ethics),
        (CallField::Team, team),
        (CallField::Plan, plan),
        (CallField::Budget, budget),
    ];
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    let raw = input::RawEntry {
        title,
        teaser,
        description,
        answers,
    };
    db::save(&state, me.id, id, version, raw).await?;
    leptos_axum::redirect(&format!("/submissions/{id}?saved=1"));
    Ok(())
}

/// A group member approves `version`; when everyone has, it counts as submitted.
#[server(endpoint = "approve_submission")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn approve_submission(id: String, version: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let id = parse_id(&id)?;
    let version: i32 = version.trim().parse().map_err(|_| AppError::BadRequest)?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::approve(&state, me.id, id, version).await?;
    leptos_axum::redirect(&format!("/submissions/{id}?approved=1"));
    Ok(())
}

/// A group member withdraws the submission (until the deadline; approving again enters it
/// again).
#[server(endpoint = "withdraw_submission")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn withdraw_submission(id: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let id = parse_id(&id)?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::withdraw(&state, me.id, id).await?;
    leptos_axum::redirect(&format!("/submissions/{id}?withdrawn=1"));
    Ok(())
}
