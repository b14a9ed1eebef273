//! Building blocks shared by the feature pages: accessible form fields, the error summary,
//! and the panels shown when something is missing or not allowed.

use crate::error::AppError;
use crate::i18n::*;
use crate::texts;
use leptos::prelude::*;

pub mod islands;
pub mod suggestions;
use islands::CountedTextArea;

/// What a visitor typed into a form that was posted without JavaScript and refused; the
/// server puts it into the request for the page the refusal redirects to (see the server's
/// `form_echo`), and the fields below show it instead of their stored values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormEcho(pub std::collections::HashMap<String, String>);

/// The error of a refused plain form post. The server keeps it with the form's echo rather
/// than in the address (a refused form has a clean URL) and puts it into the request for
/// the page the refusal redirects to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefusedAction {
    /// The server function's path, e.g. `/api/register`.
    pub path: String,
    /// The error as Leptos encodes it for a URL.
    pub error: String,
}

/// Hands a refused plain form post's error to the page's `ServerAction` of that server
/// function, as Leptos does for an error in the URL.
pub fn provide_refused_action() {
    #[cfg(feature = "ssr")]
    if let Some(r) = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RefusedAction>().cloned())
    {
        provide_context(leptos::server::ServerActionError::new(&r.path, &r.error));
    }
}

/// Provided by a form whose refusal brings a new proposal (the editor's merge after a
/// stale save): its fields show that proposal rather than what was typed.
#[derive(Clone, Copy, Debug)]
pub struct IgnoreEcho;

/// The echoed input of a refused plain form post, if this request carries one.
fn form_echo() -> Option<FormEcho> {
    if use_context::<IgnoreEcho>().is_some() {
        return None;
    }
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<FormEcho>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The value a field shows: what was typed into a refused form, else the stored value.
fn shown_value(name: &str, stored: String) -> String {
    form_echo()
        .and_then(|echo| echo.0.get(name).cloned())
        .unwrap_or(stored)
}

/// One field of a refused form's echo: for pages with several forms of the same fields,
/// which decide themselves which form the echo belongs to.
pub fn echoed(name: &str) -> Option<String> {
    form_echo().and_then(|echo| echo.0.get(name).cloned())
}

/// Whether the page's URL has the query parameter `name` (e.g. `?saved=1` after a form).
pub fn query_flag(name: &str) -> bool {
    leptos_router::hooks::use_query_map()
        .read_untracked()
        .get(name)
        .is_some()
}

/// A GET form sends its empty fields too (`?q=x&maturity=&org=`): on the server, send the
/// browser to the clean link of the same results (`href` of the query and its page), so
/// what people share and bookmark stays short. `keys` are the form's fields.
pub fn redirect_to_clean_link(
    keys: &[&str],
    href: impl FnOnce(&leptos_router::params::ParamsMap, u64) -> String,
) {
    #[cfg(feature = "ssr")]
    {
        let q = leptos_router::hooks::use_query_map().read_untracked();
        if keys
            .iter()
            .any(|k| q.get(k).is_some_and(|v| v.trim().is_empty()))
        {
            let page = q
                .get("page")
                .and_then(|p| p.parse::<u64>().ok())
                .unwrap_or(1);
            leptos_axum::redirect(&href(&q, page));
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = (keys, href);
}

/// The error of the last submission of an action, if it failed.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    Signal::derive(move || action.value().get().and_then(|r| r.err()))
}

/// The labels of the page's form fields by name, so that the error summary can say which
/// field each message is about. Every field adds its label when it is built, before the
/// page is rendered; the summary reads them when it renders.
#[derive(Clone, Default)]
pub struct FieldLabels(
    std::sync::Arc<std::sync::Mutex<std::collections::HashMap<&'static str, &'static str>>>,
);

impl FieldLabels {
    fn add(name: &'static str, label: &'static str) {
        if let Some(labels) = use_context::<FieldLabels>()
            && let Ok(mut map) = labels.0.lock()
        {
            map.insert(name, label);
        }
    }

    fn of(&self, name: &str) -> Option<&'static str> {
        self.0.lock().ok().and_then(|map| map.get(name).copied())
    }
}

fn field_error(
    error: Signal<Option<AppError>>,
    name: &'static str,
    label: &'static str,
) -> Signal<Option<String>> {
    FieldLabels::add(name, label);
    let l = texts::locale();
    Signal::derive(move || match error.get() {
        Some(AppError::Invalid(fields)) => fields.for_field(name).map(|e| texts::invalid(l, e)),
        _ => None,
    })
}

/// A summary above the form, announced to screen readers, linking to each bad field.
#[component]
pub fn FormErrors(error: Signal<Option<AppError>>) -> impl IntoView {
    let l = texts::locale();
    let labels = use_context::<FieldLabels>().unwrap_or_default();
    move || {
        error.get().map(|e| {
            let items = match &e {
                AppError::Invalid(fields) => fields
                    .0
                    .iter()
                    .map(|f| {
                        let href = format!("#{}", f.field);
                        let message = texts::invalid(l, &f.error);
                        let text = match labels.of(&f.field) {
                            Some(label) => {
                                td_string!(l, error.field_message, field = label, message = message)
                                    .to_string()
                            }
                            None => message,
                        };
                        view! { <li><a href=href>{text}</a></li> }
                    })
                    .collect::<Vec<_>>(),
                _ => Vec::new(),
            };
            view! {
                <div class="alert alert-error" role="alert" tabindex="-1">
                    <p class="alert-title">{texts::error_summary(l, &e)}</p>
                    <ul>{items}</ul>
                </div>
            }
        })
    }
}

/// A labelled single-line input with hint and error wired up for assistive technology.
#[component]
pub fn TextField(
    label: &'static str,
    name: &'static str,
    #[prop(default = "text")] kind: &'static str,
    #[prop(into, optional)] value: String,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] maxlength: Option<usize>,
    /// The id of a `<datalist>` of suggestions.
    #[prop(optional)]
    list: Option<&'static str>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let err = field_error(error, name, label);
    // Typed passwords are never echoed back (the server does not keep them either).
    let value = if kind == "password" {
        value
    } else {
        shown_value(name, value)
    };
    let describedby = described_by(name, hint.is_some(), false, err);
    view! {
        <div class="field" class:field-invalid=move || err.get().is_some()>
            <label for=name>{label}{required.then_some(view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{h}</p> })}
            <input
                id=name
                name=name
                type=kind
                value=value
                required=required
                autocomplete=autocomplete
                maxlength=maxlength.map(|m| m.to_string())
                list=list
                aria-invalid=move || err.get().is_some().then_some("true")
                aria-describedby=describedby
            />
            <FieldMessage name=name err=err/>
        </div>
    }
}

