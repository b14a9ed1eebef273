//! Deleting a member's account ("delete my profile and all related data at any time"):
//! every row that belongs to or names the member goes, in one transaction.
//!
//! Most rows go with the `users` row (`ON DELETE CASCADE`) or forget who did something
//! (`SET NULL`). What the rest of the community still needs stays, without the member:
//! their messages and comments are re-signed by `DELETED_MEMBER` ("deleted member"), an
//! idea with a group is handed over or removed as the member chose, and the groups and
//! workshops they leave count their seats again. `REFERENCES` says how each column that
//! points at `users` is handled; a test compares it with the schema and fails for a table
//! added later until it is listed here.

use super::{Farewell, GroupIdea};
use crate::backend::AppState;
use crate::backend::entities::{
    comment, conversation, conversation_member, hold, idea, idea_member, match_dismissal, message,
    notification, report, user,
};
use crate::domain::{IdeaFate, MatchTarget, ReportTarget, UserRole};
use crate::error::AppError;
use crate::notifications::db::Notified;
use crate::shared::DELETED_MEMBER;
use crate::shared::Person;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect,
    TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// How deleting a member treats a column that references `users`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handling {
    /// The row goes with the member (`ON DELETE CASCADE`).
    Cascade,
    /// The row stays and forgets who it was (`ON DELETE SET NULL`).
    SetNull,
    /// The row stays for the others, signed by `DELETED_MEMBER`.
    ToDeletedMember,
    /// `erase` decides first (hand over, leave, free a seat); the rest cascades.
    Explicit,
}

/// Every (table, column) that references `users`, and how deletion handles it.
pub const REFERENCES: &[(&str, &str, Handling)] = {
    use Handling::*;
    &[
        ("audit_log", "actor_id", SetNull),
        ("audit_log", "target_user_id", SetNull),
        ("blocks", "blocked_id", Cascade),
        ("blocks", "blocker_id", Cascade),
        ("comments", "author_id", ToDeletedMember),
        ("contact_requests", "recipient_id", Cascade),
        ("contact_requests", "sender_id", Cascade),
        ("conversation_members", "user_id", Explicit),
        ("digests", "user_id", Cascade),
        ("email_tokens", "user_id", Cascade),
        ("feedback", "user_id", Cascade),
        ("group_invitations", "invitee_id", Cascade),
        ("group_invitations", "inviter_id", Cascade),
        ("holds", "author_id", Explicit),
        ("idea_members", "user_id", Explicit),
        ("idea_revisions", "editor_id", SetNull),
        ("ideas", "author_id", Explicit),
        ("juror_conflicts", "user_id", Cascade),
        ("juror_ties", "user_id", Cascade),
        ("jurors", "user_id", Cascade),
        ("match_dismissals", "user_id", Cascade),
        ("messages", "author_id", ToDeletedMember),
        ("notification_settings", "user_id", Cascade),
        ("notifications", "actor_id", SetNull),
        ("notifications", "user_id", Cascade),
        ("profile_search", "user_id", Cascade),
        ("profile_tags", "user_id", Cascade),
        ("profiles", "user_id", Cascade),
        ("progress_updates", "author_id", SetNull),
        ("reports", "author_id", Explicit),
        ("reports", "reporter_id", Cascade),
        ("retrospectives", "edited_by", SetNull),
        ("scores", "user_id", Cascade),
        ("submission_approvals", "user_id", Cascade),
        ("submission_versions", "edited_by", SetNull),
        ("unmerged_edits", "user_id", Cascade),
        ("workshop_signups", "user_id", Explicit),
    ]
};

