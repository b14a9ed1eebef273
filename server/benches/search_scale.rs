//! Search and matching at scale (`cargo bench -p server --bench search_scale`, part of
//! `.ci/bench`): 100,000 members and 100,000 ideas from a seeded generator (German and
//! English text, every organisation type, tags from a shared vocabulary), written straight
//! into a fresh database with the application's own search terms; then the real server
//! binary answers, and the bench prints p50/p95 of: a member's top-20 matches, the top-20
//! people for an idea, a market search and a people search. SQLite always; PostgreSQL when
//! `CIP_BENCH_POSTGRES_URL` names a server (the database `cip_scale` is recreated there).
//! `CIP_SCALE=<n>` changes the size; `CIP_BENCH_LOG=<filter>` shows the server's log.
//! Prints figures; asserts nothing.

use migration::MigratorTrait;
use sea_orm::{ConnectionTrait, Database};
use server::seed::generate::{self, Plan, REGIONS};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PORT: u16 = 3291;
const PASSWORD: &str = "scale-password";
const SEED: u64 = 2026;
const SAMPLES: usize = 200;
const LOGGED_IN: usize = 20;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(database_url: &str, dir: &std::path::Path) -> Server {
    let binary =
        std::env::var("CIP_BENCH_SERVER").unwrap_or_else(|_| env!("CARGO_BIN_EXE_server").into());
    let child = Command::new(binary)
        .env("CIP_SITE_ADDR", format!("127.0.0.1:{PORT}"))
        .env("CIP_PUBLIC_URL", format!("http://127.0.0.1:{PORT}"))
        .env("CIP_DATABASE_URL", database_url)
        .env("CIP_DEMO_DATA", "false")
        .env("CIP_PAGE_CACHE_SECS", "0")
        .env("CIP_MAIL_OUTBOX", dir.join("outbox"))
        // `CIP_BENCH_LOG=cip::sql=debug` shows each statement and its time.
        .env(
            "CIP_LOG",
            std::env::var("CIP_BENCH_LOG").unwrap_or_else(|_| "error".into()),
        )
        .stdout(if std::env::var_os("CIP_BENCH_LOG").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        })
        .spawn()
        .expect("start the server binary");
    Server(child)
}

async fn wait_ready(base: &str) {
    let client = reqwest::Client::new();
    for _ in 0..600 {
        if client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("server did not start");
}

fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |p: f64| {
        times[((times.len() as f64 * p) as usize).min(times.len() - 1)].as_secs_f64() * 1000.0
    };
    (at(0.5), at(0.95))
}

/// Times `SAMPLES` sequential POSTs of a server function with forms from `form`.
async fn measure(
    client_for: impl Fn(usize) -> reqwest::Client,
    url: &str,
    form: impl Fn(usize) -> Vec<(String, String)>,
) -> (f64, f64, u16) {
    let mut times = Vec::with_capacity(SAMPLES);
    let mut worst = 200;
    for i in 0..SAMPLES {
        let start = Instant::now();
        let res = client_for(i)
            .post(url)
            .header("accept", "application/json")
            .form(&form(i))
            .send()
            .await
            .expect("request");
        let status = res.status().as_u16();
        let _ = res.bytes().await;
        times.push(start.elapsed());
        worst = worst.max(status);
    }
    let (p50, p95) = percentiles(times);
    (p50, p95, worst)
}

