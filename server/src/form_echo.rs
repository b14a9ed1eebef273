//! Keeps what a visitor typed when a form posted without JavaScript is refused.
//!
//! Without JavaScript a failed server function redirects back to the form's page with the
//! error in the URL (`?__err=`), and the page would render empty or stored values again.
//! This middleware remembers the submitted fields (never passwords) in the visitor's session
//! for exactly that redirect, and hands them to the page as `FormEcho`, which the form
//! fields prefer over their stored values.

use app::components::FormEcho;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::Response;
use tower_sessions::Session;

const KEY: &str = "form_echo";

/// Fields that are never stored: they hold secrets.
fn is_secret(name: &str) -> bool {
    name.contains("password") || name == "current" || name == "confirm"
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

pub async fn form_echo(req: Request, next: Next) -> Response {
    let Some(session) = req.extensions().get::<Session>().cloned() else {
        return next.run(req).await;
    };
    if is_plain_form_post(&req) {
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
        let res = next
            .run(Request::from_parts(parts, Body::from(bytes)))
            .await;
        let refused = res.status().is_redirection()
            && res
                .headers()
                .get(header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .is_some_and(|l| l.contains("__err="));
        if refused && let Err(e) = session.insert(KEY, fields).await {
            tracing::warn!(error = %e, "could not keep the refused form's input");
        }
        return res;
    }
    let mut req = req;
    if req.method() == Method::GET
        && req.uri().query().is_some_and(|q| q.contains("__err="))
        && let Ok(Some(fields)) = session.remove::<Vec<(String, String)>>(KEY).await
    {
        req.extensions_mut()
            .insert(FormEcho(fields.into_iter().collect()));
    }
    next.run(req).await
}
