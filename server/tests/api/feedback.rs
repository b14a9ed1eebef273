//! Feedback: anyone may send it (a plain form), only admins read it, and bad input is
//! refused in the writer's language.

use crate::prelude::*;

async fn feedback_reaches_admins(db: Db) {
    let app = spawn_demo(db).await;
    // A visitor, without script: the form posts and the page thanks them.
    let visitor = app.client();
    let (status, page) = app.get(&visitor, "/feedback").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("name=\"body\"") && !page.contains("<script"));
    let res = visitor
        .post(app.url::<SendFeedback>())
        .header("accept", "text/html")
        .header("referer", format!("{}/feedback", app.base))
        .form(&[("body", "Please add a map of the ideas.")])
        .send()
        .await
        .expect("request");
    assert!(res.status().is_redirection());
    assert_eq!(res.headers()[header::LOCATION], "/feedback?sent=1");
    // A member, in German; too short is refused in German.
    let anna = demo_member(&app, "anna").await;
    let res = app
        .call::<SendFeedback>(&anna, &[("body", "Mehr Workshops in Sachsen, bitte!")])
        .await;
    assert!(ok(&res), "{}", res.status());
    let german = app.client_in("de-DE,de;q=0.9");
    let res = app.call::<SendFeedback>(&german, &[("body", " a ")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Only admins read it.
    let res = app.call::<ListFeedback>(&visitor, &[]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app.call::<ListFeedback>(&anna, &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (status, _) = app.get(&anna, "/admin/feedback").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let clara = demo_member(&app, "clara").await;
    let res = app.call::<ListFeedback>(&clara, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let list: serde_json::Value = res.json().await.expect("json");
    let items = list["items"].as_array().expect("list");
    assert_eq!(items.len(), 2);
    assert_eq!(list["unread"], 2);
    assert_eq!(list["more"], false);
    assert_eq!(items[0]["body"], "Mehr Workshops in Sachsen, bitte!");
    assert_eq!(items[0]["from"]["name"], "Anna Schmidt");
    assert!(items[1]["from"].is_null(), "a visitor's");
    let id = items[1]["id"].as_str().expect("id").to_owned();
    let res = app.call::<MarkFeedbackRead>(&anna, &[("id", &id)]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.call::<MarkFeedbackRead>(&clara, &[("id", &id)]).await;
    assert!(ok(&res), "{}", res.status());
    let (status, page) = app.get(&clara, "/admin/feedback").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Please add a map of the ideas."));
    assert!(page.contains("1 not read yet") || page.contains("1 noch nicht gelesen"));
    let (status, admin) = app.get(&clara, "/admin").await;
    assert_eq!(status, StatusCode::OK);
    assert!(admin.contains("href=\"/admin/feedback\""));
    let res = app
        .call::<MarkFeedbackRead>(&clara, &[("id", "not-an-id")])
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
on_both_databases!(feedback_is_for_admins, feedback_reaches_admins);

/// Floods: an address sends a few, all visitors together a bounded number, the same words
/// again are folded into the first, a body over 16 KiB is refused, and admins page through
/// everything (not only the newest).
async fn feedback_floods_are_bounded(db: Db) {
    let app = spawn_app(db).await;
    let send = |ip: String, body: String| {
        let client = client_from(&app, &ip);
        let url = app.url::<SendFeedback>();
        async move {
            client
                .post(url)
                .header("accept", "application/json")
                .form(&[("body", body)])
                .send()
                .await
                .expect("answer")
                .status()
        }
    };
    // The same words again: thanked, stored once.
    for _ in 0..3 {
        assert!(
            send("127.0.0.2".into(), "Bitte mehr Workshops.".into())
                .await
                .is_success()
        );
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM feedback").await, 1);
    // Five from one address (the three above among them), then it waits.
    for n in 0..2 {
        assert!(
            send("127.0.0.2".into(), format!("Idee Nummer {n}"))
                .await
                .is_success()
        );
    }
    assert_eq!(
        send("127.0.0.2".into(), "Noch eine Idee".into()).await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Heavier than 16 KiB, however few its characters.
    assert_eq!(
        send("127.0.0.3".into(), "𝔸\u{301}\u{302}\u{303}".repeat(2_000)).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // All visitors together: 60, then one a minute, from however many addresses.
    let mut refused = 0;
    for n in 0..70u32 {
        let ip = format!("127.0.{}.{}", 10 + n / 200, 1 + n % 200);
        if send(ip, format!("Vorschlag {n}")).await == StatusCode::TOO_MANY_REQUESTS {
            refused += 1;
        }
    }
    // 5 of the 60 went to the first address.
    assert!(refused >= 14, "refused {refused} of 70");
    let stored = scalar(&app, "SELECT COUNT(*) FROM feedback").await;
    assert!(stored <= 58, "{stored} stored");

    // Admins page through all of it, 50 at a time.
    app.member("admin@example.org", "Ada Admin", true).await;
    grant(&app, "admin@example.org").await;
    let admin = app.client();
    assert!(ok(&app.login(&admin, "admin@example.org", PASSWORD).await));
    let first: serde_json::Value = app
        .call::<ListFeedback>(&admin, &[])
        .await
        .json()
        .await
        .expect("page");
    assert_eq!(first["items"].as_array().map(Vec::len), Some(50));
    assert_eq!(first["more"], true);
    let second: serde_json::Value = app
        .call::<ListFeedback>(&admin, &[("page", "2")])
        .await
        .json()
        .await
        .expect("page 2");
    let rest = second["items"].as_array().map_or(0, Vec::len) as i64;
    assert_eq!(50 + rest, stored);
    let (status, html) = app.get(&admin, "/admin/feedback?page=2").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("rel=\"prev\""));
}
on_both_databases!(
    feedback_floods_are_bounded_everywhere,
    feedback_floods_are_bounded
);
