//! `/admin/members`: find members by name or address, make or unmake admins, suspend and
//! reinstate. Every change is written to the audit log in its transaction. An admin
//! cannot change their own role or suspend themselves, so the platform keeps an admin.

use crate::components::{ErrorPanel, FormErrors, action_error, query_flag};
use crate::domain::UserRole;
use crate::error::AppError;
use crate::i18n::*;
use crate::texts;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// One member as the back office lists them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberRow {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: UserRole,
    pub verified: bool,
    pub suspended: bool,
    pub joined: DateTime<Utc>,
    pub is_me: bool,
}

/// Members whose name or address contains `q` (all when empty), newest first.
#[server(endpoint = "admin_members")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_members(q: Option<String>) -> Result<Vec<MemberRow>, AppError> {
    use crate::backend::entities::{profile, user};
    use crate::backend::{AppState, Viewer};
    use sea_orm::sea_query::{Expr, Func};
    use sea_orm::{
        ColumnTrait, Condition, EntityTrait, ExprTrait, QueryFilter, QueryOrder, QuerySelect,
    };
    let viewer = Viewer::current().await?;
    let me = viewer.admin()?.id;
    let db = &AppState::get()?.db;
    let q: String = q
        .unwrap_or_default()
        .trim()
        .to_lowercase()
        .chars()
        .take(100)
        .collect();
    let mut find = user::Entity::find()
        .filter(user::Column::Id.ne(crate::shared::DELETED_MEMBER))
        .order_by_desc(user::Column::CreatedAt)
        .limit(100);
    if !q.is_empty() {
        let named: Vec<uuid::Uuid> = profile::Entity::find()
            .filter(
                Expr::expr(Func::lower(Expr::col(profile::Column::DisplayName)))
                    .like(format!("%{q}%")),
            )
            .select_only()
            .column(profile::Column::UserId)
            .limit(100)
            .into_tuple()
            .all(db)
            .await?;
        find = find.filter(
            Condition::any()
                .add(user::Column::Email.contains(&q))
                .add(user::Column::Id.is_in(named)),
        );
    }
    let rows = find.all(db).await?;
    let names = crate::shared::people::names(db, rows.iter().map(|u| u.id)).await?;
    Ok(rows
        .into_iter()
        .map(|u| MemberRow {
            id: u.id.to_string(),
            name: names.get(&u.id).cloned().unwrap_or_default(),
            email: u.email,
            role: u.role,
            verified: u.email_verified_at.is_some(),
            suspended: u.suspended_at.is_some(),
            joined: u.created_at,
            is_me: u.id == me,
        })
        .collect())
}

/// Makes a member an admin or a member again.
#[server(endpoint = "set_role")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_role(member: String, role: String, q: Option<String>) -> Result<(), AppError> {
    use crate::backend::entities::user;
    use crate::backend::{AppState, Viewer};
    use crate::domain::AuditAction;
    use crate::shared::audit::{Entry, record};
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, TransactionTrait};
    let viewer = Viewer::current().await?;
    let admin = viewer.admin()?.id;
    let member = uuid::Uuid::parse_str(member.trim()).map_err(|_| AppError::NotFound)?;
    let role = UserRole::parse(&role).map_err(|e| AppError::invalid("role", e))?;
    if member == admin || member == crate::shared::DELETED_MEMBER {
        return Err(AppError::Forbidden);
    }
    let state = AppState::get()?;
    let now = state.clock.now();
    state
        .db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                let done = user::Entity::update_many()
                    .col_expr(user::Column::Role, Expr::value(role.key()))
                    .filter(user::Column::Id.eq(member))
                    .filter(user::Column::Role.ne(role))
                    .exec(txn)
                    .await?;
                if done.rows_affected == 1 {
                    let entry = Entry::about_member(AuditAction::RoleChanged, member, role.key());
                    record(txn, admin, entry, now).await?;
                }
                Ok(())
            })
        })
        .await?;
    leptos_axum::redirect(&members_page(q.as_deref()));
    Ok(())
}

/// Suspends (`suspend` = `on`) or reinstates a member.
#[server(endpoint = "set_suspended")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn set_suspended(
    member: String,
    suspend: Option<String>,
    q: Option<String>,
) -> Result<(), AppError> {
    use crate::backend::{AppState, Viewer};
    use crate::moderation::db::{reinstate, suspend as suspend_member};
    use sea_orm::TransactionTrait;
    let viewer = Viewer::current().await?;
    let admin = viewer.admin()?.id;
    let member = uuid::Uuid::parse_str(member.trim()).map_err(|_| AppError::NotFound)?;
    if member == crate::shared::DELETED_MEMBER {
        return Err(AppError::NotFound);
    }
    let on = suspend.as_deref() == Some("on");
    let state = AppState::get()?;
    let now = state.clock.now();
    state
        .db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                if on {
                    suspend_member(txn, admin, member, now).await
                } else {
                    reinstate(txn, admin, member, now).await
                }
            })
        })
        .await?;
    state.public_pages.changed();
    leptos_axum::redirect(&members_page(q.as_deref()));
    Ok(())
}

