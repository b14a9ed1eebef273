use super::{SaveNotificationSettings, get_notifications};
use crate::components::{ErrorPanel, FormErrors, MyArea, MyAreaNav, action_error, query_flag};
use crate::domain::Delivery;
use crate::i18n::*;
use crate::session::use_session;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::Title;

/// `/me/notifications`: what happened, newest first (opening the page marks it read), and
/// which mails the member wants of each kind.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let l = texts::locale();
    let session = use_session();
    let data = Resource::new(|| (), |_| get_notifications());
    let save = ServerAction::<SaveNotificationSettings>::new();
    let error = action_error(save);
    let saved = query_flag("saved");
    view! {
        <Title text=texts::page_title(l, td_string!(l, notifications.title))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let me = match session.member().await {
                    Ok(me) => me,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let d = match data.await {
                    Ok(d) => d,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let items = d.items.into_iter().map(|n| {
                    let heading = crate::notifications::labels::notification(l, n.kind, n.actor.as_deref(), n.idea.as_deref());
                    view! {
                        <li class="card notification" class:unread=n.unread>
                            <p class="card-title"><a href=n.link>{heading}</a>
                                {n.unread.then(|| view! { " " <span class="badge">{td_string!(l, notifications.new)}</span> })}
                            </p>
                            <p class="muted">{texts::date_time(l, &n.at)}</p>
                        </li>
                    }
                }).collect::<Vec<_>>();
                let settings = d.settings.into_iter().map(|(kind, delivery)| {
                    let id = format!("delivery-{}", kind.key());
                    let name = format!("delivery[{}]", kind.key());
                    view! {
                        <div class="field field-inline">
                            <label for=id.clone()>{crate::notifications::labels::notification_kind(l, kind)}</label>
                            <select id=id name=name>
                                {Delivery::ALL.iter().map(|d| view! {
                                    <option value=d.key() selected=*d == delivery>{crate::notifications::labels::delivery(l, *d)}</option>
                                }).collect::<Vec<_>>()}
                            </select>
                        </div>
                    }
                }).collect::<Vec<_>>();
                view! {
                    <div class="me notifications">
                        <MyAreaNav current=MyArea::Notifications profile_id=me.id.clone()/>
                        <h1>{td_string!(l, notifications.title)}</h1>
                        <section aria-labelledby="latest">
                            <h2 id="latest" class="visually-hidden">{td_string!(l, notifications.latest)}</h2>
                            {if items.is_empty() {
                                view! { <p class="muted">{td_string!(l, notifications.none)}</p> }.into_any()
                            } else {
                                view! { <ul class="cards" role="list">{items}</ul> }.into_any()
                            }}
                        </section>
                        <section class="panel" aria-labelledby="mail-settings">
                            <h2 id="mail-settings">{td_string!(l, notifications.mail_title)}</h2>
                            <p class="hint">{td_string!(l, notifications.mail_hint)}</p>
                            {saved.then(|| view! { <div class="alert alert-success" role="status"><p>{td_string!(l, notifications.saved)}</p></div> })}
                            <FormErrors error/>
                            <ActionForm action=save attr:class="form">
                                {settings}
                                <button class="button primary" type="submit">{td_string!(l, notifications.save)}</button>
                            </ActionForm>
                        </section>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}
