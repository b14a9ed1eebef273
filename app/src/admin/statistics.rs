//! `/admin/statistics`: how the platform is used, as bar charts drawn on the server (SVG,
//! readable without script), each with a table of the same figures beside it for screen
//! readers and for copying. Every figure is one grouped count in the database.

use crate::components::ErrorPanel;
use crate::error::AppError;
use crate::i18n::*;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

/// One chart: its rows (label, count), in the order shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Series {
    pub rows: Vec<(String, u64)>,
}

/// The figures of the statistics page, labels in the page's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statistics {
    /// Confirmed members by organisation type.
    pub members_by_type: Series,
    /// Ideas first published, per month of the last twelve.
    pub ideas_per_month: Series,
    /// What members did with the matching's suggestions and the people they found:
    /// contact requests sent, group invitations sent, suggestions dismissed.
    pub matches_acted_on: Series,
    /// Contact requests by outcome.
    pub contact_requests: Series,
    /// Groups (ideas with partners) by size.
    pub groups_by_size: Series,
    /// Counted submissions per call.
    pub submissions_per_call: Series,
}

#[server(endpoint = "admin_statistics")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn admin_statistics() -> Result<Statistics, AppError> {
    use crate::backend::{AppState, Viewer};
    Viewer::current().await?.admin()?;
    let state = AppState::get()?;
    let l = crate::backend::request_locale();
    db::statistics(&state.db, l, state.clock.now()).await
}

#[cfg(feature = "ssr")]
mod db {
    use super::{Series, Statistics};
    use crate::backend::entities::{
        call, contact_request, group_invitation, idea, match_dismissal, profile, submission, user,
    };
    use crate::domain::{IdeaStatus, OrganisationType, RequestStatus};
    use crate::error::AppError;
    use crate::i18n::*;
    use chrono::{DateTime, Datelike, Months, Utc};
    use sea_orm::sea_query::{Asterisk, Expr, Func, Query};
    use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
    use std::collections::HashMap;

