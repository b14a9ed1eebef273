use super::{CommentView, Comments};
use crate::backend::entities::{comment, idea};
use crate::backend::{AppState, markdown};
use crate::domain::Caller;
use crate::domain::CommentRefusal;
use crate::domain::{CommentBody, IdeaStatus, NotificationKind};
use crate::error::AppError;
use crate::notifications::db::{New, notify};
use crate::shared::Person;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

/// At most this many comments are shown on one idea (oldest first).
const SHOWN: u64 = 500;

/// The idea, if the member may see it at all (someone else's draft is not found).
async fn visible<C: ConnectionTrait>(db: &C, me: Uuid, id: Uuid) -> Result<idea::Model, AppError> {
    let m = crate::backend::memo::idea(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::shared::ideas::access(db, Caller::Member(me), &m)
        .await?
        .view()?;
    Ok(m)
}

#[tracing::instrument(skip_all, fields(me = %me, idea_id = %idea_id))]
pub async fn list(db: &DatabaseConnection, me: Uuid, idea_id: Uuid) -> Result<Comments, AppError> {
    let m = visible(db, me, idea_id).await?;
    let rows = comment::Entity::find()
        .filter(comment::Column::IdeaId.eq(idea_id))
        .order_by_asc(comment::Column::CreatedAt)
        .order_by_asc(comment::Column::Id)
        .limit(SHOWN)
        .all(db)
        .await?;
    let names = crate::shared::people::names(db, rows.iter().map(|r| r.author_id)).await?;
    let held = crate::moderation::db::held_among(
        db,
        crate::domain::ReportTarget::Comment,
        rows.iter().map(|r| r.id.to_string()),
    )
    .await?;
    let view = |r: &comment::Model| {
        let deleted = r.deleted_at.is_some();
        let is_held = held.contains(&r.id.to_string());
        let name = names.get(&r.author_id);
        CommentView {
            id: r.id.to_string(),
            author: name.filter(|_| !deleted).map(|name| Person {
                id: r.author_id.to_string(),
                name: name.clone(),
            }),
            by_deleted_member: !deleted && name.is_none(),
            held: is_held && !deleted,
            body_html: if deleted || is_held {
                String::new()
            } else {
                markdown::render(&r.body)
            },
            own_text: (!deleted && r.author_id == me).then(|| r.body.clone()),
            created_at: r.created_at,
            edited: r.edited_at.is_some(),
            deleted,
            replies: Vec::new(),
        }
    };
    let count = rows.iter().filter(|r| r.deleted_at.is_none()).count();
    let mut threads: Vec<CommentView> = rows
        .iter()
        .filter(|r| r.parent_id.is_none())
        .map(view)
        .collect();
    for r in rows.iter().filter(|r| r.parent_id.is_some()) {
        let parent = r.parent_id.map(|p| p.to_string());
        if let Some(t) = threads.iter_mut().find(|t| Some(&t.id) == parent.as_ref()) {
            t.replies.push(view(r));
        }
    }
    Ok(Comments {
        idea_id: idea_id.to_string(),
        threads,
        count,
        open: m.status == IdeaStatus::Published,
    })
}

/// Writes a comment (or reply) and tells the idea's owner and the author replied to.
#[tracing::instrument(skip_all, fields(me = %me, idea_id = %idea_id))]
pub async fn post(
    state: &AppState,
    me: Uuid,
    idea_id: Uuid,
    parent: Option<Uuid>,
    body: CommentBody,
) -> Result<Uuid, AppError> {
    let now = state.clock.now();
    let id = Uuid::new_v4();
    let notified = state
        .db
        .transaction::<_, crate::notifications::db::Notified, AppError>(|txn| {
            Box::pin(async move {
                let m = visible(txn, me, idea_id).await?;
                if m.status != IdeaStatus::Published {
                    return Err(CommentRefusal::NotPublished.into());
                }
                // One level of replies: answering a reply answers its thread.
                let parent = match parent {
                    None => None,
                    Some(p) => {
                        let p = comment::Entity::find_by_id(p)
                            .one(txn)
                            .await?
                            .filter(|c| c.idea_id == idea_id)
                            .ok_or(AppError::NotFound)?;
                        let root = match p.parent_id {
                            Some(root) => comment::Entity::find_by_id(root)
                                .one(txn)
                                .await?
                                .ok_or(AppError::NotFound)?,
                            None => p,
                        };
                        if root.deleted_at.is_some() {
                            return Err(CommentRefusal::CommentDeleted.into());
                        }
                        Some(root)
                    }
                };
                comment::ActiveModel {
                    id: Set(id),
                    idea_id: Set(idea_id),
                    author_id: Set(me),
                    parent_id: Set(parent.as_ref().map(|p| p.id)),
                    body: Set(body.into_inner()),
                    created_at: Set(now),
                    edited_at: Set(None),
                    deleted_at: Set(None),
                }
                .insert(txn)
                .await?;
                let link = format!("/ideas/{idea_id}#c-{id}");
                // A member who blocked the commenter (or was blocked) hears nothing of it.
                let blocked = crate::shared::people::blocked_either_way(txn, me).await?;
                let told = [Some(m.author_id), parent.map(|p| p.author_id)]
                    .into_iter()
                    .flatten()
                    .filter(|to| !blocked.contains(to))
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .map(|to| New {
                        to,
                        kind: NotificationKind::Comment,
                        actor: me,
                        idea: Some(idea_id),
                        link: link.clone(),
                    });
                notify(txn, now, told).await
            })
        })
        .await?;
    crate::notifications::mail::after_change(state, notified).await;
    Ok(id)
}

/// The author's own comment, still there to change.
async fn own<C: ConnectionTrait>(db: &C, me: Uuid, id: Uuid) -> Result<comment::Model, AppError> {
    let c = comment::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    // Someone else's comment on an idea hidden from the member is not found either.
    visible(db, me, c.idea_id).await?;
    if c.author_id != me {
        return Err(AppError::Forbidden);
    }
    if c.deleted_at.is_some() {
        return Err(CommentRefusal::CommentDeleted.into());
    }
    Ok(c)
}

/// Changes the text; returns the idea the comment is on.
#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn edit(
    state: &AppState,
    me: Uuid,
    id: Uuid,
    body: CommentBody,
) -> Result<Uuid, AppError> {
    let c = own(&state.db, me, id).await?;
    comment::ActiveModel {
        id: Set(id),
        body: Set(body.into_inner()),
        edited_at: Set(Some(state.clock.now())),
        ..Default::default()
    }
    .update(&state.db)
    .await?;
    Ok(c.idea_id)
}

