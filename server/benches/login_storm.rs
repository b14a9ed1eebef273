//! Login storms against the real server binary (`cargo bench -p server --bench login_storm`,
//! part of `.ci/bench`): 300 parallel wrong-password logins, first from one address, then
//! from 300 addresses, each with a member's correct login sent in the middle of it. Prints
//! the server's peak memory (VmHWM) and what every request got; asserts nothing.
//! `CIP_BENCH_SERVER=<path>` measures another build of the server (e.g. an older commit's).

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const STORM: usize = 300;
const PORT: u16 = 3290;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn memory(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

fn client(ip: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(ip.parse::<std::net::IpAddr>().expect("ip"))
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client")
}

async fn login(client: reqwest::Client, base: String, email: String, password: &str) -> u16 {
    client
        .post(format!("{base}/api/login"))
        .header("accept", "application/json")
        .form(&[("email", email.as_str()), ("password", password)])
        .send()
        .await
        .map_or(0, |r| r.status().as_u16())
}

/// Sends the storm (one wrong login per (client, email)) and one correct login while it
/// runs; returns the storm's status counts and the correct login's status and time.
async fn storm(
    base: &str,
    attackers: Vec<(reqwest::Client, String)>,
) -> (std::collections::BTreeMap<u16, usize>, u16, Duration) {
    let handles: Vec<_> = attackers
        .into_iter()
        .map(|(c, email)| tokio::spawn(login(c, base.to_owned(), email, "wrong password!")))
        .collect();
    let start = Instant::now();
    let member = login(
        client("127.0.0.2"),
        base.to_owned(),
        "mehmet@demo.civic-innovation.invalid".into(),
        "demo-password",
    )
    .await;
    let took = start.elapsed();
    let mut counts = std::collections::BTreeMap::new();
    for h in handles {
        *counts.entry(h.await.unwrap_or(0)).or_default() += 1;
    }
    (counts, member, took)
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = format!("http://127.0.0.1:{PORT}");
    let binary =
        std::env::var("CIP_BENCH_SERVER").unwrap_or_else(|_| env!("CARGO_BIN_EXE_server").into());
    println!("server binary: {binary}");
    let child = Command::new(binary)
        .env("CIP_SITE_ADDR", format!("127.0.0.1:{PORT}"))
        .env("CIP_PUBLIC_URL", &base)
        .env(
            "CIP_DATABASE_URL",
            format!(
                "sqlite://{}?mode=rwc",
                dir.path().join("s.sqlite").display()
            ),
        )
        .env("CIP_DEMO_DATA", "true")
        .env("CIP_MAIL_OUTBOX", dir.path().join("outbox"))
        .env("CIP_LOG", "error")
        .stdout(Stdio::null())
        .spawn()
        .expect("start the server binary");
    let server = Server(child);
    let pid = server.0.id();
    let probe = reqwest::Client::new();
    let mut up = false;
    for _ in 0..600 {
        if probe.get(format!("{base}/healthz")).send().await.is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(up, "server did not start");
    println!(
        "login storm ({STORM} parallel wrong logins, argon2id 19 MiB, {} cores)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("  server at start: RSS {} MB", memory(pid, "VmRSS"));

    let one = client("127.0.0.1");
    let attackers = (0..STORM)
        .map(|i| (one.clone(), format!("nobody{i}@example.org")))
        .collect();
    let (counts, member, took) = storm(&base, attackers).await;
    println!(
        "  from one address:    statuses {counts:?}; peak RSS {} MB; correct login {member} in {} ms",
        memory(pid, "VmHWM"),
        took.as_millis()
    );

    let attackers = (0..STORM)
        .map(|i| {
            let ip = format!("127.0.{}.{}", 10 + i / 250, 1 + i % 250);
            (client(&ip), format!("spread{i}@example.org"))
        })
        .collect();
    let (counts, member, took) = storm(&base, attackers).await;
    println!(
        "  from {STORM} addresses: statuses {counts:?}; peak RSS {} MB; correct login {member} in {} ms",
        memory(pid, "VmHWM"),
        took.as_millis()
    );
    drop(server);
}
