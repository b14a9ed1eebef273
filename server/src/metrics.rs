//! `/metrics` in Prometheus's text format (prometheus-client), for whoever runs the
//! servers: requests by route and status with their latency, the database pool, page-cache
//! hits, open event streams, mails and job runs. (A request that waited for a connection in
//! vain is a 503 among the requests.) Off unless `metrics_token` is set; then
//! only a scraper sending `Authorization: Bearer <token>` gets them.
//!
//! One set per process: every server in it (tests start many) counts into the same.

use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use sea_orm::DatabaseConnection;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Answered {
    route: String,
    method: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Route {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Job {
    job: String,
    outcome: String,
}

struct Metrics {
    registry: Registry,
    requests: Family<Answered, Counter>,
    latency: Family<Route, Histogram>,
    page_cache_hits: Counter,
    event_streams: Gauge,
    pool_open: Gauge,
    pool_idle: Gauge,
    mails_sent: Counter<u64, AtomicU64>,
    mails_failed: Counter<u64, AtomicU64>,
    jobs: Family<Job, Counter>,
}

static METRICS: LazyLock<Metrics> = LazyLock::new(|| {
    let m = Metrics {
        registry: Registry::with_prefix("cip"),
        requests: Family::default(),
        // 1 ms to about 16 s.
        latency: Family::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.001, 2.0, 15))
        }),
        page_cache_hits: Counter::default(),
        event_streams: Gauge::default(),
        pool_open: Gauge::default(),
        pool_idle: Gauge::default(),
        mails_sent: Counter::default(),
        mails_failed: Counter::default(),
        jobs: Family::default(),
    };
    let mut registry = m.registry;
    registry.register(
        "requests",
        "Requests answered, by route, method and status",
        m.requests.clone(),
    );
    registry.register(
        "request_seconds",
        "Time to answer a request, by route",
        m.latency.clone(),
    );
    registry.register(
        "page_cache_hits",
        "Anonymous pages served from memory",
        m.page_cache_hits.clone(),
    );
    registry.register(
        "event_streams_open",
        "Live-update streams (/events) open now",
        m.event_streams.clone(),
    );
    registry.register(
        "db_pool_connections",
        "Database connections open in the pool",
        m.pool_open.clone(),
    );
    registry.register(
        "db_pool_idle",
        "Database connections idle in the pool",
        m.pool_idle.clone(),
    );
    registry.register(
        "mails_sent",
        "Mails handed to the transport",
        m.mails_sent.clone(),
    );
    registry.register(
        "mails_failed",
        "Mails the transport refused",
        m.mails_failed.clone(),
    );
    registry.register(
        "job_runs",
        "Background job runs, by job and outcome",
        m.jobs.clone(),
    );
    Metrics { registry, ..m }
});

/// Which route answered, as the router knows it (`/ideas/{id}`), carried out to `record`.
#[derive(Clone)]
struct RouteName(String);

/// Inside the router: names the matched route on its response.
pub async fn name_route(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned());
    let mut res = next.run(req).await;
    if let Some(route) = route {
        res.extensions_mut().insert(RouteName(route));
    }
    res
}

/// Outermost: counts every answer and its time, by route (a page-cache hit is
/// `page cache`, a path no route has `unmatched`).
pub async fn record(req: Request, next: Next) -> Response {
    let method = req.method().as_str().to_owned();
    let began = std::time::Instant::now();
    let res = next.run(req).await;
    let route = res
        .extensions()
        .get::<RouteName>()
        .map_or("unmatched", |r| r.0.as_str())
        .to_owned();
    let m = &*METRICS;
    m.latency
        .get_or_create(&Route {
            route: route.clone(),
        })
        .observe(began.elapsed().as_secs_f64());
    m.requests
        .get_or_create(&Answered {
            route,
            method,
            status: res.status().as_u16().to_string(),
        })
        .inc();
    res
}

/// A page served from the page cache.
pub fn page_cache_hit(res: &mut Response) {
    METRICS.page_cache_hits.inc();
    res.extensions_mut().insert(RouteName("page cache".into()));
}

/// An open event stream, counted while it lives.
pub struct StreamOpen(());

impl StreamOpen {
    pub fn counted() -> Self {
        METRICS.event_streams.inc();
        Self(())
    }
}

impl Drop for StreamOpen {
    fn drop(&mut self) {
        METRICS.event_streams.dec();
    }
}

/// A background job ran (`ok` or `failed`).
pub fn job_ran(job: &str, ok: bool) {
    METRICS
        .jobs
        .get_or_create(&Job {
            job: job.into(),
            outcome: if ok { "ok" } else { "failed" }.into(),
        })
        .inc();
}

/// What `/metrics` needs: the token, and the database whose pool it reports.
#[derive(Clone)]
pub struct Scrape {
    pub token: String,
    pub db: DatabaseConnection,
}

/// `GET /metrics`: 404 while no token is configured, 401 without the right one.
pub async fn scrape(State(s): State<Scrape>, req: Request) -> Response {
    if s.token.is_empty() {
        return StatusCode::NOT_FOUND.into_response();
    }
    let sent = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !same(sent.as_bytes(), s.token.as_bytes()) {
        return (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
        )
            .into_response();
    }
    let m = &*METRICS;
    let (open, idle) = pool(&s.db);
    m.pool_open.set(open);
    m.pool_idle.set(idle);
    m.mails_sent.inner().store(
        app::backend::mail::SENT.load(Ordering::Relaxed),
        Ordering::Relaxed,
    );
    m.mails_failed.inner().store(
        app::backend::mail::FAILED.load(Ordering::Relaxed),
        Ordering::Relaxed,
    );
    let mut out = String::new();
    if prometheus_client::encoding::text::encode(&mut out, &m.registry).is_err() {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        out,
    )
        .into_response()
}

/// Connections open and idle in the database pool.
fn pool(db: &DatabaseConnection) -> (i64, i64) {
    let (size, idle) = match db.get_database_backend() {
        sea_orm::DbBackend::Sqlite => {
            let p = db.get_sqlite_connection_pool();
            (p.size(), p.num_idle())
        }
        _ => {
            let p = db.get_postgres_connection_pool();
            (p.size(), p.num_idle())
        }
    };
    (i64::from(size), i64::try_from(idle).unwrap_or(i64::MAX))
}

/// Compares in time independent of where the two differ (the token is a secret).
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}
