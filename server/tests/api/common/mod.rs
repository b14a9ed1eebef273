//! Test harness: each test gets the real application (same `build` as `main`) on a random
//! port with its own fresh database — a SQLite file, or a new PostgreSQL database when
//! `CIP_TEST_POSTGRES_URL` is set — and its own mail outbox.

#![allow(dead_code)]

mod build;

use app::accounts::{ConfirmEmail, Login, Register};
use app::backend::Clock;
use app::ideas::SaveIdea;
use app::session::Whoami;
pub use build::*;
use leptos::server_fn::ServerFn;
use reqwest::{Client, Response, StatusCode, redirect::Policy};
use sea_orm::{ConnectionTrait, Database};
use server::config::Config;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

#[derive(Clone, Copy, Debug)]
pub enum Db {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub base: String,
    pub outbox: PathBuf,
    pub config: Config,
    pub queries: std::sync::Arc<std::sync::atomic::AtomicU64>,
    server: tokio::task::JoinHandle<()>,
    dir: Option<tempfile::TempDir>,
}

impl Drop for TestApp {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// The PostgreSQL server tests may create databases on, if configured.
pub fn postgres_url() -> Option<String> {
    std::env::var("CIP_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

pub async fn fresh_database(db: Db, dir: &std::path::Path) -> String {
    match db {
        Db::Sqlite => format!("sqlite://{}?mode=rwc", dir.join("cip.sqlite").display()),
        Db::Postgres => {
            let base = postgres_url().expect("CIP_TEST_POSTGRES_URL");
            let name = format!("cip_test_{}", uuid::Uuid::new_v4().simple());
            let conn = Database::connect(&base)
                .await
                .expect("connect to PostgreSQL");
            conn.execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create test database");
            let (prefix, _) = base.rsplit_once('/').expect("database URL with a path");
            format!("{prefix}/{name}")
        }
    }
}

pub async fn spawn_app(db: Db) -> TestApp {
    spawn_app_with(db, |_| {}).await
}

/// Like `spawn_app`, with configuration changes (e.g. short timeouts).
pub async fn spawn_app_with(db: Db, tweak: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = fresh_database(db, dir.path()).await;
    start(database_url, dir, false, Clock::system(), tweak).await
}

/// Like `spawn_app`, with the demo data loaded (members, ideas, groups, a call, …).
pub async fn spawn_demo(db: Db) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = fresh_database(db, dir.path()).await;
    start(database_url, dir, true, Clock::system(), |_| {}).await
}

/// Like `spawn_demo`, on the given clock.
pub async fn spawn_demo_at(db: Db, clock: Clock) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = fresh_database(db, dir.path()).await;
    start(database_url, dir, true, clock, |_| {}).await
}

/// Logs a demo member in (`local` is the part of the address before the @).
pub async fn demo_member(app: &TestApp, local: &str) -> Member {
    let client = app.client();
    let email = format!("{local}@demo.civic-innovation.invalid");
    let res = app
        .login(&client, &email, server::seed::DEMO_PASSWORD)
        .await;
    assert!(ok(&res), "demo login {local}: {}", res.status());
    Member::of(app, client, &email).await
}

/// Like `spawn_app`, on the given clock (e.g. one that stands still, for rate limits).
pub async fn spawn_app_at(db: Db, clock: Clock) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = fresh_database(db, dir.path()).await;
    start(database_url, dir, false, clock, |_| {}).await
}

/// Starts the application on an existing database (for restart tests), with its own clock.
pub async fn spawn_with(
    database_url: String,
    dir: tempfile::TempDir,
    demo: bool,
    clock: Clock,
) -> TestApp {
    start(database_url, dir, demo, clock, |_| {}).await
}

