use super::QueueItem;
use crate::backend::AppState;
use crate::backend::auth::new_security_stamp;
use crate::backend::entities::{
    comment, conversation_member, hold, idea, message, profile, report, user,
};
use crate::backend::tags;
use crate::domain::ModerationRefusal;
use crate::domain::moderation::{Decision, held_by_reports, may_report, strongest};
use crate::domain::{AuditAction, HoldCause, IdeaStatus, ReportReason, ReportStatus, ReportTarget};
use crate::error::AppError;
use crate::shared::Person;
use crate::shared::audit::{self, Entry};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr, TransactionTrait,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// How many pieces of reported content the queue shows at once.
const QUEUE: usize = 100;

pub use crate::domain::moderation::Target;

/// Whether the content is held (hidden pending review).
pub async fn is_held<C: ConnectionTrait>(db: &C, t: Target) -> Result<bool, AppError> {
    Ok(!causes(db, t).await?.is_empty())
}

/// `is_held` as an expression, for a read that wants it beside its own columns.
pub fn held_expr(t: Target) -> sea_orm::sea_query::SimpleExpr {
    use sea_orm::sea_query::Query;
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(hold::Entity)
            .and_where(hold::Column::TargetKind.eq(t.kind()))
            .and_where(hold::Column::TargetId.eq(t.key()))
            .to_owned(),
    )
}

/// Why the content is held: every cause that holds it (none: it is not).
async fn causes<C: ConnectionTrait>(db: &C, t: Target) -> Result<Vec<HoldCause>, AppError> {
    Ok(hold::Entity::find()
        .filter(hold::Column::TargetKind.eq(t.kind()))
        .filter(hold::Column::TargetId.eq(t.key()))
        .select_only()
        .column(hold::Column::Cause)
        .into_tuple()
        .all(db)
        .await?)
}

/// Which of `keys` (of one kind) are held.
pub async fn held_among<C: ConnectionTrait>(
    db: &C,
    kind: ReportTarget,
    keys: impl IntoIterator<Item = String>,
) -> Result<HashSet<String>, AppError> {
    let keys: Vec<String> = keys.into_iter().collect();
    if keys.is_empty() {
        return Ok(HashSet::new());
    }
    Ok(hold::Entity::find()
        .filter(hold::Column::TargetKind.eq(kind))
        .filter(hold::Column::TargetId.is_in(keys))
        .select_only()
        .column(hold::Column::TargetId)
        .into_tuple::<String>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// The author of content `me` can see, else "not found" (a draft, someone else's
/// conversation, something deleted).
async fn author_of<C: ConnectionTrait>(db: &C, me: Uuid, t: Target) -> Result<Uuid, AppError> {
    let author = match t {
        Target::Idea(id) => idea::Entity::find_by_id(id)
            .one(db)
            .await?
            .filter(|i| i.status == IdeaStatus::Published)
            .map(|i| i.author_id),
        Target::Profile(id) => profile::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|p| p.user_id),
        Target::Comment(id) => match comment::Entity::find_by_id(id).one(db).await? {
            Some(c) if c.deleted_at.is_none() => idea::Entity::find_by_id(c.idea_id)
                .one(db)
                .await?
                .filter(|i| i.status == IdeaStatus::Published)
                .map(|_| c.author_id),
            _ => None,
        },
        Target::Message(id) => match message::Entity::find_by_id(id).one(db).await? {
            Some(m) => conversation_member::Entity::find_by_id((m.conversation_id, me))
                .one(db)
                .await?
                .map(|_| m.author_id),
            None => None,
        },
    };
    // A deleted member's words have nobody left to answer for them.
    author
        .filter(|a| *a != crate::shared::DELETED_MEMBER)
        .ok_or(AppError::NotFound)
}

/// Who owns the content now, whoever it was reported against (`None`: it is gone).
async fn owner_now<C: ConnectionTrait>(db: &C, t: Target) -> Result<Option<Uuid>, AppError> {
    Ok(match t {
        Target::Idea(id) => idea::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|i| i.author_id),
        Target::Profile(id) => Some(id),
        Target::Comment(id) => comment::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|c| c.author_id),
        Target::Message(id) => message::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|m| m.author_id),
    })
}

