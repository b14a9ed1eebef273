//! What every response and request passes through for safety: the client's address (for
//! rate limits), refusal of cross-site state changes (tower-http's CSRF layer), the
//! Content-Security-Policy with a per-render nonce, the other security headers, and a
//! clean page instead of a dropped connection when something panics.

use app::backend::limits::ClientIp;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

/// The policy of every page Leptos renders: only scripts carrying this render's nonce run
/// (and what they load: 'strict-dynamic'), WASM may compile, nothing is framed, no plugin,
/// no `<base>`, forms post only here, images only from here (remote images in texts would
/// tell their author who reads them; they are rendered as links). The one worker is the
/// service worker at `/sw.js`.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         worker-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// The policy of a page without islands: no script at all. Such pages may be cached
/// (`page_cache`).
pub const SCRIPTLESS_PAGE_POLICY: &str = "default-src 'self'; script-src 'none'; \
     style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
     object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Whether a response is a page without islands (its policy allows no script).
pub fn is_scriptless(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_SECURITY_POLICY)
        .is_some_and(|v| v == SCRIPTLESS_PAGE_POLICY)
}

/// For HTML that is not a Leptos page (panic and refusal pages): no scripts at all.
const STATIC_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Gives the page the policy without scripts, and hands the policy with this render's
/// nonce to `IslandScripts`, which sets it when the page turns out to have an island.
/// Called in the render context of every page (see `build`).
pub fn provide_page_policy() {
    use leptos::prelude::{provide_context, use_context};
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.insert_header(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(SCRIPTLESS_PAGE_POLICY),
        );
    }
    if let Some(nonce) = leptos::nonce::use_nonce() {
        provide_context(app::components::islands::ScriptPolicy(page_policy(&nonce)));
    }
}

/// The reverse proxies whose `X-Forwarded-For` is believed.
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Arc<[IpAddr]>);

impl TrustedProxies {
    pub fn parse(list: &[String]) -> Result<Self, String> {
        list.iter()
            .map(|s| {
                s.trim()
                    .parse::<IpAddr>()
                    .map_err(|_| format!("trusted_proxies: {s:?} is not an IP address"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|v| Self(v.into()))
    }

    /// The client: the peer, unless the peer is a trusted proxy; then the right-most
    /// address in `X-Forwarded-For` that is not a trusted proxy (the left part of the
    /// header is whatever the client chose to send).
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.0.contains(&peer) {
            return peer;
        }
        headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .rev()
            .filter_map(|s| s.trim().parse::<IpAddr>().ok())
            .find(|ip| !self.0.contains(ip))
            .unwrap_or(peer)
    }
}

/// Puts the client's address into the request for the rate limits.
pub async fn client_ip(proxies: TrustedProxies, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::from([0, 0, 0, 0]));
    let ip = proxies.client(peer, req.headers());
    req.extensions_mut().insert(ClientIp(ip));
    next.run(req).await
}

/// Headers for every response: no sniffing, no framing, no referrer to other sites, no
/// powerful browser features, HSTS on https, a script-free policy on HTML that Leptos did
/// not render, and `no-store` on anything that may carry a member's data.
pub async fn headers(https: bool, req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut HeaderMap, name, value: &'static str| {
        if !h.contains_key(&name) {
            h.insert(name, HeaderValue::from_static(value));
        }
    };
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "same-origin");
    set(
        h,
        header::HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    );
    if https {
        set(
            h,
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=63072000; includeSubDomains",
        );
    }
    let html = h
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if html {
        set(h, header::CONTENT_SECURITY_POLICY, STATIC_POLICY);
    }
    if api {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    res
}

/// What Leptos appends to every page to bootstrap hydration, and leptos_i18n's empty
/// placeholder. Nothing on a page without islands reads them.
const BOOTSTRAP_SCRIPTS: &[&str] = &[
    "",
    "__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];__RESOURCE_RESOLVERS=[];",
    "__INCOMPLETE_CHUNKS=[];",
];

/// Pages without islands allow no script; Leptos still appends its (empty) hydration
/// bootstrap scripts. Take exactly those out, so such a page holds no `<script>` at all and
/// the browser has nothing to block. Any other script stays (and the policy would report it).
pub async fn strip_bootstrap_scripts(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if !is_scriptless(res.headers()) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 4 * 1024 * 1024).await else {
        return html_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Fehler / Error",
            "Die Seite ist zu groß. / The page is too large.",
        );
    };
    let html = match String::from_utf8(bytes.to_vec()) {
        Ok(html) => without_bootstrap_scripts(&html),
        Err(_) => return Response::from_parts(parts, Body::from(bytes)),
    };
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(html))
}

pub fn without_bootstrap_scripts(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let script = &rest[start..];
        let removable = script.find('>').and_then(|open| {
            let tag = &script[..=open];
            let plain = tag == "<script>"
                || (tag.starts_with("<script nonce=\"") && !tag[7..].contains('<'));
            let close = script.find("</script>")?;
            let content = script.get(open + 1..close)?;
            (plain && BOOTSTRAP_SCRIPTS.contains(&content)).then_some(close + "</script>".len())
        });
        match removable {
            Some(len) => {
                out.push_str(&rest[..start]);
                rest = &rest[start + len..];
            }
            None => {
                out.push_str(&rest[..start + "<script".len()]);
                rest = &rest[start + "<script".len()..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A member's pages carry their name and data: no cache (browser or shared) may keep them.
pub async fn members_no_store(req: Request, next: Next) -> Response {
    let member = req
        .extensions()
        .get::<app::backend::auth::AuthSession>()
        .and_then(|a| a.user.as_ref().map(|u| u.id));
    let mut res = next.run(req).await;
    if let Some(id) = member {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        // Whose session answered: the service worker drops what it kept for a member
        // once a page comes without their session (ended on another device, say).
        if let Ok(value) = HeaderValue::from_str(&id.to_string()) {
            res.headers_mut().insert(MEMBER_HEADER, value);
        }
    }
    res
}

/// The response header that names the member whose session answered (`server/src/sw.js`).
pub const MEMBER_HEADER: header::HeaderName = header::HeaderName::from_static("x-cip-member");

fn html_page(status: StatusCode, title: &str, text: &str) -> Response {
    let body = format!(
        "<!DOCTYPE html><html lang=\"de\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title></head><body><main>\
         <h1>{title}</h1><p>{text}</p><p><a href=\"/\">Civic Innovation Platform</a></p>\
         </main></body></html>"
    );
    let mut res = Response::new(Body::from(body));
    *res.status_mut() = status;
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The answer to a state change another site's page tried to make (CSRF): 403 with a page
/// that says what happened, in both languages (the refusal happens before the language is
/// known).
pub fn cross_site_refused(err: tower_http::csrf::ProtectionError) -> Response {
    tracing::info!(error = %err, "cross-site request refused");
    html_page(
        StatusCode::FORBIDDEN,
        "Anfrage abgelehnt · Request refused",
        "Diese Anfrage kam von einer anderen Website und wurde zu Ihrem Schutz nicht \
         ausgeführt. Bitte öffnen Sie die Seite hier und versuchen Sie es erneut. · \
         This request came from another website and was not carried out, to protect you. \
         Please open the page here and try again.",
    )
}

/// What a panic answers instead of a dropped connection; the panic itself is logged.
pub fn panic_page(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("unknown panic");
    tracing::error!(panic = what, "request handler panicked");
    html_page(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Etwas ist schiefgegangen · Something went wrong",
        "Bitte versuchen Sie es gleich noch einmal. · Please try again in a moment.",
    )
}
