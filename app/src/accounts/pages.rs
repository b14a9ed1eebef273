use super::{
    ChangePassword, ConfirmEmail, ConfirmEmailChange, DeleteAccount, GroupIdea, Login,
    LogoutEverywhere, Register, RequestEmailChange, RequestPasswordReset, ResetPassword,
    get_farewell,
};
use crate::components::{
    ConsentBox, ErrorPanel, FormErrors, MyArea, MyAreaNav, TextField, action_error, echoed,
};
use crate::domain::IdeaFate;
use crate::error::AppError;
use crate::i18n::*;
use crate::session::use_session;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_query_map;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let l = texts::locale();
    let action = ServerAction::<Register>::new();
    let error = action_error(action);
    let next = use_query_map()
        .read_untracked()
        .get("next")
        .filter(|n| crate::domain::local_path(n).is_some())
        .unwrap_or_default();
    let login = if next.is_empty() {
        "/login".to_owned()
    } else {
        format!("/login?next={}", crate::components::urlencode(&next))
    };
    view! {
        <Title text=texts::page_title(l, td_string!(l, account.register_title))/>
        <Meta name="description" content=td_string!(l, account.register_description)/>
        <section class="panel narrow">
            <h1>{td_string!(l, account.join)}</h1>
            <p class="lead">
                {td_string!(l, account.join_lead)}
            </p>
            <FormErrors error/>
            <ActionForm action=action attr:class="form">
                <input type="hidden" name="next" value=next/>
                <TextField label=td_string!(l, account.email) name="email" kind="email" required=true autocomplete="email" error/>
                <TextField label=td_string!(l, account.display_name) name="display_name" required=true autocomplete="name"
                    hint=td_string!(l, account.display_name_hint) error/>
                <TextField label=td_string!(l, account.password) name="password" kind="password" required=true autocomplete="new-password"
                    hint=td_string!(l, account.password_hint) error/>
                <ConsentBox name="accept_terms" label=td_string!(l, account.accept_terms) error>
                    <a href="/terms">{td_string!(l, legal.terms)}</a>" · "<a href="/privacy">{td_string!(l, legal.privacy)}</a>
                </ConsentBox>
                <button class="button primary" type="submit">{td_string!(l, account.create)}</button>
            </ActionForm>
            <p class="aside">{td_string!(l, account.already)} <a href=login>{td_string!(l, account.login)}</a></p>
        </section>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let l = texts::locale();
    let action = ServerAction::<Login>::new();
    let error = action_error(action);
    let query = use_query_map();
    let registered = query.read_untracked().get("registered").is_some();
    let reset = query.read_untracked().get("reset").is_some();
    let email_changed = query.read_untracked().get("email_changed").is_some();
    let next = query.read_untracked().get("next").unwrap_or_default();
    view! {
        <Title text=texts::page_title(l, td_string!(l, account.login_title))/>
        <Meta name="description" content=td_string!(l, account.login_description)/>
        <section class="panel narrow">
            <h1>{td_string!(l, account.login)}</h1>
            {registered.then(|| view! {
                <div class="alert alert-success" role="status">
                    <p class="alert-title">{td_string!(l, account.thanks)}</p>
                    <p>{td_string!(l, account.thanks_text)}</p>
                </div>
            })}
            {reset.then(|| view! {
                <div class="alert alert-success" role="status"><p>{td_string!(l, account.reset_done)}</p></div>
            })}
            {email_changed.then(|| view! {
                <div class="alert alert-success" role="status"><p>{td_string!(l, account.email_changed_login)}</p></div>
            })}
            <FormErrors error/>
            <ActionForm action=action attr:class="form">
                <input type="hidden" name="next" value=next/>
                <TextField label=td_string!(l, account.email) name="email" kind="email" required=true autocomplete="username" error/>
                <TextField label=td_string!(l, account.password) name="password" kind="password" required=true autocomplete="current-password" error/>
                <button class="button primary" type="submit">{td_string!(l, account.login)}</button>
            </ActionForm>
            <p class="aside"><a href="/password/forgot">{td_string!(l, account.forgot_link)}</a></p>
            <p class="aside">{td_string!(l, account.new_here)} <a href="/register">{td_string!(l, account.create_link)}</a></p>
        </section>
    }
}