/// Records a member's report; with enough open reports the content is held at once
/// (then `true`).
#[tracing::instrument(skip_all, fields(me = %me))]
pub async fn report(
    state: &AppState,
    me: Uuid,
    target: Target,
    reason: ReportReason,
) -> Result<bool, AppError> {
    let now = state.clock.now();
    let threshold = state.reports_to_hide;
    let grown_before = now - state.report_account_age;
    let held = state
        .db
        .transaction::<_, bool, AppError>(|txn| {
            Box::pin(async move {
                let author = author_of(txn, me, target).await?;
                let already = report::Entity::find()
                    .filter(report::Column::ReporterId.eq(me))
                    .filter(report::Column::TargetKind.eq(target.kind()))
                    .filter(report::Column::TargetId.eq(target.key()))
                    .one(txn)
                    .await?
                    .is_some();
                may_report(author == me, already)?;
                let row = report::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    reporter_id: Set(me),
                    target_kind: Set(target.kind()),
                    target_id: Set(target.key()),
                    author_id: Set(author),
                    reason: Set(reason.into_inner()),
                    status: Set(ReportStatus::Open),
                    created_at: Set(now),
                    resolved_at: Set(None),
                };
                match report::Entity::insert(row)
                    .exec_without_returning(txn)
                    .await
                {
                    Ok(_) => {}
                    // The same member twice at once: the unique index refused the second.
                    Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                        return Err(ModerationRefusal::AlreadyReported.into());
                    }
                    Err(e) => return Err(e.into()),
                }
                let open = counting_reports(txn, target, grown_before).await?;
                let held = causes(txn, target).await?;
                if held_by_reports(open, threshold) && !held.contains(&HoldCause::Reports) {
                    hold_content(txn, target, author, HoldCause::Reports, now).await?;
                    return Ok(held.is_empty());
                }
                Ok(false)
            })
        })
        .await?;
    if held {
        state.public_pages.changed();
    }
    Ok(held)
}

/// The open reports on `target` that count towards holding it: from confirmed members whose
/// account was made before `grown_before` (ten throwaway accounts hide nothing). The unique
/// index on (reporter, target) keeps it to one per member. Admins see every report.
async fn counting_reports<C: ConnectionTrait>(
    db: &C,
    target: Target,
    grown_before: DateTime<Utc>,
) -> Result<u64, AppError> {
    use sea_orm::sea_query::{ExprTrait, Query};
    let grown = Query::select()
        .column(user::Column::Id)
        .from(user::Entity)
        .and_where(Expr::col(user::Column::EmailVerifiedAt).is_not_null())
        .and_where(Expr::col(user::Column::CreatedAt).lte(grown_before))
        .to_owned();
    Ok(report::Entity::find()
        .filter(report::Column::TargetKind.eq(target.kind()))
        .filter(report::Column::TargetId.eq(target.key()))
        .filter(report::Column::Status.eq(ReportStatus::Open))
        .filter(report::Column::ReporterId.in_subquery(grown))
        .count(db)
        .await?)
}

