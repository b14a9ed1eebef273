use super::{
    ChangePassword, ConfirmEmail, ConfirmEmailChange, Login, LogoutEverywhere, Register,
    RequestEmailChange, RequestPasswordReset, ResetPassword,
};
use crate::components::{
    ConsentBox, ErrorPanel, FormErrors, MyArea, MyAreaNav, TextField, action_error, query_flag,
};
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
    let registered = query_flag("registered");
    let reset = query_flag("reset");
    let email_changed = query_flag("email_changed");
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
    let confirmed = query_flag("confirmed");
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
    let sent = query_flag("sent");
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
            {Suspend::new(async move {
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
    let done = query_flag("changed");
    view! {
        <Title text=texts::page_title(l, td_string!(l, account.password_title))/>
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
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
