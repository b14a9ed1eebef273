//! Malformed requests: 10,000 of them, against every server function and form post, as a
//! visitor and as a member, as scripts (JSON answers) and as plain forms (redirects) —
//! wrong types, missing fields, huge values, invalid UTF-8, HTML/JS/SQL payloads, random
//! bytes. None may get a server error (a panic is one: the catch-panic layer answers 500)
//! or a dropped connection. Seeded, so a failure repeats.

use crate::prelude::*;
use futures_util::StreamExt;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const REQUESTS: usize = 10_000;
const IN_FLIGHT: usize = 16;

const FIELDS: &[&str] = &[
    "id",
    "idea",
    "call",
    "member",
    "person",
    "submission",
    "conversation",
    "to",
    "parent",
    "target",
    "token",
    "title",
    "teaser",
    "description",
    "body",
    "note",
    "reason",
    "email",
    "password",
    "display_name",
    "page",
    "publish",
    "revision",
    "from",
    "kind",
    "decision",
    "role",
    "lang",
    "q",
    "next",
    "version",
    "capacity",
    "opens_at",
    "max_amount",
    "stage",
    "delivery[new_message]",
    "fate[x]",
    "accept_terms",
    "maturity",
    "topics",
];

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "' OR '1'='1",
    "1; DROP TABLE users; --",
    "%00",
    "../../../../etc/passwd",
    "{{7*7}}",
    "${jndi:ldap://x}",
    "-1",
    "99999999999999999999999999",
    "1e308",
    "NaN",
    "true",
    "[]",
    "{}",
    "00000000-0000-0000-0000-000000000000",
    "😀👍🏽‍🔥",
    "ḁ̴̛̤̠̰̮̫͋̆̊̑̋",
    "\u{202e}reversed",
    "a\r\nSet-Cookie: x=1",
    "//evil.example/",
];

/// One malformed body, percent-encoded where it claims to be a form.
fn body(rng: &mut StdRng) -> (Vec<u8>, &'static str) {
    const FORM: &str = "application/x-www-form-urlencoded";
    match rng.gen_range(0..8) {
        // Random bytes.
        0 => {
            let n = rng.gen_range(0..2_000);
            ((0..n).map(|_| rng.r#gen::<u8>()).collect(), FORM)
        }
        // Invalid UTF-8 in a field.
        1 => {
            let f = FIELDS[rng.gen_range(0..FIELDS.len())];
            (format!("{f}=%FF%FE%C3%28&id=%80").into_bytes(), FORM)
        }
        // A huge value (within the body limit: what is beyond is refused by its length,
        // checked once below).
        2 => {
            let f = FIELDS[rng.gen_range(0..FIELDS.len())];
            let n = [5_000, 70_000, 200_000][rng.gen_range(0..3)];
            (format!("{f}={}", "x".repeat(n)).into_bytes(), FORM)
        }
        // JSON where a form is expected, or nonsense content types.
        3 => (
            br#"{"id": 1, "title": null, "publish": "yes"}"#.to_vec(),
            ["application/json", "text/plain", "multipart/form-data"][rng.gen_range(0..3)],
        ),
        // Broken form syntax.
        4 => (
            [
                "=&=&&=",
                "a[=1",
                "a]]]=1&[[[b=2",
                "delivery[][][]=x",
                "%",
                "%%%%",
                "&&&",
            ][rng.gen_range(0..7)]
            .as_bytes()
            .to_vec(),
            FORM,
        ),
        // Every field, some missing, each with a payload (wrong types included).
        _ => {
            let mut pairs = Vec::new();
            for f in FIELDS {
                if rng.gen_bool(0.7) {
                    let v = PAYLOADS[rng.gen_range(0..PAYLOADS.len())];
                    pairs.push(format!("{}={}", urlencoding(f), urlencoding(v)));
                }
            }
            (pairs.join("&").into_bytes(), FORM)
        }
    }
}

fn urlencoding(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn malformed_requests(db: Db) {
    let app = spawn_app(db).await;
    let member = app.member("fuzz@example.org", "Fuzzy Member", true).await;
    // A little to find: an idea of the member's.
    app.create_idea(&member, "Fuzz target", "A teaser to aim at.", "Text.")
        .await;
    let visitor = app.client();
    let mut paths: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p.to_owned())
        .filter(|p| !p.ends_with("/logout") && !p.ends_with("/logout_everywhere"))
        .collect();
    paths.sort();
    let mut rng = StdRng::seed_from_u64(12);
    let requests: Vec<_> = (0..REQUESTS)
        .map(|i| {
            let path = paths[rng.gen_range(0..paths.len())].clone();
            let (bytes, content_type) = body(&mut rng);
            let as_script = rng.gen_bool(0.5);
            let client = if i % 3 == 0 { &member } else { &visitor };
            (path, bytes, content_type, as_script, client)
        })
        .collect();
    let base = app.base.as_str();
    let failures: Vec<String> = futures_util::stream::iter(requests)
        .map(|(path, bytes, content_type, as_script, client)| {
            let url = format!("{base}{path}");
            async move {
                let mut req = client
                    .post(&url)
                    .header("content-type", content_type)
                    .header("origin", base)
                    .body(bytes);
                if as_script {
                    req = req.header("accept", "application/json");
                }
                match req.send().await {
                    Ok(res) if res.status().is_server_error() => {
                        Some(format!("{path}: {}", res.status()))
                    }
                    Ok(res) => {
                        // Read the whole answer: a connection cut midway fails here.
                        res.bytes()
                            .await
                            .err()
                            .map(|e| format!("{path}: body cut: {e}"))
                    }
                    Err(e) => Some(format!("{path}: no answer: {e:?}")),
                }
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .filter_map(|f| async move { f })
        .collect()
        .await;
    assert!(
        failures.is_empty(),
        "{} of {REQUESTS} malformed requests failed, e.g.:\n{}",
        failures.len(),
        failures
            .iter()
            .take(20)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    // A body beyond the limit is refused by its declared length, before it is read.
    let status = app
        .raw_status(
            "POST /api/send_feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 300000\r\n\r\n",
        )
        .await;
    assert_eq!(status, 413);
    // The server still answers normally afterwards.
    let (status, _) = app.get(&visitor, "/").await;
    assert_eq!(status, StatusCode::OK);
}
on_both_databases!(
    ten_thousand_malformed_requests_get_no_server_error,
    malformed_requests
);