/// Adds a cause that holds the content, in the caller's transaction; the first cause
/// hides it.
pub async fn hold_content<C: ConnectionTrait>(
    db: &C,
    t: Target,
    author: Uuid,
    cause: HoldCause,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let before = causes(db, t).await?;
    if before.contains(&cause) {
        return Ok(());
    }
    hold::Entity::insert(hold::ActiveModel {
        target_kind: Set(t.kind()),
        target_id: Set(t.key()),
        author_id: Set(author),
        cause: Set(cause),
        created_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            hold::Column::TargetKind,
            hold::Column::TargetId,
            hold::Column::Cause,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    if before.is_empty() {
        follow_hold(db, t, true, now).await?;
    }
    Ok(())
}

/// Lifts one cause, in the caller's transaction; the content shows again once none is
/// left (an admin's hide outlives a reinstatement, a suspension a dismissal).
pub async fn release<C: ConnectionTrait>(
    db: &C,
    t: Target,
    cause: HoldCause,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let gone = hold::Entity::delete_many()
        .filter(hold::Column::TargetKind.eq(t.kind()))
        .filter(hold::Column::TargetId.eq(t.key()))
        .filter(hold::Column::Cause.eq(cause))
        .exec(db)
        .await?;
    if gone.rows_affected > 0 && causes(db, t).await?.is_empty() {
        follow_hold(db, t, false, now).await?;
    }
    Ok(())
}

/// What holding or releasing changes beyond the hold itself: an idea's status (public
/// lists filter on it) and who matching may suggest.
async fn follow_hold<C: ConnectionTrait>(
    db: &C,
    t: Target,
    held: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    match t {
        Target::Idea(id) => {
            let (from, to) = if held {
                (IdeaStatus::Published, IdeaStatus::Held)
            } else {
                (IdeaStatus::Held, IdeaStatus::Published)
            };
            idea::Entity::update_many()
                .col_expr(idea::Column::Status, Expr::value(to.key()))
                .filter(idea::Column::Id.eq(id))
                .filter(idea::Column::Status.eq(from))
                .exec(db)
                .await?;
            tags::refresh_idea_activity(db, id, now).await?;
        }
        Target::Profile(id) => tags::refresh_profile_activity(db, id, now).await?,
        Target::Comment(_) | Target::Message(_) => {}
    }
    Ok(())
}

/// Suspends a member: no login, every session ends, their published ideas and their
/// profile are held.
pub async fn suspend<C: ConnectionTrait>(
    db: &C,
    admin: Uuid,
    member: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if member == admin || member == crate::shared::DELETED_MEMBER {
        return Err(AppError::Forbidden);
    }
    let done = user::Entity::update_many()
        .col_expr(user::Column::SuspendedAt, Expr::value(now))
        .col_expr(
            user::Column::SecurityStamp,
            Expr::value(new_security_stamp()),
        )
        .filter(user::Column::Id.eq(member))
        .filter(user::Column::SuspendedAt.is_null())
        .exec(db)
        .await?;
    if done.rows_affected == 0 {
        // Already suspended (or no such member): nothing more to do.
        return Ok(());
    }
    let ideas: Vec<Uuid> = idea::Entity::find()
        .filter(idea::Column::AuthorId.eq(member))
        .filter(idea::Column::Status.eq(IdeaStatus::Published))
        .select_only()
        .column(idea::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    for id in ideas {
        hold_content(db, Target::Idea(id), member, HoldCause::Suspension, now).await?;
    }
    if profile::Entity::find_by_id(member).one(db).await?.is_some() {
        hold_content(
            db,
            Target::Profile(member),
            member,
            HoldCause::Suspension,
            now,
        )
        .await?;
    }
    audit::record(
        db,
        admin,
        Entry::about_member(AuditAction::Suspended, member, ""),
        now,
    )
    .await
}

/// Lifts a suspension: the member may log in again, and what the suspension held is
/// released (holds from reports or admins stay).
pub async fn reinstate<C: ConnectionTrait>(
    db: &C,
    admin: Uuid,
    member: Uuid,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let done = user::Entity::update_many()
        .col_expr(
            user::Column::SuspendedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(user::Column::Id.eq(member))
        .filter(user::Column::SuspendedAt.is_not_null())
        .exec(db)
        .await?;
    if done.rows_affected == 0 {
        return Ok(());
    }
    let held: Vec<(ReportTarget, String)> = hold::Entity::find()
        .filter(hold::Column::AuthorId.eq(member))
        .filter(hold::Column::Cause.eq(HoldCause::Suspension))
        .select_only()
        .columns([hold::Column::TargetKind, hold::Column::TargetId])
        .into_tuple()
        .all(db)
        .await?;
    for (kind, key) in held {
        release(
            db,
            Target::parse(kind, &key).ok_or(AppError::NotFound)?,
            HoldCause::Suspension,
            now,
        )
        .await?;
    }
    audit::record(
        db,
        admin,
        Entry::about_member(AuditAction::Reinstated, member, ""),
        now,
    )
    .await
}

/// An admin's decision on reported content, with its audit entry, in one transaction.
#[tracing::instrument(skip_all, fields(admin = %admin))]
pub async fn decide(
    state: &AppState,
    admin: Uuid,
    target: Target,
    decision: Decision,
) -> Result<(), AppError> {
    let now = state.clock.now();
    state
        .db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                let reports = report::Entity::find()
                    .filter(report::Column::TargetKind.eq(target.kind()))
                    .filter(report::Column::TargetId.eq(target.key()))
                    .all(txn)
                    .await?;
                if reports.is_empty() {
                    return Err(AppError::NotFound);
                }
                // Whose it is now (an idea may have been handed over since it was reported).
                let author = owner_now(txn, target)
                    .await?
                    .unwrap_or(reports[0].author_id);
                let outcome = match decision {
                    Decision::Dismiss => ReportStatus::Dismissed,
                    Decision::Hide | Decision::Suspend => ReportStatus::Upheld,
                };
                report::Entity::update_many()
                    .col_expr(report::Column::Status, Expr::value(outcome.key()))
                    .col_expr(report::Column::ResolvedAt, Expr::value(now))
                    .filter(report::Column::TargetKind.eq(target.kind()))
                    .filter(report::Column::TargetId.eq(target.key()))
                    .filter(report::Column::Status.eq(ReportStatus::Open))
                    .exec(txn)
                    .await?;
                let (add, lift) = decision.causes();
                if let Some(cause) = add {
                    hold_content(txn, target, author, cause, now).await?;
                }
                release(txn, target, lift, now).await?;
                let action = match decision {
                    Decision::Dismiss => AuditAction::ReportsDismissed,
                    Decision::Hide | Decision::Suspend => AuditAction::ContentHidden,
                };
                audit::record(
                    txn,
                    admin,
                    Entry::about_content(action, target, author),
                    now,
                )
                .await?;
                if decision == Decision::Suspend {
                    suspend(txn, admin, author, now).await?;
                }
                Ok(())
            })
        })
        .await?;
    state.public_pages.changed();
    Ok(())
}

