//! `/sw.js`: the service worker that keeps the idea editor usable offline (its source is
//! `sw.js` beside this file; see `app::drafts`). The server serves it so that it names this
//! build's hashed assets: a new build is a new worker, which drops the old assets.

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use std::sync::Arc;

/// What a page the worker cannot serve offline shows instead.
const OFFLINE: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Offline</title>\
</head><body><main><h1>You are offline</h1><p>The idea editor works offline once you have \
opened it; this page needs the network.</p><p lang=\"de\">Sie sind offline. Der Ideen-Editor \
funktioniert offline, wenn Sie ihn einmal geöffnet haben; diese Seite braucht das Netz.</p>\
</main></body></html>";

#[derive(Clone)]
pub struct Script(Arc<str>);

impl Script {
    /// The worker for this build's assets (their paths).
    pub fn new(assets: &[String]) -> Self {
        // Names the worker's cache of assets: another build, another cache.
        let version = assets
            .iter()
            .flat_map(|a| a.bytes())
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        let script = include_str!("sw.js")
            .replace(
                "__ASSETS__",
                &serde_json::to_string(assets).unwrap_or_default(),
            )
            .replace("__VERSION__", &format!("{version:016x}"))
            .replace(
                "__OFFLINE__",
                &serde_json::to_string(OFFLINE).unwrap_or_default(),
            );
        Self(script.into())
    }
}

pub async fn serve(State(script): State<Script>) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            // The browser looks for a new worker at every visit.
            (header::CACHE_CONTROL, "no-cache"),
        ],
        script.0.to_string(),
    )
}
