use super::access::IdeaAccess;
use super::input::ValidIdea;
use super::{IdeaCard, IdeaForm, IdeaView, MarketData, MarketFilter, MyIdea, PAGE_SIZE};
use crate::backend::entities::{idea, profile, tag};
use crate::backend::tags;
use crate::backend::{AppState, Viewer, markdown};
use crate::domain::Caller;
use crate::domain::{IdeaStatus, Tag, TagKind};
use crate::error::AppError;
use crate::notifications::db::Notified;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// A malformed id cannot name an idea: answer as for an unknown one.
pub fn parse_id(raw: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw.trim()).map_err(|_| AppError::NotFound)
}

/// The titles of ideas by id, in one query (lists of notifications, requests, groups).
pub async fn titles<C: sea_orm::ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    use sea_orm::QuerySelect;
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

/// Display names of many authors in one query; for anonymous viewers only the names
/// their owners chose to show.
pub(crate) async fn author_names(
    db: &DatabaseConnection,
    viewer: &Viewer,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = profile::Entity::find()
        .filter(profile::Column::UserId.is_in(ids))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|p| viewer.is_member() || p.show_name_publicly)
        .map(|p| (p.user_id, p.display_name))
        .collect())
}

fn card(m: &idea::Model, topics: Vec<Tag>, author_name: Option<String>) -> IdeaCard {
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

/// The market: published ideas narrowed by the filters, ranked by relevance when there are
/// search words (anonymous visitors search titles, teasers and topics; members also
/// descriptions), else newest first.
#[tracing::instrument(skip_all)]
pub async fn market(
    db: &DatabaseConnection,
    viewer: &Viewer,
    f: &MarketFilter,
    page: u64,
) -> Result<MarketData, AppError> {
    use crate::search::sql::{self as search_sql, Sql};
    use crate::search::text::Query;
    let mut topic_tag = None;
    let mut topic_id = None;
    if let Some(slug) = &f.topic {
        match tag::Entity::find()
            // A topic named by another word of its concept (an older link) is the concept.
            .filter(tag::Column::Slug.eq(crate::domain::vocabulary::canonical(slug)))
            .one(db)
            .await?
        {
            Some(t) => {
                topic_id = Some(t.id);
                topic_tag = Some(tags::read(t));
            }
            // An unknown topic matches nothing; the page still names what was asked for.
            None => {
                return Ok(MarketData {
                    ideas: Vec::new(),
                    page: 1,
                    pages: 1,
                    total: 0,
                    more: false,
                    topic: Some(Tag {
                        slug: slug.clone(),
                        label: slug.clone(),
                    }),
                    filter: f.clone(),
                });
            }
        }
    }
    // The filters, as ` AND …` conditions on `i` (ideas) and `p` (their authors' profiles).
    let filters = |sql: &mut Sql| {
        sql.push(" AND i.status = ")
            .bind(IdeaStatus::Published.key());
        if let Some(l) = f.language {
            sql.push(" AND i.language = ").bind(l.key());
        }
        if let Some(m) = f.maturity {
            sql.push(" AND i.maturity = ").bind(m.key());
        }
        if let Some(o) = f.organisation_type {
            sql.push(" AND p.organisation_type = ").bind(o.key());
        }
        if let Some(r) = &f.region {
            search_sql::same_region(sql, "p.region", r);
        }
        if f.partners {
            sql.push(" AND p.open_to_partners = ").bind(true);
        }
        if let Some(t) = topic_id {
            sql.push(" AND i.id IN (SELECT idea_id FROM idea_tags WHERE kind = ")
                .bind(TagKind::Topic.key())
                .push(" AND tag_id = ")
                .bind(t)
                .push(")");
        }
    };
    // Only filters on the author need their profile.
    let profiles = if f.organisation_type.is_some() || f.region.is_some() || f.partners {
        " JOIN profiles p ON p.user_id = i.author_id"
    } else {
        ""
    };
    let (rows, total, more) = match f.q.as_deref().and_then(Query::parse) {
        // Search words: ranked by relevance (visitors search titles, teasers and topics).
        Some(query) => {
            let joins = format!(" JOIN ideas i ON i.id = s.idea_id{profiles}");
            let window = search_sql::ranked(
                db,
                &search_sql::IDEAS,
                &query,
                !viewer.is_member(),
                &joins,
                filters,
            )
            .await?;
            let ids = window.page(page, PAGE_SIZE);
            let mut rows = idea::Entity::find()
                .filter(idea::Column::Id.is_in(ids.iter().copied()))
                .all(db)
                .await?;
            rows.sort_by_key(|r| ids.iter().position(|id| *id == r.id));
            (rows, window.total(), window.more)
        }
        // Browsing: newest first, counted exactly (the status index answers the count).
        None => {
            let from = format!("FROM ideas i{profiles} WHERE TRUE");
            let order = ("i.*", "i.published_at DESC, i.id DESC");
            let (rows, total) =
                search_sql::browse(db, &from, order, filters, (page, PAGE_SIZE)).await?;
            let rows = rows
                .iter()
                .map(|r| idea::Model::from_query_result(r, ""))
                .collect::<Result<_, _>>()?;
            (rows, total, false)
        }
    };
    let ideas = cards(db, viewer, &rows).await?;
    Ok(MarketData {
        ideas,
        page,
        pages: total.div_ceil(PAGE_SIZE).max(1),
        total,
        more,
        topic: topic_tag,
        filter: f.clone(),
    })
}

/// Cards for idea rows, in their order: topics and author names in one query each.
pub(crate) async fn cards(
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

/// Published ideas of one author, for their profile page.
#[tracing::instrument(skip_all)]
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

/// The one place that decides what of an idea a viewer sees.
#[tracing::instrument(skip_all)]
pub async fn view(state: &AppState, viewer: &Viewer, id: Uuid) -> Result<IdeaView, AppError> {
    let db = &state.db;
    let m = idea::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let st = m.status;
    let access = crate::groups::db::access(db, viewer.caller(), &m)
        .await?
        .view()?;
    let mut tags = tags::idea_tags(db, &[m.id])
        .await?
        .remove(&m.id)
        .unwrap_or_default();
    let names = author_names(db, viewer, [m.author_id]).await?;
    let member = access.reads_description();
    // Built here, not by a resource of its own: the page reads the idea once.
    let progress = match st {
        IdeaStatus::Published => {
            let (l, now) = (crate::backend::request_locale(), state.clock.now());
            Some(crate::showcase::db::progress_of(db, viewer, l, now, &m, access).await?)
        }
        IdeaStatus::Draft | IdeaStatus::Held => None,
    };
    Ok(IdeaView {
        card: card(
            &m,
            tags.remove(&TagKind::Topic).unwrap_or_default(),
            names.get(&m.author_id).cloned(),
        ),
        status: st,
        description_html: member.then(|| markdown::render(&m.description)),
        sought: if member {
            tags.remove(&TagKind::Sought).unwrap_or_default()
        } else {
            Vec::new()
        },
        required: if member {
            tags.remove(&TagKind::Required).unwrap_or_default()
        } else {
            Vec::new()
        },
        author_id: member.then(|| m.author_id.to_string()),
        is_owner: access == IdeaAccess::Owner,
        can_edit: access.edit().is_ok(),
        viewer_verified: viewer.is_member(),
        viewer_unconfirmed: matches!(viewer, Viewer::Unconfirmed(_)),
        updated_at: m.updated_at,
        revision: m.revision,
        progress,
    })
}

/// Loads an idea its owner wants to publish or delete; anyone else is refused.
async fn owned(db: &DatabaseConnection, owner: Uuid, id: Uuid) -> Result<idea::Model, AppError> {
    let m = idea::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::groups::db::access(db, Caller::Member(owner), &m)
        .await?
        .change()?;
    Ok(m)
}

#[tracing::instrument(skip_all)]
pub async fn for_edit(
    db: &DatabaseConnection,
    viewer: &Viewer,
    id: Uuid,
    l: crate::i18n::Locale,
) -> Result<IdeaForm, AppError> {
    use crate::revisions::db as revisions;
    let me = viewer.account()?;
    let m = idea::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::groups::db::access(db, viewer.caller(), &m)
        .await?
        .edit()?;
    // A save the member made from an older revision comes back merged with today's idea.
    let (version, merge) = match revisions::pending_merge(db, me.id, &m, l).await? {
        Some((merged, view)) => (merged, Some(view)),
        None => (revisions::current(db, &m).await?, None),
    };
    Ok(IdeaForm {
        id: Some(m.id.to_string()),
        title: version.title,
        teaser: version.teaser,
        description: version.description,
        topics: version.topics,
        sought: version.sought,
        required: version.required,
        maturity: version.maturity,
        language: version.language,
        revision: m.revision,
        merge,
        status: Some(m.status),
    })
}

/// The member's ideas and those of the groups they belong to.
#[tracing::instrument(skip_all)]
pub async fn by_author(db: &DatabaseConnection, author: Uuid) -> Result<Vec<MyIdea>, AppError> {
    use crate::backend::entities::idea_member;
    use sea_orm::{Condition, QuerySelect, QueryTrait};
    let groups = idea_member::Entity::find()
        .filter(idea_member::Column::UserId.eq(author))
        .select_only()
        .column(idea_member::Column::IdeaId)
        .into_query();
    Ok(idea::Entity::find()
        .filter(
            Condition::any()
                .add(idea::Column::AuthorId.eq(author))
                .add(idea::Column::Id.in_subquery(groups)),
        )
        .order_by_desc(idea::Column::UpdatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|m| MyIdea {
            id: m.id.to_string(),
            owned: m.author_id == author,
            status: m.status,
            maturity: m.maturity,
            language: m.language,
            title: m.title,
            updated_at: m.updated_at,
        })
        .collect())
}

#[tracing::instrument(skip_all)]
pub async fn create(state: &AppState, author: Uuid, v: ValidIdea) -> Result<Uuid, AppError> {
    let id = Uuid::new_v4();
    let now = state.clock.now();
    state
        .db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                idea::ActiveModel {
                    id: Set(id),
                    author_id: Set(author),
                    title: Set(v.title.into_inner()),
                    teaser: Set(v.teaser.into_inner()),
                    description: Set(v.description.into_inner()),
                    maturity: Set(v.maturity),
                    language: Set(v.language),
                    status: Set(IdeaStatus::Draft),
                    revision: Set(1),
                    group_size: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    declared_stage: Set(None),
                    published_at: Set(None),
                }
                .insert(txn)
                .await?;
                tags::set_idea_tags(txn, id, TagKind::Topic, &v.topics).await?;
                tags::set_idea_tags(txn, id, TagKind::Sought, &v.sought).await?;
                tags::set_idea_tags(txn, id, TagKind::Required, &v.required).await?;
                tags::refresh_idea_activity(txn, id, now).await?;
                crate::search::index::idea(txn, id).await?;
                let m = idea::Entity::find_by_id(id)
                    .one(txn)
                    .await?
                    .ok_or(AppError::NotFound)?;
                crate::revisions::db::record(txn, &m, author, now).await?;
                Ok(())
            })
        })
        .await?;
    Ok(id)
}