/// A labelled textarea; with `counter`, a live character count against it (an island: a
/// visitor's page around it renders `IslandScripts`; a member's header loads the scripts).
#[component]
pub fn TextArea(
    label: &'static str,
    name: &'static str,
    #[prop(into, optional)] value: String,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(default = 5)] rows: u32,
    /// Show a live "n / max" counter under the field.
    #[prop(optional)]
    counter: Option<usize>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let l = texts::locale();
    let err = field_error(error, name, label);
    let value = shown_value(name, value);
    let describedby = described_by(name, hint.is_some(), counter.is_some(), err);
    let invalid = err.get_untracked().is_some();
    let control = match counter {
        Some(max) => view! {
            <CountedTextArea name=name.to_owned() value rows required invalid describedby=describedby()
                max unit=td_string!(l, form.characters).to_owned()/>
        }
        .into_any(),
        None => view! {
            <textarea id=name name=name rows=rows required=required
                aria-invalid=invalid.then_some("true") aria-describedby=describedby()>{value}</textarea>
        }
        .into_any(),
    };
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=name>{label}{required.then_some(view! { <span class="req" aria-hidden="true">" *"</span> })}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{h}</p> })}
            {control}
            <FieldMessage name=name err=err/>
        </div>
    }
}

/// The ids a control's `aria-describedby` names: its hint, its counter and its error.
fn described_by(
    name: &'static str,
    hint: bool,
    counter: bool,
    err: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Copy {
    move || {
        let ids = [
            hint.then(|| format!("{name}-hint")),
            counter.then(|| format!("{name}-count")),
            err.get().is_some().then(|| format!("{name}-error")),
        ];
        let ids = ids.into_iter().flatten().collect::<Vec<_>>();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

#[component]
fn FieldMessage(name: &'static str, err: Signal<Option<String>>) -> impl IntoView {
    move || {
        err.get()
            .map(|m| view! { <p class="field-error" id=format!("{name}-error")>{m}</p> })
    }
}

/// A labelled <select> over a closed set of choices.
#[component]
pub fn Select(
    label: &'static str,
    name: &'static str,
    #[prop(optional)] options: Vec<(&'static str, &'static str)>,
    /// Options read from data (ids and titles), after `options`.
    #[prop(optional)]
    owned: Vec<(String, String)>,
    #[prop(into, optional)] selected: String,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] hint: Option<&'static str>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let err = field_error(error, name, label);
    let selected = shown_value(name, selected);
    let describedby = described_by(name, hint.is_some(), false, err);
    view! {
        <div class="field" class:field-invalid=move || err.get().is_some()>
            <label for=name>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{h}</p> })}
            <select
                id=name
                name=name
                aria-invalid=move || err.get().is_some().then_some("true")
                aria-describedby=describedby
            >
                {placeholder.map(|p| view! { <option value="">{p}</option> })}
                {options
                    .into_iter()
                    .map(|(key, text)| {
                        let sel = key == selected;
                        view! { <option value=key selected=sel>{text}</option> }
                    })
                    .collect::<Vec<_>>()}
                {owned
                    .into_iter()
                    .map(|(key, text)| {
                        let sel = key == selected;
                        view! { <option value=key selected=sel>{text}</option> }
                    })
                    .collect::<Vec<_>>()}
            </select>
            <FieldMessage name=name err=err/>
        </div>
    }
}

