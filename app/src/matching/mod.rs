//! Matching: "people you could work with", "ideas that need what you offer" and, for an
//! idea's owner, "people who could help with this idea". Candidates come from the tag
//! indexes (`db`); the rule that ranks them and says why is `score`, a pure function.

#[cfg(feature = "ssr")]
mod db;
mod pages;
pub mod score;

pub use pages::{IdeaHelpers, MatchesPage};

use crate::error::AppError;
use crate::search::PersonCard;
use crate::shared::IdeaCard;
use leptos::prelude::*;
use score::Reason;
use serde::{Deserialize, Serialize};

/// How many suggestions a list shows.
pub const SUGGESTIONS: usize = 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonMatch {
    pub person: PersonCard,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IdeaMatch {
    pub idea: IdeaCard,
    pub reasons: Vec<Reason>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchesData {
    pub people: Vec<PersonMatch>,
    pub ideas: Vec<IdeaMatch>,
    /// Whether others are shown this member (they can leave matching in their profile).
    pub in_matching: bool,
    /// The profile names no expertise and no topic: nothing to match on yet.
    pub profile_empty: bool,
    /// The member's ideas with a free seat, which a person card offers to invite to.
    pub invite_ideas: Vec<(String, String)>,
}

#[server(endpoint = "my_matches")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn my_matches() -> Result<MatchesData, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    db::for_member(&AppState::get()?.db, &viewer, me.id).await
}

/// People who could help with an idea: for its owner only.
#[server(endpoint = "idea_helpers")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn idea_helpers(id: String) -> Result<Vec<PersonMatch>, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let id = crate::shared::parse_id(&id)?;
    db::for_idea(&AppState::get()?.db, me.id, id).await
}

/// Dismisses a suggestion for good; back to where it was shown.
#[server(endpoint = "dismiss_match")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn dismiss_match(kind: String, id: String, next: Option<String>) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    use crate::domain::{Invalid, MatchTarget};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let kind = MatchTarget::parse(&kind).map_err(|e: Invalid| AppError::invalid("kind", e))?;
    let target = uuid::Uuid::parse_str(id.trim()).map_err(|_| AppError::NotFound)?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::dismiss(&state, me.id, kind, target).await?;
    let next = next
        .as_deref()
        .and_then(crate::domain::local_path)
        .unwrap_or("/me/matches");
    leptos_axum::redirect(next);
    Ok(())
}
