#![recursion_limit = "512"]
//! The platform's HTTP server. `build` assembles the whole application — database,
//! migrations, sessions, mail, routes — exactly as `main` runs it, so integration tests
//! drive the real thing on a random port.

pub mod admin;
pub mod calendar;
pub mod cli;
pub mod config;
mod database;
pub mod events;
pub mod export;
pub mod form_echo;
mod maintenance;
pub mod metrics;
pub mod observe;
pub mod page_cache;
pub mod security;
pub mod seed;
pub mod service_worker;
pub mod sessions;
#[cfg(feature = "test-clock")]
pub mod test_clock;
mod unavailable;

use app::backend::auth::Backend;
use app::backend::limits::RateLimits;
use app::backend::mail::Mailer;
use app::backend::{AppState, Clock};
use app::error::AppError;
use app::{App, AssetNames, shell};
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum_login::AuthManagerLayerBuilder;
use config::Config;
pub use database::connect;
use database::{open_database, prepare_data};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use maintenance::spawn_maintenance;
use sea_orm::DatabaseConnection;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Largest request body accepted: forms are small; a 10 MB upload gets 413.
const BODY_LIMIT: usize = 256 * 1024;

fn mailer(config: &Config) -> Result<Mailer, BoxError> {
    Ok(match config.mail_transport.as_str() {
        "smtp" => Mailer::smtp(&config.smtp_url, &config.mail_from)?,
        "file" => Mailer::file(&config.mail_outbox, &config.mail_from)?,
        other => return Err(format!("mail_transport must be file or smtp, not {other:?}").into()),
    })
}

fn hash_file_beside_exe() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.join("hash.txt")).filter(|p| p.exists())
}

/// The paths of this build's stylesheet, script and WASM, named as Leptos names them (with
/// their hashes when cargo-leptos wrote them).
fn built_assets(options: &LeptosOptions) -> [String; 3] {
    let hashes = hash_file_beside_exe()
        .and_then(|f| std::fs::read_to_string(f).ok())
        .unwrap_or_default();
    let hash = |kind: &str| {
        hashes.lines().find_map(|l| {
            l.strip_prefix(kind)
                .and_then(|rest| rest.strip_prefix(':'))
                .map(|h| h.trim().to_owned())
        })
    };
    let (out, pkg) = (&options.output_name, &options.site_pkg_dir);
    let named = |kind: &str, plain: String| match hash(kind) {
        Some(h) => format!("/{pkg}/{out}.{h}.{kind}"),
        None => format!("/{pkg}/{plain}"),
    };
    [
        named("css", format!("{out}.css")),
        named("js", format!("{out}.js")),
        named("wasm", format!("{out}_bg.wasm")),
    ]
}

