use crate::components::ErrorPanel;
use crate::i18n::*;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/me/data`: everything about the member as a page to read and print, in their language
/// (the JSON download is for machines).
#[component]
pub fn MyDataPage() -> impl IntoView {
    use super::my_data;
    use crate::contest::EntryStatus;
    use crate::domain::TagKind;
    let l = texts::locale();
    let data = Resource::new(|| (), |_| my_data());
    let entry = move |s: EntryStatus| match s {
        EntryStatus::Draft => td_string!(l, calls.status_draft),
        EntryStatus::Submitted => td_string!(l, calls.status_submitted),
        EntryStatus::Withdrawn => td_string!(l, calls.status_withdrawn),
    };
    let kind = move |k: TagKind| match k {
        TagKind::Interest => td_string!(l, profile.ai_topics),
        TagKind::Offered => td_string!(l, profile.offered),
        TagKind::Sought => td_string!(l, profile.sought),
        TagKind::Required => td_string!(l, profile.required),
        TagKind::Topic => td_string!(l, idea.topics),
    };
    let who = move |name: Option<String>| {
        name.unwrap_or_else(|| td_string!(l, contacts.deleted_member).to_owned())
    };
    view! {
        <Title text=texts::page_title(l, td_string!(l, account.data_heading))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let d = match data.await {
                    Ok(d) => d,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let none = || view! { <p class="muted">{td_string!(l, account.data_none)}</p> };
                let p = d.profile.clone();
                let facts = [
                    (td_string!(l, account.email), d.email.clone()),
                    (td_string!(l, account.data_joined), texts::date(l, &d.joined)),
                    (td_string!(l, account.display_name), p.display_name.clone()),
                    (td_string!(l, profile.organisation), p.organisation.clone()),
                    (td_string!(l, profile.org_type), texts::organisation_type(l, p.organisation_type).to_owned()),
                    (td_string!(l, profile.role), p.role.clone()),
                    (td_string!(l, profile.region), p.region.clone()),
                    (td_string!(l, profile.bio), p.bio.clone()),
                ];
                let facts = facts
                    .into_iter()
                    .chain(p.tags.iter().map(|(k, tags)| (kind(*k), tags.join(", "))))
                    .filter(|(_, v)| !v.is_empty())
                    .map(|(k, v)| view! { <dt>{k}</dt><dd class="pre">{v}</dd> })
                    .collect::<Vec<_>>();
                let ideas = d.ideas.iter().map(|i| {
                    let revisions = i.revisions.iter().map(|r| {
                        let changed = r.changed.iter().map(|f| crate::revisions::labels::idea_field(l, *f)).collect::<Vec<_>>().join(", ");
                        view! {
                            <tr>
                                <td>{r.number}</td>
                                <td>{who(r.editor.clone())}</td>
                                <td>{texts::date_time(l, &r.at)}</td>
                                <td>{changed}</td>
                            </tr>
                        }
                    }).collect::<Vec<_>>();
                    view! {
                        <article class="data-item">
                            <h3>{i.title.clone()}</h3>
                            <p class="muted">{crate::ideas::labels::status(l, i.status)}" · "{if i.owned { td_string!(l, account.data_owned) } else { td_string!(l, account.data_in_group) }}</p>
                            <p><strong>{td_string!(l, idea.teaser)}": "</strong>{i.teaser.clone()}</p>
                            <p class="pre">{i.description.clone()}</p>
                            <table class="table">
                                <caption>{td_string!(l, revisions.caption)}</caption>
                                <thead><tr>
                                    <th scope="col">{td_string!(l, revisions.revision)}</th>
                                    <th scope="col">{td_string!(l, revisions.who)}</th>
                                    <th scope="col">{td_string!(l, revisions.when)}</th>
                                    <th scope="col">{td_string!(l, revisions.what)}</th>
                                </tr></thead>
                                <tbody>{revisions}</tbody>
                            </table>
                        </article>
                    }
                }).collect::<Vec<_>>();
                let conversations = d.conversations.iter().map(|c| view! {
                    <article class="data-item">
                        <h3>{c.with.clone()}</h3>
                        <ul class="messages-list">
                            {c.messages.iter().map(|m| view! {
                                <li class="message">
                                    <p class="message-meta muted">{who(m.author.clone())}" · "{texts::date_time(l, &m.at)}</p>
                                    <p class="pre">{m.body.clone()}</p>
                                </li>
                            }).collect::<Vec<_>>()}
                        </ul>
                    </article>
                }).collect::<Vec<_>>();
                let comments = d.comments.iter().map(|c| view! {
                    <li><p class="muted">{c.idea.clone()}" · "{texts::date_time(l, &c.at)}</p><p class="pre">{c.body.clone()}</p></li>
                }).collect::<Vec<_>>();
                let entries = d.entries.iter().map(|e| view! {
                    <li>{e.call.clone()}": "{e.idea.clone()}" · "{entry(e.status)}" · "{td_string!(l, calls.content, version = e.version).to_string()}</li>
                }).collect::<Vec<_>>();
                let signups = d.signups.iter().map(|s| view! {
                    <li>{s.workshop.clone()}" · "{texts::zoned_date_time(l, &s.starts_at)}" · "{crate::workshops::labels::signup_status(l, s.status)}</li>
                }).collect::<Vec<_>>();
                view! {
                    <article class="panel my-data">
                        <p class="breadcrumb"><a href="/me/account">{td_string!(l, profile.account)}</a></p>
                        <h1>{td_string!(l, account.data_heading)}</h1>
                        <p class="lead">{td_string!(l, account.data_lead, date = texts::date_time(l, &d.at)).to_string()}</p>
                        <p class="toolbar"><a class="button" href="/me/data.json" download>{td_string!(l, account.data_download)}</a></p>
                        <section aria-labelledby="data-profile">
                            <h2 id="data-profile">{td_string!(l, account.data_profile)}</h2>
                            <dl class="facts">{facts}</dl>
                        </section>
                        <section aria-labelledby="data-ideas">
                            <h2 id="data-ideas">{td_string!(l, account.data_ideas)}</h2>
                            {if ideas.is_empty() { none().into_any() } else { ideas.into_any() }}
                        </section>
                        <section aria-labelledby="data-conversations">
                            <h2 id="data-conversations">{td_string!(l, contacts.messages)}</h2>
                            {if conversations.is_empty() { none().into_any() } else { conversations.into_any() }}
                        </section>
                        <section aria-labelledby="data-comments">
                            <h2 id="data-comments">{td_string!(l, account.data_comments)}</h2>
                            {if comments.is_empty() { none().into_any() } else { view! { <ul>{comments}</ul> }.into_any() }}
                        </section>
                        <section aria-labelledby="data-entries">
                            <h2 id="data-entries">{td_string!(l, account.data_entries)}</h2>
                            {if entries.is_empty() { none().into_any() } else { view! { <ul>{entries}</ul> }.into_any() }}
                        </section>
                        <section aria-labelledby="data-signups">
                            <h2 id="data-signups">{td_string!(l, account.data_signups)}</h2>
                            {if signups.is_empty() { none().into_any() } else { view! { <ul>{signups}</ul> }.into_any() }}
                        </section>
                    </article>
                }.into_any()
            })}
        </Suspense>
    }
}