async fn start(
    database_url: String,
    dir: tempfile::TempDir,
    demo: bool,
    clock: Clock,
    tweak: impl FnOnce(&mut Config),
) -> TestApp {
    // `CIP_TEST_LOG=warn` (a tracing filter) shows the server's log, e.g. a 500's cause.
    if let Ok(filter) = std::env::var("CIP_TEST_LOG") {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_test_writer()
            .try_init();
    }
    let outbox = dir.path().join("outbox");
    let config = Config {
        site_addr: "127.0.0.1:0".into(),
        database_url,
        demo_data: demo,
        mail_outbox: outbox.display().to_string(),
        site_root: dir.path().join("site").display().to_string(),
        ..Config::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let base = format!("http://127.0.0.1:{port}");
    let mut config = config;
    config.public_url = base.clone();
    tweak(&mut config);
    let app = server::build(&config, clock).await.expect("build app");
    let queries = app.queries.clone();
    let server = tokio::spawn(async move {
        let _ = server::serve(
            listener,
            app.router,
            app.header_read_timeout,
            app.state.events.clone(),
        )
        .await;
    });
    TestApp {
        base,
        outbox,
        config,
        queries,
        server,
        dir: Some(dir),
    }
}

impl TestApp {
    /// Stops the server but keeps the database and folder, for a restart.
    pub fn stop(mut self) -> (String, tempfile::TempDir) {
        self.server.abort();
        let dir = self.dir.take().expect("folder kept until stop");
        (self.config.database_url.clone(), dir)
    }

    /// A client that does not follow redirects. The server closes a keep-alive connection
    /// idle for `header_read_timeout` (hyper runs that timer while it waits for the next
    /// request head); a browser retries a request whose reused connection was closed under
    /// it, reqwest does not, so the client drops idle connections well before the server.
    pub fn client_builder(&self) -> reqwest::ClientBuilder {
        let idle = std::time::Duration::from_secs(self.config.header_read_timeout_secs) / 2;
        Client::builder()
            .pool_idle_timeout(idle)
            .redirect(Policy::none())
    }

    /// A browser-like client with its own cookie jar that does not follow redirects and
    /// prefers English (the tests read English text; German has its own test).
    pub fn client(&self) -> Client {
        self.client_in("en-GB,en;q=0.8")
    }

    /// Like `client`, with the given Accept-Language.
    pub fn client_in(&self, accept_language: &str) -> Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            reqwest::header::ACCEPT_LANGUAGE,
            accept_language.parse().expect("header value"),
        );
        self.client_builder()
            .cookie_store(true)
            .default_headers(headers)
            .build()
            .expect("client")
    }

    /// The URL of server function `F` (its path comes from the function itself).
    pub fn url<F: ServerFn>(&self) -> String {
        format!("{}{}", self.base, F::PATH)
    }

    /// Calls server function `F` as a script would (form-encoded in, JSON out).
    pub async fn call<F: ServerFn>(&self, client: &Client, form: &[(&str, &str)]) -> Response {
        client
            .post(self.url::<F>())
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .expect("request")
    }

    /// Logs `client` in (as the hydrated login form does).
    pub async fn login(&self, client: &Client, email: &str, password: &str) -> Response {
        self.call::<Login>(client, &[("email", email), ("password", password)])
            .await
    }

    pub async fn get(&self, client: &Client, path: &str) -> (StatusCode, String) {
        let res = client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request");
        let status = res.status();
        (status, res.text().await.expect("body"))
    }

    /// How many database statements a GET of `path` runs.
    pub async fn queries_for(&self, client: &Client, path: &str) -> u64 {
        use std::sync::atomic::Ordering;
        let before = self.queries.load(Ordering::SeqCst);
        let (status, _) = self.get(client, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        self.queries.load(Ordering::SeqCst) - before
    }

    /// Sends a raw HTTP/1.1 request head and returns the status code of the answer.
    pub async fn raw_status(&self, head: &str) -> u16 {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let addr = self.base.trim_start_matches("http://");
        let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
        stream.write_all(head.as_bytes()).await.expect("write head");
        let mut buf = [0u8; 64];
        let n = stream.read(&mut buf).await.expect("read status line");
        let line = String::from_utf8_lossy(&buf[..n]);
        line.split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("no status line in {line:?}"))
    }

    /// All mails sent so far, decoded from quoted-printable.
    pub fn mails(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.outbox) else {
            return Vec::new();
        };
        entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .map(|m| decode_qp(&m))
            .collect()
    }

    pub fn mails_to(&self, email: &str) -> Vec<String> {
        self.mails()
            .into_iter()
            .filter(|m| {
                m.to_lowercase()
                    .contains(&format!("to: {}", email.to_lowercase()))
            })
            .collect()
    }

    /// The verification token from the newest mail to `email`.
    pub fn verification_token(&self, email: &str) -> String {
        self.mails_to(email)
            .iter()
            .find_map(|m| {
                let start = m.find("verify?token=")? + "verify?token=".len();
                Some(m[start..start + 64].to_owned())
            })
            .expect("a verification mail")
    }

    /// The newest token in a mail to `email` whose link contains `marker` (e.g. `verify?token=`).
    pub fn token_in_mail(&self, email: &str, marker: &str) -> Option<String> {
        self.mails_to(email).iter().find_map(|m| {
            let start = m.find(marker)? + marker.len();
            m.get(start..start + 64).map(str::to_owned)
        })
    }

    /// Confirms `email` with the token from its verification mail (POST, as the page does).
    pub async fn confirm_email(&self, client: &Client, email: &str) {
        let token = self.verification_token(email);
        let res = self
            .call::<ConfirmEmail>(client, &[("token", &token)])
            .await;
        assert!(res.status().is_success(), "confirm_email: {}", res.status());
    }

    /// Registers, optionally verifies, and logs in a member.
    pub async fn member(&self, email: &str, name: &str, verify: bool) -> Member {
        let client = self.client();
        let res = self
            .call::<Register>(
                &client,
                &[
                    ("email", email),
                    ("display_name", name),
                    ("password", PASSWORD),
                    ("accept_terms", "on"),
                ],
            )
            .await;
        assert!(
            res.status().is_success() || res.status().is_redirection(),
            "register: {}",
            res.status()
        );
        if verify {
            self.confirm_email(&client, email).await;
        }
        let res = self
            .call::<Login>(&client, &[("email", email), ("password", PASSWORD)])
            .await;
        assert!(
            res.status().is_success() || res.status().is_redirection(),
            "login: {}",
            res.status()
        );
        Member::of(self, client, email).await
    }

    /// Creates a draft and returns its id.
    pub async fn create_idea(
        &self,
        client: &Client,
        title: &str,
        teaser: &str,
        description: &str,
    ) -> String {
        let res = self
            .call::<SaveIdea>(
                client,
                &[
                    ("title", title),
                    ("teaser", teaser),
                    ("description", description),
                    ("topics", "Open Data, Mobility"),
                    ("sought", "Machine Learning"),
                    ("maturity", "rough_idea"),
                ],
            )
            .await;
        assert!(
            res.status().is_success() || res.status().is_redirection(),
            "save_idea: {}",
            res.status()
        );
        let body = res.text().await.expect("body");
        serde_json::from_str::<String>(&body).expect("idea id")
    }
}

