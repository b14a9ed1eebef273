//! Keeps what a visitor typed when a form posted without JavaScript is refused.
//!
//! Without JavaScript a failed server function redirects back to the form's page with the
//! error in the URL (`?__path=…&__err=…`), and the page would render empty or stored values
//! again. This middleware takes the error out of that address (a refused form keeps a clean
//! URL that can be shared or reloaded), remembers it with the submitted fields (never
//! passwords or tokens) for exactly that redirect, and hands both to the page: the fields as
//! `FormEcho`, which the form fields prefer over their stored values, the error as
//! `RefusedAction`, which the page's action shows.
//!
//! Where it is kept: in the member's existing session (capped at 64 KiB, valid for five
//! minutes); a visitor without a session gets a short-lived cookie instead (at most 3 KiB),
//! so refused posts can never create session rows. The view of the page the refusal
//! redirected to takes it out.

use app::components::{FormEcho, RefusedAction};
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

const KEY: &str = "form_echo";
const COOKIE: &str = "cip_echo";
/// Session echoes: larger forms (an idea's full description) are members' forms.
const SESSION_CAP: usize = 64 * 1024;
/// Cookie echoes: browsers keep cookies up to about 4 KiB.
const COOKIE_CAP: usize = 3 * 1024;
const VALID_FOR_SECS: i64 = 300;

/// Names inside the cookie's form encoding that no form field uses.
const AT: &str = "__at";
const PATH: &str = "__path";
const ERR: &str = "__err";

#[derive(Serialize, Deserialize)]
struct Echo {
    fields: Vec<(String, String)>,
    until: i64,
    /// The page (path and query) the refusal redirected to: only its view takes the echo.
    at: String,
    /// The server function's path and its encoded error.
    error: (String, String),
}

/// A refused post's redirect, split into the clean address (what the browser is sent to and
/// the echo is kept for) and the error Leptos put into it.
pub fn split_refusal(location: &str) -> Option<(String, String, (String, String))> {
    let mut url = url::Url::parse(location)
        .or_else(|_| url::Url::parse("http://localhost").and_then(|base| base.join(location)))
        .ok()?;
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let find = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let error = (find(PATH)?, find(ERR)?);
    let kept: Vec<&(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k != PATH && k != ERR)
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    let at = match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    };
    let clean = if location.starts_with('/') {
        at.clone()
    } else {
        url.to_string()
    };
    Some((clean, at, error))
}

/// The path and query a page view asks for, as `Echo::at` holds it.
fn requested(req: &Request) -> String {
    req.uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_default()
}

/// Fields that are never stored: they hold secrets.
fn is_secret(name: &str) -> bool {
    name.contains("password") || name == "current" || name == "confirm" || name == "token"
}

fn is_plain_form_post(req: &Request) -> bool {
    req.method() == Method::POST
        && req.uri().path().starts_with("/api/")
        && req
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn echo_cookie(req: &Request) -> Option<String> {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| {
            c.trim()
                .strip_prefix(&format!("{COOKIE}="))
                .map(str::to_owned)
        })
}

fn set_cookie(res: &mut Response, value: &str, max_age: i64) {
    let cookie = format!("{COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax");
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

pub async fn form_echo(req: Request, next: Next) -> Response {
    let Some(session) = req.extensions().get::<Session>().cloned() else {
        return next.run(req).await;
    };
    if is_plain_form_post(&req) {
        return keep(session, req, next).await;
    }
    if req.method() != Method::GET || req.uri().path().starts_with("/pkg/") {
        return next.run(req).await;
    }
    // A page view: the echo is for the one page its refusal redirected to.
    let at = requested(&req);
    let mut req = req;
    let mut echo = None;
    if session.id().is_some()
        && let Ok(Some(kept)) = session.get::<Echo>(KEY).await
        && kept.at == at
    {
        let _ = session.remove::<Echo>(KEY).await;
        if kept.until >= now() {
            echo = Some(kept);
        }
    }
    let cookie = echo_cookie(&req).and_then(|c| {
        let mut fields: Vec<(String, String)> = form_urlencoded::parse(c.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let mut take = |name: &str| {
            let i = fields.iter().position(|(k, _)| k == name)?;
            Some(fields.remove(i).1)
        };
        let (kept_at, path, err) = (take(AT)?, take(PATH)?, take(ERR)?);
        if kept_at != at {
            return None;
        }
        Some(Echo {
            fields,
            until: 0,
            at: kept_at,
            error: (path, err),
        })
    });
    let from_cookie = cookie.is_some();
    if let Some(e) = echo.or(cookie) {
        req.extensions_mut()
            .insert(FormEcho(e.fields.into_iter().collect()));
        req.extensions_mut().insert(RefusedAction {
            path: e.error.0,
            error: e.error.1,
        });
    }
    let mut res = next.run(req).await;
    if from_cookie {
        set_cookie(&mut res, "", 0);
    }
    res
}

/// Runs a plain form post and, if it was refused, keeps its non-secret fields.
async fn keep(session: Session, req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    // The body limit layer outside has already capped the size.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::builder()
            .status(axum::http::StatusCode::PAYLOAD_TOO_LARGE)
            .body(Body::empty())
            .unwrap_or_default();
    };
    let fields: Vec<(String, String)> = form_urlencoded::parse(&bytes)
        .filter(|(k, _)| !is_secret(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut res = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let refusal = res
        .status()
        .is_redirection()
        .then(|| res.headers().get(header::LOCATION))
        .flatten()
        .and_then(|l| l.to_str().ok())
        .and_then(split_refusal);
    let Some((clean, at, error)) = refusal else {
        return res;
    };
    // Too much typed to keep: the error is kept alone. Where even that cannot be kept, the
    // address keeps it, as Leptos made it.
    let size: usize = fields.iter().map(|(k, v)| k.len() + v.len()).sum();
    let kept = if session.id().is_some() {
        let echo = Echo {
            fields: if size <= SESSION_CAP {
                fields
            } else {
                Vec::new()
            },
            until: now() + VALID_FOR_SECS,
            at,
            error,
        };
        match session.insert(KEY, echo).await {
            Ok(()) => true,
            Err(e) => {
                tracing::warn!(error = %e, "could not keep the refused form's input");
                false
            }
        }
    } else {
        let encode = |fields: &[(String, String)]| {
            form_urlencoded::Serializer::new(String::new())
                .extend_pairs(fields)
                .append_pair(AT, &at)
                .append_pair(PATH, &error.0)
                .append_pair(ERR, &error.1)
                .finish()
        };
        // Cookie values may not hold ';' or ',' unescaped; the urlencoded form has neither.
        let encoded = Some(encode(&fields))
            .filter(|e| e.len() <= COOKIE_CAP)
            .or_else(|| Some(encode(&[])).filter(|e| e.len() <= COOKIE_CAP));
        match encoded {
            Some(e) => {
                set_cookie(&mut res, &e, VALID_FOR_SECS);
                true
            }
            None => false,
        }
    };
    if kept && let Ok(v) = HeaderValue::from_str(&clean) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}