    pub async fn statistics(
        db: &DatabaseConnection,
        l: Locale,
        now: DateTime<Utc>,
    ) -> Result<Statistics, AppError> {
        let confirmed = Query::select()
            .column(user::Column::Id)
            .from(user::Entity)
            .and_where(user::Column::EmailVerifiedAt.is_not_null())
            .to_owned();
        let by_type: HashMap<OrganisationType, i64> = profile::Entity::find()
            .filter(profile::Column::UserId.in_subquery(confirmed))
            .select_only()
            .column(profile::Column::OrganisationType)
            .column_as(profile::Column::UserId.count(), "n")
            .group_by(profile::Column::OrganisationType)
            .into_tuple()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let members_by_type = Series {
            rows: OrganisationType::ALL
                .iter()
                .map(|t| {
                    let n = by_type.get(t).copied().unwrap_or(0);
                    (crate::texts::organisation_type(l, *t).to_owned(), count(n))
                })
                .collect(),
        };

        // Twelve months, oldest first, counted from the publication dates since then.
        let first = now
            .date_naive()
            .with_day(1)
            .and_then(|d| d.checked_sub_months(Months::new(11)))
            .unwrap_or(now.date_naive());
        let since = first.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
        let dates: Vec<Option<DateTime<Utc>>> = idea::Entity::find()
            .filter(idea::Column::Status.ne(IdeaStatus::Draft))
            .filter(idea::Column::PublishedAt.gte(since))
            .select_only()
            .column(idea::Column::PublishedAt)
            .into_tuple()
            .all(db)
            .await?;
        let mut months: Vec<(chrono::NaiveDate, u64)> = (0..12)
            .filter_map(|i| first.checked_add_months(Months::new(i)))
            .map(|m| (m, 0))
            .collect();
        for d in dates.into_iter().flatten() {
            let month = d.date_naive().with_day(1);
            if let Some(slot) = months.iter_mut().find(|(m, _)| Some(*m) == month) {
                slot.1 += 1;
            }
        }
        let ideas_per_month = Series {
            rows: months
                .into_iter()
                .map(|(m, n)| (format!("{:04}-{:02}", m.year(), m.month()), n))
                .collect(),
        };

        let by_status: HashMap<RequestStatus, i64> = contact_request::Entity::find()
            .select_only()
            .column(contact_request::Column::Status)
            .column_as(contact_request::Column::Id.count(), "n")
            .group_by(contact_request::Column::Status)
            .into_tuple()
            .all(db)
            .await?
            .into_iter()
            .collect();
        // Every request has a status: their sum is every request sent.
        let requests = count(by_status.values().sum());
        // Both counts in one statement (the second a subquery beside the first).
        let dismissals = Query::select()
            .expr(Func::count(Expr::col(Asterisk)))
            .from(match_dismissal::Entity)
            .to_owned();
        let (invitations, dismissed): (i64, i64) = group_invitation::Entity::find()
            .select_only()
            .column_as(Expr::from(Func::count(Expr::col(Asterisk))), "invitations")
            .column_as(
                Expr::SubQuery(None, Box::new(dismissals.into())),
                "dismissed",
            )
            .into_tuple()
            .one(db)
            .await?
            .unwrap_or_default();
        let (invitations, dismissed) = (count(invitations), count(dismissed));
        let matches_acted_on = Series {
            rows: vec![
                (
                    td_string!(l, stats.contact_requests_sent).to_owned(),
                    requests,
                ),
                (
                    td_string!(l, stats.invitations_sent).to_owned(),
                    invitations,
                ),
                (td_string!(l, stats.dismissed).to_owned(), dismissed),
            ],
        };

        let contact_requests = Series {
            rows: [
                (RequestStatus::Accepted, td_string!(l, stats.accepted)),
                (RequestStatus::Declined, td_string!(l, stats.declined)),
                (RequestStatus::Pending, td_string!(l, stats.pending)),
            ]
            .into_iter()
            .map(|(s, label)| {
                (
                    label.to_owned(),
                    count(by_status.get(&s).copied().unwrap_or(0)),
                )
            })
            .collect(),
        };

        let sizes: HashMap<i32, i64> = idea::Entity::find()
            .filter(idea::Column::GroupSize.gt(1))
            .select_only()
            .column(idea::Column::GroupSize)
            .column_as(idea::Column::Id.count(), "n")
            .group_by(idea::Column::GroupSize)
            .into_tuple()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let groups_by_size = Series {
            rows: (2..=4)
                .map(|n| {
                    (
                        td_string!(l, stats.group_of, n = n).to_string(),
                        count(sizes.get(&n).copied().unwrap_or(0)),
                    )
                })
                .collect(),
        };

        let per_call: HashMap<uuid::Uuid, i64> = submission::Entity::find()
            .filter(submission::Column::SubmittedVersion.is_not_null())
            .select_only()
            .column(submission::Column::CallId)
            .column_as(submission::Column::Id.count(), "n")
            .group_by(submission::Column::CallId)
            .into_tuple()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let mut calls = call::Entity::find().all(db).await?;
        calls.sort_by_key(|c| std::cmp::Reverse(c.closes_at));
        let submissions_per_call = Series {
            rows: calls
                .iter()
                .map(|c| (c.title(l), count(per_call.get(&c.id).copied().unwrap_or(0))))
                .collect(),
        };

        Ok(Statistics {
            members_by_type,
            ideas_per_month,
            matches_acted_on,
            contact_requests,
            groups_by_size,
            submissions_per_call,
        })
    }

    fn count(n: i64) -> u64 {
        u64::try_from(n).unwrap_or(0)
    }
}

