use super::{
    CancelSignup, SaveWorkshop, SignUp, WorkshopSummary, get_workshop, list_workshops,
    workshop_editor,
};
use crate::components::{
    ErrorPanel, FormErrors, Select, TextArea, TextField, action_error, query_flag,
};
use crate::domain::{Audience, SignupStatus, WorkshopFormat};
use crate::i18n::*;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// When, how, and how many seats are left.
#[component]
fn WorkshopFacts(w: WorkshopSummary) -> impl IntoView {
    let l = texts::locale();
    let seats = if w.seats_left > 0 {
        td_string!(l, workshops.seats_left, n = w.seats_left, of = w.capacity).to_string()
    } else {
        td_string!(l, workshops.full).to_string()
    };
    view! {
        <p class="muted workshop-facts">
            <time datetime=w.starts_at.to_rfc3339()>{texts::zoned_date_time(l, &w.starts_at)}</time>
            " · "{crate::workshops::labels::workshop_format(l, w.format)}
            {(!w.started).then(|| view! { " · "{seats} })}
        </p>
        {w.call.clone().map(|(id, t)| view! {
            <p class="muted">{td_string!(l, workshops.for_groups_of)}" "<a href=format!("/calls/{id}")>{t}</a></p>
        })}
    }
}

#[component]
fn WorkshopItem(w: WorkshopSummary) -> impl IntoView {
    let l = texts::locale();
    let href = format!("/workshops/{}", w.id);
    let mine = w
        .mine
        .map(|s| crate::workshops::labels::signup_status(l, s));
    view! {
        <li class="card">
            <p class="card-title"><a href=href>{w.title.clone()}</a></p>
            <WorkshopFacts w=w.clone()/>
            {mine.map(|m| view! { <p><span class="badge badge-open">{m}</span></p> })}
        </li>
    }
}

