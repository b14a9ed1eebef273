//! Keeps what a visitor typed when a form posted without JavaScript is refused.
//!
//! Without JavaScript a failed server function redirects back to the form's page with the
//! error in the URL (`?__err=`), and the page would render empty or stored values again.
//! This middleware remembers the submitted fields (never passwords or tokens) for exactly
//! that redirect and hands them to the page as `FormEcho`, which the form fields prefer
//! over their stored values.
//!
//! Where it is kept: in the member's existing session (capped at 64 KiB, valid for five
//! minutes); a visitor without a session gets a short-lived cookie instead (at most 3 KiB),
//! so refused posts can never create session rows. The next page view takes it out.

use app::components::FormEcho;
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

#[derive(Serialize, Deserialize)]
struct Echo {
    fields: Vec<(String, String)>,
    until: i64,
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
    // A page view: the echo is for this one redirect and is taken out either way.
    let refused_page = req.uri().query().is_some_and(|q| q.contains("__err="));
    let mut req = req;
    let mut fields = None;
    if session.id().is_some()
        && let Ok(Some(echo)) = session.remove::<Echo>(KEY).await
        && echo.until >= now()
    {
        fields = Some(echo.fields);
    }
    let cookie = echo_cookie(&req);
    if fields.is_none()
        && let Some(c) = &cookie
    {
        fields = Some(
            form_urlencoded::parse(c.as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        );
    }
    if refused_page && let Some(fields) = fields {
        req.extensions_mut()
            .insert(FormEcho(fields.into_iter().collect()));
    }
    let mut res = next.run(req).await;
    if cookie.is_some() {
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
    let refused = res.status().is_redirection()
        && res
            .headers()
            .get(header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .is_some_and(|l| l.contains("__err="));
    if !refused {
        return res;
    }
    let size: usize = fields.iter().map(|(k, v)| k.len() + v.len()).sum();
    if session.id().is_some() {
        if size <= SESSION_CAP {
            let echo = Echo {
                fields,
                until: now() + VALID_FOR_SECS,
            };
            if let Err(e) = session.insert(KEY, echo).await {
                tracing::warn!(error = %e, "could not keep the refused form's input");
            }
        }
    } else {
        let encoded = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&fields)
            .finish();
        // Cookie values may not hold ';' or ',' unescaped; the urlencoded form has neither.
        if encoded.len() <= COOKIE_CAP {
            set_cookie(&mut res, &encoded, VALID_FOR_SECS);
        }
    }
    res
}
