//! What the ideas feature's choices and events are called, in the page's language.

use crate::domain::*;
use crate::i18n::*;

pub fn status(l: Locale, s: IdeaStatus) -> &'static str {
    match s {
        IdeaStatus::Draft => td_string!(l, choice.draft),
        IdeaStatus::Held => td_string!(l, choice.held),
        IdeaStatus::Published => td_string!(l, choice.published),
    }
}
