//! The browser's part of offline drafting: the member's drafts in the device's local
//! storage, sending a kept save, and the service worker that keeps the editor openable
//! without a network.

use super::sync::{Answer, LocalDraft};
use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen_futures::JsFuture;
use web_sys::wasm_bindgen::{JsCast, JsValue};

/// Where unreadable drafts are set aside (kept, never read again by the editor).
const SET_ASIDE: &str = "cip-unreadable:";

/// Whether the browser lets the page keep anything (gloo's `LocalStorage` throws where it
/// is blocked, as in some private modes: then nothing is kept, and the editor says so).
fn granted() -> bool {
    web_sys::window().is_some_and(|w| matches!(w.local_storage(), Ok(Some(_))))
}

/// The text kept under `key`, as stored.
fn text(key: &str) -> Option<String> {
    granted()
        .then(|| LocalStorage::raw().get_item(key).ok().flatten())
        .flatten()
}

pub fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// The draft kept under `key`: `Err` if what is there cannot be read (it is set aside).
pub fn load(key: &str, member: &str) -> Result<Option<LocalDraft>, ()> {
    let Some(text) = text(key) else {
        return Ok(None);
    };
    match LocalDraft::parse(key, &text, member) {
        Some(d) => Ok(Some(d)),
        None => {
            set_aside(key);
            Err(())
        }
    }
}

/// Keeps the draft (as JSON); `false` when the device's storage refused it (full).
pub fn store(d: &LocalDraft) -> bool {
    let key = LocalDraft::key(&d.member, d.idea.as_deref());
    granted() && LocalStorage::set(key, d).is_ok()
}

pub fn remove(key: &str) {
    if granted() {
        LocalStorage::delete(key);
    }
}

/// Moves what is under `key` aside, as it was stored.
fn set_aside(key: &str) {
    if let Some(text) = text(key) {
        let _ = LocalStorage::raw().set_item(&format!("{SET_ASIDE}{key}"), &text);
        LocalStorage::delete(key);
    }
}

/// Every stored (key, text) pair of this device's drafts.
pub fn stored() -> Vec<(String, String)> {
    if !granted() {
        return Vec::new();
    }
    let s = LocalStorage::raw();
    (0..LocalStorage::length())
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(super::sync::PREFIX))
        .filter_map(|k| text(&k).map(|t| (k, t)))
        .collect()
}

/// `member`'s pending drafts but the one this page's editor keeps (it sends that one
/// itself), oldest first; unreadable ones are set aside and counted (the editor's own by the
/// editor, which says so).
pub fn pending(member: &str) -> (Vec<LocalDraft>, usize) {
    let (pending, broken) = LocalDraft::pending_of(stored(), member);
    let broken: Vec<_> = broken.into_iter().filter(|k| !open_here(k)).collect();
    for key in &broken {
        set_aside(key);
    }
    let pending = pending
        .into_iter()
        .filter(|d| !open_here(&LocalDraft::key(member, d.idea.as_deref())))
        .collect();
    (pending, broken.len())
}

/// Whether this page's editor keeps the draft under `key`.
fn open_here(key: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!("[data-draft-key=\"{key}\"]"))
                .ok()
                .flatten()
        })
        .is_some()
}

/// How many drafts `member` has on this device that the server does not have.
pub fn unsynced(member: &str) -> usize {
    stored()
        .into_iter()
        .filter(|(k, t)| LocalDraft::parse(k, t, member).is_some())
        .count()
}

/// Sends a kept save as the editor's form would: the server's answer, and the idea's id
/// when it was saved.
pub async fn send(d: &LocalDraft) -> (Answer, Option<String>) {
    let Ok(params) = web_sys::UrlSearchParams::new() else {
        return (Answer::Busy, None);
    };
    for (k, v) in &d.fields {
        params.append(k, v);
    }
    if let Some(id) = &d.idea {
        params.set("id", id);
        params.set("revision", &d.base.to_string());
    }
    let Ok(request) = gloo_net::http::Request::post("/api/save_idea")
        .header("Accept", "application/json")
        .body(params)
    else {
        return (Answer::Busy, None);
    };
    let Ok(res) = request.send().await else {
        return (Answer::Unreachable, None);
    };
    let answer = Answer::of_status(res.status());
    if answer != Answer::Saved {
        return (answer, None);
    }
    // The body is the idea's id, as JSON.
    let id = res.json::<String>().await.ok();
    (answer, id.or_else(|| d.idea.clone()))
}

/// Registers the service worker and tells it whose pages it keeps (it drops any other
/// member's).
pub fn register_worker(member: String) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let container = window.navigator().service_worker();
    let registered = container.register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if JsFuture::from(registered).await.is_err() {
            return;
        }
        let Ok(ready) = container.ready() else {
            return;
        };
        if let Ok(reg) = JsFuture::from(ready).await
            && let Ok(reg) = reg.dyn_into::<web_sys::ServiceWorkerRegistration>()
            && let Some(worker) = reg.active()
        {
            let _ = worker.post_message(&JsValue::from_str(&member));
        }
    });
}
