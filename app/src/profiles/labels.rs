//! What the profiles feature's choices and events are called, in the page's language.

use crate::domain::*;
use crate::i18n::*;

pub fn contact_policy(l: Locale, p: ContactPolicy) -> &'static str {
    match p {
        ContactPolicy::Everyone => td_string!(l, choice.contact_everyone),
        ContactPolicy::Contacted => td_string!(l, choice.contact_contacted),
        ContactPolicy::Nobody => td_string!(l, choice.contact_nobody),
    }
}
