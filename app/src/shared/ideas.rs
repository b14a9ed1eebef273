//! An idea as other features show it: its card, title and choosers, who may do what with
//! it, and the live event that tells its group of a change.

use crate::components::TagChips;
use crate::domain::{ContentLanguage, Maturity, Tag};
use crate::texts;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
#[cfg(feature = "ssr")]
use {
    super::access::IdeaAccess,
    crate::backend::entities::idea,
    crate::backend::{AppState, Viewer, tags},
    crate::domain::{Caller, IdeaStatus, TagKind},
    crate::error::AppError,
    sea_orm::{
        ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    },
    std::collections::HashMap,
    uuid::Uuid,
};

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

#[component]
pub fn MaturityBadge(maturity: Maturity) -> impl IntoView {
    let l = texts::locale();
    let class = match maturity {
        Maturity::RoughIdea => "badge badge-rough",
        Maturity::ConcreteProposal => "badge badge-concrete",
    };
    view! { <span class=class>{texts::maturity(l, maturity)}</span> }
}

#[component]
pub fn IdeaCardView(card: IdeaCard) -> impl IntoView {
    let l = texts::locale();
    let href = format!("/ideas/{}", card.id);
    let date = card.published_at.as_ref().map(|d| texts::date(l, d));
    view! {
        <article class="card">
            <p class="card-meta"><MaturityBadge maturity=card.maturity/></p>
            <h3 class="card-title" lang=card.language.key()><a href=href>{card.title}</a></h3>
            <p class="card-teaser" lang=card.language.key()>{card.teaser}</p>
            <TagChips tags=card.topics link=true/>
            <p class="card-foot muted">
                {card.author_name.map(|n| view! { <span>{n}</span>" · " })}
                {date}
            </p>
        </article>
    }
}

#[cfg(feature = "ssr")]
/// The titles of ideas by id, in one query (lists of notifications, requests, groups).
pub async fn titles<C: sea_orm::ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    use sea_orm::QuerySelect;
    let ids: Vec<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(idea::Entity::find()
        .filter(idea::Column::Id.is_in(ids))
        .select_only()
        .columns([idea::Column::Id, idea::Column::Title])
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

#[cfg(feature = "ssr")]
/// (id, title) of the ideas `select` finds, newest change first: what a chooser lists.
pub async fn choices<C: sea_orm::ConnectionTrait>(
    db: &C,
    select: sea_orm::Select<idea::Entity>,
) -> Result<Vec<(String, String)>, AppError> {
    use sea_orm::{QueryOrder, QuerySelect};
    Ok(select
        .order_by_desc(idea::Column::UpdatedAt)
        .select_only()
        .columns([idea::Column::Id, idea::Column::Title])
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, title)| (id.to_string(), title))
        .collect())
}

#[cfg(feature = "ssr")]
/// Display names of many authors in one query; for anonymous viewers only the names
/// their owners chose to show.
pub async fn author_names(
    db: &DatabaseConnection,
    viewer: &Viewer,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    Ok(crate::backend::memo::names(db, ids)
        .await?
        .into_iter()
        .filter(|(_, name)| viewer.is_member() || name.public)
        .map(|(id, name)| (id, name.display_name))
        .collect())
}

#[cfg(feature = "ssr")]
pub fn card(m: &idea::Model, topics: Vec<Tag>, author_name: Option<String>) -> IdeaCard {
    IdeaCard {
        id: m.id.to_string(),
        title: m.title.clone(),
        teaser: m.teaser.clone(),
        maturity: m.maturity,
        topics,
        author_name,
        published_at: m.published_at,
        language: m.language,
    }
}

#[cfg(feature = "ssr")]
/// Cards for idea rows, in their order: topics and author names in one query each.
pub async fn cards(
    db: &DatabaseConnection,
    viewer: &Viewer,
    rows: &[idea::Model],
) -> Result<Vec<IdeaCard>, AppError> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut tags = tags::idea_tags(db, &ids).await?;
    let names = author_names(db, viewer, rows.iter().map(|r| r.author_id)).await?;
    Ok(rows
        .iter()
        .map(|r| {
            let topics = tags
                .get_mut(&r.id)
                .and_then(|k| k.remove(&TagKind::Topic))
                .unwrap_or_default();
            card(r, topics, names.get(&r.author_id).cloned())
        })
        .collect())
}

#[cfg(feature = "ssr")]
/// Published ideas of one author, for their profile page.
#[tracing::instrument(skip_all, fields(author = %author))]
pub async fn published_by(
    db: &DatabaseConnection,
    viewer: &Viewer,
    author: Uuid,
) -> Result<Vec<IdeaCard>, AppError> {
    let rows = idea::Entity::find()
        .filter(idea::Column::AuthorId.eq(author))
        .filter(idea::Column::Status.eq(IdeaStatus::Published.key()))
        .order_by_desc(idea::Column::PublishedAt)
        .all(db)
        .await?;
    cards(db, viewer, &rows).await
}

#[cfg(feature = "ssr")]
/// Whether `user` belongs to the idea's group besides its owner.
pub async fn is_member<C: ConnectionTrait>(
    db: &C,
    idea: Uuid,
    user: Uuid,
) -> Result<bool, AppError> {
    Ok(crate::backend::memo::in_group(db, idea, user).await?)
}

#[cfg(feature = "ssr")]
/// What `caller` may do with the idea, their group membership included.
pub async fn access<C: ConnectionTrait>(
    db: &C,
    caller: Caller,
    m: &idea::Model,
) -> Result<IdeaAccess, AppError> {
    let in_group = match caller {
        Caller::Member(v) if v != m.author_id => is_member(db, m.id, v).await?,
        _ => false,
    };
    Ok(IdeaAccess::of(caller, m.author_id, m.status, in_group))
}

#[cfg(feature = "ssr")]
/// The open pages of `members` showing `id` (an idea or a submission) hear that someone
/// else changed it.
pub async fn tell(state: &AppState, members: &[Uuid], id: Uuid) {
    use crate::backend::events::{Event, What};
    let events: Vec<Event> = members
        .iter()
        .map(|&to| Event {
            to,
            what: What::Changed(id),
        })
        .collect();
    if !events.is_empty() {
        state.events.publish(&state.db, events).await;
    }
}
