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
/// tell their author who reads them; they are rendered as links).
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// For HTML that is not a Leptos page (panic and refusal pages): no scripts at all.
const STATIC_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Sets the page's policy with the nonce Leptos put on its scripts for this render. Called
/// in the render context of every page (see `build`).
pub fn provide_page_policy() {
    use leptos::prelude::use_context;
    if let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) && let Ok(value) = HeaderValue::from_str(&page_policy(&nonce))
    {
        res.insert_header(header::CONTENT_SECURITY_POLICY, value);
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

/// A member's pages carry their name and data: no cache (browser or shared) may keep them.
pub async fn members_no_store(req: Request, next: Next) -> Response {
    let member = req
        .extensions()
        .get::<app::backend::auth::AuthSession>()
        .is_some_and(|a| a.user.is_some());
    let mut res = next.run(req).await;
    if member {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let proxies = TrustedProxies::parse(&["10.0.0.1".into()]).unwrap();
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 1.2.3.4"),
        );
        let proxy: IpAddr = "10.0.0.1".parse().unwrap();
        let other: IpAddr = "5.5.5.5".parse().unwrap();
        // Behind the proxy: the address the proxy saw (right-most), not the forged left part.
        assert_eq!(
            proxies.client(proxy, &h),
            "1.2.3.4".parse::<IpAddr>().unwrap()
        );
        // Direct clients cannot choose their address with the header.
        assert_eq!(proxies.client(other, &h), other);
        // No header: the proxy itself.
        assert_eq!(proxies.client(proxy, &HeaderMap::new()), proxy);
        assert!(TrustedProxies::parse(&["not an ip".into()]).is_err());
    }

    #[tokio::test]
    async fn a_panic_answers_a_clean_page_instead_of_dropping_the_connection() {
        use tower::{ServiceBuilder, ServiceExt};
        let svc = ServiceBuilder::new()
            .layer(tower_http::catch_panic::CatchPanicLayer::custom(panic_page))
            .service_fn(|req: Request| async move {
                if req.uri().path() == "/boom" {
                    panic!("boom");
                }
                Ok::<_, std::convert::Infallible>(Response::new(Body::empty()))
            });
        let req = Request::builder().uri("/boom").body(Body::empty()).unwrap();
        let res = svc.oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(
            res.headers()[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
    }

    #[tokio::test]
    async fn hsts_only_over_https_and_no_store_on_server_functions() {
        use axum::routing::{get, post};
        use tower::ServiceExt;
        let app = |https: bool| {
            axum::Router::new()
                .route("/", get(|| async { "page" }))
                .route("/api/x", post(|| async { "data" }))
                .layer(axum::middleware::from_fn(move |req, next| {
                    headers(https, req, next)
                }))
        };
        let get_root = || Request::builder().uri("/").body(Body::empty()).unwrap();
        let res = app(true).oneshot(get_root()).await.unwrap();
        assert!(
            res.headers()[header::STRICT_TRANSPORT_SECURITY]
                .to_str()
                .unwrap()
                .starts_with("max-age=")
        );
        assert_eq!(res.headers()[header::X_FRAME_OPTIONS], "DENY");
        let res = app(false).oneshot(get_root()).await.unwrap();
        assert!(
            res.headers()
                .get(header::STRICT_TRANSPORT_SECURITY)
                .is_none()
        );
        let api = Request::builder()
            .method("POST")
            .uri("/api/x")
            .body(Body::empty())
            .unwrap();
        let res = app(false).oneshot(api).await.unwrap();
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");
    }

    #[test]
    fn page_policy_allows_only_nonced_scripts_and_no_remote_images() {
        let p = page_policy("abc");
        assert!(p.contains("script-src 'nonce-abc' 'strict-dynamic' 'wasm-unsafe-eval'"));
        for d in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "img-src 'self' data:",
        ] {
            assert!(p.contains(d), "{d}");
        }
        assert!(!p.contains("unsafe-inline"));
    }
}
