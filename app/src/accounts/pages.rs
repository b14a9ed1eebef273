use super::{ChangePassword, Login, Register, ResendVerification, verify_email};
use crate::components::{ErrorPanel, FormErrors, MyArea, MyAreaNav, TextField, action_error};
use crate::i18n::*;
use crate::session::use_session;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let l = texts::locale();
    let action = ServerAction::<Register>::new();
    let error = action_error(action);
    view! {
        <Title text=texts::page_title(l, td_string!(l, account.register_title))/>
        <section class="panel narrow">
            <h1>{td_string!(l, account.join)}</h1>
            <p class="lead">
                {td_string!(l, account.join_lead)}
            </p>
            <FormErrors error/>
            <ActionForm action=action attr:class="form">
                <TextField label=td_string!(l, account.email) name="email" kind="email" required=true autocomplete="email" error/>
                <TextField label=td_string!(l, account.display_name) name="display_name" required=true autocomplete="name"
                    hint=td_string!(l, account.display_name_hint) error/>
                <TextField label=td_string!(l, account.password) name="password" kind="password" required=true autocomplete="new-password"
                    hint=td_string!(l, account.password_hint) error/>
                <button class="button primary" type="submit" disabled=move || action.pending().get()>{td_string!(l, account.create)}</button>
            </ActionForm>
            <p class="aside">{td_string!(l, account.already)} <a href="/login">{td_string!(l, account.login)}</a></p>
        </section>
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let l = texts::locale();
    let session = use_session();
    let action = ServerAction::<Login>::new();
    let error = action_error(action);
    Effect::new(move |_| {
        if matches!(action.value().get(), Some(Ok(()))) {
            session.refresh();
        }
    });
    let query = use_query_map();
    let registered = query.read_untracked().get("registered").is_some();
    let next = query.read_untracked().get("next").unwrap_or_default();
    view! {
        <Title text=texts::page_title(l, td_string!(l, account.login_title))/>
        <section class="panel narrow">
            <h1>{td_string!(l, account.login)}</h1>
            {registered.then(|| view! {
                <div class="alert alert-success" role="status">
                    <p class="alert-title">{td_string!(l, account.thanks)}</p>
                    <p>{td_string!(l, account.thanks_text)}</p>
                </div>
            })}
            <FormErrors error/>
            <ActionForm action=action attr:class="form">
                <input type="hidden" name="next" value=next/>
                <TextField label=td_string!(l, account.email) name="email" kind="email" required=true autocomplete="username" error/>
                <TextField label=td_string!(l, account.password) name="password" kind="password" required=true autocomplete="current-password" error/>
                <button class="button primary" type="submit" disabled=move || action.pending().get()>{td_string!(l, account.login)}</button>
            </ActionForm>
            <p class="aside">{td_string!(l, account.new_here)} <a href="/register">{td_string!(l, account.create_link)}</a></p>
        </section>
    }
}

#[component]
pub fn VerifyPage() -> impl IntoView {
    let l = texts::locale();
    let query = use_query_map();
    let token = query.read_untracked().get("token").unwrap_or_default();
    let result = Resource::new_blocking(move || token.clone(), verify_email);
    view! {
        <Title text=texts::page_title(l, td_string!(l, account.verify_title))/>
        <Suspense fallback=move || view! { <p>{td_string!(l, account.confirming)}</p> }>
            {move || Suspend::new(async move {
                match result.await {
                    Ok(()) => view! {
                        <section class="panel narrow">
                            <h1>{td_string!(l, account.confirmed)}</h1>
                            <p>{td_string!(l, account.confirmed_text)}</p>
                            <p><a class="button primary" href="/me">{td_string!(l, account.to_profile)}</a></p>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <ErrorPanel error=e/> }.into_any(),
                }
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
    let done = move || matches!(action.value().get(), Some(Ok(())));
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
                            <Show when=done>
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

/// Shown to members whose address is not confirmed yet, with a button for a new link.
#[component]
pub fn VerifyReminder() -> impl IntoView {
    let l = texts::locale();
    let action = ServerAction::<ResendVerification>::new();
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <div class="alert alert-info" role="status">
            <p class="alert-title">{td_string!(l, account.please_confirm)}</p>
            <p>{td_string!(l, account.please_confirm_text)}</p>
            <Show when=sent fallback=move || view! {
                <ActionForm action=action>
                    <button class="button" type="submit">{td_string!(l, account.send_again)}</button>
                </ActionForm>
            }>
                <p><strong>{td_string!(l, account.sent)}</strong></p>
            </Show>
        </div>
    }
}
