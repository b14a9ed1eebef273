use super::{DeleteAccount, GroupIdea, get_farewell};
use crate::components::{
    ErrorPanel, FormErrors, MyArea, MyAreaNav, TextField, action_error, echoed,
};
use crate::domain::IdeaFate;
use crate::error::AppError;
use crate::i18n::*;
use crate::session::use_session;
use crate::texts;
use leptos::prelude::*;
use leptos_meta::Title;

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
            {Suspend::new(async move {
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
