use super::{FeedbackItem, FeedbackList};
use crate::backend::AppState;
use crate::backend::entities::feedback;
use crate::domain::FeedbackText;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::shared::Person;
use leptos_i18n::Locale as _;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, TransactionTrait,
};
use uuid::Uuid;

/// How many admins see on a page, newest first.
const PAGE: u64 = 50;

/// The same words again within this long are folded into the first (nothing stored).
const FOLD_DAYS: i64 = 7;

pub async fn store(
    state: &AppState,
    from: Option<Uuid>,
    body: FeedbackText,
    lang: Locale,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let again = feedback::Entity::find()
        .filter(feedback::Column::Body.eq(body.as_str()))
        .filter(feedback::Column::CreatedAt.gt(now - chrono::Duration::days(FOLD_DAYS)))
        .one(&state.db)
        .await?;
    if again.is_some() {
        // Sent before: the admins have it already.
        return Ok(());
    }
    feedback::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(from),
        body: Set(body.into_inner()),
        language: Set(lang.as_str().to_owned()),
        created_at: Set(now),
        read_at: Set(None),
    }
    .insert(&state.db)
    .await?;
    Ok(())
}

pub async fn newest(db: &DatabaseConnection, page: u64) -> Result<FeedbackList, AppError> {
    let mut rows = feedback::Entity::find()
        .order_by_desc(feedback::Column::CreatedAt)
        .order_by_desc(feedback::Column::Id)
        .offset((page - 1).saturating_mul(PAGE))
        .limit(PAGE + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > PAGE;
    rows.truncate(PAGE as usize);
    let unread = feedback::Entity::find()
        .filter(feedback::Column::ReadAt.is_null())
        .count(db)
        .await?;
    let names = crate::shared::people::names(db, rows.iter().filter_map(|r| r.user_id)).await?;
    let items = rows
        .into_iter()
        .map(|r| FeedbackItem {
            id: r.id.to_string(),
            from: r.user_id.map(|u| Person {
                id: u.to_string(),
                name: names.get(&u).cloned().unwrap_or_default(),
            }),
            body: r.body,
            language: r.language,
            at: r.created_at,
            read: r.read_at.is_some(),
        })
        .collect();
    Ok(FeedbackList {
        items,
        page,
        more,
        unread,
    })
}

/// Marks feedback read, with the admin's audit entry in the same transaction.
pub async fn mark_read(state: &AppState, admin: Uuid, id: Uuid) -> Result<(), AppError> {
    let now = state.clock.now();
    state
        .db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                let done = feedback::Entity::update_many()
                    .col_expr(feedback::Column::ReadAt, Expr::value(now))
                    .filter(feedback::Column::Id.eq(id))
                    .filter(feedback::Column::ReadAt.is_null())
                    .exec(txn)
                    .await?;
                if done.rows_affected == 0 {
                    // Read already (nothing to log), or no such feedback.
                    return match feedback::Entity::find_by_id(id).one(txn).await? {
                        Some(_) => Ok(()),
                        None => Err(AppError::NotFound),
                    };
                }
                let entry = crate::shared::audit::Entry::about_record(
                    crate::domain::AuditAction::FeedbackRead,
                    id,
                    "",
                );
                crate::shared::audit::record(txn, admin, entry, now).await
            })
        })
        .await
        .map_err(AppError::from)
}
