//! The jury of a call. Admins appoint jurors; after the deadline each juror works through a
//! queue of the submitted entries they have no tie to (`domain::jury::JurorFacts`: not in
//! the group, not of a group member's organisation, never in a conversation with one, no
//! declared conflict) and scores each on the call's criteria. Admins see the ranking (mean
//! and spread per criterion, strong disagreement flagged, a chart), mark winners, and
//! `/calls/:id/results` shows them from the results date on.

// Form server functions take one argument per form field (ActionForm posts them flat);
// the `server` macro's generated code needs the allow here.
#![allow(clippy::too_many_arguments)]

#[cfg(feature = "ssr")]
pub mod db;
mod pages;
#[cfg(feature = "ssr")]
pub mod ties;

pub use pages::{JuryPanel, QueuePage, RankingPage, ResultsPage, ReviewPage, WinnersOf};

use crate::domain::jury::Summary;
use crate::domain::{CallField, Criterion};
use crate::error::AppError;
use crate::shared::Person;
use crate::shared::calls::CallSummary;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JuryView {
    pub call_id: String,
    pub jurors: Vec<Person>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub submission_id: String,
    pub title: String,
    pub teaser: String,
    pub scored: bool,
}

/// A juror's work for a call: the entries they may score, and how far they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    pub call: CallSummary,
    pub items: Vec<QueueItem>,
    pub scored: usize,
    /// Why scoring is not possible now (`None`: it is).
    pub closed: Option<crate::domain::JuryRefusal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionScore {
    pub criterion: Criterion,
    pub weight: u8,
    pub score: Option<u8>,
    pub comment: String,
}

/// One submitted entry as a juror reads and scores it (the version that counts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub call: CallSummary,
    pub submission_id: String,
    pub title: String,
    pub teaser: String,
    pub description: String,
    pub answers: Vec<(CallField, String)>,
    pub criteria: Vec<CriterionScore>,
    pub closed: Option<crate::domain::JuryRefusal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankItem {
    pub submission_id: String,
    pub idea_id: String,
    pub title: String,
    pub summary: Summary,
    /// Jurors who scored it.
    pub jurors: usize,
    pub winner: bool,
    /// Jurors kept from it and why, as recorded (admins only see the ranking).
    pub ties: Vec<Tie>,
}

/// A juror kept from an entry, why, and since when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tie {
    pub juror: String,
    pub reason: crate::domain::Conflict,
    pub since: chrono::DateTime<chrono::Utc>,
}

/// The admin's view of a call's scores, best weighted mean first (unscored last).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    pub call: CallSummary,
    pub weights: Vec<(Criterion, u8)>,
    pub items: Vec<RankItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Winner {
    pub idea_id: String,
    pub title: String,
    pub teaser: String,
}

/// A call's results: public from the results date, empty (and `published: false`) before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub call: CallSummary,
    pub published: bool,
    pub winners: Vec<Winner>,
}

/// The score and comment fields of a criterion in the review form.
pub fn score_fields(c: Criterion) -> (&'static str, &'static str) {
    match c {
        Criterion::CommonGood => ("score_common_good", "comment_common_good"),
        Criterion::Innovation => ("score_innovation", "comment_innovation"),
        Criterion::Feasibility => ("score_feasibility", "comment_feasibility"),
        Criterion::Responsibility => ("score_responsibility", "comment_responsibility"),
    }
}

#[cfg(feature = "ssr")]
use crate::shared::parse_id;

#[server(endpoint = "jury")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_jury(call: String) -> Result<JuryView, AppError> {
    use crate::backend::{AppState, Viewer};
    Viewer::current().await?.admin()?;
    db::jury(&AppState::get()?, parse_id(&call)?).await
}

