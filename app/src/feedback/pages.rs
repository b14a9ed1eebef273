use super::{MarkFeedbackRead, SendFeedback, list_feedback};
use crate::components::{ErrorPanel, FormErrors, TextArea, action_error, query_flag};
use crate::i18n::*;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

/// `/feedback`: a plain form for anyone, without script.
#[component]
pub fn FeedbackPage() -> impl IntoView {
    let l = texts::locale();
    let action = ServerAction::<SendFeedback>::new();
    let error = action_error(action);
    let sent = query_flag("sent");
    view! {
        <Title text=texts::page_title(l, td_string!(l, feedback.title))/>
        <Meta name="description" content=td_string!(l, feedback.lead)/>
        <section class="panel narrow">
            <h1>{td_string!(l, feedback.title)}</h1>
            <p class="lead">{td_string!(l, feedback.lead)}</p>
            {sent.then(|| view! {
                <div class="alert alert-success" role="status"><p>{td_string!(l, feedback.thanks)}</p></div>
            })}
            <FormErrors error/>
            <ActionForm action=action attr:class="form">
                <TextArea label=td_string!(l, feedback.body) name="body" rows=8 required=true
                    hint=td_string!(l, feedback.hint) error/>
                <button class="button primary" type="submit">{td_string!(l, feedback.send)}</button>
            </ActionForm>
        </section>
    }
}

/// `/admin/feedback`: what members and visitors wrote, newest first.
#[component]
pub fn AdminFeedbackPage() -> impl IntoView {
    let l = texts::locale();
    let page = leptos_router::hooks::use_query_map()
        .read_untracked()
        .get("page")
        .and_then(|p| p.parse::<u64>().ok());
    let items = Resource::new(move || page, list_feedback);
    let mark = ServerAction::<MarkFeedbackRead>::new();
    view! {
        <Title text=texts::page_title(l, td_string!(l, feedback.admin_title))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let list = match items.await {
                    Ok(list) => list,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let (unread, page, more) = (list.unread, list.page, list.more);
                let items = list.items;
                let pager = (page > 1 || more).then(|| view! {
                    <nav class="pagination" aria-label=td_string!(l, market.pages)>
                        {(page > 1).then(|| view! { <a rel="prev" href=format!("/admin/feedback?page={}", page - 1)>{td_string!(l, market.newer)}</a> })}
                        {more.then(|| view! { <a rel="next" href=format!("/admin/feedback?page={}", page + 1)>{td_string!(l, market.older)}</a> })}
                    </nav>
                });
                view! {
                    <section class="panel">
                        <p><a href="/admin">{td_string!(l, admin.back)}</a></p>
                        <h1>{td_string!(l, feedback.admin_title)}</h1>
                        <p class="lead">{td_string!(l, feedback.unread, n = unread).to_string()}</p>
                        {items.is_empty().then(|| view! { <p>{td_string!(l, feedback.none)}</p> })}
                        <ul class="cards" role="list">
                            {items.into_iter().map(|f| {
                                let from = match &f.from {
                                    Some(p) => view! { <a href=format!("/profiles/{}", p.id)>{p.name.clone()}</a> }.into_any(),
                                    None => view! { <span>{td_string!(l, feedback.visitor)}</span> }.into_any(),
                                };
                                let id = f.id.clone();
                                view! {
                                    <li class="card" id=format!("f-{}", f.id) class:unread=!f.read>
                                        <p class="muted">{from}" · "{texts::date_time(l, &f.at)}" · "{f.language.to_uppercase()}</p>
                                        <p class="pre">{f.body}</p>
                                        {if f.read {
                                            view! { <p class="muted">{td_string!(l, feedback.read)}</p> }.into_any()
                                        } else {
                                            view! {
                                                <ActionForm action=mark>
                                                    <input type="hidden" name="id" value=id/>
                                                    <button class="button" type="submit">{td_string!(l, feedback.mark_read)}</button>
                                                </ActionForm>
                                            }.into_any()
                                        }}
                                    </li>
                                }
                            }).collect::<Vec<_>>()}
                        </ul>
                        {pager}
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}
