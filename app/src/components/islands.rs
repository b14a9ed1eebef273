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
