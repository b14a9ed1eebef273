//! The idea editor's part in the browser (`components::islands::DraftKeeper`): restores a
//! draft kept on this device into the form, keeps every change, and sends a kept save when
//! the network allows, as `sync::next` decides.

use super::browser;
use super::sync::{self, Event, LocalDraft, Notice, Status, Step};
use gloo_events::{EventListener, EventListenerOptions};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use web_sys::wasm_bindgen::{JsCast, JsValue};

/// Fields the editor posts that are not the member's text.
const NOT_TEXT: [&str; 2] = ["id", "revision"];

struct Keeper {
    form: web_sys::HtmlFormElement,
    member: String,
    idea: Option<String>,
    status: RwSignal<Option<Status>>,
    /// The member pressed Save (else the save is sent by itself: network back, page opened).
    by_button: Cell<bool>,
    /// The idea a new draft became on the server.
    saved_as: RefCell<Option<String>>,
}

/// Starts keeping the editor's form in `wrapper`.
pub fn start(
    wrapper: web_sys::Element,
    member: String,
    idea: Option<String>,
    merging: bool,
    status: RwSignal<Option<Status>>,
    notice: RwSignal<Option<Notice>>,
) {
    let Some(form) = wrapper
        .query_selector("form")
        .ok()
        .flatten()
        .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return;
    };
    let k = Rc::new(Keeper {
        form,
        member,
        idea,
        status,
        by_button: Cell::new(false),
        saved_as: RefCell::new(None),
    });
    let key = LocalDraft::key(&k.member, k.idea.as_deref());
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&query).ok();
    let param = |name: &str| params.as_ref().and_then(|p| p.get(name));

    // A new idea may start from the draft of an idea deleted on the server.
    if k.idea.is_none()
        && let Some(from) = param("from")
        && let Ok(Some(mut d)) = browser::load(&LocalDraft::key(&k.member, Some(&from)), &k.member)
    {
        d.idea = None;
        d.base = 0;
        d.pending = false;
        if browser::store(&d) {
            browser::remove(&LocalDraft::key(&k.member, Some(&from)));
        }
        notice.set(Some(Notice::Restored));
    }

    let kept = match browser::load(&key, &k.member) {
        Ok(kept) => kept,
        Err(()) => {
            notice.set(Some(Notice::Unreadable));
            None
        }
    };
    if let Some(d) = &kept {
        if d.fields != fields(&k.form) || d.base != base(&k.form) {
            fill(&k.form, &d.fields);
            // Saved from this base: a server that moved on merges it.
            set_base(&k.form, d.base);
            if notice.get_untracked().is_none() {
                notice.set(Some(Notice::Restored));
            }
        }
    } else if param("synced").is_some() {
        notice.set(Some(Notice::Synced));
    }
    let opened = Event::Opened {
        kept: kept.as_ref().map(|d| d.pending),
        online: browser::online(),
        new: k.idea.is_none(),
    };
    if merging && kept.is_none() {
        status.set(Some(Status::Conflict));
    } else {
        k.step(opened);
    }

    let on_input = {
        let keeper = k.clone();
        EventListener::new(&k.form, "input", move |_| keeper.step(Event::Typed))
    };
    // Prevented, so the form waits for the keeper's decision (`sync::next`).
    let on_submit = {
        let keeper = k.clone();
        let options = EventListenerOptions::enable_prevent_default();
        EventListener::new_with_options(&k.form, "submit", options, move |ev| {
            ev.prevent_default();
            keeper.by_button.set(true);
            keeper.step(Event::Save {
                online: browser::online(),
            });
        })
    };
    let on_online = web_sys::window().map(|w| {
        let k = k.clone();
        EventListener::new(&w, "online", move |_| {
            k.by_button.set(false);
            k.step(Event::Online)
        })
    });
    // They live as long as the page.
    on_input.forget();
    on_submit.forget();
    if let Some(l) = on_online {
        l.forget();
    }
    // From here a save stays on this device when offline (before, the form posts).
    let _ = wrapper.set_attribute("data-keeping", "");
}

