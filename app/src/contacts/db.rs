use super::ContactState;
use crate::backend::AppState;
use crate::backend::entities::{
    block, contact_request, conversation, conversation_member, idea, message, profile,
};
use crate::backend::events::{Event, What};
use crate::domain::ContactRefusal;
use crate::domain::{Contact, IdeaStatus, NotificationKind, RequestNote, RequestStatus};
use crate::error::AppError;
use crate::notifications::db::{New, Notified, notify};
use crate::notifications::mail;
use crate::shared::people::blocked;
use chrono::Duration;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QuerySelect, Set, SqlErr, TransactionTrait,
};
use uuid::Uuid;

/// The same key for both directions between two members.
pub fn pair_key(a: Uuid, b: Uuid) -> String {
    let (low, high) = if a < b { (a, b) } else { (b, a) };
    format!("{low}:{high}")
}

pub(super) async fn conversation_of_pair<C: ConnectionTrait>(
    db: &C,
    a: Uuid,
    b: Uuid,
) -> Result<Option<Uuid>, AppError> {
    Ok(conversation::Entity::find()
        .filter(conversation::Column::PairKey.eq(pair_key(a, b)))
        .select_only()
        .column(conversation::Column::Id)
        .into_tuple()
        .one(db)
        .await?)
}

/// In the caller's transaction, after `claim_sender` and the insert: refuses once the
/// day's contact requests and group invitations, the new one included, pass the limit
/// (the transaction rolls back, nothing is sent).
pub async fn within_day<C: ConnectionTrait>(
    db: &C,
    me: Uuid,
    now: chrono::DateTime<chrono::Utc>,
    per_day: u32,
) -> Result<(), AppError> {
    use crate::backend::entities::group_invitation;
    let since = now - Duration::hours(24);
    let requests = contact_request::Entity::find()
        .filter(contact_request::Column::SenderId.eq(me))
        .filter(contact_request::Column::CreatedAt.gt(since))
        .count(db)
        .await?;
    let invitations = group_invitation::Entity::find()
        .filter(group_invitation::Column::InviterId.eq(me))
        .filter(group_invitation::Column::CreatedAt.gt(since))
        .count(db)
        .await?;
    crate::domain::within_daily_limit(requests + invitations, per_day)?;
    Ok(())
}

/// The first write of a transaction that sends a request or an invitation: locks the
/// sender's row (SQLite takes its write lock, PostgreSQL the row lock), so that two sends
/// of one member at the same moment are counted one after the other.
pub async fn claim_sender<C: ConnectionTrait>(db: &C, me: Uuid) -> Result<(), AppError> {
    use crate::backend::entities::user;
    user::Entity::update_many()
        .col_expr(user::Column::Role, Expr::col(user::Column::Role))
        .filter(user::Column::Id.eq(me))
        .exec(db)
        .await?;
    Ok(())
}

/// The facts `domain::Contact` decides on, for `me` contacting `other`.
pub async fn contact<C: ConnectionTrait>(
    db: &C,
    me: Uuid,
    other: Uuid,
) -> Result<Contact, AppError> {
    Ok(pair(db, me, other).await?.contact)
}

/// What stands between two members, read once: the rules' facts, and the requests and
/// conversation they came from.
struct Pair {
    contact: Contact,
    /// The other's request to me that waits for my answer.
    request_to_me: Option<Uuid>,
    conversation: Option<Uuid>,
}

async fn pair<C: ConnectionTrait>(db: &C, me: Uuid, other: Uuid) -> Result<Pair, AppError> {
    let policy = profile::Entity::find_by_id(other)
        .select_only()
        .column(profile::Column::ContactPolicy)
        .into_tuple::<crate::domain::ContactPolicy>()
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    // Every request either of them sent the other (a pair has a handful at most).
    let requests: Vec<(Uuid, Uuid, RequestStatus)> = contact_request::Entity::find()
        .filter(contact_request::Column::PairKey.eq(pair_key(me, other)))
        .select_only()
        .columns([
            contact_request::Column::Id,
            contact_request::Column::SenderId,
            contact_request::Column::Status,
        ])
        .into_tuple()
        .all(db)
        .await?;
    let conversation = conversation_of_pair(db, me, other).await?;
    Ok(Pair {
        contact: Contact {
            is_self: me == other,
            blocked: blocked(db, me, other).await?,
            policy: Some(policy),
            recipient_asked_first: requests.iter().any(|r| r.1 == other),
            pending: requests.iter().any(|r| r.2 == RequestStatus::Pending),
            connected: conversation.is_some(),
        },
        request_to_me: requests
            .iter()
            .find(|r| r.1 == other && r.2 == RequestStatus::Pending)
            .map(|r| r.0),
        conversation,
    })
}