/// The page a confirmation link opens: it confirms nothing by itself (mail scanners open
/// links), the member presses the button, which posts the token.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let l = texts::locale();
    let query = use_query_map();
    let token = query.read_untracked().get("token").unwrap_or_default();
    let action = ServerAction::<ConfirmEmail>::new();
    let error = action_error(action);
    let confirmed = query.read_untracked().get("confirmed").is_some();
    let next = query
        .read_untracked()
        .get("next")
        .filter(|n| crate::domain::local_path(n).is_some());
    let (go_to, go_label) = match next.clone() {
        Some(n) => (n, td_string!(l, account.continue_where)),
        None => ("/me".to_owned(), td_string!(l, account.to_profile)),
    };
    let next = next.unwrap_or_default();
    view! {
        <Title text=texts::page_title(l, td_string!(l, account.verify_title))/>
        <section class="panel narrow">
            <Show when=move || confirmed fallback=move || {
                let (token, next) = (token.clone(), next.clone());
                view! {
                    <h1>{td_string!(l, account.verify_title)}</h1>
                    <p class="lead">{td_string!(l, account.verify_lead)}</p>
                    <FormErrors error/>
                    <ActionForm action=action attr:class="form">
                        <input type="hidden" name="token" value=token/>
                        <input type="hidden" name="next" value=next/>
                        <button class="button primary" type="submit">{td_string!(l, account.verify_button)}</button>
                    </ActionForm>
                }
            }>
                <h1>{td_string!(l, account.confirmed)}</h1>
                <p>{td_string!(l, account.confirmed_text)}</p>
                <p><a class="button primary" href=go_to.clone()>{go_label}</a></p>
            </Show>
        </section>
    }
}

/// "Forgot password": asks for the address and always answers the same.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let l = texts::locale();
    let action = ServerAction::<RequestPasswordReset>::new();
    let error = action_error(action);
    let query = use_query_map();
    let sent = query.read_untracked().get("sent").is_some();
    view! {
        <Title text=texts::page_title(l, td_string!(l, account.forgot_title))/>
        <section class="panel narrow">
            <h1>{td_string!(l, account.forgot_title)}</h1>
            <Show when=move || sent fallback=move || view! {
                <p class="lead">{td_string!(l, account.forgot_lead)}</p>
                <FormErrors error/>
                <ActionForm action=action attr:class="form">
                    <TextField label=td_string!(l, account.email) name="email" kind="email" required=true autocomplete="email" error/>
                    <button class="button primary" type="submit">{td_string!(l, account.forgot_button)}</button>
                </ActionForm>
            }>
                <div class="alert alert-success" role="status">
                    <p class="alert-title">{td_string!(l, account.forgot_sent)}</p>
                    <p>{td_string!(l, account.forgot_sent_text)}</p>
                </div>
            </Show>
            <p class="aside"><a href="/login">{td_string!(l, account.back_to_login)}</a></p>
        </section>
    }
}

/// The page a reset link opens: a new password, twice.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let l = texts::locale();
    let query = use_query_map();
    let token = query.read_untracked().get("token").unwrap_or_default();
    let action = ServerAction::<ResetPassword>::new();
    let error = action_error(action);
    view! {
        <Title text=texts::page_title(l, td_string!(l, account.reset_title))/>
        <section class="panel narrow">
            <h1>{td_string!(l, account.reset_title)}</h1>
            <p class="lead">{td_string!(l, account.reset_lead)}</p>
            <FormErrors error/>
            <ActionForm action=action attr:class="form">
                <input type="hidden" name="token" value=token/>
                <TextField label=td_string!(l, account.new_password) name="new_password" kind="password" required=true autocomplete="new-password"
                    hint=td_string!(l, account.new_password_hint) error/>
                <TextField label=td_string!(l, account.confirm_password) name="confirm" kind="password" required=true autocomplete="new-password" error/>
                <button class="button primary" type="submit">{td_string!(l, account.reset_button)}</button>
            </ActionForm>
        </section>
    }
}

/// The page the link to a new address opens; the button confirms the change.
#[component]
pub fn ConfirmEmailChangePage() -> impl IntoView {
    let l = texts::locale();
    let query = use_query_map();
    let token = query.read_untracked().get("token").unwrap_or_default();
    let action = ServerAction::<ConfirmEmailChange>::new();
    let error = action_error(action);
    view! {
        <Title text=texts::page_title(l, td_string!(l, account.change_confirm_title))/>
        <section class="panel narrow">
            <h1>{td_string!(l, account.change_confirm_title)}</h1>
            <p class="lead">{td_string!(l, account.change_confirm_lead)}</p>
            <FormErrors error/>
            <ActionForm action=action attr:class="form">
                <input type="hidden" name="token" value=token/>
                <button class="button primary" type="submit">{td_string!(l, account.change_confirm_button)}</button>
            </ActionForm>
        </section>
    }
}