/// Content with open reports, most reported first.
#[tracing::instrument(skip_all)]
pub async fn queue(db: &DatabaseConnection) -> Result<Vec<QueueItem>, AppError> {
    let open = report::Entity::find()
        .filter(report::Column::Status.eq(ReportStatus::Open))
        .order_by_asc(report::Column::CreatedAt)
        .limit(5_000)
        .all(db)
        .await?;
    let mut by_target: HashMap<(ReportTarget, String), Vec<report::Model>> = HashMap::new();
    for r in open {
        by_target
            .entry((r.target_kind, r.target_id.clone()))
            .or_default()
            .push(r);
    }
    let mut targets: Vec<((ReportTarget, String), Vec<report::Model>)> =
        by_target.into_iter().collect();
    targets.sort_by(|a, b| {
        b.1.len()
            .cmp(&a.1.len())
            .then(a.1[0].created_at.cmp(&b.1[0].created_at))
    });
    targets.truncate(QUEUE);
    let authors: Vec<Uuid> = targets.iter().map(|(_, r)| r[0].author_id).collect();
    let names = crate::shared::people::names(db, authors.iter().copied()).await?;
    let suspended: HashSet<Uuid> = user::Entity::find()
        .filter(user::Column::Id.is_in(authors))
        .filter(user::Column::SuspendedAt.is_not_null())
        .select_only()
        .column(user::Column::Id)
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let mut items = Vec::with_capacity(targets.len());
    for ((kind, key), reports) in targets {
        let author = reports[0].author_id;
        let target = Target::parse(kind, &key).ok_or(AppError::NotFound)?;
        let (excerpt, link) = excerpt(db, target).await?;
        let held = strongest(&causes(db, target).await?);
        items.push(QueueItem {
            kind,
            target_id: key,
            author: Person {
                id: author.to_string(),
                name: names.get(&author).cloned().unwrap_or_default(),
            },
            excerpt,
            link,
            reports: reports
                .into_iter()
                .map(|r| (r.reason, r.created_at))
                .collect(),
            held,
            author_suspended: suspended.contains(&author),
        });
    }
    Ok(items)
}

/// What the admin reads of reported content, and where it is shown.
async fn excerpt(db: &DatabaseConnection, t: Target) -> Result<(String, Option<String>), AppError> {
    Ok(match t {
        Target::Idea(id) => match idea::Entity::find_by_id(id).one(db).await? {
            Some(i) => (
                format!("{}\n{}", i.title, i.teaser),
                Some(format!("/ideas/{id}")),
            ),
            None => (String::new(), None),
        },
        Target::Profile(id) => match profile::Entity::find_by_id(id).one(db).await? {
            Some(p) => (
                format!("{}\n{}", p.display_name, p.bio),
                Some(format!("/profiles/{id}")),
            ),
            None => (String::new(), None),
        },
        Target::Comment(id) => match comment::Entity::find_by_id(id).one(db).await? {
            Some(c) => (c.body, Some(format!("/ideas/{}#c-{id}", c.idea_id))),
            None => (String::new(), None),
        },
        Target::Message(id) => (
            message::Entity::find_by_id(id)
                .one(db)
                .await?
                .map(|m| m.body)
                .unwrap_or_default(),
            None,
        ),
    })
}