/// Saves an edit by the owner or a member of the group as a new revision. `revision` is
/// the version the editor started from: the UPDATE only matches while the idea is still
/// at that revision, so of two concurrent saves from the same revision exactly one wins.
/// The other gets `Stale` (409) instead of overwriting the newer text, and is kept as the
/// member's unmerged edit, which their editor then offers to merge (`revisions`).
#[tracing::instrument(skip_all)]
pub async fn update(
    state: &AppState,
    editor: Uuid,
    id: Uuid,
    v: ValidIdea,
    revision: i32,
) -> Result<(), AppError> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    let now = state.clock.now();
    let version = crate::revisions::db::of_valid(&v);
    let saved = state
        .db
        .transaction::<_, (Notified, Vec<Uuid>), AppError>(|txn| {
            Box::pin(async move {
                let res = idea::Entity::update_many()
                    .col_expr(idea::Column::Title, Expr::value(v.title.into_inner()))
                    .col_expr(idea::Column::Teaser, Expr::value(v.teaser.into_inner()))
                    .col_expr(
                        idea::Column::Description,
                        Expr::value(v.description.into_inner()),
                    )
                    .col_expr(idea::Column::Maturity, Expr::value(v.maturity.key()))
                    .col_expr(idea::Column::Language, Expr::value(v.language.key()))
                    .col_expr(
                        idea::Column::Revision,
                        Expr::col(idea::Column::Revision).add(1),
                    )
                    .col_expr(idea::Column::UpdatedAt, Expr::value(now))
                    .filter(idea::Column::Id.eq(id))
                    .filter(idea::Column::Revision.eq(revision))
                    .exec(txn)
                    .await?;
                // Who may edit is checked after the write, in the same transaction (SQLite
                // takes its write lock at the first write); a refusal rolls it back.
                let m = idea::Entity::find_by_id(id)
                    .one(txn)
                    .await?
                    .ok_or(AppError::NotFound)?;
                crate::groups::db::access(txn, Caller::Member(editor), &m)
                    .await?
                    .edit()?;
                if res.rows_affected == 0 {
                    // Moved on since the editor opened.
                    return Err(AppError::Stale);
                }
                // The rest of the group hears of it.
                let mut notified = Notified::default();
                let mut others = Vec::new();
                if m.group_size > 1 {
                    use crate::backend::entities::idea_member;
                    use crate::notifications::db::{New, notify};
                    let members = idea_member::Entity::find()
                        .filter(idea_member::Column::IdeaId.eq(id))
                        .all(txn)
                        .await?;
                    let mut told = Vec::with_capacity(members.len() + 1);
                    for to in members.into_iter().map(|r| r.user_id).chain([m.author_id]) {
                        if to != editor {
                            others.push(to);
                        }
                        told.push(New {
                            to,
                            kind: crate::domain::NotificationKind::IdeaEdited,
                            actor: editor,
                            idea: Some(id),
                            link: format!("/ideas/{id}/history"),
                        });
                    }
                    notified = notify(txn, now, told).await?;
                }
                tags::set_idea_tags(txn, id, TagKind::Topic, &v.topics).await?;
                tags::set_idea_tags(txn, id, TagKind::Sought, &v.sought).await?;
                tags::set_idea_tags(txn, id, TagKind::Required, &v.required).await?;
                tags::refresh_idea_activity(txn, id, now).await?;
                crate::search::index::idea(txn, id).await?;
                crate::revisions::db::record(txn, &m, editor, now).await?;
                // Whatever the editor kept from an earlier stale save is merged now.
                crate::revisions::db::drop_unmerged(txn, id, editor).await?;
                Ok((notified, others))
            })
        })
        .await;
    let notified = match saved {
        Err(sea_orm::TransactionError::Transaction(AppError::Stale)) => {
            crate::revisions::db::keep_unmerged(&state.db, id, editor, revision, version, now)
                .await?;
            return Err(AppError::Stale);
        }
        other => other?,
    };
    let (notified, others) = notified;
    state.public_pages.changed();
    // The others' open editors say that the idea moved on.
    tell(state, &others, id).await;
    crate::notifications::mail::after_change(state, notified).await;
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn set_published(
    state: &AppState,
    owner: Uuid,
    id: Uuid,
    publish: bool,
) -> Result<(), AppError> {
    let m = owned(&state.db, owner, id).await?;
    // Held by moderation: only an admin's decision brings it back (or keeps it hidden).
    if m.status == IdeaStatus::Held {
        return Err(crate::domain::Refusal::Held.into());
    }
    let (st, published_at) = if publish {
        // Re-publishing keeps the first publication date: the market orders by it.
        (
            IdeaStatus::Published,
            m.published_at.or(Some(state.clock.now())),
        )
    } else {
        (IdeaStatus::Draft, m.published_at)
    };
    let now = state.clock.now();
    state
        .db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                idea::ActiveModel {
                    id: Set(id),
                    status: Set(st),
                    published_at: Set(published_at),
                    ..Default::default()
                }
                .update(txn)
                .await?;
                // A just-published idea counts as new for matching and search windows; a
                // withdrawn one leaves matching.
                tags::refresh_idea_activity(txn, id, now).await?;
                if publish {
                    crate::search::index::idea(txn, id).await?;
                }
                Ok(())
            })
        })
        .await?;
    state.public_pages.changed();
    Ok(())
}

#[tracing::instrument(skip_all)]
pub async fn delete(state: &AppState, owner: Uuid, id: Uuid) -> Result<(), AppError> {
    owned(&state.db, owner, id).await?;
    // idea_tags go with it (ON DELETE CASCADE).
    idea::Entity::delete_by_id(id).exec(&state.db).await?;
    state.public_pages.changed();
    Ok(())
}

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

#[cfg(test)]
mod tests {
    use super::parse_id;
    use crate::error::AppError;

    #[test]
    fn malformed_ids_are_not_found() {
        assert_eq!(parse_id("1 OR 1=1"), Err(AppError::NotFound));
        assert_eq!(parse_id(""), Err(AppError::NotFound));
        assert!(parse_id("67e55044-10b1-426f-9247-bb680e5fe0c8").is_ok());
    }
}
