//! "Your data" as a page to read and print (`/me/data`): what the JSON download (`export`)
//! holds, for a person rather than a machine — names and titles instead of ids, choices and
//! dates in the member's language: the profile, ideas with their revisions, conversations
//! with their messages, groups, comments, contest entries and workshop sign-ups.

#[cfg(feature = "ssr")]
pub mod export;
mod pages;

pub use pages::MyDataPage;

use crate::contest::EntryStatus;
use crate::domain::{IdeaField, IdeaStatus, OrganisationType, SignupStatus, TagKind};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonalData {
    pub at: DateTime<Utc>,
    pub email: String,
    pub joined: DateTime<Utc>,
    pub confirmed: Option<DateTime<Utc>>,
    pub profile: DataProfile,
    pub ideas: Vec<DataIdea>,
    pub conversations: Vec<DataConversation>,
    pub comments: Vec<DataComment>,
    pub entries: Vec<DataEntry>,
    pub signups: Vec<DataSignup>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataProfile {
    pub display_name: String,
    pub organisation: String,
    pub organisation_type: OrganisationType,
    pub role: String,
    pub region: String,
    pub bio: String,
    /// (kind, labels in the member's language).
    pub tags: Vec<(TagKind, Vec<String>)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataIdea {
    pub title: String,
    pub status: IdeaStatus,
    /// Owned by the member (else the member is in its group).
    pub owned: bool,
    pub teaser: String,
    pub description: String,
    pub revisions: Vec<DataRevision>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataRevision {
    pub number: i32,
    /// `None`: a deleted member.
    pub editor: Option<String>,
    pub at: DateTime<Utc>,
    pub changed: Vec<IdeaField>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataConversation {
    /// The others in it, or the group's idea.
    pub with: String,
    pub messages: Vec<DataMessage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataMessage {
    /// `None`: a deleted member.
    pub author: Option<String>,
    pub at: DateTime<Utc>,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataComment {
    pub idea: String,
    pub at: DateTime<Utc>,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataEntry {
    pub call: String,
    pub idea: String,
    pub status: EntryStatus,
    pub version: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataSignup {
    pub workshop: String,
    pub starts_at: DateTime<Utc>,
    pub status: SignupStatus,
}

/// The calling member's data, readable (their own only; a visitor is sent to log in).
#[server(endpoint = "my_data")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn my_data() -> Result<PersonalData, AppError> {
    use crate::backend::limits::Action;
    use crate::backend::{AppState, Viewer, request_locale};
    let viewer = Viewer::current().await?;
    let me = viewer.account()?;
    let state = AppState::get()?;
    // A large read: bounded like a write, as the download is.
    crate::accounts::session::limit(&state, Action::Write, Some(&me.id.to_string())).await?;
    db::readable(&state.db, me.id, request_locale(), state.clock.now()).await
}

#[cfg(feature = "ssr")]
mod db {
    use super::*;
    use crate::backend::entities::{
        call, comment, conversation_member, idea, idea_member, idea_revision, join_on, message,
        profile, submission, user, workshop, workshop_signup,
    };
    use crate::i18n::Locale;
    use sea_orm::sea_query::Query;
    use sea_orm::{
        ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect,
    };
    use std::collections::{BTreeMap, HashMap};
    use uuid::Uuid;

    pub async fn readable<C: ConnectionTrait>(
        db: &C,
        me: Uuid,
        l: Locale,
        now: DateTime<Utc>,
    ) -> Result<PersonalData, AppError> {
        // Each read below takes what belongs together in one statement (a join, or the
        // member's rows as a subquery), so the page reads a fixed, small number of times.
        let (p, u) = profile::Entity::find_by_id(me)
            .join(
                JoinType::InnerJoin,
                join_on::<profile::Entity, user::Entity>(profile::Column::UserId, user::Column::Id),
            )
            .select_also(user::Entity)
            .one(db)
            .await?
            .ok_or(AppError::NotFound)?;
        let u = u.ok_or(AppError::NotFound)?;
        let mut tags: Vec<(TagKind, Vec<String>)> = crate::backend::tags::profile_tags(db, me)
            .await?
            .into_iter()
            .map(|(kind, list)| (kind, list.into_iter().map(|t| t.label).collect()))
            .collect();
        tags.sort_by_key(|(kind, _)| kind.key());

        // Ideas the member owns or shares with a group, with every revision.
        let joined = Query::select()
            .column(idea_member::Column::IdeaId)
            .from(idea_member::Entity)
            .and_where(idea_member::Column::UserId.eq(me))
            .to_owned();
        let ideas = idea::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(idea::Column::AuthorId.eq(me))
                    .add(idea::Column::Id.in_subquery(joined)),
            )
            .order_by_desc(idea::Column::UpdatedAt)
            .all(db)
            .await?;
        let ids: Vec<Uuid> = ideas.iter().map(|i| i.id).collect();
        let mut revisions: HashMap<Uuid, Vec<idea_revision::Model>> = HashMap::new();
        for r in idea_revision::Entity::find()
            .filter(idea_revision::Column::IdeaId.is_in(ids.clone()))
            .order_by_desc(idea_revision::Column::Revision)
            .all(db)
            .await?
        {
            revisions.entry(r.idea_id).or_default().push(r);
        }

        // Conversations with their messages, oldest first.
        let mine = Query::select()
            .column(conversation_member::Column::ConversationId)
            .from(conversation_member::Entity)
            .and_where(conversation_member::Column::UserId.eq(me))
            .to_owned();
        let members = conversation_member::Entity::find()
            .filter(conversation_member::Column::ConversationId.in_subquery(mine))
            .order_by_asc(conversation_member::Column::ConversationId)
            .all(db)
            .await?;
        let conversation_ids: Vec<Uuid> = members
            .iter()
            .filter(|m| m.user_id == me)
            .map(|m| m.conversation_id)
            .collect();
        let messages = message::Entity::find()
            .filter(message::Column::ConversationId.is_in(conversation_ids.clone()))
            .order_by_asc(message::Column::Id)
            .all(db)
            .await?;
        let comments = comment::Entity::find()
            .filter(comment::Column::AuthorId.eq(me))
            .filter(comment::Column::DeletedAt.is_null())
            .order_by_asc(comment::Column::CreatedAt)
            .all(db)
            .await?;
        let (submissions, calls): (Vec<submission::Model>, HashMap<Uuid, call::Model>) =
            submission::Entity::find()
                .join(
                    JoinType::InnerJoin,
                    join_on::<submission::Entity, call::Entity>(
                        submission::Column::CallId,
                        call::Column::Id,
                    ),
                )
                .select_also(call::Entity)
                .filter(submission::Column::IdeaId.is_in(ids.clone()))
                .all(db)
                .await?
                .into_iter()
                .map(|(s, c)| (s, c.map(|c| (c.id, c))))
                .fold(
                    (Vec::new(), HashMap::new()),
                    |(mut subs, mut calls), (s, c)| {
                        subs.push(s);
                        calls.extend(c);
                        (subs, calls)
                    },
                );
        let (signups, workshops): (Vec<workshop_signup::Model>, HashMap<Uuid, workshop::Model>) =
            workshop_signup::Entity::find()
                .join(
                    JoinType::InnerJoin,
                    join_on::<workshop_signup::Entity, workshop::Entity>(
                        workshop_signup::Column::WorkshopId,
                        workshop::Column::Id,
                    ),
                )
                .select_also(workshop::Entity)
                .filter(workshop_signup::Column::UserId.eq(me))
                .all(db)
                .await?
                .into_iter()
                .map(|(s, w)| (s, w.map(|w| (w.id, w))))
                .fold(
                    (Vec::new(), HashMap::new()),
                    |(mut signups, mut all), (s, w)| {
                        signups.push(s);
                        all.extend(w);
                        (signups, all)
                    },
                );

        // Every name and title the page mentions, read once.
        let people = crate::shared::people::names(
            db,
            members
                .iter()
                .map(|m| m.user_id)
                .chain(messages.iter().map(|m| m.author_id))
                .chain(revisions.values().flatten().filter_map(|r| r.editor_id)),
        )
        .await?;
        let mut titles: HashMap<Uuid, String> =
            ideas.iter().map(|i| (i.id, i.title.clone())).collect();
        let missing: Vec<Uuid> = comments
            .iter()
            .map(|c| c.idea_id)
            .chain(conversation_ids.iter().copied())
            .filter(|id| !titles.contains_key(id))
            .collect();
        for i in idea::Entity::find()
            .filter(idea::Column::Id.is_in(missing))
            .all(db)
            .await?
        {
            titles.insert(i.id, i.title);
        }
        let name = |id: Uuid| people.get(&id).cloned();
        let english = l == Locale::en;

        let mut by_conversation: BTreeMap<Uuid, Vec<DataMessage>> = BTreeMap::new();
        for m in messages {
            by_conversation
                .entry(m.conversation_id)
                .or_default()
                .push(DataMessage {
                    author: name(m.author_id),
                    at: m.created_at,
                    body: m.body,
                });
        }
        let conversations = conversation_ids
            .iter()
            .map(|c| {
                // A group's conversation has its idea's id; one-to-one ones name the other.
                let with = titles.get(c).cloned().unwrap_or_else(|| {
                    members
                        .iter()
                        .filter(|m| m.conversation_id == *c && m.user_id != me)
                        .filter_map(|m| name(m.user_id))
                        .collect::<Vec<_>>()
                        .join(", ")
                });
                DataConversation {
                    with,
                    messages: by_conversation.remove(c).unwrap_or_default(),
                }
            })
            .collect();

        Ok(PersonalData {
            at: now,
            email: u.email,
            joined: u.created_at,
            confirmed: u.email_verified_at,
            profile: DataProfile {
                display_name: p.display_name,
                organisation: p.organisation_name,
                organisation_type: p.organisation_type,
                role: p.role,
                region: p.region,
                bio: p.bio,
                tags,
            },
            ideas: ideas
                .into_iter()
                .map(|i| DataIdea {
                    owned: i.author_id == me,
                    revisions: revisions
                        .remove(&i.id)
                        .unwrap_or_default()
                        .into_iter()
                        .map(|r| DataRevision {
                            number: r.revision,
                            editor: r.editor_id.and_then(name),
                            at: r.created_at,
                            changed: r
                                .changed
                                .split(',')
                                .filter_map(|k| IdeaField::parse(k).ok())
                                .collect(),
                        })
                        .collect(),
                    title: i.title,
                    status: i.status,
                    teaser: i.teaser,
                    description: i.description,
                })
                .collect(),
            conversations,
            comments: comments
                .into_iter()
                .map(|c| DataComment {
                    idea: titles.get(&c.idea_id).cloned().unwrap_or_default(),
                    at: c.created_at,
                    body: c.body,
                })
                .collect(),
            entries: submissions
                .iter()
                .map(|s| DataEntry {
                    call: calls
                        .get(&s.call_id)
                        .map(|c| if english { &c.title_en } else { &c.title_de })
                        .cloned()
                        .unwrap_or_default(),
                    idea: titles.get(&s.idea_id).cloned().unwrap_or_default(),
                    status: crate::contest::db::status_of(s),
                    version: s.submitted_version.unwrap_or(s.current_version),
                })
                .collect(),
            signups: signups
                .into_iter()
                .filter_map(|s| {
                    let w = workshops.get(&s.workshop_id)?;
                    Some(DataSignup {
                        workshop: (if english { &w.title_en } else { &w.title_de }).clone(),
                        starts_at: w.starts_at,
                        status: s.status,
                    })
                })
                .collect(),
        })
    }
}