/// Server functions answer errors with 500 by default; give each `AppError` its own
/// status (422 for invalid input, 401, 403, 404, …) so user errors are never 500s.
async fn server_fn_status(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res.headers().contains_key("serverfnerror")
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes)
        && let Ok(code) = StatusCode::from_u16(err.status())
    {
        parts.status = code;
        if let Some(secs) = err.retry_after_secs() {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// For a balancer: 200 while the database answers, else 503 (the server keeps running and
/// answers again once it is back). Migrations ran before the server began to listen, so
/// an answering server is a migrated one; `/readyz` is the same check under the name
/// readiness probes use.
async fn healthz(State(db): State<DatabaseConnection>) -> impl IntoResponse {
    match db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

/// The app's routes, generated once per process. Generating them renders the app with
/// resource loading switched off by a process-wide flag (leptos_server's
/// `SuppressResourceLoad`); a page rendering at that moment in another server of the same
/// process (tests start many) would wait forever on its data (leptos-rs/leptos#4773).
/// Generating them once, before the first server can serve, rules that out.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: OnceLock<Vec<leptos_axum::AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// `POST /test/clock`, in a build with the test-clock feature and `test_clock = true`.
#[cfg(feature = "test-clock")]
fn test_clock_routes(offset: Option<test_clock::Offset>, state: &AppState) -> Router {
    match offset {
        Some(offset) => Router::new().route(
            "/test/clock",
            axum::routing::post(test_clock::set).with_state((offset, state.clone())),
        ),
        None => Router::new(),
    }
}

/// Every page's path as the router knows it (`/ideas/{id}`): the access matrix checks each
/// has a gate.
pub fn page_paths() -> Vec<String> {
    route_list().iter().map(|r| r.path().to_owned()).collect()
}

/// The whole application, ready to serve.
pub struct Application {
    pub router: Router,
    pub state: AppState,
    pub addr: SocketAddr,
    /// Statements run through sea-orm since start (tests check pages stay free of N+1).
    pub queries: Arc<AtomicU64>,
    /// A client must send its request head within this time.
    pub header_read_timeout: Duration,
}

pub async fn build(config: &Config, clock: Clock) -> Result<Application, BoxError> {
    refuse_unsafe_clock(config)?;
    // Rate limits count in the unmoved clock: a test clock moved ahead and back must not
    // leave every client "limited until next week".
    let limits_clock = clock.clone();
    #[cfg(feature = "test-clock")]
    let test_clock = config.test_clock.then(test_clock::Offset::default);
    #[cfg(feature = "test-clock")]
    let clock = match &test_clock {
        Some(offset) => offset.clock(clock),
        None => clock,
    };
    let zone: chrono_tz::Tz = config.time_zone.parse().map_err(|_| {
        format!(
            "time_zone: {:?} is not a time zone (an IANA name such as Europe/Berlin)",
            config.time_zone
        )
    })?;
    app::domain::time_zone::set(zone);
    let (db, queries) = open_database(config).await?;
    let read_only = database::read_only_mode(config);
    if read_only.is_some() {
        tracing::error!(
            "the database file is read-only: serving what can be read; every change answers \
             503 until it is writable again and the server restarted"
        );
    } else {
        prepare_data(config, &db).await?;
    }
    let proxies = security::TrustedProxies::parse(&config.trusted_proxies)?;
    let (events, public_pages) = app::backend::events::Events::start(&db).await;
    let state = AppState {
        db: db.clone(),
        mailer: mailer(config)?,
        clock: clock.clone(),
        public_url: config.public_url.trim_end_matches('/').into(),
        // On PostgreSQL the servers behind a balancer share one budget per address and
        // account; SQLite is one process.
        limits: if config.is_sqlite() {
            RateLimits::new(limits_clock)
        } else {
            RateLimits::shared(limits_clock, db.clone())
        },
        public_pages,
        contact_requests_per_day: config.contact_requests_per_day,
        invitation_days: config.invitation_days,
        digest_hour: config.digest_hour,
        reports_to_hide: config.reports_to_hide,
        report_account_age: chrono::Duration::hours(i64::from(config.report_account_hours)),
        events,
    };
    let page_cache = page_cache::PageCache::new(
        state.public_pages.clone(),
        Duration::from_secs(config.page_cache_secs),
    );
    if read_only.is_none() {
        spawn_maintenance(&state, config.unconfirmed_account_days).await;
    }

    let store = sessions::Store::connect(&config.database_url, read_only).await?;
    store.spawn_cleanup();
    let session_layer = SessionManagerLayer::new(store)
        .with_name("cip_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(config.secure_cookies())
        .with_expiry(Expiry::OnInactivity(time::Duration::days(14)));
    let auth_layer = AuthManagerLayerBuilder::new(Backend::new(db.clone()), session_layer).build();

    let addr: SocketAddr = config.site_addr.parse()?;
    let options = LeptosOptions::builder()
        .output_name("cip")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        // Hashed names only when cargo-leptos wrote the hash file (not for test binaries).
        .hash_files(hash_file_beside_exe().is_some())
        .build();
    // cargo-leptos writes the assets' content hashes beside the server binary, read once:
    // hashed names let browsers cache /pkg forever.
    let built = built_assets(&options);
    let worker = service_worker::Script::new(&built);
    let assets = AssetNames {
        stylesheet: built[0].clone(),
    };
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            provide_context(assets.clone());
            provide_context(app::backend::memo::RequestMemo::default());
            security::provide_page_policy();
        }
    };
    let routes = route_list();

    let pkg_dir = Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let pkg = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ))
        .service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        );

    #[cfg(feature = "test-clock")]
    let clock_routes = test_clock_routes(test_clock, &state);
    // Without the test-clock feature there is no such route at all.
    #[cfg(not(feature = "test-clock"))]
    let clock_routes = Router::new();
    // leptos_routes_with_context also mounts every server function under /api.
    let router = Router::new()
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context, shell,
        ))
        .with_state(options)
        .nest_service("/pkg", pkg)
        .route("/healthz", get(healthz).with_state(db.clone()))
        .route(
            "/metrics",
            get(metrics::scrape).with_state(metrics::Scrape {
                token: config.metrics_token.clone(),
                db: db.clone(),
            }),
        )
        .route("/readyz", get(healthz).with_state(db.clone()))
        .route("/sw.js", get(service_worker::serve).with_state(worker))
        .route(
            "/workshops/{id}/calendar.ics",
            get(calendar::workshop).with_state(state.clone()),
        )
        .route(
            "/me/data.json",
            get(export::download).with_state(state.clone()),
        )
        .route(
            "/events",
            get(events::stream).with_state(events::EventsState {
                events: state.events.clone(),
                db: db.clone(),
                recheck: Duration::from_secs(config.events_recheck_secs.max(1)),
            }),
        )
        .merge(clock_routes)
        .route_layer(middleware::from_fn(metrics::name_route))
        .layer(middleware::from_fn(server_fn_status))
        .layer(middleware::from_fn(form_echo::form_echo))
        .layer(middleware::from_fn(security::members_no_store))
        .layer(auth_layer)
        // Outside the session layer: its failures while the database is down become 503s.
        .layer(middleware::from_fn_with_state(
            (db.clone(), read_only.is_some()),
            unavailable::when_down,
        ))
        .layer(middleware::from_fn(move |req, next| {
            security::client_ip(proxies.clone(), req, next)
        }))
        // State changes from other sites' pages are refused before any session is loaded.
        .layer(
            CsrfLayer::new()
                .add_trusted_origin(origin_of(&config.public_url))?
                .with_rejection_response(security::cross_site_refused),
        )
        .layer(middleware::from_fn(security::strip_bootstrap_scripts))
        .layer(middleware::from_fn({
            let https = config.public_url.starts_with("https://");
            move |req, next| security::headers(https, req, next)
        }))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(config.request_timeout_secs),
        ))
        .layer(CompressionLayer::new());
    // The outer layers wrap the whole router as one service. A `from_fn` layer clones what
    // it wraps for every request: wrapping the routes, that copied every handler's state
    // (the options, the app state, the pools) once per layer, most of what a cached page
    // cost (perf); cloning a router is cloning an `Arc`.
    let router = Router::new()
        .fallback_service(router)
        // Outside compression: a stored anonymous page is sent as stored.
        .layer(middleware::from_fn(move |req, next| {
            page_cache::serve(page_cache.clone(), req, next)
        }))
        // A panic answers a clean 500 page instead of dropping the connection.
        .layer(CatchPanicLayer::custom(security::panic_page))
        .layer(TraceLayer::new_for_http().make_span_with(observe::RequestSpan))
        .layer(middleware::from_fn(metrics::record))
        // Outermost: every response, a cached page's too, carries the request's id.
        .layer(PropagateRequestIdLayer::new(observe::X_REQUEST_ID.clone()))
        .layer(SetRequestIdLayer::new(
            observe::X_REQUEST_ID.clone(),
            observe::NewId,
        ))
        .layer(middleware::from_fn(observe::refuse_odd_ids));

    Ok(Application {
        router,
        state,
        addr,
        queries,
        header_read_timeout: Duration::from_secs(config.header_read_timeout_secs),
    })
}

