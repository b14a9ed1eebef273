//! What the showcase feature's choices and events are called, in the page's language.

use crate::domain::*;
use crate::i18n::*;

pub fn stage(l: Locale, s: Stage) -> &'static str {
    match s {
        Stage::Idea => td_string!(l, stage.idea),
        Stage::GroupFormed => td_string!(l, stage.group_formed),
        Stage::Submitted => td_string!(l, stage.submitted),
        Stage::Awarded => td_string!(l, stage.awarded),
        Stage::InImplementation => td_string!(l, stage.in_implementation),
        Stage::Completed => td_string!(l, stage.completed),
        Stage::SuccessfulFailure => td_string!(l, stage.successful_failure),
    }
}
