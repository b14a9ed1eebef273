//! What the workshops feature's choices and events are called, in the page's language.

use crate::domain::*;
use crate::i18n::*;

pub fn workshop_format(l: Locale, f: WorkshopFormat) -> &'static str {
    match f {
        WorkshopFormat::Online => td_string!(l, workshops.online),
        WorkshopFormat::OnSite => td_string!(l, workshops.on_site),
    }
}

pub fn audience(l: Locale, a: Audience) -> &'static str {
    match a {
        Audience::Everyone => td_string!(l, workshops.everyone),
        Audience::CallGroups => td_string!(l, workshops.call_groups),
    }
}

pub fn signup_status(l: Locale, s: SignupStatus) -> &'static str {
    match s {
        SignupStatus::Confirmed => td_string!(l, workshops.confirmed),
        SignupStatus::Waiting => td_string!(l, workshops.on_waiting_list),
    }
}
