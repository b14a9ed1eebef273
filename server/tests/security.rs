// Leptos view types nest deeply; every crate that instantiates the app needs more room.
#![recursion_limit = "512"]
//! The platform tried as an attacker would: redirects after login, cross-site posts,
//! login storms, planted sessions, oversized and padded input, concurrent edits, slow
//! clients — and the account features that recover from a lost password or address.

mod common;

use app::backend::Clock;
use common::{Db, PASSWORD, TestApp, spawn_app, spawn_app_with};
use reqwest::{Client, StatusCode, header};
use sea_orm::{ConnectionTrait, Database, Statement};

async fn whoami(app: &TestApp, client: &Client) -> serde_json::Value {
    let res = app.call(client, "whoami", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.expect("json")
}

fn ok(res: &reqwest::Response) -> bool {
    res.status().is_success() || res.status().is_redirection()
}

/// A client from another loopback address (rate limits count per client address).
fn client_from(app: &TestApp, ip: &str) -> Client {
    let _ = app;
    Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(ip.parse::<std::net::IpAddr>().expect("ip"))
        .default_headers(
            [(header::ACCEPT_LANGUAGE, "en".parse().expect("header"))]
                .into_iter()
                .collect(),
        )
        .build()
        .expect("client")
}

/// Values of `next` that must never send a browser elsewhere after logging in.
const HOSTILE_NEXT: &[&str] = &[
    "//evil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/\r/evil.example",
    "/\n/evil.example",
    "/%0A",
    "/%0d%0aSet-Cookie:%20x=1",
    "/\\evil.example",
    "/\\/evil.example",
    "/%5Cevil.example",
    "/%2F%2Fevil.example",
    "/%2f/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/\u{2215}\u{2215}evil.example",
    "/\u{ff0f}evil.example",
    " /me",
];

async fn hostile_next(db: Db) {
    let app = spawn_app(db).await;
    // Five accounts, each logging in from its own address: the rate limits allow ten
    // logins per account in a burst.
    let emails = [
        "n0@example.org",
        "n1@example.org",
        "n2@example.org",
        "n3@example.org",
        "n4@example.org",
    ];
    for (i, e) in emails.iter().enumerate() {
        app.member(e, &format!("Next {i}"), false).await;
    }
    let long = format!("/{}", "a".repeat(5000));
    let values: Vec<&str> = HOSTILE_NEXT
        .iter()
        .copied()
        .chain([long.as_str()])
        .collect();
    for (i, next) in values.iter().enumerate() {
        let email = emails[i % emails.len()];
        // Both ways a login arrives: a plain form post (no JavaScript) and the app's call.
        for accept in ["text/html", "application/json"] {
            let client = client_from(&app, &format!("127.0.3.{}", i % emails.len()));
            let res = client
                .post(format!("{}/api/login", app.base))
                .header("accept", accept)
                .form(&[("email", email), ("password", PASSWORD), ("next", next)])
                .send()
                .await
                .unwrap_or_else(|e| panic!("{next:?}: connection dropped: {e}"));
            assert!(ok(&res), "{next:?} ({accept}): {}", res.status());
            let location = res.headers()[header::LOCATION].to_str().unwrap().to_owned();
            assert_eq!(location, "/me", "{next:?} ({accept})");
        }
    }
    // A same-site path is still followed.
    let res = app
        .call(
            &app.client(),
            "login",
            &[
                ("email", emails[0]),
                ("password", PASSWORD),
                ("next", "/ideas?topic=open-data"),
            ],
        )
        .await;
    assert_eq!(res.headers()[header::LOCATION], "/ideas?topic=open-data");
}
on_both_databases!(hostile_next_values_get_a_same_site_redirect, hostile_next);

#[tokio::test]
async fn cross_site_state_changes_are_refused() {
    let app = spawn_app(Db::Sqlite).await;
    let client = app.client();
    let login = |extra: Vec<(&'static str, String)>| {
        let mut req = client
            .post(format!("{}/api/login", app.base))
            .header("accept", "text/html")
            .form(&[("email", "x@example.org"), ("password", "whatever it is")]);
        for (k, v) in extra {
            req = req.header(k, v);
        }
        req.send()
    };
    // Another site's page posting here (login CSRF): refused with a page that says why.
    for headers in [
        vec![("sec-fetch-site", "cross-site".to_owned())],
        vec![("sec-fetch-site", "same-site".to_owned())],
        vec![("origin", "https://evil.example".to_owned())],
    ] {
        let res = login(headers.clone()).await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{headers:?}");
        assert!(res.text().await.unwrap().contains("Request refused"));
    }
    let res = client
        .post(format!("{}/api/set_language", app.base))
        .header("sec-fetch-site", "cross-site")
        .form(&[("lang", "en")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // This site's own pages, and clients that are not browsers, pass.
    for headers in [
        vec![("sec-fetch-site", "same-origin".to_owned())],
        vec![("origin", app.base.clone())],
        vec![],
    ] {
        let res = login(headers.clone()).await.unwrap();
        assert_ne!(res.status(), StatusCode::FORBIDDEN, "{headers:?}");
    }
    // Reading is never refused.
    let res = client
        .get(format!("{}/", app.base))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn pages_carry_a_nonced_policy_and_member_pages_are_not_stored() {
    let app = spawn_app(Db::Sqlite).await;
    let anon = app.client();
    let res = anon.get(format!("{}/", app.base)).send().await.unwrap();
    let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        res.headers()
            .get("permissions-policy")
            .is_some_and(|v| v.to_str().unwrap().contains("camera=()"))
    );
    assert_ne!(
        res.headers()
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap()),
        Some("no-store"),
        "public pages may be cached"
    );
    let html = res.text().await.unwrap();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|r| r.split('\'').next())
        .expect("a nonce in the policy");
    assert!(nonce.len() >= 16, "{nonce}");
    for d in [
        "'strict-dynamic'",
        "'wasm-unsafe-eval'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(d), "{d} in {csp}");
    }
    // Every script on the page carries this render's nonce; the next render has another.
    // (leptos_i18n leaves an empty `<script></script>` placeholder: nothing runs there.)
    let scripts = html.matches("<script").count() - html.matches("<script></script>").count();
    assert!(scripts >= 1);
    assert_eq!(
        html.matches(&format!("<script nonce=\"{nonce}\"")).count()
            + html
                .matches(&format!("<script type=\"module\" nonce=\"{nonce}\""))
                .count(),
        scripts,
        "{html}"
    );
    let again = anon.get(format!("{}/", app.base)).send().await.unwrap();
    assert_ne!(
        again.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap(),
        csp
    );

    // A member's pages and every server-function answer are never stored by caches.
    let member = app.member("cache@example.org", "Casey Cache", true).await;
    for path in ["/me", "/"] {
        let res = member
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store", "{path}");
    }
    let res = app.call(&anon, "market", &[]).await;
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store");

    // Images in a description become links: no request to the author's server.
    let id = app
        .create_idea(
            &member,
            "Pictures of bus stops",
            "With pictures.",
            "Look: ![the stop](https://tracker.example/pixel.png)",
        )
        .await;
    let (_, page) = app.get(&member, &format!("/ideas/{id}")).await;
    assert!(page.contains("href=\"https://tracker.example/pixel.png\""));
    assert!(!page.contains("<img"), "{page}");
}

fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("cip_session="))
        .map(|c| c.split(';').next().unwrap_or_default().to_owned())
}

