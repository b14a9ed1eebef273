//! Contact with consent: a member asks another to talk (a short note, optionally about one
//! of their ideas); only an accepted request opens a conversation. Members choose who may
//! ask them (`domain::ContactPolicy`) and can block someone. The rule of who may ask whom
//! is `domain::Contact`; this module gathers its facts (`db`) and shows the result.
//! A group talks in a conversation of its own, which its members join and leave with the
//! group (`groups::db` calls `join_group_talk` and `leave_group_talk`).

#[cfg(feature = "ssr")]
mod conversations;
#[cfg(feature = "ssr")]
mod db;
mod pages;

#[cfg(feature = "ssr")]
pub use conversations::{join_group_talk, leave_group_talk};
#[cfg(feature = "ssr")]
pub use db::{claim_sender, contact, pair_key, within_day};
pub use pages::{ContactPanel, ConversationPage, MessagesPage, PersonPanel};

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the viewer of a profile may do to get in touch with its member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContactState {
    /// Why no request can be sent now (`None`: the form is offered).
    pub refusal: Option<crate::domain::ContactRefusal>,
    /// Their shared conversation.
    pub conversation: Option<String>,
    /// A request from the member to the viewer that waits for the viewer's answer.
    pub request_to_me: Option<String>,
    pub blocked_by_me: bool,
    /// The member's published ideas a request may be about: (id, title).
    pub ideas: Vec<(String, String)>,
}

/// A contact request as its sender or recipient sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestView {
    pub id: String,
    /// The other member.
    pub person_id: String,
    pub person_name: String,
    pub note: String,
    /// (id, title) of the idea it is about.
    pub idea: Option<(String, String)>,
    pub sent_at: chrono::DateTime<chrono::Utc>,
}

/// Who a conversation is with: one member, or the rest of an idea's group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum With {
    Person {
        id: String,
        name: String,
    },
    Group {
        idea_id: String,
        title: String,
        /// The other members: (id, name).
        members: Vec<(String, String)>,
    },
    /// A one-to-one conversation whose other member deleted their account: read only.
    Gone,
}

impl With {
    /// What the conversation is called in lists and headings.
    pub fn name(&self) -> &str {
        match self {
            With::Person { name, .. } => name,
            With::Group { title, .. } => title,
            With::Gone => "",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationSummary {
    pub id: String,
    pub with: With,
    /// The start of the newest message (empty: none yet).
    pub last: String,
    pub last_at: chrono::DateTime<chrono::Utc>,
    pub unread: u64,
}

/// `/me/messages`: requests waiting for the member or for others, and conversations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub received: Vec<RequestView>,
    pub sent: Vec<RequestView>,
    pub conversations: Vec<ConversationSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: i64,
    /// `None`: the author deleted their account.
    pub author_name: Option<String>,
    /// Held by moderation: its text is not shown.
    pub held: bool,
    pub mine: bool,
    pub body: String,
    pub at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationView {
    pub id: String,
    pub with: With,
    pub messages: Vec<MessageView>,
    /// Neither has blocked the other (a group's members may always write).
    pub can_write: bool,
}

// A malformed id names nothing: answered as for an unknown one.
#[cfg(feature = "ssr")]
use crate::shared::parse_id;

#[server(endpoint = "contact_state")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_contact_state(id: String) -> Result<ContactState, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    db::state(&AppState::get()?.db, me.id, parse_id(&id)?).await
}

/// Sends a contact request; back to where it was sent from (`next`: a match list), else to
/// the profile, which says it was sent.
#[server(endpoint = "request_contact")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn request_contact(
    to: String,
    note: String,
    idea: Option<String>,
    next: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    use crate::domain::RequestNote;
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let to = parse_id(&to)?;
    let note = RequestNote::parse(&note).map_err(|e| AppError::invalid("note", e))?;
    let idea = match idea.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(raw) => Some(parse_id(raw)?),
        None => None,
    };
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::request(&state, me.id, to, note, idea).await?;
    leptos_axum::redirect(&crate::domain::back_to(
        next.as_deref(),
        &format!("/profiles/{to}"),
        "requested",
        &to.to_string(),
    ));
    Ok(())
}

/// Accepts (opens the conversation) or declines a request sent to the caller.
#[server(endpoint = "answer_request")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn answer_request(id: String, answer: String) -> Result<(), AppError> {
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
    match db::answer(&state, me.id, parse_id(&id)?, accept).await? {
        Some(conversation) => leptos_axum::redirect(&format!("/me/messages/{conversation}")),
        None => leptos_axum::redirect("/me/messages?declined=1"),
    }
    Ok(())
}

#[server(endpoint = "my_messages")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn my_messages() -> Result<Inbox, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    conversations::inbox(&AppState::get()?.db, me.id).await
}

/// One conversation of the caller's; reading it marks it read.
#[server(endpoint = "conversation")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_conversation(id: String) -> Result<ConversationView, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let state = AppState::get()?;
    conversations::conversation(&state, me.id, parse_id(&id)?).await
}

#[server(endpoint = "send_message")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn send_message(conversation: String, body: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    use crate::domain::MessageBody;
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let id = parse_id(&conversation)?;
    let body = MessageBody::parse(&body).map_err(|e| AppError::invalid("body", e))?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    conversations::send(&state, me.id, id, body).await?;
    leptos_axum::redirect(&format!("/me/messages/{id}#latest"));
    Ok(())
}

/// Blocks (`block` = "on") or unblocks a member; back to their profile.
#[server(endpoint = "set_block")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_block(id: String, block: String) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.member()?;
    let other = parse_id(&id)?;
    let state = AppState::get()?;
    state.limits.write(me.id).await?;
    db::set_block(&state, me.id, other, block == "on").await?;
    leptos_axum::redirect(&format!("/profiles/{other}"));
    Ok(())
}
