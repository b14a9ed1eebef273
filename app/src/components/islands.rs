//! What reaches the browser. Pages render on the server; an `#[island]` is the exception,
//! for a part that needs the browser to work at all. Islands get their texts as props (the
//! WASM carries no translation tables) and must degrade to a working plain form.

use crate::drafts::texts::DraftTexts;
use leptos::prelude::*;

/// The Content-Security-Policy of a page that loads scripts (allowing this render's nonce).
/// The server provides it and gives every other page a policy that allows no script.
#[derive(Clone)]
pub struct ScriptPolicy(pub String);

/// Loads the islands' JS and WASM and lets this render's nonce run them, on a visitor's
/// page: render it once in each view that contains islands (a page's form, say). Pages
/// without it ship no script at all. A member's pages load them in the header, for the live
/// notification count (`MemberScripts`), so for members this renders nothing. (Not once per
/// island: Suspense may render its children more than once, so "the first island renders
/// it" cannot be decided while rendering.)
#[component]
pub fn IslandScripts() -> impl IntoView {
    let session = crate::session::use_session();
    Suspend::new(async move { (!matches!(session.me.await, Ok(Some(_)))).then(scripts) })
}

/// The header's `IslandScripts` on every member's page.
#[component]
pub fn MemberScripts() -> impl IntoView {
    scripts()
}

fn scripts() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let (Some(policy), Some(res)) = (
        use_context::<ScriptPolicy>(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) && let Ok(value) = axum::http::HeaderValue::from_str(&policy.0)
    {
        res.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
    use_context::<LeptosOptions>().map(|options| view! { <HydrationScripts options islands=true/> })
}

/// The number of the member's unread notifications in the header, kept current by the
/// `unread` event of the member's event stream (sent when the stream opens and whenever the
/// count changes: a new notification, or notifications read in another tab). Without
/// JavaScript it is the count of the page's last load.
#[island]
pub fn UnreadCount(
    unread: u64,
    /// "unread", in the page's language (read after the number).
    label: String,
) -> impl IntoView {
    let count = RwSignal::new(unread);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| live::on_unread(move |n| count.set(n)));
    // The live region exists from the start, so screen readers announce a new count.
    view! {
        <span aria-live="polite">
            <span class="badge" hidden=move || count.get() == 0>
                {move || count.get()}<span class="visually-hidden">" "{label}</span>
            </span>
        </span>
    }
}

/// A textarea with a live "n / max characters" count, counted like the server counts
/// (grapheme clusters). Without JavaScript the count shows the stored text's length and the
/// server still refuses a text that is too long.
#[island]
pub fn CountedTextArea(
    name: String,
    value: String,
    rows: u32,
    required: bool,
    invalid: bool,
    describedby: Option<String>,
    max: usize,
    /// "characters" in the page's language.
    unit: String,
) -> impl IntoView {
    let count = RwSignal::new(crate::domain::counted_len(&value));
    let count_id = format!("{name}-count");
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    // The island wakes up when the browser is idle: count what was typed before, too.
    Effect::new(move |_| {
        if let Some(el) = textarea.get() {
            count.set(crate::domain::counted_len(&el.value()));
        }
    });
    view! {
        <textarea
            node_ref=textarea
            id=name.clone()
            name=name
            rows=rows
            required=required
            aria-invalid=invalid.then_some("true")
            aria-describedby=describedby
            on:input=move |ev| count.set(crate::domain::counted_len(&event_target_value(&ev)))
        >{value}</textarea>
        <p class="counter" id=count_id class=("counter-over", move || count.get() > max) aria-live="polite">
            {move || count.get()}" / "{max}" "{unit}
        </p>
    }
}