/// A checkbox whose value arrives as `Some("on")` when ticked.
#[component]
pub fn Checkbox(
    label: &'static str,
    name: &'static str,
    #[prop(optional)] checked: bool,
    #[prop(optional)] hint: Option<&'static str>,
) -> impl IntoView {
    // An unticked box is absent from a posted form: any echo decides for all boxes.
    let checked = form_echo().map_or(checked, |echo| echo.0.contains_key(name));
    view! {
        <div class="field field-check">
            <input type="checkbox" id=name name=name value="on" checked=checked
                aria-describedby=hint.map(|_| format!("{name}-hint"))/>
            <label for=name>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{name}-hint")>{h}</p> })}
        </div>
    }
}

/// A checkbox the form needs ticked (consent), with links to what is agreed to beside it
/// (`children`) and its field error.
#[component]
pub fn ConsentBox(
    label: &'static str,
    name: &'static str,
    error: Signal<Option<AppError>>,
    children: Children,
) -> impl IntoView {
    let err = field_error(error, name, label);
    let checked = form_echo().is_some_and(|echo| echo.0.contains_key(name));
    let invalid = err.get_untracked().is_some();
    let describedby = described_by(name, true, false, err);
    view! {
        <div class="field field-check" class:field-invalid=invalid>
            <input type="checkbox" id=name name=name value="on" required=true checked=checked
                aria-invalid=invalid.then_some("true") aria-describedby=describedby()/>
            <label for=name>{label}<span class="req" aria-hidden="true">" *"</span></label>
            <p class="hint" id=format!("{name}-hint")>{children()}</p>
            <FieldMessage name=name err=err/>
        </div>
    }
}

/// What a page shows instead of its content when loading it failed; sets the HTTP status
/// of the server-rendered response to match.
#[component]
pub fn ErrorPanel(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>()
            && let Ok(code) = axum::http::StatusCode::from_u16(error.status())
        {
            res.set_status(code);
            if let Some(secs) = error.retry_after_secs() {
                res.insert_header(
                    axum::http::header::RETRY_AFTER,
                    axum::http::HeaderValue::from(secs),
                );
            }
        }
    }
    let i18n = use_i18n();
    let l = i18n.get_locale_untracked();
    let login_link = matches!(error, AppError::Unauthenticated).then(|| {
        let next = leptos_router::hooks::use_location()
            .pathname
            .get_untracked();
        let href = format!("/login?next={}", urlencode(&next));
        view! {
            <p>
                <a class="button" href=href>{t!(i18n, nav.log_in)}</a>
                " "{t!(i18n, error.or)}" "
                <a href="/register">{t!(i18n, error.create_account)}</a>
            </p>
        }
    });
    // An account whose address is not confirmed: why, and the button for a new link.
    let confirm = matches!(error, AppError::Unverified).then(|| view! { <VerifyReminder/> });
    let title = match error {
        AppError::NotFound => td_string!(l, error.title_not_found),
        AppError::Unauthenticated => td_string!(l, error.title_members),
        AppError::Forbidden | AppError::Unverified => td_string!(l, error.title_forbidden),
        _ => td_string!(l, error.title_other),
    };
    view! {
        <section class="panel panel-message">
            <h1>{title}</h1>
            <p>{texts::error(l, &error)}</p>
            {login_link}
            {confirm}
        </section>
    }
}

