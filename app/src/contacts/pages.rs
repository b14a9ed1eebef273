use super::{
    AnswerRequest, ConversationSummary, RequestContact, RequestView, SendMessage, SetBlock, With,
    get_contact_state, get_conversation, my_messages,
};
use crate::components::islands::LiveRegion;
use crate::components::{
    ErrorPanel, FormErrors, MyArea, MyAreaNav, TextArea, action_error, query_flag,
};
use crate::domain::ContactRefusal;
use crate::domain::ReportTarget;
use crate::i18n::*;
use crate::moderation::{ReportForm, ReportNotice};
use crate::session::use_session;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// On a member's profile: how to get in touch (the request form, the conversation, or why
/// not), and blocking.
#[component]
pub fn ContactPanel(person_id: String, name: String) -> impl IntoView {
    let l = texts::locale();
    let id = person_id.clone();
    let state = Resource::new(move || id.clone(), get_contact_state);
    let action = ServerAction::<RequestContact>::new();
    let error = action_error(action);
    let block = ServerAction::<SetBlock>::new();
    let about = use_query_map()
        .read_untracked()
        .get("idea")
        .unwrap_or_default();
    let requested = query_flag("requested");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let s = match state.await {
                    Ok(s) => s,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let body = if let Some(c) = s.conversation.clone() {
                    view! { <p><a class="button primary" href=format!("/me/messages/{c}")>{td_string!(l, contacts.open_conversation)}</a></p> }.into_any()
                } else if s.request_to_me.is_some() {
                    view! { <p>{td_string!(l, contacts.they_asked, name = name.clone()).to_string()}" "<a href="/me/messages">{td_string!(l, contacts.answer_in_inbox)}</a></p> }.into_any()
                } else if requested || s.refusal == Some(ContactRefusal::Pending) {
                    view! { <div class="alert alert-success" role="status"><p>{td_string!(l, contacts.sent)}</p></div> }.into_any()
                } else if let Some(r) = s.refusal {
                    view! { <p class="muted">{texts::refusal(l, r)}</p> }.into_any()
                } else {
                    let ideas = s.ideas.clone();
                    let to = person_id.clone();
                    view! {
                        <FormErrors error/>
                        <ActionForm action=action attr:class="form">
                            <input type="hidden" name="to" value=to/>
                            <TextArea label=td_string!(l, contacts.note) name="note" rows=4 required=true
                                hint=td_string!(l, contacts.note_hint) error/>
                            {(!ideas.is_empty()).then(|| view! {
                                <div class="field">
                                    <label for="idea">{td_string!(l, contacts.about_idea)}</label>
                                    <select id="idea" name="idea">
                                        <option value="">{td_string!(l, contacts.no_idea)}</option>
                                        {ideas.into_iter().map(|(id, title)| {
                                            let selected = id == about;
                                            view! { <option value=id selected=selected>{title}</option> }
                                        }).collect::<Vec<_>>()}
                                    </select>
                                </div>
                            })}
                            <button class="button primary" type="submit">{td_string!(l, contacts.send_request)}</button>
                        </ActionForm>
                    }.into_any()
                };
                let (block_value, block_label) = if s.blocked_by_me {
                    ("off", td_string!(l, contacts.unblock))
                } else {
                    ("on", td_string!(l, contacts.block))
                };
                view! {
                    <section class="panel contact" id="contact" aria-labelledby="contact-title">
                        <h2 id="contact-title">{td_string!(l, contacts.title, name = name.clone()).to_string()}</h2>
                        {body}
                        {s.blocked_by_me.then(|| view! { <p class="muted">{td_string!(l, contacts.blocked_note)}</p> })}
                        <ActionForm action=block attr:class="inline-form">
                            <input type="hidden" name="id" value=person_id.clone()/>
                            <input type="hidden" name="block" value=block_value/>
                            <button class="button small" type="submit">{block_label}</button>
                        </ActionForm>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

/// One plain form that answers a request.
#[component]
fn Answer(id: String, answer: &'static str, label: &'static str, primary: bool) -> impl IntoView {
    let action = ServerAction::<AnswerRequest>::new();
    view! {
        <ActionForm action=action attr:class="inline-form">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="answer" value=answer/>
            <button class="button small" class:primary=primary type="submit">{label}</button>
        </ActionForm>
    }
}

#[component]
fn RequestItem(r: RequestView, received: bool) -> impl IntoView {
    let l = texts::locale();
    let id = r.id.clone();
    view! {
        <li class="card request">
            <p class="card-title"><a href=format!("/profiles/{}", r.person_id)>{r.person_name.clone()}</a></p>
            <p class="muted">{texts::date(l, &r.sent_at)}
                {r.idea.clone().map(|(id, title)| view! { " · "{td_string!(l, contacts.about)}" "<a href=format!("/ideas/{id}")>{title}</a> })}
            </p>
            <p class="pre">{r.note.clone()}</p>
            {received.then(|| view! {
                <div class="actions">
                    <Answer id=id.clone() answer="accept" label=td_string!(l, contacts.accept) primary=true/>
                    <Answer id=id.clone() answer="decline" label=td_string!(l, contacts.decline) primary=false/>
                </div>
            })}
        </li>
    }
}

#[component]
fn ConversationItem(c: ConversationSummary) -> impl IntoView {
    let l = texts::locale();
    let unread = c.unread;
    let has_unread = unread > 0;
    let (name, people) = match &c.with {
        With::Person { name, .. } => (name.clone(), None),
        With::Gone => (td_string!(l, contacts.with_deleted).to_owned(), None),
        With::Group { title, members, .. } => {
            let names: Vec<&str> = members.iter().map(|(_, n)| n.as_str()).collect();
            (
                td_string!(l, contacts.group_of, title = title.as_str()).to_string(),
                Some(td_string!(l, contacts.group_with, names = names.join(", ")).to_string()),
            )
        }
    };
    let last = if c.last.is_empty() {
        td_string!(l, contacts.no_messages).to_owned()
    } else {
        c.last.clone()
    };
    view! {
        <li class="card conversation" class:unread=has_unread>
            <p class="card-title">
                <a href=format!("/me/messages/{}", c.id)>{name}</a>
                {(unread > 0).then(|| view! { " " <span class="badge">{if texts::is_one(l, unread) { td_string!(l, contacts.unread_1).to_string() } else { td_string!(l, contacts.unread_n, n = texts::number(l, unread)).to_string() }}</span> })}
            </p>
            {people.map(|p| view! { <p class="muted">{p}</p> })}
            <p class="muted">{texts::date(l, &c.last_at)}" · "{last}</p>
        </li>
    }
}

/// `/me/messages`: requests to answer, requests waiting, and conversations, newest first.
#[component]
pub fn MessagesPage() -> impl IntoView {
    let l = texts::locale();
    let session = use_session();
    let inbox = Resource::new(|| (), |_| my_messages());
    let declined = query_flag("declined");
    view! {
        <Title text=texts::page_title(l, td_string!(l, contacts.messages))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let me = match session.member().await {
                    Ok(me) => me,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let d = match inbox.await {
                    Ok(d) => d,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                view! {
                    <div class="me messages">
                        <MyAreaNav current=MyArea::Messages profile_id=me.id.clone()/>
                        <h1>{td_string!(l, contacts.messages)}</h1>
                        <LiveRegion region="#inbox".to_owned() about=None/>
                        <div id="inbox">
                        {declined.then(|| view! { <div class="alert" role="status"><p>{td_string!(l, contacts.declined)}</p></div> })}
                        {(!d.received.is_empty()).then(|| view! {
                            <section aria-labelledby="requests-received">
                                <h2 id="requests-received">{td_string!(l, contacts.received)}</h2>
                                <ul class="cards" role="list">
                                    {d.received.clone().into_iter().map(|r| view! { <RequestItem r received=true/> }).collect::<Vec<_>>()}
                                </ul>
                            </section>
                        })}
                        <section aria-labelledby="conversations">
                            <h2 id="conversations">{td_string!(l, contacts.conversations)}</h2>
                            {if d.conversations.is_empty() {
                                view! { <p class="muted">{td_string!(l, contacts.none)}" "<a href="/me/matches">{td_string!(l, contacts.find_partners)}</a></p> }.into_any()
                            } else {
                                view! {
                                    <ul class="cards" role="list">
                                        {d.conversations.clone().into_iter().map(|c| view! { <ConversationItem c/> }).collect::<Vec<_>>()}
                                    </ul>
                                }.into_any()
                            }}
                        </section>
                        {(!d.sent.is_empty()).then(|| view! {
                            <section aria-labelledby="requests-sent">
                                <h2 id="requests-sent">{td_string!(l, contacts.sent_title)}</h2>
                                <ul class="cards" role="list">
                                    {d.sent.clone().into_iter().map(|r| view! { <RequestItem r received=false/> }).collect::<Vec<_>>()}
                                </ul>
                            </section>
                        })}
                        </div>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

/// A panel shown beside a conversation with one person, (their id, name, the page to
/// return to): the composition above the features passes the groups' invitation here.
pub type PersonPanel = fn(String, String, String) -> AnyView;

/// `/me/messages/:id`: one conversation, oldest first, and the reply form; with one person,
/// `panel` beside it.
#[component]
pub fn ConversationPage(panel: PersonPanel) -> impl IntoView {
    let l = texts::locale();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id").unwrap_or_default(),
        get_conversation,
    );
    let action = ServerAction::<SendMessage>::new();
    let error = action_error(action);
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let c = match data.await {
                    Ok(c) => c,
                    Err(e) => return view! { <Title text=texts::page_title(l, td_string!(l, contacts.messages))/><ErrorPanel error=e/> }.into_any(),
                };
                let title = match &c.with {
                    With::Person { name, .. } => td_string!(l, contacts.with, name = name.as_str()).to_string(),
                    With::Group { title, .. } => td_string!(l, contacts.group_of, title = title.as_str()).to_string(),
                    With::Gone => td_string!(l, contacts.with_deleted).to_owned(),
                };
                let gone = c.with == With::Gone;
                let last = c.messages.last().map(|m| m.id);
                let live = Some(c.id.clone());
                let next = format!("/me/messages/{}", c.id);
                let report_next = next.clone();
                let (about, invite) = match c.with.clone() {
                    With::Person { id, name } => (
                        view! { <p><a href=format!("/profiles/{id}")>{td_string!(l, contacts.profile_of, name = name.as_str()).to_string()}</a></p> }.into_any(),
                        Some(panel(id, name, next)),
                    ),
                    With::Group { idea_id, members, .. } => (
                        view! {
                            <p>
                                {td_string!(l, contacts.members)}": "
                                {members.into_iter().enumerate().map(|(i, (id, name))| view! {
                                    {(i > 0).then_some(", ")}<a href=format!("/profiles/{id}")>{name}</a>
                                }).collect::<Vec<_>>()}
                                " · "<a href=format!("/ideas/{idea_id}#group")>{td_string!(l, contacts.to_idea)}</a>
                            </p>
                        }.into_any(),
                        None,
                    ),
                    With::Gone => (().into_any(), None),
                };
                view! {
                    <Title text=texts::page_title(l, &title)/>
                    <div class="conversation-page">
                        <p><a href="/me/messages">{td_string!(l, contacts.back)}</a></p>
                        <h1>{title}</h1>
                        {about}
                        <ReportNotice/>
                        <LiveRegion region=".messages-list".to_owned() about=live/>
                        <ol class="messages-list" aria-live="polite" aria-label=td_string!(l, contacts.messages)>
                            {c.messages.into_iter().map(|m| {
                                let id = (Some(m.id) == last).then_some("latest");
                                let report = (!m.mine && !m.held && m.author_name.is_some()).then(|| view! {
                                    <ReportForm kind=ReportTarget::Message target=m.id.to_string() next=report_next.clone()/>
                                });
                                view! {
                                    <li class="message" class:mine=m.mine id=id>
                                        <p class="message-meta"><strong>{m.author_name.unwrap_or_else(|| td_string!(l, contacts.deleted_member).to_owned())}</strong>" · "{texts::date_time(l, &m.at)}</p>
                                        {if m.held {
                                            view! { <p class="held-note">{td_string!(l, moderation.held_text)}</p> }.into_any()
                                        } else {
                                            view! { <p class="pre">{m.body}</p> }.into_any()
                                        }}
                                        {report}
                                    </li>
                                }
                            }).collect::<Vec<_>>()}
                        </ol>
                        {if c.can_write {
                            view! {
                                <FormErrors error/>
                                <ActionForm action=action attr:class="form">
                                    <input type="hidden" name="conversation" value=c.id.clone()/>
                                    <TextArea label=td_string!(l, contacts.reply) name="body" rows=3 required=true hint=td_string!(l, contacts.body_hint) error/>
                                    <button class="button primary" type="submit">{td_string!(l, contacts.send)}</button>
                                </ActionForm>
                            }.into_any()
                        } else if gone {
                            view! { <p class="muted">{td_string!(l, contacts.gone)}</p> }.into_any()
                        } else {
                            view! { <p class="muted">{texts::refusal(l, ContactRefusal::Blocked)}</p> }.into_any()
                        }}
                        {invite}
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}
