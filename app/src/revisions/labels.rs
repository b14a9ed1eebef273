//! What the revisions feature's choices and events are called, in the page's language.

use crate::domain::*;
use crate::i18n::*;
use crate::texts::maturity;

/// A part of an idea, named as the editor labels it.
pub fn idea_field(l: Locale, f: IdeaField) -> &'static str {
    match f {
        IdeaField::Title => td_string!(l, idea.title),
        IdeaField::Teaser => td_string!(l, idea.teaser),
        IdeaField::Description => td_string!(l, idea.description),
        IdeaField::Topics => td_string!(l, idea.topics),
        IdeaField::Required => td_string!(l, idea.required),
        IdeaField::Sought => td_string!(l, idea.sought),
        IdeaField::Maturity => td_string!(l, idea.maturity),
        IdeaField::Language => td_string!(l, idea.language),
    }
}

/// A field's stored value as a person reads it: a choice by its name, text as it is.
pub fn idea_field_value(l: Locale, f: IdeaField, value: &str) -> String {
    match f {
        IdeaField::Maturity => Maturity::parse(value).map_or(value, |m| maturity(l, m)),
        IdeaField::Language => ContentLanguage::parse(value).map_or(value, |c| c.endonym()),
        _ => value,
    }
    .to_owned()
}

/// How a merge names the member's version and the idea's current one.
pub fn merge_label(l: Locale, mine: bool) -> &'static str {
    if mine {
        td_string!(l, revisions.yours)
    } else {
        td_string!(l, revisions.current)
    }
}
