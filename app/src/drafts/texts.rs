//! What the editor and the member header say about drafts kept on the device, given to
//! the islands as props (the WASM carries no translation tables).

use crate::i18n::*;

/// What the idea editor and the member header say about drafts, in the page's language.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DraftTexts {
    pub unsaved: String,
    pub saved: String,
    pub kept: String,
    pub will_sync: String,
    pub syncing: String,
    pub conflict: String,
    pub logged_out: String,
    pub gone: String,
    pub busy: String,
    pub full: String,
    pub restored: String,
    pub synced: String,
    pub unreadable: String,
    pub merge: String,
    pub refused: String,
    pub discard: String,
    pub open: String,
    pub start_new: String,
    pub logout_question: String,
}

/// What the idea editor and the member header say about drafts kept on the device (islands
/// get their texts as props).
impl DraftTexts {
    pub fn of(l: Locale) -> Self {
        let s = |t: &str| t.to_owned();
        Self {
            unsaved: s(td_string!(l, drafts.unsaved)),
            saved: s(td_string!(l, drafts.saved)),
            kept: s(td_string!(l, drafts.kept)),
            will_sync: s(td_string!(l, drafts.will_sync)),
            syncing: s(td_string!(l, drafts.syncing)),
            conflict: s(td_string!(l, drafts.conflict)),
            logged_out: s(td_string!(l, drafts.logged_out)),
            gone: s(td_string!(l, drafts.gone)),
            busy: s(td_string!(l, drafts.busy)),
            full: s(td_string!(l, drafts.full)),
            restored: s(td_string!(l, drafts.restored)),
            synced: s(td_string!(l, drafts.synced)),
            unreadable: s(td_string!(l, drafts.unreadable)),
            merge: s(td_string!(l, drafts.merge)),
            refused: s(td_string!(l, drafts.refused)),
            discard: s(td_string!(l, drafts.discard)),
            open: s(td_string!(l, drafts.open)),
            start_new: s(td_string!(l, drafts.start_new)),
            logout_question: s(td_string!(l, drafts.logout_question)),
        }
    }
}