async fn session_renewal(db: Db) {
    let app = spawn_app(db).await;
    app.member("fix@example.org", "Fix Ation", true).await;
    // A client that handles cookies by hand, like an attacker who planted one.
    let bare = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = |cookie: Option<String>| {
        let mut req = bare
            .post(format!("{}/api/login", app.base))
            .header("accept", "application/json")
            .form(&[("email", "fix@example.org"), ("password", PASSWORD)]);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, format!("cip_session={c}"));
        }
        req.send()
    };
    let whoami_with = |cookie: String| {
        bare.post(format!("{}/api/whoami", app.base))
            .header("accept", "application/json")
            .header(header::COOKIE, format!("cip_session={cookie}"))
            .send()
    };
    let first = session_cookie(&login(None).await.unwrap()).expect("a session");
    // Logging in again with a session that already has a member gives it a new id, and the
    // old id is worthless (axum-login alone renews only when the session had no member).
    let second = session_cookie(&login(Some(first.clone())).await.unwrap()).expect("renewed");
    assert_ne!(first, second);
    let old: serde_json::Value = whoami_with(first).await.unwrap().json().await.unwrap();
    assert!(old.is_null(), "the old id no longer logs anyone in");
    let now: serde_json::Value = whoami_with(second.clone())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(now["display_name"], "Fix Ation");

    // Changing the password renews the id too.
    let res = bare
        .post(format!("{}/api/change_password", app.base))
        .header("accept", "application/json")
        .header(header::COOKIE, format!("cip_session={second}"))
        .form(&[
            ("current", PASSWORD),
            ("new_password", "another long passphrase"),
            ("confirm", "another long passphrase"),
        ])
        .send()
        .await
        .unwrap();
    assert!(ok(&res), "{}", res.status());
    let third = session_cookie(&res).expect("renewed after the password change");
    assert_ne!(third, second);
    let old: serde_json::Value = whoami_with(second).await.unwrap().json().await.unwrap();
    assert!(old.is_null());

    // No session row holds the password hash (they hold a digest of the security stamp).
    let rows = sessions_query(&app, db, "SELECT data FROM {table}").await;
    assert!(!rows.is_empty());
    for row in rows {
        let data: Vec<u8> = row.try_get("", "data").unwrap();
        assert!(
            !String::from_utf8_lossy(&data).contains("argon2"),
            "a session row carries the password hash"
        );
    }
}
on_both_databases!(
    session_ids_are_renewed_at_login_and_password_change,
    session_renewal
);

