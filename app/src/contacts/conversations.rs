//! Conversations: the inbox, one conversation, sending, and a group's conversation that
//! follows its members.

use super::{ConversationSummary, ConversationView, Inbox, MessageView, RequestView, With};
use crate::backend::AppState;
use crate::backend::entities::{contact_request, conversation, conversation_member, message};
use crate::backend::events::{Event, What};
use crate::domain::ContactRefusal;
use crate::domain::{MessageBody, NotificationKind, RequestStatus, grapheme_len};
use crate::error::AppError;
use crate::notifications::db::{New, Notified, notify};
use crate::notifications::mail;
use crate::shared::ideas::titles;
use crate::shared::people::{blocked, names};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The first characters of a message, for the list of conversations.
fn snippet(body: &str) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    const SHOWN: usize = 100;
    let line = body.lines().next().unwrap_or_default();
    if grapheme_len(line) <= SHOWN && line.len() == body.len() {
        return line.to_owned();
    }
    let cut: String = line.graphemes(true).take(SHOWN).collect();
    format!("{}…", cut.trim_end())
}

#[tracing::instrument(skip_all, fields(me = %me))]
pub async fn inbox(db: &DatabaseConnection, me: Uuid) -> Result<Inbox, AppError> {
    let waiting = contact_request::Entity::find()
        .filter(
            contact_request::Column::RecipientId
                .eq(me)
                .or(contact_request::Column::SenderId.eq(me)),
        )
        .filter(contact_request::Column::Status.eq(RequestStatus::Pending))
        .order_by_desc(contact_request::Column::CreatedAt)
        .all(db)
        .await?;
    // The member's conversations, read with their rows (the membership is a subquery).
    let mine = sea_orm::sea_query::Query::select()
        .column(conversation_member::Column::ConversationId)
        .from(conversation_member::Entity)
        .and_where(conversation_member::Column::UserId.eq(me))
        .to_owned();
    let rows: HashMap<Uuid, conversation::Model> = conversation::Entity::find()
        .filter(conversation::Column::Id.in_subquery(mine))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let ids: Vec<Uuid> = rows.keys().copied().collect();
    let others: Vec<(Uuid, Uuid)> = conversation_member::Entity::find()
        .filter(conversation_member::Column::ConversationId.is_in(ids.clone()))
        .filter(conversation_member::Column::UserId.ne(me))
        .select_only()
        .columns([
            conversation_member::Column::ConversationId,
            conversation_member::Column::UserId,
        ])
        .into_tuple()
        .all(db)
        .await?;
    let people = waiting
        .iter()
        .flat_map(|r| [r.sender_id, r.recipient_id])
        .chain(others.iter().map(|(_, u)| *u));
    let names = names(db, people).await?;
    // The ideas requests are about, and those whose groups' conversations these are.
    let idea_ids = waiting
        .iter()
        .filter_map(|r| r.idea_id)
        .chain(rows.values().filter_map(|c| c.idea_id));
    let titles = titles(db, idea_ids).await?;
    let (mut received, mut sent) = (Vec::new(), Vec::new());
    for r in waiting {
        let other = if r.sender_id == me {
            r.recipient_id
        } else {
            r.sender_id
        };
        let view = RequestView {
            id: r.id.to_string(),
            person_id: other.to_string(),
            person_name: names.get(&other).cloned().unwrap_or_default(),
            note: r.note,
            idea: r
                .idea_id
                .and_then(|i| titles.get(&i).map(|t| (i.to_string(), t.clone()))),
            sent_at: r.created_at,
        };
        if r.sender_id == me {
            sent.push(view);
        } else {
            received.push(view);
        }
    }
    // The newest message of each conversation, and how many of the others' are unread.
    let newest: Vec<message::Model> = message::Entity::find()
        .filter(
            message::Column::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .expr(message::Column::Id.max())
                    .from(message::Entity)
                    .and_where(message::Column::ConversationId.is_in(ids.clone()))
                    .group_by_col(message::Column::ConversationId)
                    .to_owned(),
            ),
        )
        .all(db)
        .await?;
    let newest: HashMap<Uuid, message::Model> =
        newest.into_iter().map(|m| (m.conversation_id, m)).collect();
    // Unread: the others' messages after what the member has seen, per conversation.
    let mut sql = crate::backend::sql::Sql::new(db.get_database_backend());
    sql.push(
        "SELECT m.conversation_id AS id, COUNT(*) AS n FROM messages m \
         JOIN conversation_members cm ON cm.conversation_id = m.conversation_id AND cm.user_id = ",
    )
    .bind(me)
    .push(" WHERE m.id > cm.read_up_to AND m.author_id <> ")
    .bind(me)
    .push(" GROUP BY m.conversation_id");
    let unread: HashMap<Uuid, i64> = db
        .query_all_raw(sql.statement())
        .await?
        .iter()
        .map(|r| Ok((r.try_get("", "id")?, r.try_get("", "n")?)))
        .collect::<Result<_, sea_orm::DbErr>>()?;
    let mut conversations = Vec::new();
    for c in rows.values() {
        let unread = u64::try_from(unread.get(&c.id).copied().unwrap_or(0)).unwrap_or(0);
        let with_them: Vec<Uuid> = others
            .iter()
            .filter(|(conversation, _)| *conversation == c.id)
            .map(|(_, u)| *u)
            .collect();
        let Some(with) = with(c, &with_them, &names, &titles) else {
            continue;
        };
        // A group's conversation is listed before anyone wrote in it.
        let (last, last_at) = match newest.get(&c.id) {
            Some(m) => (snippet(&m.body), m.created_at),
            None if c.idea_id.is_some() => (String::new(), c.created_at),
            None => continue,
        };
        conversations.push(ConversationSummary {
            id: c.id.to_string(),
            with,
            last,
            last_at,
            unread,
        });
    }
    conversations.sort_by(|a, b| b.last_at.cmp(&a.last_at).then(b.id.cmp(&a.id)));
    Ok(Inbox {
        received,
        sent,
        conversations,
    })
}

