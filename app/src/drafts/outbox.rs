//! The member header's part (`components::islands::DraftSync`): on every member's page,
//! sends the member's saves that wait on this device (oldest first) when the network
//! allows, registers the service worker, and asks before logging out with drafts that
//! are not on the server.

use super::browser;
use super::sync::{Answer, LocalDraft, Notice};
use gloo_events::{EventListener, EventListenerOptions};
use leptos::prelude::*;
use std::rc::Rc;

pub fn start(
    member: String,
    notice: RwSignal<Option<(Notice, Option<String>)>>,
    logout_question: String,
) {
    browser::register_worker(member.clone());
    let member = Rc::new(member);
    let send = {
        let member = member.clone();
        move || {
            let member = member.clone();
            wasm_bindgen_futures::spawn_local(async move { send_pending(&member, notice).await });
        }
    };
    if browser::online() {
        send();
    }
    if let Some(w) = web_sys::window() {
        EventListener::new(&w, "online", move |_| send()).forget();
    }
    guard_logout(member, logout_question);
}

async fn send_pending(member: &str, notice: RwSignal<Option<(Notice, Option<String>)>>) {
    let (pending, unreadable) = browser::pending(member);
    if unreadable > 0 {
        notice.set(Some((Notice::Unreadable, None)));
    }
    let mut saved = 0;
    for mut d in pending {
        let key = LocalDraft::key(member, d.idea.as_deref());
        let (answer, id) = browser::send(&d).await;
        let editor = id.or(d.idea.clone()).map(|id| format!("/ideas/{id}/edit"));
        match answer {
            Answer::Saved => {
                browser::remove(&key);
                saved += 1;
            }
            // The server keeps it as the member's unmerged edit: its editor shows the merge.
            Answer::Stale => {
                browser::remove(&key);
                notice.set(Some((Notice::Merge, editor)));
            }
            Answer::Invalid => {
                d.pending = false;
                browser::store(&d);
                notice.set(Some((Notice::Refused, editor)));
            }
            Answer::Gone => {
                d.pending = false;
                browser::store(&d);
                let from = d.idea.clone().unwrap_or_default();
                notice.set(Some((
                    Notice::Gone,
                    Some(format!("/ideas/new?from={from}")),
                )));
            }
            // Later: after logging in again, or when the network or server is back.
            Answer::LoggedOut | Answer::Busy | Answer::Unreachable => return,
        }
    }
    if saved > 0 && notice.get_untracked().is_none() {
        notice.set(Some((Notice::Synced, None)));
    }
}

/// Logging out clears this device's copy of the member's pages and drafts: with drafts
/// that are not on the server, the member is asked first.
fn guard_logout(member: Rc<String>, question: String) {
    let Some(form) = web_sys::window().and_then(|w| w.document()).and_then(|d| {
        d.query_selector("form[action=\"/api/logout\"]")
            .ok()
            .flatten()
    }) else {
        return;
    };
    let options = EventListenerOptions::enable_prevent_default();
    EventListener::new_with_options(&form, "submit", options, move |ev| {
        if browser::unsynced(&member) == 0 {
            return;
        }
        let sure = web_sys::window()
            .and_then(|w| w.confirm_with_message(&question).ok())
            .unwrap_or(true);
        if !sure {
            ev.prevent_default();
        }
    })
    .forget();
}
