//! The platform as an operator runs it: several servers on one PostgreSQL migrate it once,
//! share their rate limits and hear each other's changes to public pages; a server refuses
//! a schema newer than it knows; while the database cannot be reached every request gets
//! a clear 503 (never a 500 or a hang), and all is well again once it is back.

use crate::prelude::*;
use sea_orm::{ConnectionTrait, Database};
use server::config::Config;

fn config_for(database_url: &str, dir: &std::path::Path) -> Config {
    Config {
        database_url: database_url.to_owned(),
        mail_outbox: dir.join("outbox").display().to_string(),
        site_root: dir.join("site").display().to_string(),
        ..Config::default()
    }
}

/// A server started against a database that a newer build has migrated stops at once,
/// saying why, and changes nothing.
async fn newer_schema(db: Db) {
    let app = spawn_app(db).await;
    let (url, dir) = app.stop();
    let conn = Database::connect(&url).await.expect("connect");
    conn.execute_unprepared(
        "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m29991231_000001_future', 0)",
    )
    .await
    .expect("a migration from the future");
    let Err(e) = server::build(&config_for(&url, dir.path()), Clock::system()).await else {
        panic!("a server started on a schema newer than it knows");
    };
    let said = e.to_string();
    assert!(
        said.contains("newer than this server") && said.contains("m29991231_000001_future"),
        "{said}"
    );
}
on_both_databases!(a_newer_schema_is_refused, newer_schema);

/// Three servers starting together on one new PostgreSQL database: each migration runs
/// once (the others wait on the advisory lock, then find nothing to do), and all start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servers_starting_together_migrate_once() {
    if postgres_url().is_none() {
        assert!(std::env::var_os("CIP_TEST_REQUIRE_POSTGRES").is_none());
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_database(Db::Postgres, dir.path()).await;
    let config = config_for(&url, dir.path());
    let (a, b, c) = tokio::join!(
        server::build(&config, Clock::system()),
        server::build(&config, Clock::system()),
        server::build(&config, Clock::system()),
    );
    for (name, started) in [("first", a), ("second", b), ("third", c)] {
        if let Err(e) = started {
            panic!("the {name} server did not start: {e}");
        }
    }
    let conn = Database::connect(&url).await.expect("connect");
    let row = conn
        .query_one_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT COUNT(*) AS n, COUNT(DISTINCT version) AS d FROM seaql_migrations",
        ))
        .await
        .expect("read migrations")
        .expect("a row");
    let (n, d): (i64, i64) = (row.try_get("", "n").unwrap(), row.try_get("", "d").unwrap());
    assert!(n > 10 && n == d, "{n} migrations recorded, {d} distinct");
}

/// PostgreSQL refusing connections (as while it restarts): pages that need it and server
/// functions answer 503 with Retry-After in the visitor's language, `/healthz` and
/// `/readyz` say 503, pages that need no database still answer; once connections are
/// allowed again, the same server answers as before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_database_answers_503_and_recovers() {
    let Some(admin_url) = postgres_url() else {
        assert!(std::env::var_os("CIP_TEST_REQUIRE_POSTGRES").is_none());
        return;
    };
    let app = spawn_demo(Db::Postgres).await;
    let name = app
        .config
        .database_url
        .rsplit('/')
        .next()
        .expect("a database name")
        .to_owned();
    let visitor = app.client();
    let german = app.client_in("de-DE,de;q=0.9");
    assert_eq!(app.get(&visitor, "/ideas?q=Daten").await.0, StatusCode::OK);

    let admin = Database::connect(&admin_url).await.expect("connect");
    let refuse = |allow: bool| {
        let (admin, name) = (&admin, &name);
        async move {
            admin
                .execute_unprepared(&format!(
                    "ALTER DATABASE \"{name}\" WITH ALLOW_CONNECTIONS {allow}"
                ))
                .await
                .expect("alter database");
            if !allow {
                admin
                    .execute_unprepared(&format!(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
                         WHERE datname = '{name}' AND pid <> pg_backend_pid()"
                    ))
                    .await
                    .expect("end the server's connections");
            }
        }
    };
    refuse(false).await;

    for path in ["/healthz", "/readyz"] {
        assert_eq!(
            app.get(&visitor, path).await.0,
            StatusCode::SERVICE_UNAVAILABLE,
            "{path}"
        );
    }
    // A search page needs the database: a short page saying so, with the status.
    let res = german
        .get(format!("{}/ideas?q=Mobilit%C3%A4t", app.base))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(res.headers().contains_key("retry-after"));
    let page = res.text().await.expect("body");
    assert!(page.contains("kurz nicht erreichbar"), "{page}");
    // A server function: 503, Retry-After, the message as JSON.
    let res = app
        .login(
            &visitor,
            "anna@demo.civic-innovation.invalid",
            server::seed::DEMO_PASSWORD,
        )
        .await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        res.headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("5")
    );
    // What needs no database still answers.
    assert_eq!(app.get(&visitor, "/imprint").await.0, StatusCode::OK);

    refuse(true).await;
    assert_eq!(app.get(&visitor, "/healthz").await.0, StatusCode::OK);
    assert_eq!(app.get(&visitor, "/ideas?q=Daten").await.0, StatusCode::OK);
    let anna = demo_member(&app, "anna").await;
    assert_eq!(app.get(&anna, "/me/ideas").await.0, StatusCode::OK);
}

