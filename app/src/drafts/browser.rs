//! The browser's part of offline drafting: the member's drafts in the device's local
//! storage, sending a kept save, and the service worker that keeps the editor openable
//! without a network.

use super::sync::{Answer, LocalDraft};
use wasm_bindgen_futures::JsFuture;
use web_sys::wasm_bindgen::{JsCast, JsValue};

/// Where unreadable drafts are set aside (kept, never read again by the editor).
const SET_ASIDE: &str = "cip-unreadable:";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// The draft kept under `key`: `Err` if what is there cannot be read (it is set aside).
pub fn load(key: &str, member: &str) -> Result<Option<LocalDraft>, ()> {
    let Some(text) = storage().and_then(|s| s.get_item(key).ok().flatten()) else {
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

/// Keeps the draft; `false` when the device's storage refused it (full).
pub fn store(d: &LocalDraft) -> bool {
    let Ok(text) = serde_json::to_string(d) else {
        return false;
    };
    let key = LocalDraft::key(&d.member, d.idea.as_deref());
    storage().is_some_and(|s| s.set_item(&key, &text).is_ok())
}

pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

fn set_aside(key: &str) {
    if let Some(s) = storage()
        && let Ok(Some(text)) = s.get_item(key)
    {
        let _ = s.set_item(&format!("{SET_ASIDE}{key}"), &text);
        let _ = s.remove_item(key);
    }
}

/// Every stored (key, text) pair of this device's drafts.
pub fn stored() -> Vec<(String, String)> {
    let Some(s) = storage() else {
        return Vec::new();
    };
    let n = s.length().unwrap_or(0);
    (0..n)
        .filter_map(|i| s.key(i).ok().flatten())
        .filter(|k| k.starts_with(super::sync::PREFIX))
        .filter_map(|k| s.get_item(&k).ok().flatten().map(|t| (k, t)))
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
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&params);
    let Ok(headers) = web_sys::Headers::new() else {
        return (Answer::Busy, None);
    };
    let _ = headers.set("Accept", "application/json");
    init.set_headers(&headers);
    let Some(window) = web_sys::window() else {
        return (Answer::Unreachable, None);
    };
    let res: web_sys::Response =
        match JsFuture::from(window.fetch_with_str_and_init("/api/save_idea", &init)).await {
            Ok(r) => match r.dyn_into() {
                Ok(r) => r,
                Err(_) => return (Answer::Busy, None),
            },
            Err(_) => return (Answer::Unreachable, None),
        };
    let answer = Answer::of_status(res.status());
    if answer != Answer::Saved {
        return (answer, None);
    }
    // The body is the idea's id, as JSON.
    let id = match res.text() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .and_then(|t| serde_json::from_str::<String>(&t).ok()),
        Err(_) => None,
    };
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
