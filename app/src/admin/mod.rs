//! The back office (`/admin`), for admins only: figures at a glance, and the way to the
//! moderation queue, the members (`members`), the statistics (`statistics`), the audit
//! log (`audit`), the feedback, the calls and the workshops.

pub mod audit;
#[cfg(feature = "ssr")]
mod db;
pub mod members;
pub mod statistics;

pub use audit::AuditPage;
pub use members::MembersPage;
pub use statistics::StatisticsPage;

use crate::components::ErrorPanel;
use crate::error::AppError;
use crate::i18n::*;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// The figures at the top of the back office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    /// Members with a confirmed address.
    pub members: u64,
    pub published_ideas: u64,
    pub unread_feedback: u64,
    /// Pieces of content with open reports.
    pub reported: u64,
}

#[server(endpoint = "admin_overview")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_overview() -> Result<Overview, AppError> {
    use crate::backend::{AppState, Viewer};
    Viewer::current().await?.admin()?;
    db::overview(&AppState::get()?.db).await
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let l = texts::locale();
    let overview = Resource::new(|| (), |_| admin_overview());
    view! {
        <Title text=texts::page_title(l, td_string!(l, admin.title))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let o = match overview.await {
                    Ok(o) => o,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                view! {
                    <section class="panel">
                        <h1>{td_string!(l, admin.title)}</h1>
                        <dl class="figures">
                            <div><dt>{td_string!(l, admin.members)}</dt><dd>{texts::number(l, o.members)}</dd></div>
                            <div><dt>{td_string!(l, admin.ideas)}</dt><dd>{texts::number(l, o.published_ideas)}</dd></div>
                            <div><dt>{td_string!(l, admin.unread_feedback)}</dt><dd>{texts::number(l, o.unread_feedback)}</dd></div>
                            <div><dt>{td_string!(l, admin.reported)}</dt><dd>{texts::number(l, o.reported)}</dd></div>
                        </dl>
                        <h2>{td_string!(l, admin.tasks)}</h2>
                        <ul>
                            <li><a href="/admin/moderation">{td_string!(l, admin.moderation)}</a></li>
                            <li><a href="/admin/members">{td_string!(l, admin.members_link)}</a></li>
                            <li><a href="/admin/feedback">{td_string!(l, admin.feedback)}</a></li>
                            <li><a href="/admin/statistics">{td_string!(l, admin.statistics)}</a></li>
                            <li><a href="/admin/audit">{td_string!(l, admin.audit)}</a></li>
                            <li><a href="/calls">{td_string!(l, admin.calls)}</a></li>
                            <li><a href="/workshops">{td_string!(l, admin.workshops)}</a></li>
                        </ul>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}