/// `/workshops`: public, upcoming first.
#[component]
pub fn WorkshopsPage() -> impl IntoView {
    let l = texts::locale();
    let data = Resource::new(|| (), |_| list_workshops());
    view! {
        <Title text=texts::page_title(l, td_string!(l, workshops.title))/>
        <div class="workshops">
            <h1>{td_string!(l, workshops.title)}</h1>
            <p class="lead">{td_string!(l, workshops.intro)}</p>
            <Suspense fallback=|| ()>
                {Suspend::new(async move {
                    let o = match data.await {
                        Ok(o) => o,
                        Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                    };
                    let list = |items: Vec<WorkshopSummary>| {
                        if items.is_empty() {
                            view! { <p class="muted">{td_string!(l, workshops.none)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="cards" role="list">
                                    {items.into_iter().map(|w| view! { <WorkshopItem w/> }).collect::<Vec<_>>()}
                                </ul>
                            }.into_any()
                        }
                    };
                    view! {
                        {o.admin.then(|| view! { <p><a class="button" href="/workshops/new">{td_string!(l, workshops.new)}</a></p> })}
                        <section aria-labelledby="upcoming-workshops">
                            <h2 id="upcoming-workshops">{td_string!(l, workshops.upcoming)}</h2>
                            {list(o.upcoming)}
                        </section>
                        <section aria-labelledby="past-workshops">
                            <h2 id="past-workshops">{td_string!(l, workshops.past)}</h2>
                            {list(o.past)}
                        </section>
                    }.into_any()
                })}
            </Suspense>
        </div>
    }
}

/// `/workshops/:id`: public; members sign up and cancel with plain forms.
#[component]
pub fn WorkshopPage() -> impl IntoView {
    let l = texts::locale();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_workshop,
    );
    let sign_up = ServerAction::<SignUp>::new();
    let cancel = ServerAction::<CancelSignup>::new();
    let error = {
        let (a, b) = (action_error(sign_up), action_error(cancel));
        Signal::derive(move || a.get().or_else(|| b.get()))
    };
    let signed = query.read_untracked().get("signed");
    let notice = match signed.as_deref() {
        Some("confirmed") => Some(td_string!(l, workshops.signed_confirmed)),
        Some("waiting") => Some(td_string!(l, workshops.signed_waiting)),
        _ if query_flag("cancelled") => Some(td_string!(l, workshops.cancelled)),
        _ if query_flag("saved") => Some(td_string!(l, workshops.saved)),
        _ => None,
    };
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let v = match data.await {
                    Ok(v) => v,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let w = v.workshop.clone();
                let id = w.id.clone();
                let lang = match l { Locale::de => "de", Locale::en => "en" };
                let calendar = format!("/workshops/{id}/calendar.ics?lang={lang}");
                let (cancel_id, sign_id) = (id.clone(), id.clone());
                let signup = match (v.member, w.mine, v.refusal) {
                    (false, _, _) if v.unconfirmed => view! { <crate::components::VerifyReminder/> }.into_any(),
                    (false, _, _) => view! {
                        <p><a class="button primary" href=format!("/login?next=/workshops/{id}")>{td_string!(l, workshops.log_in)}</a></p>
                    }.into_any(),
                    (true, Some(status), _) => {
                        let line = match (status, v.position) {
                            (SignupStatus::Waiting, Some(p)) => td_string!(l, workshops.you_wait, position = p).to_string(),
                            _ => td_string!(l, workshops.you_have_a_seat).to_string(),
                        };
                        view! {
                            <p class="workshop-status" role="status">{line}</p>
                            <div class="toolbar">
                                {(status == SignupStatus::Confirmed).then(|| view! {
                                    <a class="button" href=calendar.clone() download="workshop.ics">{td_string!(l, workshops.calendar)}</a>
                                })}
                                {(!w.started).then(|| view! {
                                    <ActionForm action=cancel attr:class="inline-form">
                                        <input type="hidden" name="id" value=cancel_id/>
                                        <button class="button danger" type="submit">{td_string!(l, workshops.cancel)}</button>
                                    </ActionForm>
                                })}
                            </div>
                        }.into_any()
                    }
                    (true, None, Some(r)) => view! { <p class="muted">{texts::refusal(l, r)}</p> }.into_any(),
                    (true, None, None) => view! {
                        <ActionForm action=sign_up attr:class="inline-form">
                            <input type="hidden" name="id" value=sign_id/>
                            <button class="button primary" type="submit">
                                {if w.seats_left > 0 { td_string!(l, workshops.sign_up) } else { td_string!(l, workshops.join_waiting_list) }}
                            </button>
                        </ActionForm>
                    }.into_any(),
                };
                let place = match (w.format, v.place.clone()) {
                    (_, Some(p)) => Some(p),
                    (WorkshopFormat::Online, None) => Some(td_string!(l, workshops.link_for_attendees).to_string()),
                    _ => None,
                };
                let attendees = v.attendees.clone().map(|list| view! {
                    <section aria-labelledby="attendees">
                        <h2 id="attendees">{td_string!(l, workshops.attendees)}</h2>
                        {if list.is_empty() {
                            view! { <p class="muted">{td_string!(l, workshops.nobody_yet)}</p> }.into_any()
                        } else {
                            view! {
                                <ol class="attendees">
                                    {list.into_iter().map(|a| view! {
                                        <li><a href=format!("/profiles/{}", a.person.id)>{a.person.name}</a>" · "{match a.status {
                                            SignupStatus::Confirmed => td_string!(l, workshops.has_seat),
                                            SignupStatus::Waiting => td_string!(l, workshops.waits),
                                        }}</li>
                                    }).collect::<Vec<_>>()}
                                </ol>
                            }.into_any()
                        }}
                    </section>
                });
                let is_admin = v.attendees.is_some();
                view! {
                    <Title text=texts::page_title(l, &w.title)/>
                    <article class="workshop">
                        <p class="breadcrumb"><a href="/workshops">{td_string!(l, workshops.title)}</a></p>
                        <h1>{w.title.clone()}</h1>
                        {notice.map(|n| view! { <div class="alert alert-success" role="status"><p>{n}</p></div> })}
                        <FormErrors error/>
                        <WorkshopFacts w=w.clone()/>
                        <dl class="facts">
                            <dt>{td_string!(l, workshops.when)}</dt>
                            <dd>{texts::zoned_date_time(l, &w.starts_at)}" – "{texts::zoned_date_time(l, &w.ends_at)}</dd>
                            {place.map(|p| view! { <dt>{td_string!(l, workshops.place)}</dt><dd class="place">{p}</dd> })}
                            <dt>{td_string!(l, workshops.waiting)}</dt>
                            <dd>{v.waiting}</dd>
                        </dl>
                        <div class="prose" inner_html=v.description_html.clone()></div>
                        {(!w.started).then_some(signup)}
                        {is_admin.then(|| view! { <p><a class="button small" href=format!("/workshops/{id}/edit")>{td_string!(l, workshops.edit)}</a></p> })}
                        {attendees}
                    </article>
                }.into_any()
            })}
        </Suspense>
    }
}