/// Shown to an account whose address is not confirmed yet, wherever the community area
/// would be: what it may do until then, and a button for a new link (a plain form post to
/// `accounts::resend_verification`, which returns here with `?verification_sent=1`).
#[component]
pub fn VerifyReminder() -> impl IntoView {
    let l = texts::locale();
    let sent = query_flag("verification_sent");
    let here = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    view! {
        <div class="alert alert-info verify-reminder" role="status">
            <p class="alert-title">{td_string!(l, account.please_confirm)}</p>
            <p>{td_string!(l, account.please_confirm_text)}</p>
            {if sent {
                view! { <p><strong>{td_string!(l, account.sent)}</strong></p> }.into_any()
            } else {
                view! {
                    <form method="post" action="/api/resend_verification">
                        <input type="hidden" name="next" value=here/>
                        <button class="button" type="submit">{td_string!(l, account.send_again)}</button>
                    </form>
                }.into_any()
            }}
        </div>
    }
}

/// Percent-encodes a query value (enough for paths and tag slugs).
pub fn urlencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The pages of a member's own area.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum MyArea {
    Profile,
    Matches,
    Messages,
    Notifications,
    Groups,
    Ideas,
    Password,
    Account,
}

/// The local navigation of a member's own area, with the note that marks the community area:
/// members always know that what they see here is not public.
#[component]
pub fn MyAreaNav(current: MyArea, profile_id: String) -> impl IntoView {
    let l = texts::locale();
    let pages = [
        (MyArea::Profile, "/me", td_string!(l, profile.profile)),
        (MyArea::Matches, "/me/matches", td_string!(l, matching.nav)),
        (
            MyArea::Messages,
            "/me/messages",
            td_string!(l, contacts.messages),
        ),
        (
            MyArea::Notifications,
            "/me/notifications",
            td_string!(l, notifications.title),
        ),
        (MyArea::Groups, "/me/groups", td_string!(l, groups.nav)),
        (MyArea::Ideas, "/me/ideas", td_string!(l, profile.my_ideas)),
        (
            MyArea::Password,
            "/me/password",
            td_string!(l, profile.password),
        ),
        (
            MyArea::Account,
            "/me/account",
            td_string!(l, profile.account),
        ),
    ];
    let here = pages
        .iter()
        .find(|(page, _, _)| *page == current)
        .map_or("", |(_, _, text)| *text);
    let links = pages
        .into_iter()
        .map(|(page, href, text)| {
            view! { <a href=href aria-current=(page == current).then_some("page")>{text}</a> }
        })
        .collect::<Vec<_>>();
    // On phones the area's pages fold into a menu that names the page one is on.
    view! {
        <details class="menu subnav-menu">
            <summary>{td_string!(l, profile.my_area)}": "{here}</summary>
            <nav class="subnav" aria-label=td_string!(l, profile.my_area)>
                {links}
                <a href=format!("/profiles/{profile_id}")>{td_string!(l, profile.view_public)}</a>
            </nav>
        </details>
        <CommunityNote/>
    }
}

/// Marks a page (or with `text`, a part of one) of the community area, which only registered
/// members see.
#[component]
pub fn CommunityNote(#[prop(optional)] text: Option<&'static str>) -> impl IntoView {
    let l = texts::locale();
    view! {
        <p class="community-note">
            <svg class="icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
                <path fill="currentColor" d="M8 1a3.5 3.5 0 0 0-3.5 3.5V7H4a1 1 0 0 0-1 1v6a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V8a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm-2 6V4.5a2 2 0 1 1 4 0V7H6Z"/>
            </svg>
            {text.unwrap_or_else(|| td_string!(l, site.members_area))}
        </p>
    }
}

/// Topics or expertise as chips; `link` makes each a market filter.
#[component]
pub fn TagChips(tags: Vec<crate::domain::Tag>, #[prop(optional)] link: bool) -> impl IntoView {
    (!tags.is_empty()).then(|| {
        view! {
            <ul class="chips" role="list">
                {tags
                    .into_iter()
                    .map(|t| {
                        if link {
                            let href = format!("/ideas?topic={}", urlencode(&t.slug));
                            view! { <li><a class="chip" href=href>{t.label}</a></li> }.into_any()
                        } else {
                            view! { <li><span class="chip">{t.label}</span></li> }.into_any()
                        }
                    })
                    .collect::<Vec<_>>()}
            </ul>
        }
    })
}
