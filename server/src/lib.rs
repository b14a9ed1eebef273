#![recursion_limit = "512"]
//! The platform's HTTP server. `build` assembles the whole application — database,
//! migrations, sessions, mail, routes — exactly as `main` runs it, so integration tests
//! drive the real thing on a random port.

pub mod config;
pub mod form_echo;
pub mod seed;
pub mod sessions;

use app::backend::auth::Backend;
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
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Largest request body accepted: forms are small; a 10 MB upload gets 413.
const BODY_LIMIT: usize = 256 * 1024;

/// Connects to the database, creating the SQLite file's folder if needed, and migrates.
pub async fn connect(config: &Config) -> Result<DatabaseConnection, BoxError> {
    if config.is_sqlite() {
        let path = config
            .database_url
            .trim_start_matches("sqlite://")
            .trim_start_matches("sqlite:");
        let path = path.split('?').next().unwrap_or_default();
        if let Some(dir) = Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)?;
        }
    }
    let mut opts = ConnectOptions::new(config.database_url.clone());
    opts.max_connections(if config.is_sqlite() { 8 } else { 16 })
        .sqlx_logging(false);
    let db = Database::connect(opts).await?;
    if config.is_sqlite() {
        // WAL lets readers continue while a write commits; it persists in the file.
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
    }
    Migrator::up(&db, None).await?;
    Ok(db)
}

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

/// cargo-leptos writes the content hashes of the built assets beside the server binary;
/// hashed names let browsers cache /pkg forever.
fn asset_names(options: &LeptosOptions) -> AssetNames {
    let css_hash = hash_file_beside_exe()
        .and_then(|f| std::fs::read_to_string(f).ok())
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("css:").map(|h| h.trim().to_owned()))
        });
    let name = match css_hash {
        Some(h) => format!("{}.{h}.css", options.output_name),
        None => format!("{}.css", options.output_name),
    };
    AssetNames {
        stylesheet: format!("/{}/{name}", options.site_pkg_dir),
    }
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
    }
    Response::from_parts(parts, Body::from(bytes))
}

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

/// The whole application, ready to serve.
pub struct Application {
    pub router: Router,
    pub state: AppState,
    pub addr: SocketAddr,
    /// Statements run through sea-orm since start (tests check pages stay free of N+1).
    pub queries: Arc<AtomicU64>,
}

pub async fn build(config: &Config, clock: Clock) -> Result<Application, BoxError> {
    let mut db = connect(config).await?;
    let queries = Arc::new(AtomicU64::new(0));
    {
        let queries = queries.clone();
        db.set_metric_callback(move |_| {
            queries.fetch_add(1, Ordering::Relaxed);
        });
    }
    if config.demo_data {
        seed::load_if_empty(&db).await?;
    }
    let state = AppState {
        db: db.clone(),
        mailer: mailer(config)?,
        clock,
        public_url: config.public_url.trim_end_matches('/').into(),
    };

    let store = sessions::Store::connect(&config.database_url).await?;
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
    let assets = asset_names(&options);
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            provide_context(assets.clone());
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
        .layer(middleware::from_fn(server_fn_status))
        .layer(middleware::from_fn(form_echo::form_echo))
        .layer(auth_layer)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http());

    Ok(Application {
        router,
        state,
        addr,
        queries,
    })
}

/// Serves until ctrl-c / SIGTERM. TCP_NODELAY: without it small responses wait for
/// Nagle's algorithm (1.5 k instead of 15 k requests/s on a tiny page).
pub async fn serve(listener: tokio::net::TcpListener, router: Router) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::warn!(error = %e, "TCP_NODELAY");
        }
    });
    axum::serve(listener, router)
        .with_graceful_shutdown(shutdown_signal())
        .await
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
