use super::{NotificationView, Notifications};
use crate::backend::AppState;
use crate::backend::entities::{notification, notification_setting};
use crate::backend::events::{Event, What};
use crate::domain::{Delivery, NotificationKind};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// How many notifications the page lists.
const SHOWN: u64 = 50;

/// A notification to record.
#[derive(Debug, Clone)]
pub struct New {
    pub to: Uuid,
    pub kind: NotificationKind,
    pub actor: Uuid,
    pub idea: Option<Uuid>,
    pub link: String,
}

/// The members a change notified: after its commit, `mail::after_change` tells their open
/// pages and mails them.
#[must_use]
#[derive(Debug, Default)]
pub struct Notified(pub Vec<Uuid>);

/// Records notifications, in the caller's transaction. A kind that coalesces adds nothing
/// while one of the same kind and link is unread; nobody is told of their own doing.
pub async fn notify<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    items: impl IntoIterator<Item = New>,
) -> Result<Notified, AppError> {
    let mut notified = Notified::default();
    for n in items {
        if n.to == n.actor {
            continue;
        }
        if n.kind.coalesces() {
            let waiting = notification::Entity::find()
                .filter(notification::Column::UserId.eq(n.to))
                .filter(notification::Column::Kind.eq(n.kind))
                .filter(notification::Column::Link.eq(n.link.as_str()))
                .filter(notification::Column::ReadAt.is_null())
                .count(db)
                .await?;
            if waiting > 0 {
                continue;
            }
        }
        notification::ActiveModel {
            user_id: Set(n.to),
            kind: Set(n.kind),
            actor_id: Set(Some(n.actor)),
            idea_id: Set(n.idea),
            link: Set(n.link),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        notified.0.push(n.to);
    }
    Ok(notified)
}

/// How many of the member's notifications are unread (the header's count).
pub async fn unread<C: ConnectionTrait>(db: &C, me: Uuid) -> Result<u64, AppError> {
    Ok(notification::Entity::find()
        .filter(notification::Column::UserId.eq(me))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// Marks what leads to `link` read: the member has seen it there. The member's other pages
/// hear that their count changed.
pub async fn read_link(state: &AppState, me: Uuid, link: &str) -> Result<(), AppError> {
    let read = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(state.clock.now()))
        .filter(notification::Column::UserId.eq(me))
        .filter(notification::Column::Link.eq(link))
        .filter(notification::Column::ReadAt.is_null())
        .exec(&state.db)
        .await?;
    if read.rows_affected > 0 {
        read_elsewhere(state, me).await;
    }
    Ok(())
}

/// Tells the member's open pages that notifications were read (their count changed).
async fn read_elsewhere(state: &AppState, me: Uuid) {
    let heard = Event {
        to: me,
        what: What::Notification,
    };
    state.events.publish(&state.db, [heard]).await;
}

/// Each kind with the member's delivery choice (the kind's default where none was made).
pub async fn settings<C: ConnectionTrait>(
    db: &C,
    me: Uuid,
) -> Result<Vec<(NotificationKind, Delivery)>, AppError> {
    let chosen: HashMap<String, Delivery> = notification_setting::Entity::find()
        .filter(notification_setting::Column::UserId.eq(me))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.kind, s.delivery))
        .collect();
    Ok(NotificationKind::ALL
        .iter()
        .map(|k| {
            let d = chosen
                .get(k.key())
                .copied()
                .unwrap_or_else(|| k.default_delivery());
            (*k, d)
        })
        .collect())
}

/// The newest notifications as they were, then all marked read.
#[tracing::instrument(skip_all, fields(me = %me))]
pub async fn open(state: &AppState, me: Uuid) -> Result<Notifications, AppError> {
    let (db, now) = (&state.db, state.clock.now());
    let rows = notification::Entity::find()
        .filter(notification::Column::UserId.eq(me))
        .order_by_desc(notification::Column::Id)
        .limit(SHOWN)
        .all(db)
        .await?;
    let names = crate::shared::people::names(db, rows.iter().filter_map(|r| r.actor_id)).await?;
    let titles = crate::shared::ideas::titles(db, rows.iter().filter_map(|r| r.idea_id)).await?;
    if rows.iter().any(|r| r.read_at.is_none()) {
        notification::Entity::update_many()
            .col_expr(notification::Column::ReadAt, Expr::value(now))
            .filter(notification::Column::UserId.eq(me))
            .filter(notification::Column::ReadAt.is_null())
            .exec(db)
            .await?;
        read_elsewhere(state, me).await;
    }
    let items = rows
        .into_iter()
        .map(|r| NotificationView {
            kind: r.kind,
            actor: r.actor_id.and_then(|a| names.get(&a).cloned()),
            idea: r.idea_id.and_then(|i| titles.get(&i).cloned()),
            link: r.link,
            at: r.created_at,
            unread: r.read_at.is_none(),
        })
        .collect();
    Ok(Notifications {
        items,
        settings: settings(db, me).await?,
    })
}

#[tracing::instrument(skip_all, fields(me = %me))]
pub async fn save_settings(
    db: &DatabaseConnection,
    me: Uuid,
    choices: &[(NotificationKind, Delivery)],
) -> Result<(), AppError> {
    let choices = choices.to_vec();
    db.transaction::<_, (), AppError>(|txn| {
        Box::pin(async move {
            for (kind, delivery) in choices {
                notification_setting::Entity::delete_by_id((me, kind.key().to_owned()))
                    .exec(txn)
                    .await?;
                notification_setting::ActiveModel {
                    user_id: Set(me),
                    kind: Set(kind.key().to_owned()),
                    delivery: Set(delivery),
                }
                .insert(txn)
                .await?;
            }
            Ok(())
        })
    })
    .await
    .map_err(AppError::from)
}
