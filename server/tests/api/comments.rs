//! Comments on ideas through the real server: members only, one level of replies, edit
//! and delete one's own, the author notified, bad input refused with nothing stored.

use crate::prelude::*;

async fn comments(app: &TestApp, client: &Client, idea: &str) -> (StatusCode, serde_json::Value) {
    let res = app.call::<GetComments>(client, &[("idea", idea)]).await;
    let status = res.status();
    (status, res.json().await.unwrap_or_default())
}

async fn post(
    app: &TestApp,
    client: &Client,
    idea: &str,
    body: &str,
    parent: Option<&str>,
) -> (StatusCode, String) {
    let res = app
        .call::<PostComment>(
            client,
            &[
                ("idea", idea),
                ("body", body),
                ("parent", parent.unwrap_or("")),
            ],
        )
        .await;
    let status = res.status();
    (status, res.json::<String>().await.unwrap_or_default())
}

async fn kinds(app: &TestApp, client: &Client) -> Vec<String> {
    let res = app.call::<GetNotifications>(client, &[]).await;
    let n: serde_json::Value = res.json().await.expect("json");
    n["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["kind"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn threads(db: Db) {
    let app = spawn_app(db).await;
    let olga = app.member("olga@example.org", "Olga", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let carl = app.member("carl@example.org", "Carl", true).await;
    let idea = publish_idea(
        &app,
        &olga,
        &[("title", "Benches that talk"), ("teaser", "Where to rest")],
    )
    .await;

    let (status, first) = post(
        &app,
        &ben,
        &idea,
        "Have you asked the **parks office**?",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        kinds(&app, &olga).await,
        vec!["Comment"],
        "the author hears of it"
    );

    // Members only: in the server function and in the page.
    assert_eq!(
        comments(&app, &app.client(), &idea).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (_, page) = app.get(&app.client(), &format!("/ideas/{idea}")).await;
    assert!(
        !page.contains("parks office"),
        "visitors never get comments"
    );
    let (_, page) = app.get(&carl, &format!("/ideas/{idea}")).await;
    assert!(
        page.contains("<strong>parks office</strong>"),
        "members read them"
    );

    // One level of replies: a reply to a reply joins the thread.
    let (status, reply) = post(&app, &carl, &idea, "I know someone there.", Some(&first)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = post(&app, &olga, &idea, "Please introduce us!", Some(&reply)).await;
    assert_eq!(status, StatusCode::OK);
    let (_, c) = comments(&app, &ben, &idea).await;
    assert_eq!(c["count"], 3);
    let threads = c["threads"].as_array().expect("threads");
    assert_eq!(threads.len(), 1);
    assert_eq!(threads[0]["replies"].as_array().expect("replies").len(), 2);
    assert_eq!(
        threads[0]["own_text"],
        "Have you asked the **parks office**?"
    );
    assert!(
        threads[0]["replies"][0]["own_text"].is_null(),
        "only one's own text comes back raw"
    );
    assert!(
        kinds(&app, &ben).await.iter().any(|k| k == "Comment"),
        "replied to"
    );

    // Edit one's own, not someone else's.
    let res = app
        .call::<EditComment>(&ben, &[("id", &first), ("body", "Asked them: yes.")])
        .await;
    assert!(ok(&res), "edit: {}", res.status());
    let res = app
        .call::<EditComment>(&carl, &[("id", &first), ("body", "Hijack")])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (_, c) = comments(&app, &carl, &idea).await;
    assert_eq!(c["threads"][0]["edited"], true);
    assert!(
        c["threads"][0]["body_html"]
            .as_str()
            .unwrap()
            .contains("Asked them: yes.")
    );

    // Deleting a comment with replies leaves its place; the replies stay.
    let res = app.call::<DeleteComment>(&carl, &[("id", &first)]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.call::<DeleteComment>(&ben, &[("id", &first)]).await;
    assert!(ok(&res), "delete: {}", res.status());
    let (_, c) = comments(&app, &carl, &idea).await;
    assert_eq!(c["threads"][0]["deleted"], true);
    assert!(c["threads"][0]["author"].is_null());
    assert_eq!(c["threads"][0]["body_html"], "");
    assert_eq!(c["count"], 2);
    let (status, _) = post(&app, &carl, &idea, "Late reply", Some(&first)).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a deleted comment takes no replies"
    );
    // Its last reply going takes the empty place with it.
    let (_, c) = comments(&app, &olga, &idea).await;
    for r in c["threads"][0]["replies"].as_array().expect("replies") {
        let author = if r["author"]["name"] == "Carl" {
            &carl
        } else {
            &olga
        };
        let res = app
            .call::<DeleteComment>(author, &[("id", r["id"].as_str().unwrap())])
            .await;
        assert!(ok(&res));
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM comments").await, 0);
}

on_both_databases!(threads_scenario, threads);

async fn bad_comments(db: Db) {
    let app = spawn_app(db).await;
    let olga = app.member("olga@example.org", "Olga", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let idea = publish_idea(&app, &olga, &[("title", "Benches"), ("teaser", "Rest")]).await;
    let draft = app.create_idea(&olga, "A draft", "Not yet", "").await;
    let _ = id_of(&app, &ben).await;

    assert_eq!(
        post(&app, &ben, &idea, "   ", None).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let long = "x".repeat(4_001);
    assert_eq!(
        post(&app, &ben, &idea, &long, None).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        post(&app, &ben, &draft, "Hello", None).await.0,
        StatusCode::NOT_FOUND,
        "someone else's draft"
    );
    assert_eq!(
        post(&app, &olga, &draft, "Hello", None).await.0,
        StatusCode::CONFLICT,
        "not published yet"
    );
    assert_eq!(
        post(&app, &ben, &idea, "Hello", Some("not-an-id")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        post(&app, &app.client(), &idea, "Hello", None).await.0,
        StatusCode::UNAUTHORIZED
    );
    // A reply naming a comment on another idea.
    let other = publish_idea(&app, &olga, &[("title", "Other idea"), ("teaser", "Else")]).await;
    let (_, elsewhere) = post(&app, &ben, &other, "Elsewhere", None).await;
    assert_eq!(
        post(&app, &ben, &idea, "Hello", Some(&elsewhere)).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM comments").await,
        1,
        "nothing else stored"
    );
    // A comment goes with its idea.
    let res = app.call::<DeleteIdea>(&olga, &[("id", &other)]).await;
    assert!(ok(&res));
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM comments").await, 0);
}

on_both_databases!(bad_comments_scenario, bad_comments);

/// A member who blocked someone hears nothing of their comments on their ideas.
async fn a_block_silences_comments(db: Db) {
    let app = spawn_app(db).await;
    let anna = app.member("anna@example.org", "Anna", true).await;
    let bert = app.member("bert@example.org", "Bert", true).await;
    let idea = publish_idea(
        &app,
        &anna,
        &[("title", "Shade trees"), ("teaser", "A teaser")],
    )
    .await;
    let bert_id = id_of(&app, &bert).await;
    let res = app
        .call::<SetBlock>(&anna, &[("id", &bert_id), ("block", "on")])
        .await;
    assert!(ok(&res), "block: {}", res.status());
    let (status, _) = post(&app, &bert, &idea, "Ich finde das gut.", None).await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    assert!(
        kinds(&app, &anna).await.is_empty(),
        "a blocked member's comment notified"
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM notifications").await, 0);
}
on_both_databases!(
    a_block_silences_the_blocked_members_comments,
    a_block_silences_comments
);
