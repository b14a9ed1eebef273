use super::FeedbackItem;
use crate::backend::AppState;
use crate::backend::entities::feedback;
use crate::domain::FeedbackText;
use crate::error::AppError;
use crate::groups::Person;
use crate::i18n::Locale;
use leptos_i18n::Locale as _;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

/// How many admins see at once, newest first.
const SHOWN: u64 = 200;

pub async fn store(
    state: &AppState,
    from: Option<Uuid>,
    body: FeedbackText,
    lang: Locale,
) -> Result<(), AppError> {
    feedback::ActiveModel {
        id: Set(Uuid::new_v4()),
        user_id: Set(from),
        body: Set(body.into_inner()),
        language: Set(lang.as_str().to_owned()),
        created_at: Set(state.clock.now()),
        read_at: Set(None),
    }
    .insert(&state.db)
    .await?;
    Ok(())
}

pub async fn newest(db: &DatabaseConnection) -> Result<Vec<FeedbackItem>, AppError> {
    let rows = feedback::Entity::find()
        .order_by_desc(feedback::Column::CreatedAt)
        .order_by_desc(feedback::Column::Id)
        .limit(SHOWN)
        .all(db)
        .await?;
    let names = crate::contacts::names(db, rows.iter().filter_map(|r| r.user_id)).await?;
    Ok(rows
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
        .collect())
}

pub async fn mark_read(state: &AppState, id: Uuid) -> Result<(), AppError> {
    let done = feedback::Entity::update_many()
        .col_expr(feedback::Column::ReadAt, Expr::value(state.clock.now()))
        .filter(feedback::Column::Id.eq(id))
        .filter(feedback::Column::ReadAt.is_null())
        .exec(&state.db)
        .await?;
    if done.rows_affected == 0
        && feedback::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .is_none()
    {
        return Err(AppError::NotFound);
    }
    Ok(())
}