pub const PASSWORD: &str = "correct horse battery";

/// Minimal quoted-printable decoding, enough for our ASCII mails.
fn decode_qp(s: &str) -> String {
    let s = s.replace("=\r\n", "").replace("=\n", "");
    let mut out = Vec::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && let Some(Ok(b)) = bytes
                .get(i + 1..i + 3)
                .and_then(|hex| std::str::from_utf8(hex).ok())
                .map(|hex| u8::from_str_radix(hex, 16))
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Runs a scenario on SQLite, and on PostgreSQL too when `CIP_TEST_POSTGRES_URL` is set
/// (required when `CIP_TEST_REQUIRE_POSTGRES` is set, as `.ci/run` does).
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident, $scenario:path) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $scenario(common::Db::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if common::postgres_url().is_none() {
                    // CI must test PostgreSQL: there a missing URL fails instead of passing.
                    assert!(
                        std::env::var_os("CIP_TEST_REQUIRE_POSTGRES").is_none(),
                        "CIP_TEST_REQUIRE_POSTGRES is set but CIP_TEST_POSTGRES_URL is not"
                    );
                    eprintln!("CIP_TEST_POSTGRES_URL not set: PostgreSQL run skipped");
                    return;
                }
                $scenario(common::Db::Postgres).await;
            }
        }
    };
}