/// A horizontal bar chart of `series`, drawn on the server, and the same figures as a
/// table (the chart is an image for assistive technology; the table is what it reads).
#[component]
fn Chart(id: &'static str, title: &'static str, series: Series) -> impl IntoView {
    let l = texts::locale();
    const ROW: usize = 28;
    const LABEL: f64 = 240.0;
    const BAR: f64 = 280.0;
    let max = series
        .rows
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let height = (series.rows.len() * ROW + 8).to_string();
    let title_id = format!("{id}-title");
    let bars = series
        .rows
        .iter()
        .enumerate()
        .map(|(i, (label, n))| {
            let y = i * ROW + 4;
            let width = *n as f64 / max * BAR;
            let short = chart_label(label, 34);
            view! {
                <g>
                    <text x="0" y=(y + 17).to_string() class="chart-label"><title>{label.clone()}</title>{short}</text>
                    <rect x=LABEL.to_string() y=y.to_string() height="20" width=format!("{width:.1}") class="chart-bar"/>
                    <text x=format!("{:.1}", LABEL + width + 6.0) y=(y + 17).to_string() class="chart-value">{texts::number(l, *n)}</text>
                </g>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <section class="stat" aria-labelledby=id>
            <h2 id=id>{title}</h2>
            <div class="stat-body">
                <svg class="chart" role="img" aria-labelledby=title_id.clone() viewBox=format!("0 0 600 {height}") width="100%" preserveAspectRatio="xMinYMin meet">
                    <title id=title_id.clone()>{title}</title>
                    {bars}
                </svg>
                <table class="table">
                    <caption class="visually-hidden">{title}</caption>
                    <thead><tr><th scope="col">{td_string!(l, stats.what)}</th><th scope="col">{td_string!(l, stats.count)}</th></tr></thead>
                    <tbody>
                        {series.rows.into_iter().map(|(label, n)| view! {
                            <tr><td>{label}</td><td>{texts::number(l, n)}</td></tr>
                        }).collect::<Vec<_>>()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
pub fn StatisticsPage() -> impl IntoView {
    let l = texts::locale();
    let stats = Resource::new(|| (), |_| admin_statistics());
    view! {
        <Title text=texts::page_title(l, td_string!(l, stats.title))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let s = match stats.await {
                    Ok(s) => s,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                view! {
                    <section class="panel">
                        <p><a href="/admin">{td_string!(l, admin.back)}</a></p>
                        <h1>{td_string!(l, stats.title)}</h1>
                        <Chart id="members" title=td_string!(l, stats.members_by_type) series=s.members_by_type/>
                        <Chart id="ideas" title=td_string!(l, stats.ideas_per_month) series=s.ideas_per_month/>
                        <Chart id="matches" title=td_string!(l, stats.matches_acted_on) series=s.matches_acted_on/>
                        <Chart id="requests" title=td_string!(l, stats.contact_requests) series=s.contact_requests/>
                        <Chart id="groups" title=td_string!(l, stats.groups_by_size) series=s.groups_by_size/>
                        <Chart id="submissions" title=td_string!(l, stats.submissions_per_call) series=s.submissions_per_call/>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

/// A bar's label in at most `max` characters: long ones lose their middle, not their end,
/// so that "… contest 2025" and "… contest 2026" stay apart (the table has them whole).
fn chart_label(label: &str, max: usize) -> String {
    let chars: Vec<char> = label.chars().collect();
    if chars.len() <= max {
        return label.to_owned();
    }
    let tail = max / 3;
    let head = max - tail - 1;
    let start: String = chars[..head].iter().collect();
    let end: String = chars[chars.len() - tail..].iter().collect();
    format!("{}…{}", start.trim_end(), end.trim_start())
}

#[cfg(test)]
mod tests {
    use super::chart_label;

    #[test]
    fn long_labels_keep_their_ends_apart() {
        let a = chart_label("AI is what we make it – idea contest 2025", 34);
        let b = chart_label("AI is what we make it – idea contest 2026", 34);
        assert_ne!(a, b);
        assert!(a.chars().count() <= 34 && a.ends_with("2025"), "{a}");
        assert_eq!(chart_label("Short", 34), "Short");
    }
}
