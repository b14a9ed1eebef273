//! Members as other features name them.

use serde::{Deserialize, Serialize};
use uuid::Uuid;
#[cfg(feature = "ssr")]
use {
    crate::backend::entities::{block, profile},
    crate::error::AppError,
    sea_orm::sea_query::ExprTrait,
    sea_orm::{
        ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
    },
    std::collections::HashMap,
};

/// The author of what deleted members wrote: a `users` row nobody can log in as (it has
/// no address and no password) and nobody sees (it has no profile). Pages name it
/// "deleted member".
pub const DELETED_MEMBER: Uuid = Uuid::nil();

/// A member as lists show them: a group, an audit entry, a jury.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
}

#[cfg(feature = "ssr")]
/// Display names of members, by id.
pub async fn names<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    Ok(profile::Entity::find()
        .filter(profile::Column::UserId.is_in(ids))
        .select_only()
        .columns([profile::Column::UserId, profile::Column::DisplayName])
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

#[cfg(feature = "ssr")]
/// Whether either member has blocked the other.
pub async fn blocked<C: ConnectionTrait>(db: &C, a: Uuid, b: Uuid) -> Result<bool, AppError> {
    let n = block::Entity::find()
        .filter(
            (block::Column::BlockerId
                .eq(a)
                .and(block::Column::BlockedId.eq(b)))
            .or(block::Column::BlockerId
                .eq(b)
                .and(block::Column::BlockedId.eq(a))),
        )
        .count(db)
        .await?;
    Ok(n > 0)
}

#[cfg(feature = "ssr")]
/// Everyone `me` has blocked or is blocked by: never shown to each other.
pub async fn blocked_either_way<C: ConnectionTrait>(
    db: &C,
    me: Uuid,
) -> Result<Vec<Uuid>, AppError> {
    let mut ids: Vec<Uuid> = block::Entity::find()
        .filter(block::Column::BlockerId.eq(me))
        .select_only()
        .column(block::Column::BlockedId)
        .into_tuple()
        .all(db)
        .await?;
    ids.extend(
        block::Entity::find()
            .filter(block::Column::BlockedId.eq(me))
            .select_only()
            .column(block::Column::BlockerId)
            .into_tuple::<Uuid>()
            .all(db)
            .await?,
    );
    Ok(ids)
}
