//! Reads that several parts of one page repeat — an idea's row, a member's place in its
//! group, members' names — made once while that page renders. The idea page's panels (the
//! idea, its group, comments, progress, people who could help) each check access on their
//! own, as they must when a browser calls them alone; on one page they share each read.
//!
//! Only a page (a GET) has a memo: a server function posted as an action may change what it
//! read, so it always reads afresh. The server provides one per request (`RequestMemo`).

use super::entities::{block, idea, idea_member, idea_tag, profile, tag};
use sea_orm::sea_query::ExprTrait;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use tokio::sync::OnceCell;
use uuid::Uuid;

/// A member's name as pages show it, and whether visitors may see it.
#[derive(Clone, Debug)]
pub struct Name {
    pub display_name: String,
    pub public: bool,
}

/// Values read once, by key.
type Cells<K, V> = Mutex<HashMap<K, Arc<OnceCell<V>>>>;

#[derive(Default)]
struct Memo {
    ideas: Cells<Uuid, Option<idea::Model>>,
    /// An idea's group members (the owner is not a row of it), in the order they joined.
    members: Cells<Uuid, Vec<Uuid>>,
    /// Names by the set of members asked for. Keyed by the whole set, not by member: the
    /// statements a page makes are then the sets its panels ask for, whichever asks first
    /// (sharing member by member made the count depend on the panels' timing).
    names: Cells<Vec<Uuid>, Arc<HashMap<Uuid, Name>>>,
    tags: Cells<Uuid, TagRows>,
    blocks: Cells<Uuid, Vec<Uuid>>,
}

/// An idea's tag links with their tags.
pub type TagRows = Vec<(idea_tag::Model, Option<tag::Model>)>;

/// One request's memo, as context.
#[derive(Clone, Default)]
pub struct RequestMemo(Arc<Memo>);

fn current() -> Option<Arc<Memo>> {
    use leptos::prelude::{Owner, use_context};
    // Outside a request (jobs, the seed) there is no owner to ask.
    let _owner = Owner::current()?;
    let parts = use_context::<axum::http::request::Parts>()?;
    if parts.method != axum::http::Method::GET {
        return None;
    }
    use_context::<RequestMemo>().map(|m| m.0)
}

/// Whether a page is rendering (reads made now are shared by its parts).
pub fn on_page() -> bool {
    current().is_some()
}

/// The cell for `key`, made on first use; its value is read once by whoever comes first.
fn cell<K: std::hash::Hash + Eq, V>(map: &Cells<K, V>, key: K) -> Arc<OnceCell<V>> {
    map.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(key)
        .or_default()
        .clone()
}

/// An idea's row.
pub async fn idea<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<Option<idea::Model>, DbErr> {
    let read = || idea::Entity::find_by_id(id).one(db);
    match current() {
        Some(memo) => cell(&memo.ideas, id).get_or_try_init(read).await.cloned(),
        None => read().await,
    }
}

/// Whether `user` is in the group of idea `idea` (the owner is not a row of it). On a page,
/// from the group's members (the group panel lists them anyway); alone, one row looked up.
pub async fn in_group<C: ConnectionTrait>(db: &C, idea: Uuid, user: Uuid) -> Result<bool, DbErr> {
    use sea_orm::PaginatorTrait;
    if current().is_some() {
        return Ok(group_members(db, idea).await?.contains(&user));
    }
    Ok(idea_member::Entity::find_by_id((idea, user))
        .count(db)
        .await?
        > 0)
}

/// The members of idea `idea`'s group in the order they joined (without its owner).
pub async fn group_members<C: ConnectionTrait>(db: &C, idea: Uuid) -> Result<Vec<Uuid>, DbErr> {
    use sea_orm::QueryOrder;
    let read = || {
        idea_member::Entity::find()
            .filter(idea_member::Column::IdeaId.eq(idea))
            .order_by_asc(idea_member::Column::JoinedAt)
            .order_by_asc(idea_member::Column::UserId)
            .select_only()
            .column(idea_member::Column::UserId)
            .into_tuple()
            .all(db)
    };
    match current() {
        Some(memo) => cell(&memo.members, idea)
            .get_or_try_init(read)
            .await
            .cloned(),
        None => read().await,
    }
}

/// Members' names, by id (members without a profile are missing): one statement, made
/// once per page for the same set of members.
pub async fn names<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, Name>, DbErr> {
    let mut ids: Vec<Uuid> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    match current() {
        Some(memo) => {
            let read = || async { read_names(db, ids.clone()).await.map(Arc::new) };
            let cell = cell(&memo.names, ids.clone());
            let names = cell.get_or_try_init(read).await?;
            Ok(HashMap::clone(names))
        }
        None => read_names(db, ids).await,
    }
}

/// Members' names by id, in one statement (members without a profile are missing).
async fn read_names<C: ConnectionTrait>(
    db: &C,
    ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, Name>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, String, bool)> = profile::Entity::find()
        .filter(profile::Column::UserId.is_in(ids))
        .select_only()
        .columns([
            profile::Column::UserId,
            profile::Column::DisplayName,
            profile::Column::ShowNamePublicly,
        ])
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, display_name, public)| {
            (
                id,
                Name {
                    display_name,
                    public,
                },
            )
        })
        .collect())
}

/// One idea's tag links with their tags, ordered by label.
pub async fn idea_tags<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<TagRows, DbErr> {
    use sea_orm::QueryOrder;
    let read = || {
        idea_tag::Entity::find()
            .filter(idea_tag::Column::IdeaId.eq(id))
            .find_also_related(tag::Entity)
            .order_by_asc(tag::Column::Label)
            .all(db)
    };
    match current() {
        Some(memo) => cell(&memo.tags, id).get_or_try_init(read).await.cloned(),
        None => read().await,
    }
}

/// Everyone `me` has blocked or is blocked by, in one statement.
pub async fn blocked_either_way<C: ConnectionTrait>(db: &C, me: Uuid) -> Result<Vec<Uuid>, DbErr> {
    let read = || async {
        let rows: Vec<(Uuid, Uuid)> = block::Entity::find()
            .filter(
                block::Column::BlockerId
                    .eq(me)
                    .or(block::Column::BlockedId.eq(me)),
            )
            .select_only()
            .columns([block::Column::BlockerId, block::Column::BlockedId])
            .into_tuple()
            .all(db)
            .await?;
        Ok::<_, DbErr>(
            rows.into_iter()
                .map(|(by, of)| if by == me { of } else { by })
                .collect(),
        )
    };
    match current() {
        Some(memo) => cell(&memo.blocks, me).get_or_try_init(read).await.cloned(),
        None => read().await,
    }
}