/// The member's account: e-mail address and sessions.
#[component]
pub fn AccountPage() -> impl IntoView {
    let l = texts::locale();
    let session = use_session();
    let change = ServerAction::<RequestEmailChange>::new();
    let change_error = action_error(change);
    let everywhere = ServerAction::<LogoutEverywhere>::new();
    let everywhere_error = action_error(everywhere);
    let query = use_query_map();
    let flag = move |name: &'static str| query.read_untracked().get(name).is_some();
    let (sent, signed_out, changed) = (flag("sent"), flag("signed_out"), flag("changed"));
    view! {
        <Title text=texts::page_title(l, td_string!(l, account.account_title))/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let me = match session.member().await {
                    Ok(me) => me,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let email = me.email.clone();
                view! {
                    <MyAreaNav current=MyArea::Account profile_id=me.id/>
                    <section class="panel">
                        <h1>{td_string!(l, account.account_title)}</h1>
                        <h2>{td_string!(l, account.email_heading)}</h2>
                        <p>{td_string!(l, account.email_current)}" "<strong>{email}</strong></p>
                        <Show when=move || changed>
                            <div class="alert alert-success" role="status"><p>{td_string!(l, account.email_changed)}</p></div>
                        </Show>
                        <Show when=move || sent>
                            <div class="alert alert-success" role="status"><p>{td_string!(l, account.change_sent)}</p></div>
                        </Show>
                        <FormErrors error=change_error/>
                        <ActionForm action=change attr:class="form">
                            <TextField label=td_string!(l, account.new_email) name="new_email" kind="email" required=true autocomplete="email"
                                hint=td_string!(l, account.new_email_hint) error=change_error/>
                            <TextField label=td_string!(l, account.current_password) name="password" kind="password" required=true autocomplete="current-password" error=change_error/>
                            <button class="button primary" type="submit">{td_string!(l, account.change_email_button)}</button>
                        </ActionForm>
                        <h2>{td_string!(l, account.sessions_heading)}</h2>
                        <p>{td_string!(l, account.sessions_text)}</p>
                        <Show when=move || signed_out>
                            <div class="alert alert-success" role="status"><p>{td_string!(l, account.signed_out)}</p></div>
                        </Show>
                        <FormErrors error=everywhere_error/>
                        <ActionForm action=everywhere attr:class="form">
                            <button class="button" type="submit">{td_string!(l, account.logout_everywhere)}</button>
                        </ActionForm>
                        <h2 id="your-data">{td_string!(l, account.data_heading)}</h2>
                        <p>{td_string!(l, account.data_text)}" "<a href="/privacy">{td_string!(l, legal.privacy)}</a></p>
                        // A plain link: the server answers with the file (`server/src/export.rs`).
                        <p class="toolbar">
                            <a class="button" href="/me/data">{td_string!(l, account.data_read)}</a>
                            <a class="button" href="/me/data.json" download>{td_string!(l, account.data_download)}</a>
                        </p>
                        <h2 id="delete">{td_string!(l, account.delete_heading)}</h2>
                        <p>{td_string!(l, account.delete_text)}</p>
                        <p><a class="button danger" href="/me/account/delete">{td_string!(l, account.delete_link)}</a></p>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
pub fn PasswordPage() -> impl IntoView {
    let l = texts::locale();
    let session = use_session();
    let action = ServerAction::<ChangePassword>::new();
    let error = action_error(action);
    let done = use_query_map().read_untracked().get("changed").is_some();
    view! {
        <Title text=texts::page_title(l, td_string!(l, account.password_title))/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match session.member().await {
                    Ok(me) => view! {
                        <MyAreaNav current=MyArea::Password profile_id=me.id/>
                        <section class="panel">
                            <h1>{td_string!(l, account.change_password)}</h1>
                            <p class="lead">{td_string!(l, account.password_lead)}</p>
                            <Show when=move || done>
                                <div class="alert alert-success" role="status"><p>{td_string!(l, account.password_changed)}</p></div>
                            </Show>
                            <FormErrors error/>
                            <ActionForm action=action attr:class="form">
                                <TextField label=td_string!(l, account.current_password) name="current" kind="password" required=true autocomplete="current-password" error/>
                                <TextField label=td_string!(l, account.new_password) name="new_password" kind="password" required=true autocomplete="new-password"
                                    hint=td_string!(l, account.new_password_hint) error/>
                                <TextField label=td_string!(l, account.confirm_password) name="confirm" kind="password" required=true autocomplete="new-password" error/>
                                <button class="button primary" type="submit">{td_string!(l, account.change_password)}</button>
                            </ActionForm>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/me/account/delete`: what deleting the account does, a choice for each idea the
/// member owns with a group, and the password again.
#[component]
pub fn DeleteAccountPage() -> impl IntoView {
    let l = texts::locale();
    let session = use_session();
    let plan = Resource::new(|| (), |_| get_farewell());
    let action = ServerAction::<DeleteAccount>::new();
    let error = action_error(action);
    view! {
        <Title text=texts::page_title(l, td_string!(l, account.delete_title))/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let me = match session.member().await {
                    Ok(me) => me,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let plan = match plan.await {
                    Ok(p) => p,
                    Err(e) => return view! { <ErrorPanel error=e/> }.into_any(),
                };
                let titles = |list: Vec<(String, String)>| {
                    list.into_iter()
                        .map(|(id, title)| view! { <li><a href=format!("/ideas/{id}")>{title}</a></li> })
                        .collect::<Vec<_>>()
                };
                let alone = (!plan.alone.is_empty()).then(|| view! {
                    <h2>{td_string!(l, account.delete_alone)}</h2>
                    <ul>{titles(plan.alone)}</ul>
                });
                let joined = (!plan.joined.is_empty()).then(|| view! {
                    <h2>{td_string!(l, account.delete_joined)}</h2>
                    <ul>{titles(plan.joined)}</ul>
                });
                let grouped = (!plan.with_group.is_empty()).then(|| view! {
                    <h2>{td_string!(l, account.delete_grouped)}</h2>
                    <p>{td_string!(l, account.delete_grouped_text)}</p>
                    {plan.with_group.into_iter().map(|g| view! { <FateChoice g error/> }).collect::<Vec<_>>()}
                });
                view! {
                    <MyAreaNav current=MyArea::Account profile_id=me.id/>
                    <section class="panel">
                        <h1>{td_string!(l, account.delete_title)}</h1>
                        <p class="lead">{td_string!(l, account.delete_lead)}</p>
                        <p>{td_string!(l, account.delete_export)}" "<a href="/me/data.json" download>{td_string!(l, account.data_download)}</a></p>
                        <FormErrors error/>
                        <ActionForm action=action attr:class="form">
                            {alone}
                            {joined}
                            {grouped}
                            <h2>{td_string!(l, account.delete_confirm)}</h2>
                            <TextField label=td_string!(l, account.current_password) name="password" kind="password" required=true autocomplete="current-password" error/>
                            <button class="button danger" type="submit">{td_string!(l, account.delete_button)}</button>
                        </ActionForm>
                        <p><a href="/me/account">{td_string!(l, account.delete_keep)}</a></p>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

/// One idea with a group: hand it to one of the members, or remove it.
#[component]
fn FateChoice(g: GroupIdea, error: Signal<Option<AppError>>) -> impl IntoView {
    let l = texts::locale();
    let name = super::fate_field(&g.id);
    let chosen = echoed(&name);
    let invalid = {
        let name = name.clone();
        move || {
            error.with(|e| match e {
                Some(AppError::Invalid(f)) => f.0.iter().any(|f| f.field == name),
                _ => false,
            })
        }
    };
    let option = move |value: String, label: String, first: bool| {
        let id = if first {
            name.clone()
        } else {
            format!("{name}-{value}")
        };
        let checked = chosen.as_deref() == Some(value.as_str());
        view! {
            <div class="field-check">
                <input type="radio" id=id.clone() name=name.clone() value=value checked=checked required=true/>
                <label for=id>{label}</label>
            </div>
        }
    };
    let mut options: Vec<_> = g
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            option(
                m.id.clone(),
                td_string!(l, account.delete_hand_over, name = m.name.as_str()).to_string(),
                i == 0,
            )
        })
        .collect();
    options.push(option(
        IdeaFate::REMOVE.to_owned(),
        td_string!(l, account.delete_remove).to_owned(),
        g.members.is_empty(),
    ));
    view! {
        <fieldset class="field" class:field-invalid=invalid>
            <legend><a href=format!("/ideas/{}", g.id)>{g.title}</a></legend>
            {options}
        </fieldset>
    }
}

/// Where a deleted account's browser lands.
#[component]
pub fn GoodbyePage() -> impl IntoView {
    let l = texts::locale();
    view! {
        <Title text=texts::page_title(l, td_string!(l, account.goodbye_title))/>
        <section class="panel narrow">
            <h1>{td_string!(l, account.goodbye_title)}</h1>
            <p class="lead">{td_string!(l, account.goodbye_text)}</p>
            <p><a class="button primary" href="/">{td_string!(l, account.goodbye_market)}</a></p>
        </section>
    }
}

/// `/me/data`: everything about the member as a page to read and print, in their language
/// (the JSON download is for machines).
#[component]
pub fn MyDataPage() -> impl IntoView {
    use super::data::my_data;
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
            {move || Suspend::new(async move {
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
                        let changed = r.changed.iter().map(|f| texts::idea_field(l, *f)).collect::<Vec<_>>().join(", ");
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
                            <p class="muted">{texts::status(l, i.status)}" · "{if i.owned { td_string!(l, account.data_owned) } else { td_string!(l, account.data_in_group) }}</p>
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
                    <li>{s.workshop.clone()}" · "{texts::zoned_date_time(l, &s.starts_at)}" · "{texts::signup_status(l, s.status)}</li>
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
