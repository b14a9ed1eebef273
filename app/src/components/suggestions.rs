//! The curated vocabulary (`domain::vocabulary`), offered as suggestions in tag fields. A
//! `<datalist>` works without JavaScript; browsers suggest from it while the field's text
//! matches an option's value or its words, so typing "Vergab" on the English page offers
//! "Public procurement".

use crate::domain::vocabulary::CONCEPTS;
use crate::error::AppError;
use leptos::prelude::*;
use leptos_i18n::Locale as _;

/// The id the tag fields name in their `list` attribute.
pub const TOPIC_SUGGESTIONS: &str = "topic-suggestions";

/// The vocabulary's labels in the caller's language (public: the words the market uses).
#[server(endpoint = "topic_vocabulary")]
#[cfg_attr(feature = "ssr", tracing::instrument(skip_all))]
pub async fn topic_vocabulary() -> Result<Vec<String>, AppError> {
    let lang = crate::backend::request_locale();
    Ok(CONCEPTS
        .iter()
        .map(|c| c.label(lang.as_str()).to_owned())
        .collect())
}

/// Renders the datalist once per form that has tag fields: each concept by its label in the
/// page's language, with its other words to match.
#[component]
pub fn TopicSuggestions() -> impl IntoView {
    let lang = crate::texts::locale().as_str();
    let other = if lang == "de" { "en" } else { "de" };
    let mut options: Vec<_> = CONCEPTS
        .iter()
        .map(|c| {
            let words = std::iter::once(c.label(other))
                .chain(c.also.iter().copied())
                .collect::<Vec<_>>()
                .join(", ");
            (c.label(lang), words)
        })
        .collect();
    options.sort();
    view! {
        <datalist id=TOPIC_SUGGESTIONS>
            {options.into_iter().map(|(value, words)| view! { <option value=value label=words></option> }).collect::<Vec<_>>()}
        </datalist>
    }
}
