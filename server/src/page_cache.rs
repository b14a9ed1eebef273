//! A short-lived in-memory cache of the pages anonymous visitors get: the market and the
//! public idea pages, which are most of the traffic and the same for every visitor.
//!
//! Why it is safe:
//! - Only requests without a session or form-echo cookie are looked up or stored, so a
//!   member's page (their name in the header, an idea's description) is never stored and a
//!   stored page is never served to a member. Responses that set a cookie are not stored.
//! - Every entry remembers the generation of `PublicPages` it was rendered under (read
//!   before rendering); any write that changes a public page moves the generation, which
//!   makes every older entry a miss. Entries also expire after `ttl`.
//! - Only pages without scripts are stored (their policy allows none, see `security`): a
//!   stored page must not hand out the same script nonce twice.
//! - The key holds everything the page depends on besides the database: path and query, the
//!   language cookie, Accept-Language, and the response encoding (stored compressed).

use crate::security::is_scriptless;
use app::backend::PublicPages;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;

/// Rendered pages are tens of kilobytes; anything larger is not stored.
const MAX_BODY: usize = 2 * 1024 * 1024;
/// The only cookie an anonymous public page depends on.
const LANGUAGE_COOKIE: &str = app::accounts::LANGUAGE_COOKIE;

#[derive(Clone)]
pub struct PageCache {
    pages: moka::sync::Cache<Key, Arc<Stored>>,
    public: PublicPages,
}

#[derive(Clone, Hash, PartialEq, Eq)]
struct Key {
    uri: String,
    language_cookie: Option<String>,
    accept_language: Option<String>,
    encoding: Encoding,
}

#[derive(Clone, Copy, Hash, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

struct Stored {
    generation: u64,
    headers: HeaderMap,
    body: Bytes,
}

impl PageCache {
    /// `ttl` zero switches the cache off.
    pub fn new(public: PublicPages, ttl: Duration) -> Option<Self> {
        (!ttl.is_zero()).then(|| Self {
            pages: moka::sync::Cache::builder()
                .max_capacity(2_000)
                .time_to_live(ttl)
                .build(),
            public,
        })
    }
}

/// The public pages: the market and an idea's page (not its editor or delete form).
pub fn is_public_page(path: &str) -> bool {
    match path {
        "/" | "/ideas" => true,
        _ => path
            .strip_prefix("/ideas/")
            .is_some_and(|id| uuid::Uuid::parse_str(id).is_ok()),
    }
}

fn cookies(headers: &HeaderMap) -> impl Iterator<Item = (&str, &str)> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
}

/// The best encoding the client accepts (brotli, gzip or none), ignoring `q=0`.
pub fn encoding(headers: &HeaderMap) -> Encoding {
    let accepted = |name: &str| {
        headers
            .get_all(header::ACCEPT_ENCODING)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|item| {
                let mut parts = item.split(';').map(str::trim);
                parts.next().is_some_and(|n| n.eq_ignore_ascii_case(name))
                    && parts.all(|p| p.replace(' ', "") != "q=0")
            })
    };
    if accepted("br") {
        Encoding::Brotli
    } else if accepted("gzip") {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// The key of an anonymous request for a public page, or `None` if it must be rendered.
fn key(req: &Request) -> Option<Key> {
    if req.method() != Method::GET || !is_public_page(req.uri().path()) {
        return None;
    }
    // `__err` belongs to a refused form post and is shown once.
    if req.uri().query().is_some_and(|q| q.contains("__err")) {
        return None;
    }
    let mut language_cookie = None;
    for (name, value) in cookies(req.headers()) {
        if name == LANGUAGE_COOKIE {
            language_cookie = Some(value.to_owned());
        } else {
            // A session, a form echo, anything else: render for this visitor.
            return None;
        }
    }
    Some(Key {
        uri: req.uri().to_string(),
        language_cookie,
        accept_language: req
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        encoding: encoding(req.headers()),
    })
}

/// Serves a stored page or renders and stores it. Sits outside compression, so a stored
/// page costs no rendering and no compressing.
pub async fn serve(cache: Option<PageCache>, mut req: Request, next: Next) -> Response {
    let Some((cache, key)) = cache.and_then(|c| key(&req).map(|k| (c, k))) else {
        return next.run(req).await;
    };
    let generation = cache.public.generation();
    if let Some(hit) = cache.pages.get(&key).filter(|s| s.generation == generation) {
        let mut res = Response::new(Body::from(hit.body.clone()));
        *res.headers_mut() = hit.headers.clone();
        crate::metrics::page_cache_hit(&mut res);
        return res;
    }
    // Ask for exactly the stored encoding, so the compression layer picks it.
    let value = match key.encoding {
        Encoding::Brotli => Some("br"),
        Encoding::Gzip => Some("gzip"),
        Encoding::Identity => None,
    };
    req.headers_mut().remove(header::ACCEPT_ENCODING);
    if let Some(v) = value {
        req.headers_mut()
            .insert(header::ACCEPT_ENCODING, HeaderValue::from_static(v));
    }
    let res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if res.status() != StatusCode::OK || !html || res.headers().contains_key(header::SET_COOKIE) {
        return res;
    }
    if !is_scriptless(res.headers()) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    parts.headers.remove(header::DATE);
    let stored = Stored {
        generation,
        headers: parts.headers.clone(),
        body: body.clone(),
    };
    cache.pages.insert(key, Arc::new(stored));
    Response::from_parts(parts, Body::from(body))
}
