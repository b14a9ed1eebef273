// Leptos view types nest deeply; every crate that instantiates the app needs more room.
#![recursion_limit = "512"]
//! Speed and size figures: `cargo bench -p server` (or `.ci/bench`).
//!
//! Starts the real application on a fresh SQLite file with the demo data, then prints
//! latency (p50/p99, one client) and throughput (8 clients) for the public pages, and the
//! size of the shipped assets raw and gzipped. It prints figures; it asserts nothing, so a
//! busy machine can't fail a build — compare the numbers between commits instead.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use server::config::Config;

const SEQUENTIAL: usize = 300;
const CLIENTS: usize = 8;
const LOAD_FOR: Duration = Duration::from_secs(3);

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let config = Config {
        site_addr: "127.0.0.1:0".into(),
        database_url: format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("b.sqlite").display()
        ),
        demo_data: true,
        mail_outbox: dir.path().join("outbox").display().to_string(),
        site_root: root.join("target/site").display().to_string(),
        log: "warn".into(),
        ..Config::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let app = server::build(&config, app::backend::Clock::system())
        .await
        .expect("build app");
    tokio::spawn(server::serve(listener, app.router, app.header_read_timeout));

    let client = reqwest::Client::new();
    let market = client.get(format!("{base}/")).send().await.expect("market");
    let html = market.text().await.expect("body");
    let idea = html
        .split("href=\"/ideas/")
        .filter_map(|rest| rest.get(..36))
        .find(|id| uuid::Uuid::parse_str(id).is_ok())
        .expect("an idea link on the market page");

    println!("page                         p50 ms   p99 ms    req/s (8 clients)   bytes");
    for path in [
        "/healthz".to_owned(),
        "/".to_owned(),
        "/?page=2".to_owned(),
        "/?topic=open-data".to_owned(),
        format!("/ideas/{idea}"),
        "/login".to_owned(),
    ] {
        let url = format!("{base}{path}");
        let bytes = client
            .get(&url)
            .send()
            .await
            .expect("request")
            .bytes()
            .await
            .expect("body")
            .len();
        let mut took = Vec::with_capacity(SEQUENTIAL);
        for _ in 0..SEQUENTIAL {
            let start = Instant::now();
            let res = client.get(&url).send().await.expect("request");
            res.bytes().await.expect("body");
            took.push(start.elapsed());
        }
        took.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let p50 = ms(took[took.len() / 2]);
        let p99 = ms(took[took.len() * 99 / 100]);
        let rps = throughput(&client, &url).await;
        println!("{path:<28} {p50:>7.2} {p99:>8.2} {rps:>12.0}        {bytes:>8}");
    }

    println!("\nasset                         raw KB   gzip KB");
    let pkg = root.join("target/site/pkg");
    let mut files: Vec<_> = std::fs::read_dir(&pkg)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    if files.is_empty() {
        println!(
            "(no assets in {}: run `cargo leptos build --release` first)",
            pkg.display()
        );
    }
    for f in files {
        let raw = std::fs::metadata(&f).map(|m| m.len()).unwrap_or(0);
        let gz = std::process::Command::new("gzip")
            .args(["-9", "-c"])
            .arg(&f)
            .output()
            .map(|o| o.stdout.len() as u64)
            .unwrap_or(0);
        let name = f
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let kb = |b: u64| b as f64 / 1024.0;
        println!("{name:<28} {:>8.1} {:>9.1}", kb(raw), kb(gz));
    }
}

/// Requests per second that CLIENTS concurrent clients get for `url` over LOAD_FOR.
async fn throughput(client: &reqwest::Client, url: &str) -> f64 {
    let done = Arc::new(AtomicUsize::new(0));
    let until = Instant::now() + LOAD_FOR;
    let workers: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (client, url, done) = (client.clone(), url.to_owned(), done.clone());
            tokio::spawn(async move {
                while Instant::now() < until {
                    if let Ok(res) = client.get(&url).send().await
                        && res.bytes().await.is_ok()
                    {
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.await;
    }
    done.load(Ordering::Relaxed) as f64 / LOAD_FOR.as_secs_f64()
}