/// The caller's place in a conversation (how far they have read) and everyone else in it —
/// the other member, or the rest of a group — in one read; anyone not in it gets "not
/// found".
async fn members<C: ConnectionTrait>(
    db: &C,
    me: Uuid,
    id: Uuid,
) -> Result<(i64, Vec<Uuid>), AppError> {
    let rows: Vec<(Uuid, i64)> = conversation_member::Entity::find()
        .filter(conversation_member::Column::ConversationId.eq(id))
        .order_by_asc(conversation_member::Column::UserId)
        .select_only()
        .column(conversation_member::Column::UserId)
        .column(conversation_member::Column::ReadUpTo)
        .into_tuple()
        .all(db)
        .await?;
    let read = rows
        .iter()
        .find(|(user, _)| *user == me)
        .map(|(_, read)| *read)
        .ok_or(AppError::NotFound)?;
    let others = rows
        .into_iter()
        .filter(|(user, _)| *user != me)
        .map(|(user, _)| user)
        .collect();
    Ok((read, others))
}

/// The titles of the ideas whose groups' conversations these are.
async fn group_titles<'a, C: ConnectionTrait>(
    db: &C,
    rows: impl IntoIterator<Item = &'a conversation::Model>,
) -> Result<HashMap<Uuid, String>, AppError> {
    titles(db, rows.into_iter().filter_map(|c| c.idea_id)).await
}

/// Who the conversation is with, as the list and the page name them.
fn with(
    c: &conversation::Model,
    others: &[Uuid],
    names: &HashMap<Uuid, String>,
    titles: &HashMap<Uuid, String>,
) -> Option<With> {
    let name = |id: &Uuid| names.get(id).cloned().unwrap_or_default();
    match c.idea_id {
        Some(idea) => Some(With::Group {
            idea_id: idea.to_string(),
            title: titles.get(&idea).cloned().unwrap_or_default(),
            members: others.iter().map(|u| (u.to_string(), name(u))).collect(),
        }),
        None => Some(others.first().map_or(With::Gone, |u| With::Person {
            id: u.to_string(),
            name: name(u),
        })),
    }
}

