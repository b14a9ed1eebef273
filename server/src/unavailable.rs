//! While the database cannot be reached or written (a full disk, a read-only file),
//! whatever failed for that reason outside a server function (the session store, a handler
//! of its own) answers 503 with `Retry-After` and a
//! short page in the visitor's language, not a bare 500. Server functions and pages say so
//! themselves (`AppError::Unavailable`); this catches the rest.

use app::error::{AppError, UNAVAILABLE_RETRY_SECS};
use app::i18n::Locale;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use sea_orm::DatabaseConnection;
use std::time::Duration;

/// `read_only`: the database file can only be read (`database::read_only`): a 500 is then
/// a write it refused.
pub async fn when_down(
    State((db, read_only)): State<(DatabaseConnection, bool)>,
    req: Request,
    next: Next,
) -> Response {
    let locale = locale_of(req.headers());
    let api = req.uri().path().starts_with("/api/");
    let began = std::time::Instant::now();
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    // An empty 500 is the session layer's (the app's own always say something): its store
    // could not read or write — the database away, its disk full or read-only. A 500 that
    // waited as long as a connection is waited for: the pool timed out (the database is
    // away, or was until a moment ago: asking now could find it back and turn a "try
    // again" into a 500). Any other 500 is rare: only then is the database asked.
    use axum::body::HttpBody;
    let store_failed = res.body().size_hint().exact() == Some(0);
    let waited = began.elapsed() >= crate::database::ACQUIRE_TIMEOUT;
    let reachable = !store_failed
        && !waited
        && !read_only
        && tokio::time::timeout(Duration::from_millis(400), db.ping())
            .await
            .is_ok_and(|ping| ping.is_ok());
    if reachable {
        return res;
    }
    tracing::warn!("database unavailable: answered 503");
    answer(locale, api)
}

/// The visitor's language as the app would pick it: the language cookie, else the first
/// language the browser asks for that the site has, else German.
fn locale_of(headers: &HeaderMap) -> Locale {
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            c.trim()
                .strip_prefix(app::accounts::LANGUAGE_COOKIE)?
                .strip_prefix('=')
        });
    let asked = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let tags = cookie.into_iter().chain(asked.split(','));
    tags.map(|t| t.trim().to_ascii_lowercase())
        .find_map(|t| match t.get(..2) {
            Some("de") => Some(Locale::de),
            Some("en") => Some(Locale::en),
            _ => None,
        })
        .unwrap_or(Locale::de)
}

fn answer(l: Locale, api: bool) -> Response {
    let text = app::texts::error(l, &AppError::Unavailable);
    let (kind, body) = if api {
        let json = serde_json::to_string(&AppError::Unavailable).unwrap_or_default();
        ("application/json", json)
    } else {
        let lang = match l {
            Locale::de => "de",
            Locale::en => "en",
        };
        let page = format!(
            "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>Civic Innovation Platform</title></head><body><main>\
             <h1>Civic Innovation Platform</h1><p>{text}</p></main></body></html>"
        );
        ("text/html; charset=utf-8", page)
    };
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::RETRY_AFTER,
        HeaderValue::from(UNAVAILABLE_RETRY_SECS),
    );
    res
}
