use super::{IdeaForm, IdeaView, MarketData, MarketFilter, MyIdea, PAGE_SIZE};
use crate::backend::entities::{idea, tag};
use crate::backend::tags;
use crate::backend::{AppState, Viewer, markdown};
use crate::domain::Caller;
use crate::domain::idea::ValidIdea;
use crate::domain::{IdeaStatus, Tag, TagKind};
use crate::error::AppError;
use crate::notifications::db::Notified;
use crate::shared::access::IdeaAccess;
use crate::shared::ideas::{author_names, card, cards, tell};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use uuid::Uuid;

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
    use crate::backend::sql::Sql;
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
            crate::backend::sql::same_region(sql, "p.region", r);
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
            let window = crate::search::ranked::ranked(
                db,
                &crate::search::ranked::IDEAS,
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
                crate::backend::sql::browse(db, &from, order, filters, (page, PAGE_SIZE)).await?;
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

/// The one place that decides what of an idea a viewer sees.
#[tracing::instrument(skip_all, fields(id = %id))]
pub async fn view(state: &AppState, viewer: &Viewer, id: Uuid) -> Result<IdeaView, AppError> {
    let db = &state.db;
    let m = crate::backend::memo::idea(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let st = m.status;
    let access = crate::shared::ideas::access(db, viewer.caller(), &m)
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
    crate::shared::ideas::access(db, Caller::Member(owner), &m)
        .await?
        .change()?;
    Ok(m)
}

#[tracing::instrument(skip_all, fields(id = %id))]
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
    crate::shared::ideas::access(db, viewer.caller(), &m)
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
#[tracing::instrument(skip_all, fields(author = %author))]
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

#[tracing::instrument(skip_all, fields(author = %author))]
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
#[tracing::instrument(skip_all, fields(editor = %editor, id = %id))]
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
                crate::shared::ideas::access(txn, Caller::Member(editor), &m)
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

#[tracing::instrument(skip_all, fields(owner = %owner, id = %id))]
pub async fn set_published(
    state: &AppState,
    owner: Uuid,
    id: Uuid,
    publish: bool,
) -> Result<(), AppError> {
    let m = owned(&state.db, owner, id).await?;
    // Held by moderation: only an admin's decision brings it back (or keeps it hidden).
    if m.status == IdeaStatus::Held {
        return Err(crate::domain::ModerationRefusal::Held.into());
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

#[tracing::instrument(skip_all, fields(owner = %owner, id = %id))]
pub async fn delete(state: &AppState, owner: Uuid, id: Uuid) -> Result<(), AppError> {
    owned(&state.db, owner, id).await?;
    // idea_tags go with it (ON DELETE CASCADE).
    idea::Entity::delete_by_id(id).exec(&state.db).await?;
    state.public_pages.changed();
    Ok(())
}
