//! Groups around an idea: its owner invites members (from their profile), an invitation is
//! accepted, declined, withdrawn or expires, and a group has two to four members, the owner
//! included (`domain::Group`). Members edit the idea with the owner (`ideas::access`),
//! can leave; the owner removes members or hands the idea over to one of them.

#[cfg(feature = "ssr")]
pub mod db;
mod pages;

pub use pages::{GroupPanel, InvitePanel, MyGroupsPage};

use crate::error::AppError;
use crate::shared::Person;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Owner,
    Member,
    /// A member of the platform who is not in the group.
    Outsider,
}

/// An invitation as its sender or recipient sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub id: String,
    pub idea_id: String,
    pub idea_title: String,
    /// The other side: the invitee for the owner, the owner for the invitee.
    pub person: Person,
    pub expires_at: DateTime<Utc>,
}

/// An idea's group as a member sees it on the idea's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupView {
    pub idea_id: String,
    pub owner: Person,
    /// Everyone else, in the order they joined.
    pub members: Vec<Person>,
    pub seats_left: u8,
    pub role: Role,
    /// Open invitations: only for the owner.
    pub invitations: Vec<InvitationView>,
}

/// A group the member belongs to, for `/me/groups`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupSummary {
    pub idea_id: String,
    pub title: String,
    pub owner_name: String,
    pub size: u8,
    pub owned: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupsOverview {
    /// Open invitations to the member.
    pub invitations: Vec<InvitationView>,
    pub groups: Vec<GroupSummary>,
}

/// On a member's profile: the viewer's ideas they could be invited to, each with the
/// reason it is not possible now (`None`: it is).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InviteChoices {
    pub ideas: Vec<(String, String, Option<crate::domain::Refusal>)>,
    /// How long an invitation stays open.
    pub days: u32,
}

// A malformed id names nothing: answered as for an unknown one.
#[cfg(feature = "ssr")]
use crate::shared::parse_id;

#[server(endpoint = "group")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_group(idea: String) -> Result<GroupView, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let state = AppState::get()?;
    db::group(&state, me.id, parse_id(&idea)?).await
}

#[server(endpoint = "my_groups")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn my_groups() -> Result<GroupsOverview, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    db::mine(&AppState::get()?, me.id).await
}

#[server(endpoint = "invite_options")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn invite_options(person: String) -> Result<InviteChoices, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    db::options(&AppState::get()?, me.id, parse_id(&person)?).await
}

/// The owner invites a member into the idea's group; back to where they asked (`next`: a
/// match list, a conversation), else to the member's profile.
#[server(endpoint = "invite")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn invite(idea: String, person: String, next: Option<String>) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let (idea, person) = (parse_id(&idea)?, parse_id(&person)?);
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::invite(&state, me.id, idea, person).await?;
    let profile = format!("/profiles/{person}#invite");
    leptos_axum::redirect(&crate::domain::back_to(
        next.as_deref(),
        &profile,
        "invited",
        &person.to_string(),
    ));
    Ok(())
}

/// The invitee accepts (to the idea's page) or declines (to `/me/groups`).
#[server(endpoint = "answer_invitation")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn answer_invitation(id: String, answer: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let accept = match answer.as_str() {
        "accept" => true,
        "decline" => false,
        _ => return Err(AppError::BadRequest),
    };
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    let idea = db::answer(&state, me.id, parse_id(&id)?, accept).await?;
    if accept {
        leptos_axum::redirect(&format!("/ideas/{idea}?joined=1"));
    } else {
        leptos_axum::redirect("/me/groups?declined=1");
    }
    Ok(())
}

#[server(endpoint = "withdraw_invitation")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn withdraw_invitation(id: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    let idea = db::withdraw(&state, me.id, parse_id(&id)?).await?;
    leptos_axum::redirect(&format!("/ideas/{idea}#group"));
    Ok(())
}

#[server(endpoint = "leave_group")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn leave_group(idea: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::remove(&state, me.id, parse_id(&idea)?, me.id).await?;
    leptos_axum::redirect("/me/groups?left=1");
    Ok(())
}

/// The owner takes a member out of the group.
#[server(endpoint = "remove_member")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn remove_member(idea: String, member: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let idea = parse_id(&idea)?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::remove(&state, me.id, idea, parse_id(&member)?).await?;
    leptos_axum::redirect(&format!("/ideas/{idea}#group"));
    Ok(())
}

/// The owner makes a member the idea's owner and stays in the group as a member.
#[server(endpoint = "hand_over")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn hand_over(idea: String, member: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let idea = parse_id(&idea)?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::hand_over(&state, me.id, idea, parse_id(&member)?).await?;
    leptos_axum::redirect(&format!("/ideas/{idea}?handed_over=1#group"));
    Ok(())
}