/// The market's search field: as you type, the results below are fetched as the page the
/// form would load (`/ideas?…`, rendered by the server like any page) and swapped in, and
/// the address bar follows, so every state stays a shareable link. Without JavaScript it
/// is a plain field of the GET form.
#[island]
pub fn LiveSearchInput(
    id: String,
    name: String,
    value: String,
    placeholder: String,
    maxlength: usize,
    /// CSS selector of the element whose contents are replaced by the new results.
    results: String,
) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let _ = (&results, &value);
    #[cfg(feature = "hydrate")]
    let schedule = {
        // Only the newest answer is shown when answers overtake each other.
        let latest = StoredValue::new(0u64);
        // A keystroke replaces the waiting fetch (dropping a `Timeout` cancels it).
        let timer = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
        move || {
            let Some(el) = input.get_untracked() else {
                return;
            };
            let results = results.clone();
            let fetch = gloo_timers::callback::Timeout::new(250, move || {
                let n = latest.get_value() + 1;
                latest.set_value(n);
                wasm_bindgen_futures::spawn_local(async move {
                    if let Some((url, html)) = live::fetch_results(&el).await
                        && latest.get_value() == n
                    {
                        live::show(&url, &html, &results);
                    }
                });
            });
            timer.set_value(Some(fetch));
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let schedule = || {};
    // The island wakes when the browser is idle: search what was typed before, too.
    #[cfg(feature = "hydrate")]
    {
        let initial = value.clone();
        let schedule = schedule.clone();
        Effect::new(move |_| {
            if input.get().is_some_and(|el| el.value() != initial) {
                schedule();
            }
        });
    }
    let on_input = move |_: leptos::ev::Event| schedule();
    view! {
        <input node_ref=input id=id type="search" name=name value=value placeholder=placeholder
            maxlength=maxlength autocomplete="off" on:input=on_input/>
    }
}

impl DraftTexts {
    fn status(&self, s: crate::drafts::sync::Status) -> String {
        use crate::drafts::sync::{Problem, Status};
        match s {
            Status::Unsaved => &self.unsaved,
            Status::Saved => &self.saved,
            Status::Kept => &self.kept,
            Status::WillSync => &self.will_sync,
            Status::Syncing => &self.syncing,
            Status::Conflict => &self.conflict,
            Status::Problem(Problem::LoggedOut) => &self.logged_out,
            Status::Problem(Problem::Gone) => &self.gone,
            Status::Problem(Problem::Busy) => &self.busy,
            Status::Problem(Problem::Full) => &self.full,
        }
        .clone()
    }

    fn notice(&self, n: crate::drafts::sync::Notice) -> String {
        use crate::drafts::sync::Notice;
        match n {
            Notice::Restored => &self.restored,
            Notice::Synced => &self.synced,
            Notice::Unreadable => &self.unreadable,
            Notice::Merge => &self.merge,
            Notice::Refused => &self.refused,
            Notice::Gone => &self.gone,
        }
        .clone()
    }
}

/// Around the idea editor's form: keeps every change on this device at once, sends a save
/// made without a network when the network is back (with the revision it started from, so
/// a server that moved on merges instead of overwriting), and says in words what state the
/// text is in (`drafts`). Without JavaScript the form is a plain form post and nothing is
/// said here.
#[island]
pub fn DraftKeeper(
    member: String,
    /// The idea edited; `None` for a new one.
    idea: Option<String>,
    /// The editor shows the merge of a kept save.
    merging: bool,
    texts: DraftTexts,
    children: Children,
) -> impl IntoView {
    use crate::drafts::sync::{LocalDraft, Notice, Problem, Status};
    let key = LocalDraft::key(&member, idea.as_deref());
    let status = RwSignal::new(None::<Status>);
    let notice = RwSignal::new(None::<Notice>);
    let wrapper = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    {
        let (member, idea) = (member.clone(), idea.clone());
        Effect::new(move |_| {
            if let Some(el) = wrapper.get() {
                crate::drafts::keeper::start(
                    el.into(),
                    member.clone(),
                    idea.clone(),
                    merging,
                    status,
                    notice,
                );
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (merging, &member);
    let discard = {
        let key = key.clone();
        move |_: leptos::ev::MouseEvent| {
            #[cfg(feature = "hydrate")]
            crate::drafts::keeper::discard(&key);
            #[cfg(not(feature = "hydrate"))]
            let _ = &key;
        }
    };
    let gone_link = format!("/ideas/new?from={}", idea.unwrap_or_default());
    let said = {
        let texts = texts.clone();
        move || status.get().map(|s| texts.status(s))
    };
    let noticed = {
        let texts = texts.clone();
        move || notice.get().map(|n| view! { " " {texts.notice(n)} })
    };
    let (discard_label, start_new) = (texts.discard, texts.start_new);
    view! {
        <div class="draft-keeper" data-draft-key=key node_ref=wrapper>
            // Said twice, at the top of a long form and beside its button; announced once.
            <p class="draft-status draft-status-top" aria-hidden="true">{said.clone()}</p>
            {children()}
            <p class="draft-status" role="status">
                {said}
                {noticed}
                {move || (notice.get() == Some(Notice::Restored) && status.get() == Some(Status::Kept)).then(|| view! {
                    " " <button type="button" class="linklike" on:click=discard.clone()>{discard_label.clone()}</button>
                })}
                {move || (status.get() == Some(Status::Problem(Problem::Gone))).then(|| view! {
                    " " <a href=gone_link.clone()>{start_new.clone()}</a>
                })}
            </p>
        </div>
    }
}

/// In the member header on every page: sends the member's saves that wait on this device
/// when the network allows, registers the service worker that keeps the editor usable
/// offline, and asks before logging out with drafts that are not on the server
/// (`drafts::outbox`). Says something only when there is something to say.
#[island]
pub fn DraftSync(member: String, texts: DraftTexts) -> impl IntoView {
    use crate::drafts::sync::Notice;
    let notice = RwSignal::new(None::<(Notice, Option<String>)>);
    #[cfg(feature = "hydrate")]
    {
        let (member, question) = (member.clone(), texts.logout_question.clone());
        Effect::new(move |_| {
            crate::drafts::outbox::start(member.clone(), notice, question.clone());
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = &member;
    view! {
        <p class="draft-sync" role="status">
            {move || notice.get().map(|(n, link)| {
                let label = match n {
                    Notice::Gone => texts.start_new.clone(),
                    _ => texts.open.clone(),
                };
                view! {
                    {texts.notice(n)}
                    {link.map(|href| view! { " " <a href=href>{label}</a> })}
                }
            })}
        </p>
    }
}

/// Keeps part of a member's page current: listens to the member's server-sent events
/// (`/events`) and, when one concerns this page, fetches the page again (through the usual
/// access checks: events carry ids only) and swaps in the element `region`. Without
/// JavaScript, or without events, the page is as current as its last load.
#[island]
pub fn LiveRegion(
    /// CSS selector of the element whose contents are replaced.
    region: String,
    /// Only what concerns this conversation or submission counts: its new messages, or
    /// another member's change of it (else every message or request does).
    about: Option<String>,
) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| live::listen(region.clone(), about.clone()));
    #[cfg(not(feature = "hydrate"))]
    let _ = (region, about);
}

/// In the idea editor: says at once when someone else in the group saves the idea while it
/// is open here (the member's event stream), so nobody learns it only from their own save.
/// Without JavaScript the save itself says so (the merge).
#[island]
pub fn SavedMeanwhile(idea: String, text: String) -> impl IntoView {
    let moved = RwSignal::new(false);
    // Set once the stream is connected (`data-live`): from then on no save is missed.
    let connected = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let idea = idea.clone();
        Effect::new(move |_| {
            live::on_changed(
                idea.clone(),
                move || moved.set(true),
                move || connected.set(true),
            )
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = &idea;
    view! {
        <div class="saved-meanwhile" role="status" data-live=move || connected.get().then_some("on")>
            {move || moved.get().then(|| view! { <p class="alert alert-warning">{text.clone()}</p> })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod live {
    use futures::StreamExt;
    use gloo_net::eventsource::State;
    use gloo_net::eventsource::futures::{EventSource, EventSourceSubscription};
    use web_sys::wasm_bindgen::JsValue;

    /// The URL the form would load now, and the page the server renders for it.
    pub async fn fetch_results(input: &web_sys::HtmlInputElement) -> Option<(String, String)> {
        let form = input.form()?;
        let data = web_sys::FormData::new_with_form(&form).ok()?;
        let params = web_sys::UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?;
        // Empty filters stay out of the shared link.
        for key in ["maturity", "org", "region"] {
            if params.get(key).is_some_and(|v| v.is_empty()) {
                params.delete(key);
            }
        }
        let url = format!("{}?{}", form.action(), String::from(params.to_string()));
        let html = fetch_page(&url).await?;
        Some((url, html))
    }

    /// The page at `url` as the server renders it now.
    async fn fetch_page(url: &str) -> Option<String> {
        let res = gloo_net::http::Request::get(url).send().await.ok()?;
        if !res.ok() {
            return None;
        }
        res.text().await.ok()
    }

    /// Swaps the new results in and puts their URL in the address bar.
    pub fn show(url: &str, html: &str, selector: &str) {
        swap(html, selector);
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(url));
        }
    }

    /// Replaces the contents of `selector` with the same element's in the page `html`.
    fn swap(html: &str, selector: &str) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let Ok(parser) = web_sys::DomParser::new() else {
            return;
        };
        let Ok(page) = parser.parse_from_string(html, web_sys::SupportedType::TextHtml) else {
            return;
        };
        if let (Ok(Some(new)), Ok(Some(old))) = (
            page.query_selector(selector),
            document.query_selector(selector),
        ) {
            old.set_inner_html(&new.inner_html());
        }
    }

    thread_local! {
        /// The page's one connection to the member's event stream, shared by its islands
        /// (browsers allow only six HTTP/1.1 connections per site, across all tabs): opened
        /// by the first island that follows it, kept for the life of the page.
        static SOURCE: std::cell::RefCell<Option<Option<EventSource>>> =
            const { std::cell::RefCell::new(None) };
    }

    /// Calls `then(kind, data)` for each event of the `kinds` the stream sends ("open"
    /// each time it connects); `Some(true)` if it is open already, `None` without a stream.
    fn follow(kinds: &[&str], then: impl Fn(&str, String) + 'static) -> Option<bool> {
        let (subscriptions, open) = SOURCE.with_borrow_mut(|s| {
            let source = s
                .get_or_insert_with(|| EventSource::new("/events").ok())
                .as_mut()?;
            let subscriptions: Vec<EventSourceSubscription> = kinds
                .iter()
                .filter_map(|k| source.subscribe(*k).ok())
                .collect();
            Some((subscriptions, source.state() == State::Open))
        })?;
        wasm_bindgen_futures::spawn_local(async move {
            let mut events = futures::stream::select_all(subscriptions);
            while let Some(event) = events.next().await {
                // An error is a lost connection: the browser reconnects by itself, and an
                // "open" follows.
                if let Ok((kind, ev)) = event {
                    // "open" is a plain event that gloo hands over as a message: no data.
                    let data = match kind.as_str() {
                        "open" => String::new(),
                        _ => ev.data().as_string().unwrap_or_default(),
                    };
                    then(&kind, data);
                }
            }
        });
        Some(open)
    }

    /// Calls `set` with the member's unread count each time the stream sends it.
    pub fn on_unread(set: impl Fn(u64) + 'static) {
        follow(&["unread"], move |_, data| {
            if let Ok(n) = data.parse() {
                set(n);
            }
        });
    }

    /// Calls `then` when another member changes `about` (an idea or a submission), and
    /// `connected` once the stream is open.
    pub fn on_changed(about: String, then: impl Fn() + 'static, connected: impl Fn() + 'static) {
        let connected = std::rc::Rc::new(connected);
        let on_open = connected.clone();
        let open = follow(&["changed", "open"], move |kind, data| match kind {
            "open" => on_open(),
            _ if data == about => then(),
            _ => {}
        });
        if open == Some(true) {
            connected();
        }
    }

    /// Follows the member's event stream for the life of the page (see `LiveRegion`).
    pub fn listen(region: String, about: Option<String>) {
        let refresh = {
            let region = region.clone();
            move || {
                let region = region.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let Some(href) = web_sys::window().and_then(|w| w.location().href().ok())
                    else {
                        return;
                    };
                    if let Some(html) = fetch_page(&href).await {
                        swap(&html, &region);
                    }
                });
            }
        };
        // Connected: the region says so (`data-live`).
        let mark = move || {
            if let Some(el) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector(&region).ok().flatten())
            {
                let _ = el.set_attribute("data-live", "on");
            }
        };
        let opened = std::rc::Rc::new(std::cell::Cell::new(false));
        let seen = opened.clone();
        let on_event = {
            let mark = mark.clone();
            move |kind: &str, data: String| {
                if kind == "open" {
                    // After a reconnection the region is fetched again: events sent in
                    // between were missed.
                    if seen.replace(true) {
                        refresh();
                    }
                    mark();
                    return;
                }
                // Messages and changes of something else are not this region's; a change
                // counts only where the region follows one thing.
                let other = about.as_ref().is_some_and(|a| *a != data);
                if (kind == "message" && other) || (kind == "changed" && (about.is_none() || other))
                {
                    return;
                }
                refresh();
            }
        };
        // The stream may already be open when this island wakes.
        if follow(&["message", "request", "changed", "open"], on_event) == Some(true) {
            opened.set(true);
            mark();
        }
    }
}