/// Drops the draft kept on this device and shows the editor as the server has it.
pub fn discard(key: &str) {
    browser::remove(key);
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

impl Keeper {
    fn draft(&self, pending: bool) -> LocalDraft {
        LocalDraft {
            member: self.member.clone(),
            idea: self.idea.clone(),
            base: base(&self.form),
            fields: fields(&self.form),
            pending,
            at: js_sys::Date::now(),
        }
    }

    fn key(&self) -> String {
        LocalDraft::key(&self.member, self.idea.as_deref())
    }

    fn step(self: &Rc<Self>, event: Event) {
        let now = self.status.get_untracked().unwrap_or(Status::Saved);
        let (status, step) = sync::next(now, event);
        self.status.set(Some(status));
        match step {
            Step::Nothing => {}
            Step::Keep { pending } => {
                if !browser::store(&self.draft(pending)) {
                    self.step(Event::StorageFull);
                }
            }
            Step::Send => {
                let d = self.draft(true);
                if !browser::store(&d) {
                    // Not kept here, but the page still holds it: send it anyway.
                    self.status.set(Some(Status::Syncing));
                }
                let _ = self.form.set_attribute("inert", "");
                let k = self.clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let (answer, id) = browser::send(&d).await;
                    let _ = k.form.remove_attribute("inert");
                    *k.saved_as.borrow_mut() = id;
                    k.step(Event::Answer(answer));
                });
            }
            Step::Done => {
                browser::remove(&self.key());
                let id = self.saved_as.borrow().clone().or_else(|| self.idea.clone());
                let to = match (id, self.by_button.get()) {
                    (Some(id), true) => format!("/ideas/{id}"),
                    // Sent by itself: the member stays in the editor, now at the saved
                    // revision.
                    (Some(id), false) => format!("/ideas/{id}/edit?synced=1"),
                    (None, _) => "/me/ideas".to_owned(),
                };
                go(&to);
            }
            Step::Merge => {
                // The server keeps the save as the member's unmerged edit: the editor
                // opens with the merge.
                browser::remove(&self.key());
                if let Some(id) = &self.idea {
                    go(&format!("/ideas/{id}/edit"));
                }
            }
            Step::ShowErrors => {
                let _ = browser::store(&self.draft(false));
                // The plain form post: the server answers with its messages, in the form.
                let _ = self.form.submit();
            }
        }
    }
}

fn go(to: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().replace(to);
    }
}

/// The member's text in the form, by field name.
fn fields(form: &web_sys::HtmlFormElement) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let Ok(data) = web_sys::FormData::new_with_form(form) else {
        return out;
    };
    let Ok(Some(entries)) = js_sys::try_iter(&data) else {
        return out;
    };
    for entry in entries.flatten() {
        let pair = js_sys::Array::from(&entry);
        let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) else {
            continue;
        };
        if !NOT_TEXT.contains(&name.as_str()) {
            out.insert(name, value);
        }
    }
    out
}

/// Puts kept text back into the form's fields (and tells their islands, e.g. the counter).
fn fill(form: &web_sys::HtmlFormElement, fields: &BTreeMap<String, String>) {
    for (name, value) in fields {
        if NOT_TEXT.contains(&name.as_str()) {
            continue;
        }
        let Some(el) = form.elements().named_item(name) else {
            continue;
        };
        let _ = js_sys::Reflect::set(&el, &JsValue::from_str("value"), &JsValue::from_str(value));
        if let Ok(ev) = web_sys::Event::new_with_event_init_dict("input", &{
            let init = web_sys::EventInit::new();
            init.set_bubbles(false);
            init
        }) {
            let _ = el.dispatch_event(&ev);
        }
    }
}

fn revision_field(form: &web_sys::HtmlFormElement) -> Option<web_sys::Element> {
    form.elements().named_item("revision")
}

/// The revision the editor started from (0 for a new idea).
fn base(form: &web_sys::HtmlFormElement) -> i32 {
    revision_field(form)
        .and_then(|el| js_sys::Reflect::get(&el, &JsValue::from_str("value")).ok())
        .and_then(|v| v.as_string())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn set_base(form: &web_sys::HtmlFormElement, revision: i32) {
    if let Some(el) = revision_field(form) {
        let _ = js_sys::Reflect::set(
            &el,
            &JsValue::from_str("value"),
            &JsValue::from_str(&revision.to_string()),
        );
    }
}