#[tracing::instrument(skip_all, fields(me = %me, other = %other))]
pub async fn state(
    db: &DatabaseConnection,
    me: Uuid,
    other: Uuid,
) -> Result<ContactState, AppError> {
    let pair = pair(db, me, other).await?;
    let blocked_by_me = pair.contact.blocked
        && block::Entity::find_by_id((me, other))
            .one(db)
            .await?
            .is_some();
    let theirs = idea::Entity::find()
        .filter(idea::Column::AuthorId.eq(other))
        .filter(idea::Column::Status.eq(IdeaStatus::Published));
    let ideas = crate::shared::ideas::choices(db, theirs).await?;
    Ok(ContactState {
        refusal: pair.contact.may_request().err(),
        conversation: pair.conversation.map(|id| id.to_string()),
        request_to_me: pair.request_to_me.map(|id| id.to_string()),
        blocked_by_me,
        ideas,
    })
}

#[tracing::instrument(skip_all, fields(me = %me, to = %to))]
pub async fn request(
    state: &AppState,
    me: Uuid,
    to: Uuid,
    note: RequestNote,
    idea_id: Option<Uuid>,
) -> Result<(), AppError> {
    let db = &state.db;
    contact(db, me, to).await?.may_request()?;
    if let Some(id) = idea_id {
        // Only one of the recipient's published ideas.
        let theirs = idea::Entity::find_by_id(id)
            .filter(idea::Column::AuthorId.eq(to))
            .filter(idea::Column::Status.eq(IdeaStatus::Published))
            .count(db)
            .await?;
        if theirs == 0 {
            return Err(AppError::NotFound);
        }
    }
    let now = state.clock.now();
    let per_day = state.contact_requests_per_day;
    let request = contact_request::ActiveModel {
        id: Set(Uuid::new_v4()),
        sender_id: Set(me),
        recipient_id: Set(to),
        pair_key: Set(pair_key(me, to)),
        idea_id: Set(idea_id),
        note: Set(note.into_inner()),
        status: Set(RequestStatus::Pending),
        created_at: Set(now),
        answered_at: Set(None),
    };
    let told = New {
        to,
        kind: NotificationKind::RequestReceived,
        actor: me,
        idea: idea_id,
        link: "/me/messages".to_owned(),
    };
    let notified = db
        .transaction::<_, Notified, AppError>(|txn| {
            Box::pin(async move {
                claim_sender(txn, me).await?;
                match request.insert(txn).await {
                    Ok(_) => {}
                    // Sent twice at the same moment: the one-pending-per-pair index refused
                    // the second.
                    Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                        return Err(ContactRefusal::Pending.into());
                    }
                    Err(e) => return Err(e.into()),
                }
                within_day(txn, me, now, per_day).await?;
                notify(txn, now, [told]).await
            })
        })
        .await?;
    let heard = Event {
        to,
        what: What::Request,
    };
    state.events.publish(db, [heard]).await;
    mail::after_change(state, notified).await;
    Ok(())
}

