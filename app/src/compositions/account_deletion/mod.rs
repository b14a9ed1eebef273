//! Deleting an account, by the member (`/me/account/delete`) or by the server for an
//! address never confirmed. Touching every feature is its job: the member's ideas go or
//! are handed over, seats in groups and workshops are freed, what they wrote for others
//! stays under "deleted member" (`erase`).

#[cfg(feature = "ssr")]
pub mod erase;
mod pages;

pub use pages::DeleteAccountPage;

use crate::error::AppError;
use crate::shared::Person;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What deleting the account will do (`erase::farewell`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Farewell {
    /// Ideas the member owns alone, (id, title): deleted with the account.
    pub alone: Vec<(String, String)>,
    /// Ideas the member owns with a group: for each, they choose who takes it over, or
    /// that it is removed.
    pub with_group: Vec<GroupIdea>,
    /// Groups the member is in but does not own, (idea id, title): they leave them.
    pub joined: Vec<(String, String)>,
}

/// An idea the member owns with a group, and the group's other members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupIdea {
    pub id: String,
    pub title: String,
    pub members: Vec<Person>,
}

/// The form field of the choice for one idea with a group: `fate[idea_<id>]`. (A key in
/// brackets that starts with a digit, as a UUID may, would be read as a list index.)
pub fn fate_field(idea_id: &str) -> String {
    format!("fate[idea_{idea_id}]")
}

/// What deleting the caller's account would do.
#[server(endpoint = "farewell")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn get_farewell() -> Result<Farewell, AppError> {
    use crate::backend::{AppState, Viewer};
    let viewer = Viewer::current().await?;
    let me = viewer.account()?;
    erase::farewell(&AppState::get()?.db, me.id).await
}

/// Deletes the caller's account and everything that names them, after the password is
/// entered again. `fate_field(idea)` says, for each idea the member owns with a group, who
/// takes it over (a member's id) or that it is removed (`remove`).
#[server(endpoint = "delete_account")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn delete_account(
    password: String,
    #[server(default)] fate: std::collections::HashMap<String, String>,
) -> Result<(), AppError> {
    use crate::backend::limits::Action;
    use crate::backend::{AppState, Viewer};
    use crate::domain::{FieldErrors, IdeaFate, Invalid};
    let viewer = Viewer::current().await?;
    let user = viewer.account()?.clone();
    let state = AppState::get()?;
    let plan = erase::farewell(&state.db, user.id).await?;
    let mut errors = FieldErrors::default();
    if password.is_empty() {
        errors.check::<()>("password", Err(Invalid::Required));
    }
    let mut fates = std::collections::HashMap::new();
    for g in &plan.with_group {
        let members: Vec<String> = g.members.iter().map(|m| m.id.clone()).collect();
        let field = fate_field(&g.id);
        let chosen = fate.get(&format!("idea_{}", g.id)).map(String::as_str);
        if let (Some(f), Ok(id)) = (
            errors.check(&field, IdeaFate::parse(chosen, &members)),
            uuid::Uuid::parse_str(&g.id),
        ) {
            fates.insert(id, f);
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    crate::accounts::session::limit(&state, Action::PasswordCheck, Some(&user.email)).await?;
    crate::accounts::check_password(&state, user.id, password, "password").await?;
    erase::erase(&state, user.id, fates).await?;
    // Nothing of the account stays on this device either.
    crate::accounts::session::end().await?;
    leptos_axum::redirect("/goodbye");
    Ok(())
}

/// Removes accounts whose address was never confirmed and that were created before
/// `before`, so nobody can hold an address they do not own (run periodically by the
/// server). Returns how many were removed.
///
/// Removes accounts never confirmed before `before` the way a member deletes theirs
/// (`erase::erase`): seats freed and waiting lists moved up, others' replies kept under the
/// deleted member. An idea with a group (it cannot have one without a confirmed address,
/// but an account may predate that rule) is handed to a member of the group.
#[cfg(feature = "ssr")]
#[tracing::instrument(skip(state))]
pub async fn remove_unconfirmed(
    state: &crate::backend::AppState,
    before: chrono::DateTime<chrono::Utc>,
) -> Result<u64, AppError> {
    use crate::backend::entities::user;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
    let stale: Vec<uuid::Uuid> = user::Entity::find()
        .filter(user::Column::EmailVerifiedAt.is_null())
        .filter(user::Column::CreatedAt.lt(before))
        .select_only()
        .column(user::Column::Id)
        .into_tuple()
        .all(&state.db)
        .await?;
    let mut removed = 0;
    for id in stale {
        let plan = match erase::farewell(&state.db, id).await {
            Ok(plan) => plan,
            // Removed meanwhile (another server's round).
            Err(AppError::NotFound) => continue,
            Err(e) => return Err(e),
        };
        let fates = plan
            .with_group
            .iter()
            .filter_map(|g| {
                let idea = uuid::Uuid::parse_str(&g.id).ok()?;
                let heir = g.members.first()?.id.clone();
                Some((idea, crate::domain::IdeaFate::HandOver(heir)))
            })
            .collect();
        match erase::erase(state, id, fates).await {
            Ok(()) => removed += 1,
            // Confirmed, deleted or changed meanwhile: the next round looks again.
            Err(AppError::NotFound | AppError::GroupsChanged) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(removed)
}