/// The members page, with the search it came from.
#[cfg(feature = "ssr")]
fn members_page(q: Option<&str>) -> String {
    match q.map(str::trim).filter(|q| !q.is_empty()) {
        Some(q) => format!(
            "/admin/members?q={}&saved=1",
            crate::components::urlencode(q)
        ),
        None => "/admin/members?saved=1".to_owned(),
    }
}

#[component]
pub fn MembersPage() -> impl IntoView {
    let l = texts::locale();
    let q = use_query_map()
        .read_untracked()
        .get("q")
        .unwrap_or_default();
    let members = {
        let q = q.clone();
        Resource::new(move || q.clone(), |q| admin_members(Some(q)))
    };
    let role = ServerAction::<SetRole>::new();
    let suspension = ServerAction::<SetSuspended>::new();
    let role_error = action_error(role);
    let suspension_error = action_error(suspension);
    let saved = query_flag("saved");
    view! {
        <Title text=texts::page_title(l, td_string!(l, admin.members_title))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let rows = match members.await {
                    Ok(r) => r,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                view! {
                    <section class="panel">
                        <p><a href="/admin">{td_string!(l, admin.back)}</a></p>
                        <h1>{td_string!(l, admin.members_title)}</h1>
                        <form method="get" action="/admin/members" class="form inline-search" role="search">
                            <div class="field">
                                <label for="q">{td_string!(l, admin.search_members)}</label>
                                <input id="q" name="q" type="search" value=q.clone()/>
                            </div>
                            <button class="button" type="submit">{td_string!(l, admin.search)}</button>
                        </form>
                        {saved.then(|| view! { <div class="alert alert-success" role="status"><p>{td_string!(l, admin.saved)}</p></div> })}
                        <FormErrors error=role_error/>
                        <FormErrors error=suspension_error/>
                        <div class="table-wrap">
                        <table class="table">
                            <caption class="visually-hidden">{td_string!(l, admin.members_title)}</caption>
                            <thead><tr>
                                <th scope="col">{td_string!(l, admin.member)}</th>
                                <th scope="col">{td_string!(l, account.email)}</th>
                                <th scope="col">{td_string!(l, admin.joined)}</th>
                                <th scope="col">{td_string!(l, admin.role)}</th>
                                <th scope="col">{td_string!(l, admin.status)}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|m| {
                                    let q = q.clone();
                                    let (next_role, role_label) = match m.role {
                                        UserRole::Admin => (UserRole::Member, td_string!(l, admin.make_member)),
                                        UserRole::Member => (UserRole::Admin, td_string!(l, admin.make_admin)),
                                    };
                                    let role_name = match m.role {
                                        UserRole::Admin => td_string!(l, admin.role_admin),
                                        UserRole::Member => td_string!(l, admin.role_member),
                                    };
                                    let state = if m.suspended {
                                        td_string!(l, admin.suspended)
                                    } else if m.verified {
                                        td_string!(l, admin.active)
                                    } else {
                                        td_string!(l, admin.unconfirmed)
                                    };
                                    let name = if m.name.is_empty() { m.email.clone() } else { m.name.clone() };
                                    let (id1, id2, q1, q2) = (m.id.clone(), m.id.clone(), q.clone(), q.clone());
                                    let suspended = m.suspended;
                                    view! {
                                        <tr>
                                            <td><a href=format!("/profiles/{}", m.id)>{name}</a></td>
                                            <td>{m.email.clone()}</td>
                                            <td>{texts::date(l, &m.joined)}</td>
                                            <td>
                                                {role_name}
                                                {(!m.is_me).then(|| view! {
                                                    <ActionForm action=role attr:class="inline-form">
                                                        <input type="hidden" name="member" value=id1/>
                                                        <input type="hidden" name="role" value=next_role.key()/>
                                                        <input type="hidden" name="q" value=q1/>
                                                        " "<button class="button small" type="submit">{role_label}</button>
                                                    </ActionForm>
                                                })}
                                            </td>
                                            <td>
                                                {state}
                                                {(!m.is_me).then(|| view! {
                                                    <ActionForm action=suspension attr:class="inline-form">
                                                        <input type="hidden" name="member" value=id2/>
                                                        {(!suspended).then(|| view! { <input type="hidden" name="suspend" value="on"/> })}
                                                        <input type="hidden" name="q" value=q2/>
                                                        " "<button class=if suspended { "button small" } else { "button small danger" } type="submit">
                                                            {if suspended { td_string!(l, admin.reinstate) } else { td_string!(l, admin.suspend) }}
                                                        </button>
                                                    </ActionForm>
                                                })}
                                            </td>
                                        </tr>
                                    }
                                }).collect::<Vec<_>>()}
                            </tbody>
                        </table>
                        </div>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}