async fn load<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<conversation::Model, AppError> {
    conversation::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Whether `me` may write to the conversation: anyone in a group's; between two members,
/// while neither has blocked the other.
async fn may_write<C: ConnectionTrait>(
    db: &C,
    me: Uuid,
    c: &conversation::Model,
    others: &[Uuid],
) -> Result<bool, AppError> {
    match (c.idea_id, others.first()) {
        (Some(_), _) => Ok(true),
        (None, Some(other)) => Ok(!blocked(db, me, *other).await?),
        (None, None) => Ok(false),
    }
}

/// Seats `user` in the conversation of the idea's group (made when the first partner
/// joins). Earlier messages are there to read, not counted as unread.
pub async fn join_group_talk<C: ConnectionTrait>(
    db: &C,
    idea: Uuid,
    user: Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    use sea_orm::sea_query::OnConflict;
    conversation::Entity::insert(conversation::ActiveModel {
        id: Set(idea),
        pair_key: Set(None),
        created_at: Set(now),
        last_message_at: Set(now),
        idea_id: Set(Some(idea)),
    })
    .on_conflict(
        OnConflict::column(conversation::Column::Id)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    let seen: Option<i64> = message::Entity::find()
        .filter(message::Column::ConversationId.eq(idea))
        .select_only()
        .expr(message::Column::Id.max())
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten();
    conversation_member::Entity::insert(conversation_member::ActiveModel {
        conversation_id: Set(idea),
        user_id: Set(user),
        read_up_to: Set(seen.unwrap_or(0)),
    })
    .on_conflict(
        OnConflict::columns([
            conversation_member::Column::ConversationId,
            conversation_member::Column::UserId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Whoever leaves a group no longer reads or writes its conversation.
pub async fn leave_group_talk<C: ConnectionTrait>(
    db: &C,
    idea: Uuid,
    user: Uuid,
) -> Result<(), AppError> {
    conversation_member::Entity::delete_by_id((idea, user))
        .exec(db)
        .await?;
    Ok(())
}

#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn conversation(
    state: &AppState,
    me: Uuid,
    id: Uuid,
) -> Result<ConversationView, AppError> {
    let db = &state.db;
    let (read, others) = members(db, me, id).await?;
    let c = load(db, id).await?;
    let titles = group_titles(db, [&c]).await?;
    let rows = message::Entity::find()
        .filter(message::Column::ConversationId.eq(id))
        .order_by_asc(message::Column::Id)
        .all(db)
        .await?;
    // Authors who have since left a group keep their names on what they wrote.
    let people = rows
        .iter()
        .map(|m| m.author_id)
        .chain(others.iter().copied());
    let names = names(db, people).await?;
    let held = crate::moderation::db::held_among(
        db,
        crate::domain::ReportTarget::Message,
        rows.iter().map(|m| m.id.to_string()),
    )
    .await?;
    // Marked read only when there is something new (a page seen twice writes nothing).
    if let Some(last) = rows.last().filter(|last| last.id > read) {
        conversation_member::Entity::update_many()
            .col_expr(conversation_member::Column::ReadUpTo, Expr::value(last.id))
            .filter(conversation_member::Column::ConversationId.eq(id))
            .filter(conversation_member::Column::UserId.eq(me))
            .filter(conversation_member::Column::ReadUpTo.lt(last.id))
            .exec(db)
            .await?;
    }
    // Read here, the notification of its messages is read too.
    crate::notifications::db::read_link(state, me, &format!("/me/messages/{id}")).await?;
    Ok(ConversationView {
        id: id.to_string(),
        with: with(&c, &others, &names, &titles).ok_or(AppError::NotFound)?,
        messages: rows
            .into_iter()
            .map(|m| {
                let held = held.contains(&m.id.to_string());
                MessageView {
                    id: m.id,
                    author_name: names.get(&m.author_id).cloned(),
                    held,
                    mine: m.author_id == me,
                    body: if held { String::new() } else { m.body },
                    at: m.created_at,
                }
            })
            .collect(),
        can_write: may_write(db, me, &c, &others).await?,
    })
}

#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn send(state: &AppState, me: Uuid, id: Uuid, body: MessageBody) -> Result<(), AppError> {
    let now = state.clock.now();
    let (others, notified) = state
        .db
        .transaction::<_, (Vec<Uuid>, Notified), AppError>(|txn| {
            Box::pin(async move {
                let (_, others) = members(txn, me, id).await?;
                let c = load(txn, id).await?;
                if !may_write(txn, me, &c, &others).await? {
                    return Err(ContactRefusal::Blocked.into());
                }
                let m = message::ActiveModel {
                    conversation_id: Set(id),
                    author_id: Set(me),
                    body: Set(body.into_inner()),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(txn)
                .await?;
                conversation::Entity::update_many()
                    .col_expr(conversation::Column::LastMessageAt, Expr::value(now))
                    .filter(conversation::Column::Id.eq(id))
                    .exec(txn)
                    .await?;
                conversation_member::Entity::update_many()
                    .col_expr(conversation_member::Column::ReadUpTo, Expr::value(m.id))
                    .filter(conversation_member::Column::ConversationId.eq(id))
                    .filter(conversation_member::Column::UserId.eq(me))
                    .exec(txn)
                    .await?;
                let told: Vec<New> = others
                    .iter()
                    .map(|&to| New {
                        to,
                        kind: NotificationKind::Message,
                        actor: me,
                        idea: c.idea_id,
                        link: format!("/me/messages/{id}"),
                    })
                    .collect();
                let notified = notify(txn, now, told).await?;
                Ok((others, notified))
            })
        })
        .await?;
    // The writer's own other pages hear it too.
    let heard: Vec<Event> = others
        .into_iter()
        .chain([me])
        .map(|to| Event {
            to,
            what: What::Message(id),
        })
        .collect();
    state.events.publish(&state.db, heard).await;
    mail::after_change(state, notified).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snippet_is_the_first_line_cut_at_a_character() {
        assert_eq!(snippet("Hallo"), "Hallo");
        assert_eq!(snippet("one\ntwo"), "one…");
        let long = "ü".repeat(150);
        assert_eq!(snippet(&long), format!("{}…", "ü".repeat(100)));
    }
}
