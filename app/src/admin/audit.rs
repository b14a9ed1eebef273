//! The audit log: every admin action (roles, suspensions, moderation decisions, calls,
//! workshops, jurors, winners) is appended in the transaction that does it. Admins read it
//! at `/admin/audit`; nothing in the application changes or deletes an entry, and the
//! database refuses it too (triggers, migration 17).

use crate::components::ErrorPanel;
use crate::domain::AuditAction;
use crate::error::AppError;
use crate::i18n::*;
use crate::shared::Person;
use crate::texts;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// One entry as admins read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditView {
    pub at: DateTime<Utc>,
    /// The admin; `None` once their account is deleted.
    pub actor: Option<Person>,
    pub action: AuditAction,
    /// The content acted on: where it is shown, if anywhere.
    pub link: Option<String>,
    /// The member acted on.
    pub member: Option<Person>,
    pub detail: String,
}

/// The newest entries, for admins.
#[server(endpoint = "audit_log")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn audit_log() -> Result<Vec<AuditView>, AppError> {
    use crate::backend::entities::audit_entry;
    use crate::backend::{AppState, Viewer};
    use sea_orm::{EntityTrait, QueryOrder, QuerySelect};
    Viewer::current().await?.admin()?;
    let db = &AppState::get()?.db;
    let rows = audit_entry::Entity::find()
        .order_by_desc(audit_entry::Column::Id)
        .limit(300)
        .all(db)
        .await?;
    let people: Vec<uuid::Uuid> = rows
        .iter()
        .flat_map(|r| [r.actor_id, r.target_user_id])
        .flatten()
        .collect();
    let names = crate::shared::people::names(db, people).await?;
    let person = |id: Option<uuid::Uuid>| {
        id.map(|id| Person {
            id: id.to_string(),
            name: names.get(&id).cloned().unwrap_or_default(),
        })
    };
    Ok(rows
        .iter()
        .map(|r| AuditView {
            at: r.created_at,
            actor: person(r.actor_id),
            action: r.action,
            link: link(r.action, r.target_kind, r.target_id.as_deref()),
            member: person(r.target_user_id),
            detail: r.detail.clone(),
        })
        .collect())
}

/// Where the record an entry names is shown.
#[cfg(feature = "ssr")]
fn link(
    action: AuditAction,
    kind: Option<crate::domain::ReportTarget>,
    key: Option<&str>,
) -> Option<String> {
    use crate::domain::ReportTarget;
    let key = key?;
    Some(match (kind, action) {
        (Some(ReportTarget::Idea), _) => format!("/ideas/{key}"),
        (Some(_), _) => return None,
        (None, AuditAction::WorkshopSaved) => format!("/workshops/{key}"),
        (
            None,
            AuditAction::CallSaved | AuditAction::JurorAppointed | AuditAction::JurorDismissed,
        ) => {
            format!("/calls/{key}")
        }
        (None, AuditAction::WinnerSet) => format!("/calls/{key}/ranking"),
        (None, _) => return None,
    })
}

/// How the log names an action.
pub fn action_label(l: Locale, a: AuditAction) -> &'static str {
    match a {
        AuditAction::RoleChanged => td_string!(l, audit.role_changed),
        AuditAction::Suspended => td_string!(l, audit.suspended),
        AuditAction::Reinstated => td_string!(l, audit.reinstated),
        AuditAction::ReportsDismissed => td_string!(l, audit.reports_dismissed),
        AuditAction::ContentHidden => td_string!(l, audit.content_hidden),
        AuditAction::CallSaved => td_string!(l, audit.call_saved),
        AuditAction::WorkshopSaved => td_string!(l, audit.workshop_saved),
        AuditAction::JurorAppointed => td_string!(l, audit.juror_appointed),
        AuditAction::JurorDismissed => td_string!(l, audit.juror_dismissed),
        AuditAction::WinnerSet => td_string!(l, audit.winner_set),
        AuditAction::FeedbackRead => td_string!(l, audit.feedback_read),
    }
}

/// A member as the log names them: linked, or "deleted member".
fn who(l: Locale, p: Option<Person>) -> AnyView {
    match p {
        Some(p) if !p.name.is_empty() => {
            view! { <a href=format!("/profiles/{}", p.id)>{p.name}</a> }.into_any()
        }
        Some(_) => view! { <span>"—"</span> }.into_any(),
        None => {
            view! { <span class="muted">{td_string!(l, contacts.deleted_member)}</span> }.into_any()
        }
    }
}

/// `/admin/audit`: the log, newest first.
#[component]
pub fn AuditPage() -> impl IntoView {
    let l = texts::locale();
    let entries = Resource::new(|| (), |_| audit_log());
    view! {
        <Title text=texts::page_title(l, td_string!(l, audit.title))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let entries = match entries.await {
                    Ok(e) => e,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                view! {
                    <section class="panel">
                        <p><a href="/admin">{td_string!(l, admin.back)}</a></p>
                        <h1>{td_string!(l, audit.title)}</h1>
                        <p class="lead">{td_string!(l, audit.lead)}</p>
                        {entries.is_empty().then(|| view! { <p>{td_string!(l, audit.none)}</p> })}
                        <div class="table-wrap">
                        <table class="table">
                            <caption class="visually-hidden">{td_string!(l, audit.title)}</caption>
                            <thead><tr>
                                <th scope="col">{td_string!(l, audit.when)}</th>
                                <th scope="col">{td_string!(l, audit.who)}</th>
                                <th scope="col">{td_string!(l, audit.what)}</th>
                                <th scope="col">{td_string!(l, audit.member)}</th>
                                <th scope="col">{td_string!(l, audit.detail)}</th>
                            </tr></thead>
                            <tbody>
                                {entries.into_iter().map(|e| view! {
                                    <tr>
                                        <td>{texts::date_time(l, &e.at)}</td>
                                        <td>{who(l, e.actor)}</td>
                                        <td>{match e.link {
                                            Some(href) => view! { <a href=href>{action_label(l, e.action)}</a> }.into_any(),
                                            None => view! { <span>{action_label(l, e.action)}</span> }.into_any(),
                                        }}</td>
                                        <td>{e.member.map(|m| who(l, Some(m)))}</td>
                                        <td>{e.detail}</td>
                                    </tr>
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