/// An admin appoints a member (by e-mail address) to the call's jury.
#[server(endpoint = "appoint_juror")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn appoint_juror(call: String, email: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    use crate::domain::Email;
    let viewer = Viewer::current().await?;
    let me = viewer.admin()?;
    let email = Email::parse(&email).map_err(|e| AppError::invalid("email", e))?;
    let call = parse_id(&call)?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    // The audit entry is written in the appointment's transaction.
    db::appoint(&state, me.id, call, &email).await?;
    leptos_axum::redirect(&format!("/calls/{call}?appointed=1#jury"));
    Ok(())
}

#[server(endpoint = "dismiss_juror")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn dismiss_juror(call: String, juror: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.admin()?;
    let (call, juror) = (parse_id(&call)?, parse_id(&juror)?);
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::dismiss(&state, me.id, call, juror).await?;
    leptos_axum::redirect(&format!("/calls/{call}#jury"));
    Ok(())
}

/// A juror's queue for the call (anyone else: not found).
#[server(endpoint = "jury_queue")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn jury_queue(call: String) -> Result<Queue, AppError> {
    use crate::backend::{AppState, Viewer, request_locale};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    db::queue(&AppState::get()?, request_locale(), me.id, parse_id(&call)?).await
}

/// One entry for a juror to read and score; a conflicted or unassigned one is not found.
#[server(endpoint = "review")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_review(submission: String) -> Result<Review, AppError> {
    use crate::backend::{AppState, Viewer, request_locale};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    db::review(
        &AppState::get()?,
        request_locale(),
        me.id,
        parse_id(&submission)?,
    )
    .await
}

/// A juror's scores (1–5 on each weighted criterion, comments optional); replaces theirs.
#[server(endpoint = "save_scores")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn save_scores(
    submission: String,
    score_common_good: Option<String>,
    score_innovation: Option<String>,
    score_feasibility: Option<String>,
    score_responsibility: Option<String>,
    comment_common_good: Option<String>,
    comment_innovation: Option<String>,
    comment_feasibility: Option<String>,
    comment_responsibility: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let id = parse_id(&submission)?;
    let raw = [
        (
            Criterion::CommonGood,
            score_common_good,
            comment_common_good,
        ),
        (Criterion::Innovation, score_innovation, comment_innovation),
        (
            Criterion::Feasibility,
            score_feasibility,
            comment_feasibility,
        ),
        (
            Criterion::Responsibility,
            score_responsibility,
            comment_responsibility,
        ),
    ];
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    let call = db::score(&state, me.id, id, raw).await?;
    leptos_axum::redirect(&format!("/jury/{call}?scored=1"));
    Ok(())
}

/// A juror declares a conflict of interest: the entry leaves their queue, their scores of
/// it are removed.
#[server(endpoint = "declare_conflict")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn declare_conflict(submission: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let id = parse_id(&submission)?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    let call = db::declare(&state, me.id, id).await?;
    leptos_axum::redirect(&format!("/jury/{call}?declared=1"));
    Ok(())
}

#[server(endpoint = "ranking")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_ranking(call: String) -> Result<Ranking, AppError> {
    use crate::backend::{AppState, Viewer, request_locale};
    Viewer::current().await?.admin()?;
    db::ranking(&AppState::get()?, request_locale(), parse_id(&call)?).await
}

/// An admin marks (`winner` = "true") or unmarks a submitted entry as a winner, after the
/// deadline.
#[server(endpoint = "set_winner")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_winner(submission: String, winner: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.admin()?;
    let winner = match winner.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(AppError::BadRequest),
    };
    let id = parse_id(&submission)?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    let call = db::mark(&state, me.id, id, winner).await?;
    leptos_axum::redirect(&format!("/calls/{call}/ranking"));
    Ok(())
}

/// The winners, for everyone, from the call's results date on.
#[server(endpoint = "results")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_results(call: String) -> Result<Results, AppError> {
    use crate::backend::{AppState, request_locale};
    db::results(&AppState::get()?, request_locale(), parse_id(&call)?).await
}
