//! What reaches the browser. Pages render on the server; an `#[island]` is the exception,
//! for a part that needs the browser to work at all. Islands get their texts as props (the
//! WASM carries no translation tables) and must degrade to a working plain form.

use leptos::prelude::*;

/// The Content-Security-Policy of a page that loads scripts (allowing this render's nonce).
/// The server provides it and gives every other page a policy that allows no script.
#[derive(Clone)]
pub struct ScriptPolicy(pub String);

/// Loads the islands' JS and WASM and lets this render's nonce run them. Render it exactly
/// once in each view that contains islands (a page's form, say): pages without it ship no
/// script at all. (Not once per island: Suspense may render its children more than once,
/// so "the first island renders it" cannot be decided while rendering.)
#[component]
pub fn IslandScripts() -> impl IntoView {
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
    let count = RwSignal::new(crate::domain::grapheme_len(&value));
    let count_id = format!("{name}-count");
    let textarea = NodeRef::<leptos::html::Textarea>::new();
    // The island wakes up when the browser is idle: count what was typed before, too.
    Effect::new(move |_| {
        if let Some(el) = textarea.get() {
            count.set(crate::domain::grapheme_len(&el.value()));
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
            on:input=move |ev| count.set(crate::domain::grapheme_len(&event_target_value(&ev)))
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
        let timer = StoredValue::new(None::<TimeoutHandle>);
        move || {
            let Some(el) = input.get_untracked() else {
                return;
            };
            if let Some(t) = timer.get_value() {
                t.clear();
            }
            let results = results.clone();
            let handle = set_timeout_with_handle(
                move || {
                    let n = latest.get_value() + 1;
                    latest.set_value(n);
                    wasm_bindgen_futures::spawn_local(async move {
                        if let Some((url, html)) = live::fetch_results(&el).await
                            && latest.get_value() == n
                        {
                            live::show(&url, &html, &results);
                        }
                    });
                },
                std::time::Duration::from_millis(250),
            )
            .ok();
            timer.set_value(handle);
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

#[cfg(feature = "hydrate")]
mod live {
    use wasm_bindgen_futures::JsFuture;
    use web_sys::wasm_bindgen::{JsCast, JsValue};

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
        let window = web_sys::window()?;
        let res: web_sys::Response = JsFuture::from(window.fetch_with_str(&url))
            .await
            .ok()?
            .dyn_into()
            .ok()?;
        if !res.ok() {
            return None;
        }
        let html = JsFuture::from(res.text().ok()?).await.ok()?.as_string()?;
        Some((url, html))
    }

    /// Swaps the new results in and puts their URL in the address bar.
    pub fn show(url: &str, html: &str, selector: &str) {
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
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(url));
        }
    }
}
