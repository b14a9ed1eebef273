//! The curated topic vocabulary, offered as suggestions in topic fields. A `<datalist>`
//! works without JavaScript; browsers suggest from it while the field's text matches.

use crate::error::AppError;
use leptos::prelude::*;

/// The id the topic fields name in their `list` attribute.
pub const TOPIC_SUGGESTIONS: &str = "topic-suggestions";

/// The curated topics, by label (public: the same words the market's topics use).
#[server(endpoint = "topic_vocabulary")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn topic_vocabulary() -> Result<Vec<String>, AppError> {
    let state = crate::backend::AppState::get()?;
    let tags = crate::backend::tags::vocabulary(&state.db).await?;
    Ok(tags.into_iter().map(|t| t.label).collect())
}

/// Renders the datalist once per form that has topic fields.
#[component]
pub fn TopicSuggestions() -> impl IntoView {
    let words = Resource::new(|| (), |_| topic_vocabulary());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                // Suggestions are a help, not the form: without them the fields still work.
                let words = words.await.unwrap_or_default();
                view! {
                    <datalist id=TOPIC_SUGGESTIONS>
                        {words.into_iter().map(|w| view! { <option value=w></option> }).collect::<Vec<_>>()}
                    </datalist>
                }
            })}
        </Suspense>
    }
}