// Helpers shared by the feature files.

pub const SECRET: &str =
    "The secret plan: route every request through the citizens' assembly first.";

pub async fn whoami(app: &TestApp, client: &reqwest::Client) -> serde_json::Value {
    let res = app.call::<Whoami>(client, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.expect("json")
}

pub fn ok(res: &reqwest::Response) -> bool {
    res.status().is_success() || res.status().is_redirection()
}

/// A client from another loopback address (rate limits count per client address).
pub fn client_from(app: &TestApp, ip: &str) -> Client {
    app.client_builder()
        .cookie_store(true)
        .local_address(ip.parse::<std::net::IpAddr>().expect("ip"))
        .default_headers(
            [(
                reqwest::header::ACCEPT_LANGUAGE,
                "en".parse().expect("header"),
            )]
            .into_iter()
            .collect(),
        )
        .build()
        .expect("client")
}

/// A complete save_profile form with only a name and an organisation type filled in
/// (checkboxes unticked, so the name is not shown publicly).
/// A whole save_idea form with empty optional fields; `set` replaces or adds fields.
pub fn idea_form<'a>(set: &[(&'static str, &'a str)]) -> Vec<(&'static str, &'a str)> {
    let mut form = vec![
        ("title", ""),
        ("teaser", ""),
        ("description", ""),
        ("topics", ""),
        ("sought", ""),
        ("maturity", "rough_idea"),
    ];
    for &(key, value) in set {
        match form.iter_mut().find(|(k, _)| *k == key) {
            Some(field) => field.1 = value,
            None => form.push((key, value)),
        }
    }
    form
}

pub fn minimal_profile<'a>(
    name: &'a str,
    organisation_type: &'a str,
) -> Vec<(&'static str, &'a str)> {
    let mut fields = vec![
        ("display_name", name),
        ("organisation_type", organisation_type),
    ];
    for f in [
        "organisation_name",
        "role",
        "region",
        "bio",
        "experience",
        "interests",
        "offered",
        "sought",
    ] {
        fields.push((f, ""));
    }
    fields
}

/// A save_profile form: `minimal_profile` with `set` replacing or adding fields.
pub fn profile_form<'a>(
    name: &'a str,
    organisation_type: &'a str,
    set: &[(&'static str, &'a str)],
) -> Vec<(&'static str, &'a str)> {
    let mut form = minimal_profile(name, organisation_type);
    for &(key, value) in set {
        match form.iter_mut().find(|(k, _)| *k == key) {
            Some(field) => field.1 = value,
            None => form.push((key, value)),
        }
    }
    form
}

/// Saves a draft from `set` (see `idea_form`), publishes it, and returns its id.
pub async fn publish_idea(app: &TestApp, client: &Client, set: &[(&'static str, &str)]) -> String {
    let res = app
        .call::<app::ideas::SaveIdea>(client, &idea_form(set))
        .await;
    assert!(ok(&res), "save_idea: {}", res.status());
    let id: String = res.json().await.expect("idea id");
    let res = app
        .call::<app::ideas::SetPublished>(client, &[("id", &id), ("publish", "true")])
        .await;
    assert!(ok(&res), "set_published: {}", res.status());
    id
}

/// Runs the futures concurrently and returns their results in order.
pub async fn futures_join<
    F: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
>(
    futures: impl Iterator<Item = F>,
) -> Vec<T> {
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::with_capacity(handles.len());
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}

/// A clock the test moves: the real time plus an offset the test sets, read by every
/// `clock()` made from it (so two servers can share one).
#[derive(Clone, Default)]
pub struct MovedClock(Arc<AtomicI64>);

impl MovedClock {
    pub fn clock(&self) -> Clock {
        let secs = self.0.clone();
        Clock::from_fn(move || {
            chrono::Utc::now() + chrono::Duration::seconds(secs.load(Ordering::SeqCst))
        })
    }

    /// From now on the clock reads `by` ahead of the real time.
    pub fn set(&self, by: chrono::Duration) {
        self.0.store(by.num_seconds(), Ordering::SeqCst);
    }
}