/// A test clock only in the end-to-end build, and only on a server no one else reaches.
fn refuse_unsafe_clock(config: &Config) -> Result<(), BoxError> {
    if config.test_clock && !cfg!(feature = "test-clock") {
        return Err(
            "test_clock needs a server built with the test-clock feature \
                    (the end-to-end build); this build has no test clock"
                .into(),
        );
    }
    if config.test_clock && !config.loopback_only() {
        return Err(
            "test_clock is only for a server that only this machine reaches \
                    (site_addr and public_url on 127.0.0.1, ::1 or localhost)"
                .into(),
        );
    }
    Ok(())
}

/// `scheme://host[:port]` of a URL, as browsers send it in `Origin`.
fn origin_of(url: &str) -> String {
    let url = url.trim_end_matches('/');
    match url.find("://") {
        Some(i) => match url[i + 3..].find('/') {
            Some(j) => url[..i + 3 + j].to_owned(),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// Serves until ctrl-c / SIGTERM. hyper directly rather than `axum::serve`, which sets no
/// timer and so cannot bound how long a client may take to send its request head (slow
/// clients would hold connections). TCP_NODELAY: without it small responses wait for
/// Nagle's algorithm (1.5 k instead of 15 k requests/s on a tiny page). Each request
/// carries the peer address (`ConnectInfo`) for the rate limits.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    header_read_timeout: Duration,
    events: app::backend::events::Events,
) -> std::io::Result<()> {
    use axum::extract::ConnectInfo;
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto::Builder;
    use hyper_util::server::graceful::GracefulShutdown;
    use hyper_util::service::TowerToHyperService;
    use tower::ServiceExt;

    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    builder.http2().timer(TokioTimer::new());
    let graceful = GracefulShutdown::new();
    let serve_one = |tcp: tokio::net::TcpStream, peer: SocketAddr| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "TCP_NODELAY");
        }
        let service = router
            .clone()
            .map_request(move |mut req: Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo(peer));
                req.map(Body::new)
            });
        let conn = builder
            .serve_connection_with_upgrades(TokioIo::new(tcp), TowerToHyperService::new(service))
            .into_owned();
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error = %e, "connection");
            }
        });
    };
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((tcp, peer)) => serve_one(tcp, peer),
                Err(e) => {
                    // Out of file descriptors and the like: keep serving the others.
                    tracing::warn!(error = %e, "accept");
                    tokio::task::yield_now().await;
                }
            },
            _ = &mut shutdown => break,
        }
    }
    // Connections the kernel already accepted for us are served too: closing the listener
    // with them queued would reset requests a client has already sent.
    use futures_util::FutureExt;
    while let Some(Ok((tcp, peer))) = listener.accept().now_or_never() {
        serve_one(tcp, peer);
    }
    drop(listener);
    // Event streams never finish by themselves: end them. Let requests in flight finish,
    // for at most ten seconds.
    events.close();
    let _ = tokio::time::timeout(Duration::from_secs(10), graceful.shutdown()).await;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
