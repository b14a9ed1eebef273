//! Attacks: hostile redirects, cross-site posts, the content policy, login storms, slow
//! clients.

use crate::prelude::*;

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
                .post(app.url::<Login>())
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
        .call::<Login>(
            &app.client(),
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
            .post(app.url::<Login>())
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
        .post(app.url::<SetLanguage>())
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
    // A page without islands allows no script and holds none.
    let html = res.text().await.unwrap();
    assert!(csp.contains("script-src 'none'"), "{csp}");
    assert!(!html.contains("<script"), "{html}");
    for d in [
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(d), "{d} in {csp}");
    }

    // A page with an island (the idea editor): every script carries this render's nonce,
    // and the next render has another.
    let member = app.member("cache@example.org", "Casey Cache", true).await;
    let editor = |client: Client| {
        let url = format!("{}/ideas/new", app.base);
        async move {
            let res = client.get(url).send().await.unwrap();
            let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .to_owned();
            (csp, res.text().await.unwrap())
        }
    };
    let (csp, html) = editor(member.client.clone()).await;
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
    ] {
        assert!(csp.contains(d), "{d} in {csp}");
    }
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
    let (again, _) = editor(member.client.clone()).await;
    assert_ne!(again, csp);

    // A member's pages and every server-function answer are never stored by caches.
    for path in ["/me", "/"] {
        let res = member
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()[header::CACHE_CONTROL], "no-store", "{path}");
    }
    let res = app.call::<Market>(&anon, &[]).await;
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

async fn storms(db: Db) {
    // Time stands still, so no quota refills however slowly this machine hashes.
    let now = chrono::Utc::now();
    let app = common::spawn_app_at(db, Clock::from_fn(move || now)).await;
    app.member("target@example.org", "Tara Target", false).await;
    app.member("other@example.org", "Otto Other", false).await;
    // Forty wrong passwords at once from one address: thirty are checked, the other ten
    // are told to wait (429 with Retry-After), none fails otherwise.
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
    assert_eq!(limited.len(), 10);
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
        .post(app.url::<Login>())
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

/// Members' pages name whose session answered (the service worker drops what it kept for a
/// member once a page comes without their session); visitors' pages name nobody.
async fn pages_name_their_session(db: Db) {
    let app = spawn_app(db).await;
    let anna = app.member("anna@example.org", "Anna", true).await;
    let id = whoami(&app, &anna).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let res = anna
        .get(format!("{}/me", app.base))
        .send()
        .await
        .expect("page");
    assert_eq!(res.headers()["x-cip-member"], id.as_str());
    let res = app
        .client()
        .get(format!("{}/", app.base))
        .send()
        .await
        .expect("page");
    assert!(res.headers().get("x-cip-member").is_none());
}
on_both_databases!(
    pages_name_the_member_whose_session_answered,
    pages_name_their_session
);
