//! Members as other features name them.

use serde::{Deserialize, Serialize};
use uuid::Uuid;
#[cfg(feature = "ssr")]
use {
    crate::backend::entities::block,
    crate::error::AppError,
    sea_orm::sea_query::ExprTrait,
    sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter},
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
/// Display names of members, by id (read once per page: `backend::memo`).
pub async fn names<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, AppError> {
    Ok(crate::backend::memo::names(db, ids)
        .await?
        .into_iter()
        .map(|(id, name)| (id, name.display_name))
        .collect())
}

#[cfg(feature = "ssr")]
/// Whether either member has blocked the other.
pub async fn blocked<C: ConnectionTrait>(db: &C, a: Uuid, b: Uuid) -> Result<bool, AppError> {
    // A page asks this of several people and panels: it reads `a`'s blocks once.
    if crate::backend::memo::on_page() {
        return Ok(blocked_either_way(db, a).await?.contains(&b));
    }
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
    Ok(crate::backend::memo::blocked_either_way(db, me).await?)
}
