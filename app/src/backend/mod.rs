//! Server-only plumbing shared by the features: state, auth, mail, Markdown, entities.

pub mod auth;
pub mod entities;
pub mod events;
pub mod limits;
pub mod mail;
pub mod markdown;
pub mod memo;
pub mod sql;
pub mod state;
pub mod tags;

pub use auth::Viewer;
pub use state::{AppState, Clock, PublicPages};

use crate::domain::ContentLanguage;
use crate::i18n::Locale;

/// The interface language of the current request: cookie, else Accept-Language, else German.
pub fn request_locale() -> Locale {
    // Outside a request (the demo seed, background jobs) there is no reactive owner to ask.
    if leptos::prelude::Owner::current().is_none() {
        return Locale::default();
    }
    leptos_i18n::locale::resolve_locale::<Locale>()
}

/// The language someone most likely writes in who uses the site in `locale`.
pub fn written_in(locale: Locale) -> ContentLanguage {
    match locale {
        Locale::de => ContentLanguage::German,
        Locale::en => ContentLanguage::English,
    }
}
