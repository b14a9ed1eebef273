//! Idea drafting that survives going offline. The editor (`components::islands::DraftKeeper`)
//! keeps every change on the device at once, so a reload or a closed tab loses nothing
//! typed; a save made without a network waits there and is sent when the network is back,
//! carrying the revision it started from, so a server that moved on meanwhile keeps it as
//! the member's unmerged edit and the editor opens with the three-way merge (`revisions`):
//! nothing is overwritten without the member's choice. The member header
//! (`components::islands::DraftSync`) sends waiting saves from any page and asks before
//! logging out with drafts that are not on the server; logging out clears the device
//! (`Clear-Site-Data`). The service worker (`/sw.js`, `server::service_worker`) keeps the
//! editor openable without a network.
//!
//! `sync` is the rule (pure, tested); `browser` and the rest run in the browser only.

pub mod sync;
pub mod texts;

#[cfg(feature = "hydrate")]
pub(crate) mod browser;
#[cfg(feature = "hydrate")]
pub(crate) mod keeper;
#[cfg(feature = "hydrate")]
pub(crate) mod outbox;
