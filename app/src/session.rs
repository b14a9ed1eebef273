//! The logged-in member for the page being rendered. Pages render on the server, so every
//! login, logout or profile change is followed by a new page and a fresh `me`; no member
//! data stays in the browser.
//!
//! A refused plain form post's error reaches a new `ServerAction` through the context that
//! `components::provide_refused_action` sets from the request (never through the URL).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The logged-in member, as the header and pages need them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub id: String,
    pub display_name: String,
    pub email: String,
    pub verified: bool,
    /// Runs calls: the header links to them.
    pub admin: bool,
    /// Notifications not yet seen, for the header.
    pub unread_notifications: u64,
}

#[server(endpoint = "whoami")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn whoami() -> Result<Option<Me>, AppError> {
    use crate::backend::{AppState, Viewer};
    let Ok(user) = Viewer::current().await?.account().cloned() else {
        return Ok(None);
    };
    // Read with the member at the start of the request (`Backend::get_user`), else now.
    let (display_name, unread_notifications) = match &user.header {
        Some(h) => (h.display_name.clone(), h.unread_notifications),
        None => name_and_unread(&AppState::get()?.db, user.id).await?,
    };
    Ok(Some(Me {
        id: user.id.to_string(),
        display_name,
        email: user.email,
        verified: user.verified,
        admin: user.admin,
        unread_notifications,
    }))
}

#[derive(Clone, Copy)]
pub struct Session {
    pub me: Resource<Result<Option<Me>, AppError>>,
}

impl Session {
    /// The logged-in member, or `Unauthenticated` for a visitor: what members-only pages
    /// wait for before they render.
    pub async fn member(self) -> Result<Me, AppError> {
        self.me.await?.ok_or(AppError::Unauthenticated)
    }
}

pub fn provide_session() -> Session {
    let session = Session {
        me: Resource::new(|| (), |_| whoami()),
    };
    provide_context(session);
    session
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// The header's name and unread count in one statement.
#[cfg(feature = "ssr")]
#[tracing::instrument(skip(db))]
async fn name_and_unread(
    db: &sea_orm::DatabaseConnection,
    user_id: uuid::Uuid,
) -> Result<(String, u64), AppError> {
    use crate::backend::entities::{notification, profile};
    use sea_orm::FromQueryResult;
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    use sea_orm::{ColumnTrait, EntityTrait, QuerySelect};
    #[derive(FromQueryResult)]
    struct Row {
        display_name: String,
        unread: i64,
    }
    // One statement for the header: the name and the unread notifications.
    let unread = Query::select()
        .expr(Expr::col(notification::Column::Id).count())
        .from(notification::Entity)
        .and_where(notification::Column::UserId.eq(user_id))
        .and_where(notification::Column::ReadAt.is_null())
        .to_owned();
    let row = profile::Entity::find_by_id(user_id)
        .select_only()
        .column(profile::Column::DisplayName)
        .expr_as(Expr::SubQuery(None, Box::new(unread.into())), "unread")
        .into_model::<Row>()
        .one(db)
        .await?;
    Ok(row
        .map(|r| (r.display_name, u64::try_from(r.unread).unwrap_or(0)))
        .unwrap_or_default())
}
