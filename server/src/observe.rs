//! What an operator follows a request by: an id on every request and response
//! (`X-Request-Id`), carried by every log line written while it is served, and log lines
//! as text or as JSON.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use tower_http::request_id::{MakeRequestId, RequestId};
use tower_http::trace::MakeSpan;

pub static X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Log lines as an operator asked for them (`log_format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    pub fn parse(s: &str) -> Result<Self, String> {
        match s {
            "text" => Ok(Self::Text),
            "json" => Ok(Self::Json),
            other => Err(format!("log_format must be text or json, not {other:?}")),
        }
    }
}

/// Starts the process's log output: `filter` as `tracing`'s filter, one line per event.
/// In JSON each line names the request (its id, method and path) it belongs to.
pub fn init_logs(filter: &str, format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::new(filter);
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    match format {
        LogFormat::Text => logs.init(),
        LogFormat::Json => logs
            .json()
            // Every span the line is written in, outermost first: the request's (its id,
            // method and path) is there even when a library's own span is the current one.
            .with_current_span(false)
            .with_span_list(true)
            .init(),
    }
}

/// A fresh id for a request that brings none (or none worth keeping).
#[derive(Clone, Copy, Default)]
pub struct NewId;

impl MakeRequestId for NewId {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let id = uuid::Uuid::new_v4().simple().to_string();
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

/// Whether an id a client or balancer sent may name the request in logs: short, and only
/// letters, digits, `-`, `_` and `.` (nothing that could forge a log line or field).
pub fn acceptable(id: &HeaderValue) -> bool {
    let b = id.as_bytes();
    (1..=64).contains(&b.len())
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

/// Drops an incoming id that is not `acceptable`, so a new one is made for it. A balancer's
/// id (nginx's `$request_id`) is kept: one request is then followed across both.
pub async fn refuse_odd_ids(
    mut req: Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if req
        .headers()
        .get(&X_REQUEST_ID)
        .is_some_and(|v| !acceptable(v))
    {
        req.headers_mut().remove(&X_REQUEST_ID);
    }
    next.run(req).await
}

/// Each request's span: its id, method and path (not the query, which may hold a search
/// or a token), at `info` so that warnings and errors written while serving it carry them.
#[derive(Clone, Copy, Default)]
pub struct RequestSpan;

impl<B> MakeSpan<B> for RequestSpan {
    fn make_span(&mut self, req: &axum::http::Request<B>) -> tracing::Span {
        let id = req
            .extensions()
            .get::<RequestId>()
            .and_then(|id| id.header_value().to_str().ok())
            .unwrap_or("");
        tracing::info_span!(
            "request",
            id = %id,
            method = %req.method(),
            path = %req.uri().path(),
        )
    }
}