/// Deletes the comment, or, if it has replies, empties it and marks it deleted. A deleted
/// comment's last reply going takes the empty comment with it.
#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn delete(state: &AppState, me: Uuid, id: Uuid) -> Result<Uuid, AppError> {
    let now = state.clock.now();
    let idea = state
        .db
        .transaction::<_, Uuid, AppError>(|txn| {
            Box::pin(async move {
                let c = own(txn, me, id).await?;
                let replies = |parent: Uuid| {
                    comment::Entity::find()
                        .filter(comment::Column::ParentId.eq(parent))
                        .count(txn)
                };
                if replies(id).await? > 0 {
                    comment::ActiveModel {
                        id: Set(id),
                        body: Set(String::new()),
                        deleted_at: Set(Some(now)),
                        ..Default::default()
                    }
                    .update(txn)
                    .await?;
                    return Ok(c.idea_id);
                }
                comment::Entity::delete_by_id(id).exec(txn).await?;
                if let Some(parent) = c.parent_id {
                    let emptied = comment::Entity::find_by_id(parent)
                        .one(txn)
                        .await?
                        .is_some_and(|p| p.deleted_at.is_some());
                    if emptied && replies(parent).await? == 0 {
                        comment::Entity::delete_by_id(parent).exec(txn).await?;
                    }
                }
                Ok(c.idea_id)
            })
        })
        .await?;
    Ok(idea)
}