/// Two servers on one PostgreSQL: an idea published through one appears on the other's
/// anonymous market, whose page cache heard of the change (`NOTIFY`), not after its
/// entries expire.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_through_one_server_reaches_the_others_page_cache() {
    if postgres_url().is_none() {
        assert!(std::env::var_os("CIP_TEST_REQUIRE_POSTGRES").is_none());
        return;
    }
    let a = spawn_demo(Db::Postgres).await;
    let b = spawn_with(
        a.config.database_url.clone(),
        tempfile::tempdir().expect("temp dir"),
        false,
        Clock::system(),
    )
    .await;
    let visitor = b.client();
    let title = "Shared cache across servers";
    let (_, before) = b.get(&visitor, "/").await;
    assert!(!before.contains(title));
    // B now serves its market from its cache (the entry lives for 30 s).
    let anna = demo_member(&a, "anna").await;
    let teaser = "One change, every server's market.";
    publish_idea(&a, &anna, &[("title", title), ("teaser", teaser)]).await;
    // The notification reaches B within moments of the commit: B is asked again (no
    // sleep; each answer is B's real page) until its market shows the idea.
    let mut seen = false;
    for _ in 0..1_000 {
        if b.get(&visitor, "/").await.1.contains(title) {
            seen = true;
            break;
        }
    }
    assert!(
        seen,
        "server B's market never showed the idea published through A"
    );
}

/// Forty wrong passwords for one account, spread over two servers on one PostgreSQL, get
/// the budget one server gives (ten attempts, the member's own login at registration
/// among them; then 429), not twice it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_storm_over_two_servers_gets_one_budget() {
    if postgres_url().is_none() {
        assert!(std::env::var_os("CIP_TEST_REQUIRE_POSTGRES").is_none());
        return;
    }
    let clock = Clock::system();
    let a = spawn_app_at(Db::Postgres, clock.clone()).await;
    let b = spawn_with(
        a.config.database_url.clone(),
        tempfile::tempdir().expect("temp dir"),
        false,
        clock,
    )
    .await;
    a.member("target@example.org", "Target", true).await;
    let (mut wrong, mut limited) = (0, 0);
    for i in 0..40 {
        // Each from its own address, as a botnet would: only the account's budget counts.
        let server = if i % 2 == 0 { &a } else { &b };
        let client = client_from(server, &format!("127.0.1.{}", i + 1));
        let res = server
            .login(&client, "target@example.org", "not the password")
            .await;
        match res.status() {
            StatusCode::UNAUTHORIZED => wrong += 1,
            StatusCode::TOO_MANY_REQUESTS => limited += 1,
            other => panic!("attempt {i}: {other}"),
        }
    }
    assert_eq!(
        (wrong, limited),
        (9, 31),
        "wrong-password answers, then 429s"
    );
}

/// Every answer names its request (`X-Request-Id`), a cached page's too: a fresh id for
/// each request, or the one the balancer sent when it is a plain short token.
async fn request_ids(db: Db) {
    let app = spawn_app(db).await;
    let client = app.client();
    let id_of = |res: &reqwest::Response| {
        res.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let mut seen = Vec::new();
    // The market twice: the second answer comes from the page cache.
    for path in ["/", "/", "/login", "/no-such-page"] {
        let res = client
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .expect("request");
        let id = id_of(&res).unwrap_or_else(|| panic!("{path}: no X-Request-Id"));
        assert!(
            id.len() == 32 && id.bytes().all(|c| c.is_ascii_hexdigit()),
            "{path}: {id}"
        );
        assert!(!seen.contains(&id), "{path}: {id} answered twice");
        seen.push(id);
    }
    let with = |id: &'static str| {
        client
            .get(format!("{}/", app.base))
            .header("x-request-id", id)
            .send()
    };
    let kept = with("nginx-4f2a.7").await.expect("request");
    assert_eq!(id_of(&kept).as_deref(), Some("nginx-4f2a.7"));
    let odd = with("x\" level=ERROR").await.expect("request");
    let made = id_of(&odd).expect("an id");
    assert!(made.len() == 32 && !made.contains("ERROR"), "{made}");
    // A refused server-function call names its request as well.
    let res = app
        .call::<Login>(&client, &[("email", "x"), ("password", "")])
        .await;
    assert!(res.status().is_client_error(), "{}", res.status());
    assert!(
        id_of(&res).is_some(),
        "a server function's error has no X-Request-Id"
    );
}
on_both_databases!(every_answer_names_its_request, request_ids);