async fn run(name: &str, database_url: &str, n: usize) {
    let dir = tempfile::tempdir().expect("dir");
    let db = Database::connect(database_url).await.expect("connect");
    migration::Migrator::up(&db, None).await.expect("migrate");
    let started = Instant::now();
    let plan = Plan {
        members: n,
        ideas: n,
        seed: SEED,
        password: PASSWORD.to_owned(),
    };
    generate::run(&db, &plan, |_, _| {})
        .await
        .expect("generate");
    println!(
        "{name}: {n} members and {n} ideas written in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    drop(db);
    let base = format!("http://127.0.0.1:{PORT}");
    let _server = start(database_url, dir.path());
    wait_ready(&base).await;
    let mut members = Vec::new();
    for k in 0..LOGGED_IN {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        let res = client
            .post(format!("{base}/api/login"))
            .header("accept", "application/json")
            .form(&[
                ("email", generate::email(SEED, k * 997)),
                ("password", PASSWORD.to_owned()),
            ])
            .send()
            .await
            .expect("login");
        assert!(res.status().is_success(), "login {}", res.status());
        members.push(client);
    }
    let member = |i: usize| members[i % LOGGED_IN].clone();
    let anon = reqwest::Client::new();
    let words = [
        "Verwaltungen",
        "Städte",
        "Daten Schule",
        "cities",
        "energy data",
        "Pflege",
        "Radwege",
        "libraries",
        "Bürgerinnen Anträge",
        "KI",
        // A word no idea contains (a typo, say): the index must say so at once.
        "Quantenkryptografie",
        // Three words at once: a thousand or so ideas have them all.
        "Bibliotheken Radwege Energie ",
    ];
    let rows = [
        (
            "top-20 matches for a member",
            measure(&member, &format!("{base}/api/my_matches"), |_| vec![]).await,
        ),
        (
            "top-20 people for an idea (its owner)",
            measure(&member, &format!("{base}/api/idea_helpers"), |i| {
                let k = (i % LOGGED_IN) * 997;
                vec![("id".into(), generate::idea_id(SEED, k).to_string())]
            })
            .await,
        ),
        (
            "market search, visitor",
            measure(
                |_| anon.clone(),
                &format!("{base}/api/market"),
                |i| vec![("q".into(), words[i % words.len()].into())],
            )
            .await,
        ),
        (
            "market search, member (with descriptions)",
            measure(&member, &format!("{base}/api/market"), |i| {
                vec![("q".into(), words[i % words.len()].into())]
            })
            .await,
        ),
        (
            "people search",
            measure(&member, &format!("{base}/api/search_people"), |i| {
                vec![("q".into(), words[i % words.len()].into())]
            })
            .await,
        ),
        (
            "market search + region filter, visitor",
            measure(
                |_| anon.clone(),
                &format!("{base}/api/market"),
                |i| {
                    vec![
                        ("q".into(), words[i % words.len()].into()),
                        ("region".into(), REGIONS[i % (REGIONS.len() - 1)].into()),
                    ]
                },
            )
            .await,
        ),
        (
            "market as member, no words (newest first)",
            measure(&member, &format!("{base}/api/market"), |_| vec![]).await,
        ),
        (
            "similar published ideas for an owner's idea",
            measure(&member, &format!("{base}/api/similar_ideas"), |i| {
                let k = (i % LOGGED_IN) * 997;
                vec![("id".into(), generate::idea_id(SEED, k).to_string())]
            })
            .await,
        ),
    ];
    for (what, (p50, p95, worst)) in rows {
        println!("{name}: {what:<44} p50 {p50:>6.1} ms  p95 {p95:>6.1} ms  (worst status {worst})");
    }
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("CIP_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    println!(
        "search and matching at scale ({n} members, {n} ideas, {SAMPLES} requests each, one at a time)"
    );
    let dir = tempfile::tempdir().expect("dir");
    let sqlite = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("scale.sqlite").display()
    );
    run("SQLite", &sqlite, n).await;
    if let Ok(url) = std::env::var("CIP_BENCH_POSTGRES_URL") {
        let admin = Database::connect(&url)
            .await
            .expect("connect to PostgreSQL");
        admin
            .execute_unprepared("DROP DATABASE IF EXISTS cip_scale WITH (FORCE)")
            .await
            .expect("drop");
        admin
            .execute_unprepared("CREATE DATABASE cip_scale")
            .await
            .expect("create");
        let (prefix, _) = url.rsplit_once('/').expect("URL with a database");
        run("PostgreSQL", &format!("{prefix}/cip_scale"), n).await;
    }
}