/// `/workshops/new` and `/workshops/:id/edit`: admins only.
#[component]
pub fn WorkshopEditorPage() -> impl IntoView {
    let l = texts::locale();
    let params = use_params_map();
    let form = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        workshop_editor,
    );
    let save = ServerAction::<SaveWorkshop>::new();
    let error = action_error(save);
    view! {
        <Title text=texts::page_title(l, td_string!(l, workshops.editor))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let f = match form.await {
                    Ok(f) => f,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let formats = WorkshopFormat::ALL.iter().map(|k| (k.key(), crate::workshops::labels::workshop_format(l, *k))).collect::<Vec<_>>();
                let audiences = Audience::ALL.iter().map(|k| (k.key(), crate::workshops::labels::audience(l, *k))).collect::<Vec<_>>();
                view! {
                    <div class="call-editor">
                        <h1>{td_string!(l, workshops.editor)}</h1>
                        <FormErrors error/>
                        <ActionForm action=save attr:class="form">
                            <input type="hidden" name="id" value=f.id.clone()/>
                            <TextField label=td_string!(l, calls.title_de) name="title_de" value=f.title_de.clone() required=true maxlength=120 error/>
                            <TextField label=td_string!(l, calls.title_en) name="title_en" value=f.title_en.clone() required=true maxlength=120 error/>
                            <TextArea label=td_string!(l, calls.description_de) name="description_de" value=f.description_de.clone() required=true rows=6
                                hint=td_string!(l, calls.markdown_hint) error/>
                            <TextArea label=td_string!(l, calls.description_en) name="description_en" value=f.description_en.clone() required=true rows=6
                                hint=td_string!(l, calls.markdown_hint) error/>
                            <Select label=td_string!(l, workshops.format) name="format" options=formats selected=f.format.clone() error/>
                            <TextField label=td_string!(l, workshops.place) name="place" value=f.place.clone() maxlength=500
                                hint=td_string!(l, workshops.place_hint) error/>
                            <fieldset class="fieldset">
                                <legend>{td_string!(l, workshops.when)}</legend>
                                <p class="hint">{td_string!(l, calls.zone_hint, zone = texts::zone_name()).to_string()}</p>
                                <TextField label=td_string!(l, workshops.starts) name="starts_at" kind="datetime-local" value=f.starts_at.clone() required=true error/>
                                <TextField label=td_string!(l, workshops.ends) name="ends_at" kind="datetime-local" value=f.ends_at.clone() required=true error/>
                            </fieldset>
                            <TextField label=td_string!(l, workshops.capacity) name="capacity" kind="number" value=f.capacity.clone() required=true error/>
                            <Select label=td_string!(l, workshops.audience) name="audience" options=audiences selected=f.audience.clone() error/>
                            <Select label=td_string!(l, workshops.call) name="call" owned=f.calls.clone() selected=f.call.clone()
                                placeholder=td_string!(l, workshops.no_call) hint=td_string!(l, workshops.call_hint) error/>
                            <button class="button primary" type="submit">{td_string!(l, workshops.save)}</button>
                        </ActionForm>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}
