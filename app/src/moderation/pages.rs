use super::{Moderate, QueueItem, Report, moderation_queue};
use crate::components::{ErrorPanel, FormErrors, action_error, echoed, query_flag};
use crate::domain::{HoldCause, ReportReason, ReportTarget};
use crate::i18n::*;
use crate::texts;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

/// "Report" beside a piece of content: a plain form in a `<details>`, so it costs nothing
/// until opened and works without script. Its outcome shows in the page's `ReportNotice`
/// (one per page, as several report forms may be on it).
#[component]
pub fn ReportForm(kind: ReportTarget, target: String, next: String) -> impl IntoView {
    let l = texts::locale();
    let id = format!("reason-{}-{target}", kind.key());
    // A refused report comes back open, with what was typed.
    let again = echoed("target").as_deref() == Some(target.as_str());
    let typed = again
        .then(|| echoed("reason"))
        .flatten()
        .unwrap_or_default();
    view! {
        <details class="report" open=again>
            <summary>{td_string!(l, moderation.report)}</summary>
            <form method="post" action=Report::url() class="form">
                <input type="hidden" name="kind" value=kind.key()/>
                <input type="hidden" name="target" value=target/>
                <input type="hidden" name="next" value=next/>
                <div class="field">
                    <label for=id.clone()>{td_string!(l, moderation.reason)}</label>
                    <p class="hint" id=format!("{id}-hint")>{td_string!(l, moderation.reason_hint)}</p>
                    <textarea id=id.clone() name="reason" rows="3" required=true
                        minlength=ReportReason::MIN.to_string() maxlength=ReportReason::MAX.to_string()
                        aria-describedby=format!("{id}-hint")>{typed}</textarea>
                </div>
                <button class="button small" type="submit">{td_string!(l, moderation.send_report)}</button>
            </form>
        </details>
    }
}

/// What became of a report sent from this page: thanks, or why it was refused.
#[component]
pub fn ReportNotice() -> impl IntoView {
    let l = texts::locale();
    let action = ServerAction::<Report>::new();
    let error = action_error(action);
    let reported = query_flag("reported");
    view! {
        {reported.then(|| view! {
            <div class="alert alert-success" role="status"><p>{td_string!(l, moderation.thanks)}</p></div>
        })}
        <FormErrors error/>
    }
}

/// `/admin/moderation`: reported content, most reported first, with the three decisions.
#[component]
pub fn ModerationPage() -> impl IntoView {
    let l = texts::locale();
    let queue = Resource::new(|| (), |_| moderation_queue());
    let decide = ServerAction::<Moderate>::new();
    let error = action_error(decide);
    let decided = query_flag("decided");
    view! {
        <Title text=texts::page_title(l, td_string!(l, moderation.title))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let items = match queue.await {
                    Ok(i) => i,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                view! {
                    <section class="panel">
                        <p><a href="/admin">{td_string!(l, admin.back)}</a></p>
                        <h1>{td_string!(l, moderation.title)}</h1>
                        <p class="lead">{td_string!(l, moderation.lead)}</p>
                        {decided.then(|| view! { <div class="alert alert-success" role="status"><p>{td_string!(l, moderation.decided)}</p></div> })}
                        <FormErrors error/>
                        {items.is_empty().then(|| view! { <p>{td_string!(l, moderation.empty)}</p> })}
                        <ul class="cards" role="list">
                            {items.into_iter().map(|item| view! { <QueueCard item decide/> }).collect::<Vec<_>>()}
                        </ul>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn QueueCard(item: QueueItem, decide: ServerAction<Moderate>) -> impl IntoView {
    let l = texts::locale();
    let kind = match item.kind {
        ReportTarget::Idea => td_string!(l, moderation.kind_idea),
        ReportTarget::Profile => td_string!(l, moderation.kind_profile),
        ReportTarget::Comment => td_string!(l, moderation.kind_comment),
        ReportTarget::Message => td_string!(l, moderation.kind_message),
    };
    let held = item.held.map(|c| match c {
        HoldCause::Reports => td_string!(l, moderation.held_reports),
        HoldCause::Admin => td_string!(l, moderation.held_admin),
        HoldCause::Suspension => td_string!(l, moderation.held_suspension),
    });
    let count = item.reports.len();
    // "Keep it hidden" only for what is hidden now; otherwise the decision hides it.
    let item_held = item.held.is_some();
    // A deleted member's words: nobody to link to or suspend.
    let gone = item.author.name.is_empty();
    let author = if gone {
        view! { <span>{td_string!(l, contacts.deleted_member)}</span> }.into_any()
    } else {
        view! { <a href=format!("/profiles/{}", item.author.id)>{item.author.name.clone()}</a> }
            .into_any()
    };
    let button = move |decision: &'static str, label: &'static str, danger: bool| {
        let (kind, target) = (item.kind.key(), item.target_id.clone());
        view! {
            <ActionForm action=decide attr:class="inline-form">
                <input type="hidden" name="kind" value=kind/>
                <input type="hidden" name="target" value=target/>
                <input type="hidden" name="decision" value=decision/>
                <button class=if danger { "button small danger" } else { "button small" } type="submit">{label}</button>
            </ActionForm>
        }
    };
    view! {
        <li class="card">
            <p class="muted">
                {kind}" · "{td_string!(l, moderation.by)}" "{author}
                {item.author_suspended.then(|| view! { " · " <strong>{td_string!(l, admin.suspended)}</strong> })}
            </p>
            <p class="pre">{item.excerpt.clone()}</p>
            {item.link.clone().map(|href| view! { <p><a href=href>{td_string!(l, moderation.open)}</a></p> })}
            {held.map(|h| view! { <p><strong>{h}</strong></p> })}
            <p>{if texts::is_one(l, count as u64) { td_string!(l, moderation.reports_1).to_string() } else { td_string!(l, moderation.reports_n, n = texts::number(l, count as u64)).to_string() }}</p>
            <ul>
                {item.reports.iter().map(|(reason, at)| view! {
                    <li><span class="muted">{texts::date_time(l, at)}": "</span>{reason.clone()}</li>
                }).collect::<Vec<_>>()}
            </ul>
            <div class="card-actions">
                {button("dismiss", td_string!(l, moderation.dismiss), false)}
                {button("hide", if item_held { td_string!(l, moderation.hide) } else { td_string!(l, moderation.hide_now) }, false)}
                {(!item.author_suspended && !gone).then(|| button("suspend", td_string!(l, moderation.suspend), true))}
            </div>
        </li>
    }
}

/// Where a report lands that hid the content it was about.
#[component]
pub fn ReportedPage() -> impl IntoView {
    let l = texts::locale();
    view! {
        <Title text=texts::page_title(l, td_string!(l, moderation.reported_title))/>
        <section class="panel narrow">
            <h1>{td_string!(l, moderation.reported_title)}</h1>
            <p class="lead">{td_string!(l, moderation.thanks)}</p>
            <p>{td_string!(l, moderation.reported_hidden)}</p>
            <p><a class="button primary" href="/">{td_string!(l, account.goodbye_market)}</a></p>
        </section>
    }
}