/// Runs `sql` against the session store's table (`{table}` names it on either database).
async fn sessions_query(app: &TestApp, db: Db, sql: &str) -> Vec<sea_orm::QueryResult> {
    let conn = Database::connect(&app.config.database_url).await.unwrap();
    let table = match db {
        Db::Sqlite => "tower_sessions",
        Db::Postgres => "tower_sessions.session",
    };
    conn.query_all_raw(Statement::from_string(
        conn.get_database_backend(),
        sql.replace("{table}", table),
    ))
    .await
    .unwrap()
}

async fn session_rows(app: &TestApp, db: Db) -> i64 {
    let rows = sessions_query(app, db, "SELECT COUNT(*) AS n FROM {table}").await;
    rows[0].try_get("", "n").unwrap()
}

async fn anonymous_posts(db: Db) {
    let app = spawn_app(db).await;
    let before = session_rows(&app, db).await;
    // Refused plain form posts from visitors: input is kept (in a short-lived cookie), but
    // no session row is created, however many and however large.
    for i in 0..20 {
        let browser = app.client();
        let res = browser
            .post(format!("{}/api/register", app.base))
            .header("accept", "text/html")
            .form(&[
                ("email", format!("kept{i}@example.org").as_str()),
                ("display_name", &"x".repeat(100_000)),
                ("password", "short"),
            ])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection(), "{}", res.status());
    }
    assert_eq!(session_rows(&app, db).await, before);
}
on_both_databases!(refused_anonymous_posts_create_no_sessions, anonymous_posts);

async fn storms(db: Db) {
    let app = spawn_app(db).await;
    app.member("target@example.org", "Tara Target", false).await;
    app.member("other@example.org", "Otto Other", false).await;
    // Forty wrong passwords at once from one address: the first thirty are checked, the
    // rest are told to wait (429 with Retry-After), none fails otherwise.
    let attacker = client_from(&app, "127.0.0.9");
    let attempts = (0..40).map(|i| {
        let attacker = attacker.clone();
        let base = app.base.clone();
        async move {
            attacker
                .post(format!("{base}/api/login"))
                .header("accept", "application/json")
                .form(&[
                    ("email", format!("nobody{i}@example.org")),
                    ("password", "wrong password".into()),
                ])
                .send()
                .await
                .expect("answered")
        }
    });
    let answers = futures_join(attempts).await;
    let limited: Vec<_> = answers
        .iter()
        .filter(|r| r.status() == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert!(limited.len() >= 5, "{} limited", limited.len());
    assert!(answers.iter().all(|r| matches!(
        r.status(),
        StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS
    )));
    let retry: u64 = limited[0].headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    // Someone else logs in meanwhile.
    let res = app
        .login(
            &client_from(&app, "127.0.0.10"),
            "other@example.org",
            PASSWORD,
        )
        .await;
    assert!(ok(&res), "{}", res.status());

    // Guessing one account's password from many addresses: ten tries (one was the
    // member's own login), then it waits.
    for i in 0..9 {
        let res = app
            .login(
                &client_from(&app, &format!("127.0.1.{i}")),
                "target@example.org",
                "a guess",
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{i}");
    }
    let res = app
        .login(
            &client_from(&app, "127.0.2.1"),
            "Target@example.org",
            "a guess",
        )
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);

    // Without JavaScript the form shows the wait in the visitor's language.
    let browser = client_from(&app, "127.0.0.9");
    let res = browser
        .post(format!("{}/api/login", app.base))
        .header("accept", "text/html")
        .header("accept-language", "de")
        .header("referer", format!("{}/login", app.base))
        .form(&[("email", "x@example.org"), ("password", "wrong password")])
        .send()
        .await
        .unwrap();
    let back = res.headers()[header::LOCATION].to_str().unwrap().to_owned();
    let html = browser
        .get(format!(
            "{}{}",
            app.base,
            back.trim_start_matches(&app.base)
        ))
        .header("accept-language", "de")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Zu viele Versuche"), "{html}");
}
on_both_databases!(login_storms_are_limited_per_address_and_account, storms);

/// Runs the futures concurrently and returns their results in order.
async fn futures_join<F: std::future::Future<Output = T> + Send + 'static, T: Send + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<T> {
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::with_capacity(handles.len());
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}

