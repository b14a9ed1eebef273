//! Bad input: clear field errors, nothing stored, never a 500; no-JS forms keep input.

use crate::prelude::*;

async fn bad_input(db: Db) {
    let app = spawn_app(db).await;
    let member = app.member("m@example.org", "Mia Member", true).await;
    let anon = app.client();

    // Too long teaser (281 characters, counted as characters not bytes): clear message, nothing stored.
    let teaser = "ü".repeat(281);
    let res = app
        .call::<SaveIdea>(
            &member,
            &idea_form(&[("title", "Fine title"), ("teaser", &teaser)]),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("teaser") && body.contains("281"), "{body}");
    let mine: Vec<serde_json::Value> = app
        .call::<MyIdeas>(&member, &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(mine.is_empty(), "nothing stored half-way");

    // Every field empty: one answer listing every problem.
    let res = app
        .call::<SaveIdea>(&member, &idea_form(&[("maturity", "")]))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    for f in ["title", "teaser", "maturity"] {
        assert!(
            body.contains(&format!("\"{f}\"")),
            "{f} not reported: {body}"
        );
    }
    let res = app
        .call::<Register>(
            &anon,
            &[
                ("email", "not-an-email"),
                ("display_name", "X"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // HTML and SQL metacharacters are stored as text and shown escaped.
    let title = "<script>alert('x')</script> Robert'); DROP TABLE ideas;--";
    let id = app
        .create_idea(
            &member,
            title,
            "<img src=x onerror=alert(1)> teaser",
            "<script>alert(2)</script>\n\n**bold**",
        )
        .await;
    app.call::<SetPublished>(&member, &[("id", &id), ("publish", "true")])
        .await;
    let (status, html) = app.get(&member, &format!("/ideas/{id}")).await;
    assert_eq!(status, StatusCode::OK);

    assert!(
        !html.contains("<script>alert"),
        "markup must be escaped or removed"
    );
    assert!(!html.contains("<img src=x onerror"));
    assert!(html.contains("<strong>bold</strong>"));
    assert!(html.contains("DROP TABLE ideas"), "text kept as typed");
    let (_, market) = app.get(&anon, "/").await;
    assert!(market.contains("DROP TABLE ideas") && !market.contains("<script>alert"));

    // Unknown and malformed ids, wrong types, missing fields, huge bodies: 4xx, never 500.
    assert_eq!(
        app.get(&anon, "/ideas/not-a-uuid").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&anon, "/ideas/00000000-0000-4000-8000-000000000000")
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&anon, "/no/such/page").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call::<DeleteIdea>(&member, &[("id", "1 OR 1=1")])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let res = app
        .call::<SaveIdea>(
            &member,
            &idea_form(&[
                ("id", &id),
                ("title", "T"),
                ("teaser", "t"),
                ("revision", "abc"),
            ]),
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        app.call::<SaveIdea>(&member, &[("title", "only a title")])
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    // A 10 MB body is refused from its Content-Length alone, before a byte of it is read.
    // Raw TCP with `Expect: 100-continue` makes that deterministic: a client that streams
    // the body meanwhile may see the connection closed under it instead of the answer.
    assert_eq!(
        app.raw_status(
            "POST /api/save_idea HTTP/1.1\r\nHost: localhost\r\n\
             Content-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: 10485760\r\nExpect: 100-continue\r\n\r\n"
        )
        .await,
        413
    );
    let res = app
        .call::<SaveProfile>(
            &member,
            &[
                ("display_name", "Mia"),
                ("organisation_type", "'; DROP TABLE users;--"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "missing fields");
    let fields = minimal_profile("Mia Member", "'; DROP TABLE users;--");
    let res = app.call::<SaveProfile>(&member, &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("UnknownChoice"));
}
on_both_databases!(bad_input_gets_clear_errors_and_stores_nothing, bad_input);

async fn no_js_errors_keep_input(db: Db) {
    let app = spawn_app(db).await;
    let browser = app.client();
    // A plain HTML form post (no JavaScript): the browser asks for HTML, not JSON.
    let res = browser
        .post(app.url::<Register>())
        .header("accept", "text/html")
        .header("referer", format!("{}/register", app.base))
        .form(&[
            ("email", "kept@example.org"),
            ("display_name", "Kept <Name>"),
            ("password", "short-pw"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    let back = res.headers()["location"].to_str().unwrap().to_owned();
    // The error is kept with the typed fields, not in the address.
    assert_eq!(back.trim_start_matches(&app.base), "/register", "{back}");
    let (status, html) = app.get(&browser, "/register").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("At least 10 characters"),
        "the error is shown"
    );
    assert!(
        html.contains("Password: At least 10 characters"),
        "the summary names the field"
    );
    assert!(html.contains(r#"value="kept@example.org""#), "e-mail kept");
    assert!(html.contains("Kept &lt;Name&gt;") && !html.contains("Kept <Name>"));
    assert!(!html.contains("short-pw"), "passwords are never echoed");
    // The input and the error are kept for that one redirect only: a reload is clean.
    let (_, again) = app.get(&browser, "/register").await;
    assert!(!again.contains("kept@example.org"));
    assert!(!again.contains("Password: At least 10 characters"));
    assert_eq!(
        app.call::<Whoami>(&browser, &[]).await.status(),
        StatusCode::OK
    );
    assert!(
        app.mails_to("kept@example.org").is_empty(),
        "nothing stored"
    );
}
on_both_databases!(
    refused_forms_without_javascript_keep_the_input,
    no_js_errors_keep_input
);

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
            .post(app.url::<SaveIdea>())
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
