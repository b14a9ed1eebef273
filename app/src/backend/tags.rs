//! Tags live in one table shared by profiles and ideas, linked through join tables with a
//! `kind` and an `active_at`, so matching can query "offered ↔ sought" through indexes,
//! newest first.
//!
//! `active_at` is the rule of who can be matched, kept on the links so candidate lists need
//! no join: the last save of a published idea, or of the profile of a member with a
//! confirmed address who takes part in matching; NULL otherwise. Every write that changes
//! it ends with `refresh_idea_activity` or `refresh_profile_activity`; a link written
//! without one stays NULL, so a forgotten refresh hides rather than shows.

use super::entities::{hold, idea, idea_tag, profile, profile_tag, tag, user};
use crate::domain::{IdeaStatus, ReportTarget, Tag, TagKind, TagList};
use chrono::{DateTime, Utc};
use leptos_i18n::Locale as _;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;
use uuid::Uuid;

/// A stored tag as the reader sees it: a concept of the vocabulary in the language of the
/// request, a free tag as its member wrote it.
pub fn read(t: tag::Model) -> Tag {
    shown(t.slug, t.label)
}

/// `read` for a tag's two columns.
pub fn shown(slug: String, label: String) -> Tag {
    let label = match crate::domain::vocabulary::concept_of(&slug) {
        Some(c) => c
            .label(crate::backend::request_locale().as_str())
            .to_owned(),
        None => label,
    };
    Tag { slug, label }
}

/// Tags written before a word joined the vocabulary become its concept: their links move
/// to the concept's tag (once; new tags are stored as the concept by `Tag::parse`). Returns
/// the ideas and members whose search terms must be written again.
#[tracing::instrument(skip_all)]
pub async fn fold_into_concepts<C: ConnectionTrait>(
    db: &C,
) -> Result<(Vec<Uuid>, Vec<Uuid>), DbErr> {
    let synonyms: HashMap<String, &crate::domain::vocabulary::Concept> =
        crate::domain::vocabulary::synonyms().collect();
    let old = tag::Entity::find()
        .filter(tag::Column::Slug.is_in(synonyms.keys().cloned()))
        .all(db)
        .await?;
    let (mut ideas, mut members) = (Vec::new(), Vec::new());
    for t in old {
        let Some(concept) = synonyms.get(&t.slug) else {
            continue;
        };
        let label = concept.en;
        let concept_tag = Tag {
            slug: concept.slug.to_owned(),
            label: label.to_owned(),
        };
        let Some(&to) = ensure(db, std::slice::from_ref(&concept_tag))
            .await?
            .first()
        else {
            continue;
        };
        ideas.extend(relink(db, "idea_tags", "idea_id", t.id, to).await?);
        members.extend(relink(db, "profile_tags", "user_id", t.id, to).await?);
        tag::Entity::delete_by_id(t.id).exec(db).await?;
    }
    ideas.sort();
    ideas.dedup();
    members.sort();
    members.dedup();
    Ok((ideas, members))
}

/// Moves the links of tag `from` in a join table (`table`, its owners in `owner`) to tag
/// `to`; where an owner already has `to` of the same kind, the old link just goes. Returns
/// the owners whose links moved.
async fn relink<C: ConnectionTrait>(
    db: &C,
    table: &str,
    owner: &str,
    from: i64,
    to: i64,
) -> Result<Vec<Uuid>, DbErr> {
    use crate::backend::sql::Sql;
    let backend = db.get_database_backend();
    let mut owners = Sql::new(backend);
    owners
        .push(&format!(
            "SELECT DISTINCT {owner} AS owner FROM {table} WHERE tag_id = "
        ))
        .bind(from);
    let moved: Vec<Uuid> = db
        .query_all_raw(owners.statement())
        .await?
        .iter()
        .map(|row| row.try_get::<Uuid>("", "owner"))
        .collect::<Result<_, _>>()?;
    let mut taken = Sql::new(backend);
    taken
        .push(&format!("DELETE FROM {table} WHERE tag_id = "))
        .bind(from)
        .push(&format!(
            " AND EXISTS (SELECT 1 FROM {table} AS other WHERE other.{owner} = {table}.{owner} \
             AND other.kind = {table}.kind AND other.tag_id = "
        ))
        .bind(to)
        .push(")");
    db.execute_raw(taken.statement()).await?;
    let mut rest = Sql::new(backend);
    rest.push(&format!("UPDATE {table} SET tag_id = "))
        .bind(to)
        .push(" WHERE tag_id = ")
        .bind(from);
    db.execute_raw(rest.statement()).await?;
    Ok(moved)
}

/// Makes sure every tag exists and returns their ids in the list's order.
async fn ensure<C: ConnectionTrait>(db: &C, tags: &[Tag]) -> Result<Vec<i64>, DbErr> {
    if tags.is_empty() {
        return Ok(Vec::new());
    }
    let rows = tags.iter().map(|t| tag::ActiveModel {
        slug: Set(t.slug.clone()),
        label: Set(t.label.clone()),
        curated: Set(false),
        ..Default::default()
    });
    match tag::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(tag::Column::Slug)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await
    {
        Ok(_) | Err(DbErr::RecordNotInserted) => {}
        Err(e) => return Err(e),
    }
    let found = tag::Entity::find()
        .filter(tag::Column::Slug.is_in(tags.iter().map(|t| t.slug.clone())))
        .all(db)
        .await?;
    let by_slug: HashMap<_, _> = found.into_iter().map(|t| (t.slug, t.id)).collect();
    Ok(tags
        .iter()
        .filter_map(|t| by_slug.get(&t.slug).copied())
        .collect())
}