/// The jobs every server runs — expiring invitations, removing accounts never confirmed —
/// do each item once when two servers run them at the same moment (each claims its rows):
/// one "expired" notice per invitation, each account gone once, no server failing.
async fn jobs_once(db: Db) {
    let moved = MovedClock::default();
    let app = spawn_app_at(db, moved.clock()).await;
    let olga = app.member("olga@example.org", "Olga", true).await;
    let idea = publish_idea(
        &app,
        &olga,
        &[("title", "Quiet streets"), ("teaser", "Noise")],
    )
    .await;
    for n in 0..3 {
        let m = app
            .member(
                &format!("asked{n}@example.org"),
                &format!("Asked {n}"),
                true,
            )
            .await;
        assert_eq!(invite(&app, &olga, &idea, &m.id).await, StatusCode::OK);
    }
    for n in 0..5 {
        app.member(
            &format!("never{n}@example.org"),
            &format!("Never {n}"),
            false,
        )
        .await;
    }
    // Fifteen days on (invitations last 14, unconfirmed accounts 7), two servers start
    // together; each runs the jobs as it starts.
    moved.set(chrono::Duration::days(15));
    let (url, dir) = app.stop();
    let (a, b) = tokio::join!(
        spawn_with(url.clone(), dir, false, moved.clock()),
        spawn_with(url, tempfile::tempdir().expect("dir"), false, moved.clock()),
    );
    let count = |sql: &'static str| scalar(&a, sql);
    assert_eq!(
        count("SELECT COUNT(*) FROM group_invitations WHERE status = 'expired'").await,
        3
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM notifications WHERE kind = 'invitation_expired'").await,
        3,
        "one notice per expired invitation"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM users WHERE email LIKE 'never%'").await,
        0
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM users WHERE email LIKE 'asked%'").await,
        3,
        "confirmed members stay"
    );
    // Both servers still answer.
    for app in [&a, &b] {
        assert_eq!(app.get(&app.client(), "/").await.0, StatusCode::OK);
    }
}
on_both_databases!(jobs_run_once_across_servers, jobs_once);

/// `/metrics` for the operator's scraper: off without a token, 401 without the right one,
/// and with it the requests by route and status, the pool, the jobs and the streams.
async fn metrics(db: Db) {
    let off = spawn_app(db).await;
    assert_eq!(
        off.get(&off.client(), "/metrics").await.0,
        StatusCode::NOT_FOUND
    );
    let app = spawn_app_with(db, |c| c.metrics_token = "scrape-me-7f3a".into()).await;
    let client = app.client();
    assert_eq!(app.get(&client, "/login").await.0, StatusCode::OK);
    let scrape = |token: &'static str| {
        client
            .get(format!("{}/metrics", app.base))
            .header("authorization", format!("Bearer {token}"))
            .send()
    };
    assert_eq!(
        app.get(&client, "/metrics").await.0,
        StatusCode::UNAUTHORIZED
    );
    let wrong = scrape("scrape-me-7f3b").await.expect("request");
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let res = scrape("scrape-me-7f3a").await.expect("request");
    assert_eq!(res.status(), StatusCode::OK);
    let text = res.text().await.expect("body");
    for expected in [
        r#"cip_requests_total{route="/login",method="GET",status="200"}"#,
        r#"cip_request_seconds_count{route="/login"}"#,
        r#"cip_job_runs_total{job="digests",outcome="ok"}"#,
        "cip_db_pool_connections ",
        "cip_event_streams_open ",
        "cip_page_cache_hits_total ",
        "cip_mails_sent_total ",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    // Nothing of anyone's: no addresses, ids or query strings.
    assert!(!text.contains('@') && !text.contains("?q="), "{text}");
}
on_both_databases!(metrics_for_the_operator, metrics);

/// A SQLite file that can only be read (`mode=ro` here; `.ci/faults` remounts its file
/// system read-only): the server starts on it instead of refusing, serves the market and
/// the ideas, answers a change with 503 and `Retry-After`, and what was written before is
/// all there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_database_is_served_for_reading() {
    let app = spawn_demo(Db::Sqlite).await;
    let visitor = app.client();
    let (_, market) = app.get(&visitor, "/").await;
    let idea = market
        .split("href=\"/ideas/")
        .skip(1)
        .filter_map(|rest| rest.get(..36))
        .find(|id| uuid::Uuid::parse_str(id).is_ok())
        .map(|id| format!("/ideas/{id}"))
        .expect("an idea on the market");
    let (url, dir) = app.stop();
    let ideas = "SELECT COUNT(*) FROM ideas";
    let before = scalar_at(&url, ideas).await;
    let read_only = url.replace("mode=rwc", "mode=ro");
    let app = common::spawn_with(read_only, dir, false, Clock::system()).await;
    let visitor = app.client();
    for path in ["/", idea.as_str(), "/showcase", "/ideas?q=Daten"] {
        let (status, _) = app.get(&visitor, path).await;
        assert_eq!(status, StatusCode::OK, "{path} on a read-only database");
    }
    // A login writes its session: refused as "briefly unavailable", not as a 500.
    let res = app
        .login(
            &visitor,
            "anna@demo.civic-innovation.invalid",
            server::seed::DEMO_PASSWORD,
        )
        .await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(res.headers().contains_key("retry-after"));
    let (url, _dir) = app.stop();
    assert_eq!(scalar_at(&url, ideas).await, before);
}