/// Answers a request sent to `me`; on acceptance, the conversation it opened.
#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn answer(
    state: &AppState,
    me: Uuid,
    id: Uuid,
    accept: bool,
) -> Result<Option<Uuid>, AppError> {
    let now = state.clock.now();
    let (sender, conversation, notified) = state
        .db
        .transaction::<_, (Uuid, Option<Uuid>, Notified), AppError>(|txn| {
            Box::pin(async move {
                let r = contact_request::Entity::find_by_id(id)
                    .one(txn)
                    .await?
                    .filter(|r| r.recipient_id == me)
                    .ok_or(AppError::NotFound)?;
                let status = if accept {
                    RequestStatus::Accepted
                } else {
                    RequestStatus::Declined
                };
                // Only a waiting request changes, once, even if answered twice at once.
                let done = contact_request::Entity::update_many()
                    .col_expr(contact_request::Column::Status, Expr::value(status))
                    .col_expr(contact_request::Column::AnsweredAt, Expr::value(now))
                    .filter(contact_request::Column::Id.eq(id))
                    .filter(contact_request::Column::Status.eq(RequestStatus::Pending))
                    .exec(txn)
                    .await?;
                if done.rows_affected != 1 {
                    return Err(ContactRefusal::Answered.into());
                }
                if !accept {
                    return Ok((r.sender_id, None, Notified::default()));
                }
                if blocked(txn, me, r.sender_id).await? {
                    return Err(ContactRefusal::Blocked.into());
                }
                let conversation = match conversation_of_pair(txn, me, r.sender_id).await? {
                    Some(c) => c,
                    None => {
                        let c = Uuid::new_v4();
                        conversation::ActiveModel {
                            id: Set(c),
                            pair_key: Set(Some(r.pair_key.clone())),
                            created_at: Set(now),
                            last_message_at: Set(r.created_at),
                            idea_id: Set(None),
                        }
                        .insert(txn)
                        .await?;
                        c
                    }
                };
                // The request's note opens the conversation, as its sender's first message.
                let first = message::ActiveModel {
                    conversation_id: Set(conversation),
                    author_id: Set(r.sender_id),
                    body: Set(r.note.clone()),
                    created_at: Set(r.created_at),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
                for user in [me, r.sender_id] {
                    // Both have read it: one wrote it, the other answered it.
                    conversation_member::Entity::insert(conversation_member::ActiveModel {
                        conversation_id: Set(conversation),
                        user_id: Set(user),
                        read_up_to: Set(first.id),
                    })
                    .on_conflict(
                        sea_orm::sea_query::OnConflict::columns([
                            conversation_member::Column::ConversationId,
                            conversation_member::Column::UserId,
                        ])
                        .update_column(conversation_member::Column::ReadUpTo)
                        .to_owned(),
                    )
                    .exec(txn)
                    .await?;
                }
                let told = New {
                    to: r.sender_id,
                    kind: NotificationKind::RequestAccepted,
                    actor: me,
                    idea: r.idea_id,
                    link: format!("/me/messages/{conversation}"),
                };
                let notified = notify(txn, now, [told]).await?;
                Ok((r.sender_id, Some(conversation), notified))
            })
        })
        .await?;
    let heard = Event {
        to: sender,
        what: What::Request,
    };
    state.events.publish(&state.db, [heard]).await;
    mail::after_change(state, notified).await;
    Ok(conversation)
}

/// Blocking also declines whatever request waits between the two.
#[tracing::instrument(skip_all, fields(me = %me, other = %other))]
pub async fn set_block(state: &AppState, me: Uuid, other: Uuid, on: bool) -> Result<(), AppError> {
    if me == other {
        return Err(ContactRefusal::Yourself.into());
    }
    let now = state.clock.now();
    state
        .db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                profile::Entity::find_by_id(other)
                    .one(txn)
                    .await?
                    .ok_or(AppError::NotFound)?;
                if !on {
                    block::Entity::delete_by_id((me, other)).exec(txn).await?;
                    return Ok(());
                }
                block::Entity::insert(block::ActiveModel {
                    blocker_id: Set(me),
                    blocked_id: Set(other),
                    created_at: Set(now),
                })
                .on_conflict(
                    sea_orm::sea_query::OnConflict::columns([
                        block::Column::BlockerId,
                        block::Column::BlockedId,
                    ])
                    .do_nothing()
                    .to_owned(),
                )
                .exec_without_returning(txn)
                .await?;
                contact_request::Entity::update_many()
                    .col_expr(
                        contact_request::Column::Status,
                        Expr::value(RequestStatus::Declined),
                    )
                    .col_expr(contact_request::Column::AnsweredAt, Expr::value(now))
                    .filter(contact_request::Column::PairKey.eq(pair_key(me, other)))
                    .filter(contact_request::Column::Status.eq(RequestStatus::Pending))
                    .exec(txn)
                    .await?;
                Ok(())
            })
        })
        .await
        .map_err(Into::into)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pair_has_one_key_whoever_asks() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert_eq!(pair_key(a, b), pair_key(b, a));
        assert_ne!(pair_key(a, b), pair_key(a, Uuid::from_u128(3)));
    }
}