/// Makes sure the `DELETED_MEMBER` row exists (at every start; it is never shown).
pub async fn ensure_deleted_member(db: &DatabaseConnection) -> Result<(), sea_orm::DbErr> {
    let long_ago = chrono::DateTime::UNIX_EPOCH;
    user::Entity::insert(user::ActiveModel {
        id: Set(DELETED_MEMBER),
        // Not an address: no login and no registration can name it.
        email: Set("deleted-member".to_owned()),
        // Not a hash: no password verifies against it.
        password_hash: Set("!".to_owned()),
        // Confirmed, so the removal of unconfirmed accounts leaves it alone.
        email_verified_at: Set(Some(long_ago)),
        created_at: Set(long_ago),
        ui_language: Set(None),
        security_stamp: Set("!".to_owned()),
        role: Set(UserRole::Member),
        terms_accepted_at: Set(None),
        suspended_at: Set(None),
    })
    .on_conflict(OnConflict::column(user::Column::Id).do_nothing().to_owned())
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// What deleting the account will do: the page lists it and asks about each idea that
/// has a group.
pub async fn farewell(db: &DatabaseConnection, me: Uuid) -> Result<Farewell, AppError> {
    let owned: Vec<(Uuid, String, i32)> = idea::Entity::find()
        .filter(idea::Column::AuthorId.eq(me))
        .select_only()
        .columns([
            idea::Column::Id,
            idea::Column::Title,
            idea::Column::GroupSize,
        ])
        .into_tuple()
        .all(db)
        .await?;
    let grouped: Vec<Uuid> = owned
        .iter()
        .filter(|(_, _, size)| *size > 1)
        .map(|(id, _, _)| *id)
        .collect();
    let seats: Vec<(Uuid, Uuid)> = idea_member::Entity::find()
        .filter(idea_member::Column::IdeaId.is_in(grouped))
        .select_only()
        .columns([idea_member::Column::IdeaId, idea_member::Column::UserId])
        .into_tuple()
        .all(db)
        .await?;
    let names = crate::shared::people::names(db, seats.iter().map(|(_, u)| *u)).await?;
    let joined_ids: Vec<Uuid> = idea_member::Entity::find()
        .filter(idea_member::Column::UserId.eq(me))
        .select_only()
        .column(idea_member::Column::IdeaId)
        .into_tuple()
        .all(db)
        .await?;
    let joined = crate::shared::ideas::titles(db, joined_ids).await?;
    let mut farewell = Farewell::default();
    for (id, title, size) in owned {
        if size > 1 {
            let members = seats
                .iter()
                .filter(|(idea, _)| *idea == id)
                .map(|(_, u)| Person {
                    id: u.to_string(),
                    name: names.get(u).cloned().unwrap_or_default(),
                })
                .collect();
            farewell.with_group.push(GroupIdea {
                id: id.to_string(),
                title,
                members,
            });
        } else {
            farewell.alone.push((id.to_string(), title));
        }
    }
    farewell.joined = joined
        .into_iter()
        .map(|(id, title)| (id.to_string(), title))
        .collect();
    for list in [&mut farewell.alone, &mut farewell.joined] {
        list.sort_by(|a, b| a.1.cmp(&b.1));
    }
    farewell.with_group.sort_by(|a, b| a.title.cmp(&b.title));
    Ok(farewell)
}

/// Deletes the member and everything that names them, in one transaction. `fates` holds
/// the member's choice for each idea they own with a group (checked against `farewell`);
/// if a group changed since, nothing happens and the caller is asked to look again.
#[tracing::instrument(skip_all, fields(me = %me))]
pub async fn erase(
    state: &AppState,
    me: Uuid,
    fates: HashMap<Uuid, IdeaFate>,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let notified = state
        .db
        .transaction::<_, Notified, AppError>(|txn| {
            Box::pin(async move {
                // The member's row first, before anything is read: two erasures of one
                // account (two servers' jobs at once) then run one after the other, and the
                // second finds it gone (SQLite: the write lock, not a stale snapshot's
                // "database is locked"; PostgreSQL: the row lock).
                let held = user::Entity::update_many()
                    .col_expr(user::Column::Role, Expr::col(user::Column::Role))
                    .filter(user::Column::Id.eq(me))
                    .exec(txn)
                    .await?;
                if held.rows_affected == 0 {
                    return Err(AppError::NotFound);
                }
                let grouped: Vec<Uuid> = idea::Entity::find()
                    .filter(idea::Column::AuthorId.eq(me))
                    .filter(idea::Column::GroupSize.gt(1))
                    .select_only()
                    .column(idea::Column::Id)
                    .into_tuple()
                    .all(txn)
                    .await?;
                if grouped.len() != fates.len() || grouped.iter().any(|i| !fates.contains_key(i)) {
                    return Err(AppError::GroupsChanged);
                }
                for (&idea_id, fate) in &fates {
                    match fate {
                        IdeaFate::Remove => {
                            idea::Entity::delete_by_id(idea_id).exec(txn).await?;
                        }
                        IdeaFate::HandOver(member) => {
                            let member =
                                Uuid::parse_str(member).map_err(|_| AppError::GroupsChanged)?;
                            // The chosen member left the group meanwhile: ask again.
                            if !crate::groups::db::pass_idea(txn, idea_id, me, member, now).await? {
                                return Err(AppError::GroupsChanged);
                            }
                        }
                    }
                }
                // The groups the member is in (now including those just handed over).
                let joined: Vec<Uuid> = idea_member::Entity::find()
                    .filter(idea_member::Column::UserId.eq(me))
                    .select_only()
                    .column(idea_member::Column::IdeaId)
                    .into_tuple()
                    .all(txn)
                    .await?;
                for idea_id in joined {
                    crate::groups::db::leave_in(txn, idea_id, me).await?;
                }
                let notified = crate::workshops::db::leave_upcoming(txn, me, now).await?;
                // What the others still need keeps its place, signed "deleted member".
                message::Entity::update_many()
                    .col_expr(message::Column::AuthorId, Expr::value(DELETED_MEMBER))
                    .filter(message::Column::AuthorId.eq(me))
                    .exec(txn)
                    .await?;
                comment::Entity::update_many()
                    .col_expr(comment::Column::AuthorId, Expr::value(DELETED_MEMBER))
                    .filter(comment::Column::AuthorId.eq(me))
                    .exec(txn)
                    .await?;
                // Their held or reported words stay held, or in the queue, as the deleted
                // member's (their ideas' holds and reports go with the ideas).
                let words = [ReportTarget::Comment, ReportTarget::Message];
                hold::Entity::update_many()
                    .col_expr(hold::Column::AuthorId, Expr::value(DELETED_MEMBER))
                    .filter(hold::Column::AuthorId.eq(me))
                    .filter(hold::Column::TargetKind.is_in(words))
                    .exec(txn)
                    .await?;
                report::Entity::update_many()
                    .col_expr(report::Column::AuthorId, Expr::value(DELETED_MEMBER))
                    .filter(report::Column::AuthorId.eq(me))
                    .filter(report::Column::TargetKind.is_in(words))
                    .exec(txn)
                    .await?;
                // One-to-one conversations: the pair's key names the member; the other
                // keeps the conversation (with a deleted member) until they are gone too.
                let talks: Vec<Uuid> = conversation_member::Entity::find()
                    .filter(conversation_member::Column::UserId.eq(me))
                    .select_only()
                    .column(conversation_member::Column::ConversationId)
                    .into_tuple()
                    .all(txn)
                    .await?;
                conversation::Entity::update_many()
                    .col_expr(
                        conversation::Column::PairKey,
                        Expr::value(Option::<String>::None),
                    )
                    .filter(conversation::Column::Id.is_in(talks.clone()))
                    .filter(conversation::Column::IdeaId.is_null())
                    .exec(txn)
                    .await?;
                // Others' traces of the member: suggestions of them dismissed, and links
                // to them in notifications (the rest of those only lose their actor).
                match_dismissal::Entity::delete_many()
                    .filter(match_dismissal::Column::TargetKind.eq(MatchTarget::Person))
                    .filter(match_dismissal::Column::TargetId.eq(me))
                    .exec(txn)
                    .await?;
                notification::Entity::delete_many()
                    .filter(notification::Column::Link.contains(me.to_string()))
                    .exec(txn)
                    .await?;
                let gone = user::Entity::delete_by_id(me).exec(txn).await?;
                if gone.rows_affected != 1 {
                    return Err(AppError::NotFound);
                }
                // Conversations nobody is left in.
                let emptied: Vec<Uuid> = conversation_member::Entity::find()
                    .filter(conversation_member::Column::ConversationId.is_in(talks.clone()))
                    .select_only()
                    .column(conversation_member::Column::ConversationId)
                    .into_tuple()
                    .all(txn)
                    .await?;
                conversation::Entity::delete_many()
                    .filter(conversation::Column::Id.is_in(talks))
                    .filter(conversation::Column::Id.is_not_in(emptied))
                    .filter(conversation::Column::IdeaId.is_null())
                    .exec(txn)
                    .await?;
                Ok(notified)
            })
        })
        .await?;
    crate::notifications::mail::after_change(state, notified).await;
    // Their ideas, names and profile leave the public pages.
    state.public_pages.changed();
    Ok(())
}