async fn input_bounds(db: Db) {
    let app = spawn_app(db).await;
    let member = app.member("bounds@example.org", "Bo Bounds", true).await;
    let form = |title: String, topics: String| {
        vec![
            ("title".to_owned(), title),
            ("teaser".to_owned(), "A teaser.".to_owned()),
            ("description".to_owned(), String::new()),
            ("topics".to_owned(), topics),
            ("sought".to_owned(), String::new()),
            ("maturity".to_owned(), "rough_idea".to_owned()),
        ]
    };
    let save = |f: Vec<(String, String)>| {
        member
            .post(format!("{}/api/save_idea", app.base))
            .header("accept", "application/json")
            .form(&f)
            .send()
    };
    // One letter carrying thousands of combining marks: refused as a field error, not 500.
    let padded = format!("Title a{}", "\u{0301}".repeat(5_000));
    let res = save(form(padded, String::new())).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("TooComplex"));
    // The most a title may hold (120 characters of four code points each) fits the column.
    let dense = "u\u{0308}\u{0301}\u{0302}".repeat(120);
    let res = save(form(dense.clone(), String::new())).await.unwrap();
    assert!(ok(&res), "{}", res.status());
    let id: String = res.json().await.unwrap();
    let (_, page) = app.get(&member, &format!("/ideas/{id}")).await;
    assert!(page.contains(&dense));
    // A field of 30,000 short tags is refused at the thirteenth.
    let tags = (0..30_000)
        .map(|i| format!("t{i}"))
        .collect::<Vec<_>>()
        .join(",");
    let res = save(form("Many tags".into(), tags)).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("TooManyTags"));
}
on_both_databases!(padded_and_huge_input_gets_field_errors, input_bounds);

