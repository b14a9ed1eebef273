//! Writes search terms; called inside the transaction that changes an idea or a profile,
//! so the index never disagrees with what was saved. Each write is a new row with a
//! higher id, so the id orders the index by last save: `search::window` ranks the newest
//! matches of a very common query first.

use super::text;
use crate::backend::entities::{idea, idea_search, profile, profile_search};
use crate::backend::tags;
use crate::domain::{Tag, TagKind};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, Set};
use uuid::Uuid;

/// The words of tags as search finds them: a concept of the vocabulary by its labels in
/// both languages and its synonyms, so "Vergaberecht" finds "Public procurement".
fn labels(tags: Option<&Vec<Tag>>) -> String {
    let mut out = Vec::new();
    for t in tags.into_iter().flatten() {
        match crate::domain::vocabulary::concept_of(&t.slug) {
            Some(c) => out.extend([c.de, c.en].iter().chain(c.also).copied()),
            None => out.push(t.label.as_str()),
        }
    }
    out.join(" ")
}

/// (Re)writes one idea's search terms from what is stored.
#[tracing::instrument(skip_all, fields(id = %id))]
pub async fn idea<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<(), DbErr> {
    let Some(m) = idea::Entity::find_by_id(id).one(db).await? else {
        return Ok(());
    };
    let t = tags::idea_tags(db, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default();
    let public_text = text::document(
        m.language,
        &[&m.title, &m.teaser, &labels(t.get(&TagKind::Topic))],
    );
    let member_text = text::document(
        m.language,
        &[
            &m.description,
            &labels(t.get(&TagKind::Sought)),
            &labels(t.get(&TagKind::Required)),
        ],
    );
    // A new row, not an update: its id orders the search window (newest saves first).
    idea_search::Entity::delete_many()
        .filter(idea_search::Column::IdeaId.eq(id))
        .exec(db)
        .await?;
    idea_search::Entity::insert(idea_search::ActiveModel {
        idea_id: Set(id),
        public_text: Set(public_text),
        member_text: Set(member_text),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// (Re)writes one member's search terms from what is stored.
#[tracing::instrument(skip_all, fields(user = %user))]
pub async fn profile<C: ConnectionTrait>(db: &C, user: Uuid) -> Result<(), DbErr> {
    let Some(p) = profile::Entity::find_by_id(user).one(db).await? else {
        return Ok(());
    };
    let t = tags::profile_tags(db, user).await?;
    let text = text::document(
        p.language,
        &[
            &p.display_name,
            &p.organisation_name,
            &p.role,
            &p.region,
            &p.bio,
            &p.experience,
            &labels(t.get(&TagKind::Interest)),
            &labels(t.get(&TagKind::Offered)),
            &labels(t.get(&TagKind::Sought)),
            &labels(t.get(&TagKind::Required)),
        ],
    );
    profile_search::Entity::delete_many()
        .filter(profile_search::Column::UserId.eq(user))
        .exec(db)
        .await?;
    profile_search::Entity::insert(profile_search::ActiveModel {
        user_id: Set(user),
        text: Set(text),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Indexes whatever has no search terms yet: rows written before search existed, and the
/// demo data. Run at start.
#[tracing::instrument(skip_all)]
pub async fn missing<C: ConnectionTrait>(db: &C) -> Result<usize, DbErr> {
    let ideas: Vec<Uuid> = idea::Entity::find()
        .select_only()
        .column(idea::Column::Id)
        .filter(
            idea::Column::Id.not_in_subquery(
                Query::select()
                    .column(idea_search::Column::IdeaId)
                    .from(idea_search::Entity)
                    .to_owned(),
            ),
        )
        .into_tuple()
        .all(db)
        .await?;
    let profiles: Vec<Uuid> = profile::Entity::find()
        .select_only()
        .column(profile::Column::UserId)
        .filter(
            profile::Column::UserId.not_in_subquery(
                Query::select()
                    .column(profile_search::Column::UserId)
                    .from(profile_search::Entity)
                    .to_owned(),
            ),
        )
        .into_tuple()
        .all(db)
        .await?;
    for id in &ideas {
        idea(db, *id).await?;
    }
    for id in &profiles {
        profile(db, *id).await?;
    }
    Ok(ideas.len() + profiles.len())
}
