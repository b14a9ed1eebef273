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
    let items: serde_json::Value = res.json().await.expect("json");
    let items = items.as_array().expect("list");
    assert_eq!(items.len(), 2);
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