async fn concurrent_edits(db: Db) {
    let app = spawn_app(db).await;
    let member = app.member("edit@example.org", "Ed Edit", true).await;
    let id = app
        .create_idea(&member, "Two tabs", "Edited twice.", "")
        .await;
    let edit = |title: &str, revision: Option<&str>| {
        let mut f = vec![
            ("id", id.as_str()),
            ("title", title),
            ("teaser", "Edited twice."),
            ("description", ""),
            ("topics", ""),
            ("sought", ""),
            ("maturity", "rough_idea"),
        ];
        if let Some(r) = revision {
            f.push(("revision", r));
        }
        f.into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect::<Vec<_>>()
    };
    // An edit must say which revision it started from.
    let res = app
        .call(
            &member,
            "save_idea",
            &edit("No revision", None)
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect::<Vec<_>>(),
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // Two saves from revision 1 at the same moment: exactly one wins.
    for round in 1..=5 {
        let rev = round.to_string();
        let saves = ["Tab A", "Tab B"].map(|t| {
            let f = edit(&format!("{t} {round}"), Some(&rev));
            let member = member.clone();
            let url = format!("{}/api/save_idea", app.base);
            async move {
                member
                    .post(url)
                    .header("accept", "application/json")
                    .form(&f)
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        });
        let statuses = futures_join(saves.into_iter()).await;
        let won = statuses.iter().filter(|s| s.is_success()).count();
        let stale = statuses
            .iter()
            .filter(|s| **s == StatusCode::CONFLICT)
            .count();
        assert_eq!((won, stale), (1, 1), "round {round}: {statuses:?}");
    }
    let form: serde_json::Value = app
        .call(&member, "idea_for_edit", &[("id", &id)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(form["revision"], 6, "five saves, one each round");
}
on_both_databases!(concurrent_edits_never_overwrite_silently, concurrent_edits);

#[tokio::test]
async fn slow_clients_are_cut_off() {
    let app = spawn_app_with(Db::Sqlite, |c| {
        c.header_read_timeout_secs = 1;
        c.request_timeout_secs = 1;
    })
    .await;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://").to_owned();
    // Half a request head, then nothing: the server closes the connection.
    let mut slow = tokio::net::TcpStream::connect(&addr).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(
        std::time::Duration::from_secs(20),
        slow.read_to_end(&mut buf),
    )
    .await
    .expect("the server closed the connection");
    assert!(read.is_ok());
    assert!(
        buf.is_empty() || String::from_utf8_lossy(&buf).starts_with("HTTP/1.1 408"),
        "{}",
        String::from_utf8_lossy(&buf)
    );
    // A body that never arrives: 408.
    let mut slow = tokio::net::TcpStream::connect(&addr).await.unwrap();
    slow.write_all(
        b"POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nemail=",
    )
    .await
    .unwrap();
    let mut head = [0u8; 12];
    tokio::time::timeout(
        std::time::Duration::from_secs(20),
        slow.read_exact(&mut head),
    )
    .await
    .expect("an answer")
    .unwrap();
    assert_eq!(&head, b"HTTP/1.1 408");
}

async fn password_reset(db: Db) {
    let app = spawn_app(db).await;
    let laptop = app.member("reset@example.org", "Rita Reset", true).await;
    let phone = app.client();
    app.login(&phone, "reset@example.org", PASSWORD).await;
    assert_eq!(whoami(&app, &phone).await["display_name"], "Rita Reset");

    // The same answer for a registered and an unknown address; only the member gets a mail.
    let visitor = app.client();
    for email in ["reset@example.org", "nobody@example.org"] {
        let res = app
            .call(&visitor, "request_password_reset", &[("email", email)])
            .await;
        assert!(res.status().is_success(), "{}", res.status());
        assert_eq!(res.headers()[header::LOCATION], "/password/forgot?sent=1");
    }
    let res = app
        .call(
            &visitor,
            "request_password_reset",
            &[("email", "not an address")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The mail goes out in the background.
    let mut token = None;
    for _ in 0..200 {
        token = app.token_in_mail("reset@example.org", "password/reset?token=");
        if token.is_some() {
            break;
        }
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let token = token.expect("a reset mail");
    assert!(app.token_in_mail("nobody@example.org", "token=").is_none());
    let (status, page) = app
        .get(&visitor, &format!("/password/reset?token={token}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Choose a new password"));

    let reset = |token: &str, new: &str, confirm: &str| {
        let (token, new, confirm) = (token.to_owned(), new.to_owned(), confirm.to_owned());
        let visitor = visitor.clone();
        let url = format!("{}/api/reset_password", app.base);
        async move {
            visitor
                .post(url)
                .header("accept", "application/json")
                .form(&[
                    ("token", token),
                    ("new_password", new),
                    ("confirm", confirm),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        reset("made-up", "a new long passphrase", "a new long passphrase")
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        reset(&token, "a new long passphrase", "different")
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        reset(&token, "short", "short").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let res = reset(&token, "a new long passphrase", "a new long passphrase").await;
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(res.headers()[header::LOCATION], "/login?reset=1");
    // Single use; every session of the member has ended; the new password works.
    assert_eq!(
        reset(&token, "yet another passphrase", "yet another passphrase")
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    assert!(whoami(&app, &laptop).await.is_null());
    assert!(whoami(&app, &phone).await.is_null());
    let fresh = app.client();
    let old = app.login(&fresh, "reset@example.org", PASSWORD).await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    let new = app
        .login(&fresh, "reset@example.org", "a new long passphrase")
        .await;
    assert!(ok(&new));

    // A link expires after an hour: a server whose clock is two hours later refuses it.
    app.call(
        &visitor,
        "request_password_reset",
        &[("email", "reset@example.org")],
    )
    .await;
    let (url, dir) = app.stop();
    let later = Clock::from_fn(|| chrono::Utc::now() + chrono::Duration::hours(2));
    let app = common::spawn_with(url, dir, false, later).await;
    let mut fresh_token = None;
    for _ in 0..200 {
        fresh_token = app
            .mails_to("reset@example.org")
            .iter()
            .filter_map(|m| {
                let start = m.find("password/reset?token=")? + "password/reset?token=".len();
                m.get(start..start + 64).map(str::to_owned)
            })
            .find(|t| *t != token);
        if fresh_token.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let res = app
        .call(
            &app.client(),
            "reset_password",
            &[
                ("token", &fresh_token.expect("a second reset mail")),
                ("new_password", "too late passphrase"),
                ("confirm", "too late passphrase"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}
on_both_databases!(forgotten_passwords_are_reset_by_mail, password_reset);

async fn email_change(db: Db) {
    let app = spawn_app(db).await;
    let member = app.member("old@example.org", "Olga Old", true).await;
    let other_device = app.client();
    app.login(&other_device, "old@example.org", PASSWORD).await;
    let ask = |new: &str, password: &str| {
        let f = [
            ("new_email", new.to_owned()),
            ("password", password.to_owned()),
        ];
        member
            .post(format!("{}/api/request_email_change", app.base))
            .header("accept", "application/json")
            .form(&f)
            .send()
    };
    assert_eq!(
        ask("new@example.org", "not my password")
            .await
            .unwrap()
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        ask("old@example.org", PASSWORD).await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        ask("no address", PASSWORD).await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let res = ask("new@example.org", PASSWORD).await.unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    // The new address gets the link; the old one is told.
    let token = app
        .token_in_mail("new@example.org", "email/confirm?token=")
        .expect("a confirmation mail to the new address");
    assert!(
        app.mails_to("old@example.org")
            .iter()
            .any(|m| m.contains("new@example.org"))
    );
    // Until confirmed, nothing changes.
    assert_eq!(whoami(&app, &member).await["email"], "old@example.org");
    let (_, page) = app
        .get(&member, &format!("/email/confirm?token={token}"))
        .await;
    assert!(page.contains("Use this e-mail address"));
    assert_eq!(whoami(&app, &member).await["email"], "old@example.org");
    let res = app
        .call(&member, "confirm_email_change", &[("token", &token)])
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(res.headers()[header::LOCATION], "/me/account?changed=1");
    assert_eq!(whoami(&app, &member).await["email"], "new@example.org");
    assert!(
        whoami(&app, &other_device).await.is_null(),
        "other sessions end"
    );
    let again = app
        .call(&member, "confirm_email_change", &[("token", &token)])
        .await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    let fresh = app.client();
    let old = app.login(&fresh, "old@example.org", PASSWORD).await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    let new = app.login(&fresh, "new@example.org", PASSWORD).await;
    assert!(ok(&new));
    // The account page is for members, and shows the address.
    let (status, _) = app.get(&app.client(), "/me/account").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, page) = app.get(&member, "/me/account").await;
    assert!(page.contains("new@example.org"));
}
on_both_databases!(
    e_mail_addresses_change_only_when_the_new_one_confirms,
    email_change
);

async fn logout_everywhere(db: Db) {
    let app = spawn_app(db).await;
    let here = app
        .member("every@example.org", "Eve Everywhere", true)
        .await;
    let lost_phone = app.client();
    app.login(&lost_phone, "every@example.org", PASSWORD).await;
    assert!(!whoami(&app, &lost_phone).await.is_null());
    let res = app.call(&here, "logout_everywhere", &[]).await;
    assert!(res.status().is_success(), "{}", res.status());
    assert!(whoami(&app, &lost_phone).await.is_null());
    assert_eq!(whoami(&app, &here).await["display_name"], "Eve Everywhere");
    let res = app.call(&app.client(), "logout_everywhere", &[]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}
on_both_databases!(
    logging_out_everywhere_ends_other_sessions,
    logout_everywhere
);

async fn unconfirmed_cleanup(db: Db) {
    let app = spawn_app(db).await;
    app.member("squat@example.org", "Sam Squat", false).await;
    app.member("real@example.org", "Rae Real", true).await;
    let (url, dir) = app.stop();
    // Eight days later the server removes accounts never confirmed (7 days by default).
    let later = Clock::from_fn(|| chrono::Utc::now() + chrono::Duration::days(8));
    let app = common::spawn_with(url, dir, false, later).await;
    let client = app.client();
    let squat = app.login(&client, "squat@example.org", PASSWORD).await;
    assert_eq!(squat.status(), StatusCode::UNAUTHORIZED);
    let real = app.login(&client, "real@example.org", PASSWORD).await;
    assert!(ok(&real));
    // The address is free again.
    let res = app
        .call(
            &app.client(),
            "register",
            &[
                ("email", "squat@example.org"),
                ("display_name", "Sam Again"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert!(ok(&res));
    assert!(
        app.mails_to("squat@example.org")
            .iter()
            .any(|m| m.contains("verify?token="))
    );
}
on_both_databases!(
    unconfirmed_accounts_are_removed_after_a_week,
    unconfirmed_cleanup
);