/// Replaces one kind of an idea's tags (then `refresh_idea_activity`).
#[tracing::instrument(skip_all, fields(idea_id = %idea_id))]
pub async fn set_idea_tags<C: ConnectionTrait>(
    db: &C,
    idea_id: Uuid,
    kind: TagKind,
    tags: &TagList,
) -> Result<(), DbErr> {
    idea_tag::Entity::delete_many()
        .filter(idea_tag::Column::IdeaId.eq(idea_id))
        .filter(idea_tag::Column::Kind.eq(kind))
        .exec(db)
        .await?;
    let ids = ensure(db, tags.tags()).await?;
    if ids.is_empty() {
        return Ok(());
    }
    idea_tag::Entity::insert_many(ids.into_iter().map(|tag_id| idea_tag::ActiveModel {
        idea_id: Set(idea_id),
        kind: Set(kind),
        tag_id: Set(tag_id),
        active_at: Set(None),
    }))
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// After an idea was saved, published or withdrawn at `now`: its links are matchable from
/// now while it is published.
pub async fn refresh_idea_activity<C: ConnectionTrait>(
    db: &C,
    idea_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let status = idea::Entity::find_by_id(idea_id)
        .select_only()
        .column(idea::Column::Status)
        .into_tuple::<IdeaStatus>()
        .one(db)
        .await?;
    let at = (status == Some(IdeaStatus::Published)).then_some(now);
    idea_tag::Entity::update_many()
        .col_expr(idea_tag::Column::ActiveAt, Expr::value(at))
        .filter(idea_tag::Column::IdeaId.eq(idea_id))
        .exec(db)
        .await?;
    Ok(())
}

/// After a member's profile was saved, their address confirmed or their profile held or
/// released at `now`: their links are matchable from now if the address is confirmed,
/// they take part in matching and the profile is not held.
pub async fn refresh_profile_activity<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let in_matching = profile::Entity::find_by_id(user_id)
        .select_only()
        .column(profile::Column::InMatching)
        .into_tuple::<bool>()
        .one(db)
        .await?
        .unwrap_or(false);
    let confirmed = user::Entity::find_by_id(user_id)
        .select_only()
        .column(user::Column::EmailVerifiedAt)
        .into_tuple::<Option<DateTime<Utc>>>()
        .one(db)
        .await?
        .flatten()
        .is_some();
    // A profile held by moderation (or of a suspended member) is nobody's suggestion.
    let held = hold::Entity::find()
        .filter(hold::Column::TargetKind.eq(ReportTarget::Profile))
        .filter(hold::Column::TargetId.eq(user_id.to_string()))
        .one(db)
        .await?
        .is_some();
    let at = (in_matching && confirmed && !held).then_some(now);
    profile_tag::Entity::update_many()
        .col_expr(profile_tag::Column::ActiveAt, Expr::value(at))
        .filter(profile_tag::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Replaces one kind of a member's profile tags (then `refresh_profile_activity`).
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn set_profile_tags<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
    kind: TagKind,
    tags: &TagList,
) -> Result<(), DbErr> {
    profile_tag::Entity::delete_many()
        .filter(profile_tag::Column::UserId.eq(user_id))
        .filter(profile_tag::Column::Kind.eq(kind))
        .exec(db)
        .await?;
    let ids = ensure(db, tags.tags()).await?;
    if ids.is_empty() {
        return Ok(());
    }
    profile_tag::Entity::insert_many(ids.into_iter().map(|tag_id| profile_tag::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind),
        tag_id: Set(tag_id),
        active_at: Set(None),
    }))
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Tags of many ideas in one query: idea id → kind → tags (by label).
#[tracing::instrument(skip_all)]
pub async fn idea_tags<C: ConnectionTrait>(
    db: &C,
    idea_ids: &[Uuid],
) -> Result<HashMap<Uuid, HashMap<TagKind, Vec<Tag>>>, DbErr> {
    let mut out: HashMap<Uuid, HashMap<TagKind, Vec<Tag>>> = HashMap::new();
    if idea_ids.is_empty() {
        return Ok(out);
    }
    // One idea (a page's): read once for the page's panels.
    let rows = match idea_ids {
        [one] => super::memo::idea_tags(db, *one).await?,
        _ => {
            idea_tag::Entity::find()
                .filter(idea_tag::Column::IdeaId.is_in(idea_ids.iter().copied()))
                .find_also_related(tag::Entity)
                .order_by_asc(tag::Column::Label)
                .all(db)
                .await?
        }
    };
    for (link, tag) in rows {
        if let Some(t) = tag {
            out.entry(link.idea_id)
                .or_default()
                .entry(link.kind)
                .or_default()
                .push(read(t));
        }
    }
    Ok(out)
}

/// A member's profile tags: kind → tags.
#[tracing::instrument(skip_all, fields(user_id = %user_id))]
pub async fn profile_tags<C: ConnectionTrait>(
    db: &C,
    user_id: Uuid,
) -> Result<HashMap<TagKind, Vec<Tag>>, DbErr> {
    let rows = profile_tag::Entity::find()
        .filter(profile_tag::Column::UserId.eq(user_id))
        .find_also_related(tag::Entity)
        .order_by_asc(tag::Column::Label)
        .all(db)
        .await?;
    let mut out: HashMap<TagKind, Vec<Tag>> = HashMap::new();
    for (link, tag) in rows {
        if let Some(t) = tag {
            out.entry(link.kind).or_default().push(read(t));
        }
    }
    Ok(out)
}
