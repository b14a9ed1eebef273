//! Ideas: drafts, publishing, who sees and changes what, concurrent edits, restarts.

use crate::prelude::*;

async fn ideas_and_access(db: Db) {
    let app = spawn_app(db).await;
    let owner = app.member("owner@example.org", "Olga Owner", false).await;
    let other = app.member("other@example.org", "Otto Other", true).await;
    let anon = app.client();

    let id = app
        .create_idea(
            &owner,
            "Open data for bus stops",
            "Accessible bus stops, mapped by the people who use them.",
            SECRET,
        )
        .await;
    let page = format!("/ideas/{id}");

    // A draft: only the owner sees it.
    let (status, html) = app.get(&owner, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Open data for bus stops") && html.contains(SECRET));
    for client in [&anon, &other] {
        let (status, html) = app.get(client, &page).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(!html.contains("Open data for bus stops"));
    }
    let (_, market) = app.get(&anon, "/").await;
    assert!(
        !market.contains("Open data for bus stops"),
        "drafts stay out of the market"
    );

    // Publishing needs a confirmed address.
    let res = app
        .call::<SetPublished>(&owner, &[("id", &id), ("publish", "true")])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    app.confirm_email(&owner, "owner@example.org").await;
    let res = app
        .call::<SetPublished>(&owner, &[("id", &id), ("publish", "true")])
        .await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );

    // Anonymous: title and teaser, never the description — not in the HTML, not in the
    // hydration data, not from the server function.
    let (status, market) = app.get(&anon, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(market.contains("Open data for bus stops"));
    assert!(market.contains("Accessible bus stops, mapped by the people who use them."));
    assert!(!market.contains("secret plan"));
    let (status, html) = app.get(&anon, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Accessible bus stops"));
    assert!(
        !html.contains("secret plan"),
        "description leaked to anonymous HTML"
    );
    assert!(html.contains("Create an account"));
    let res = app.call::<GetIdea>(&anon, &[("id", &id)]).await;
    let body = res.text().await.unwrap();
    assert!(body.contains("Accessible bus stops") && !body.contains("secret plan"));
    let res = app.call::<Market>(&anon, &[]).await;
    assert!(!res.text().await.unwrap().contains("secret plan"));

    // Members read the full text; the author's profile is linked.
    let (status, html) = app.get(&other, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(SECRET));
    assert!(html.contains("/profiles/"));

    // Nobody else may change, unpublish or delete it.
    let edit = idea_form(&[
        ("id", &id),
        ("title", "Hijacked"),
        ("teaser", "x"),
        ("revision", "1"),
    ]);
    assert_eq!(
        app.call::<SaveIdea>(&other, &edit).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call::<SaveIdea>(&anon, &edit).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call::<SetPublished>(&other, &[("id", &id), ("publish", "false")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call::<DeleteIdea>(&other, &[("id", &id)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call::<DeleteIdea>(&anon, &[("id", &id)]).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call::<IdeaForEdit>(&other, &[("id", &id)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let (status, _) = app.get(&other, &format!("{page}/edit")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, html) = app.get(&anon, &page).await;
    assert!(!html.contains("Hijacked"));

    // The owner edits; an edit based on an old revision is refused, not silently applied.
    let edit = idea_form(&[
        ("id", &id),
        ("title", "Open data for every bus stop"),
        (
            "teaser",
            "Accessible bus stops, mapped by the people who use them.",
        ),
        ("revision", "1"),
    ]);
    assert!(
        app.call::<SaveIdea>(&owner, &edit)
            .await
            .status()
            .is_success()
    );
    assert_eq!(
        app.call::<SaveIdea>(&owner, &edit).await.status(),
        StatusCode::CONFLICT
    );
    let (_, html) = app.get(&anon, &page).await;
    assert!(html.contains("Open data for every bus stop"));

    // Unpublish hides it again; delete removes it.
    app.call::<SetPublished>(&owner, &[("id", &id), ("publish", "false")])
        .await;
    assert_eq!(app.get(&anon, &page).await.0, StatusCode::NOT_FOUND);
    let res = app.call::<DeleteIdea>(&owner, &[("id", &id)]).await;
    assert!(res.status().is_success() || res.status().is_redirection());
    assert_eq!(app.get(&owner, &page).await.0, StatusCode::NOT_FOUND);
    let mine: Vec<serde_json::Value> = app.call::<MyIdeas>(&owner, &[]).await.json().await.unwrap();
    assert!(mine.is_empty());
}
on_both_databases!(idea_lifecycle_and_access_matrix, ideas_and_access);

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
        .call::<SaveIdea>(
            &member,
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
            let url = app.url::<SaveIdea>();
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
        .call::<IdeaForEdit>(&member, &[("id", &id)])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(form["revision"], 6, "five saves, one each round");
}
on_both_databases!(concurrent_edits_never_overwrite_silently, concurrent_edits);

async fn restart(db: Db) {
    let app = spawn_app(db).await;
    let member = app.member("keep@example.org", "Kim Keep", true).await;
    let id = app
        .create_idea(
            &member,
            "Survives a restart",
            "Still here after the server restarts.",
            "desc",
        )
        .await;
    app.call::<SetPublished>(&member, &[("id", &id), ("publish", "true")])
        .await;
    let (url, dir) = app.stop();
    let app = common::spawn_with(url, dir, false, Clock::system()).await;
    let (status, html) = app.get(&app.client(), &format!("/ideas/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Survives a restart"));
    // Sessions live in the database too: the member is still logged in (cookies are per
    // host, not port, so the old client's cookie reaches the new server).
    assert_eq!(whoami(&app, &member).await["display_name"], "Kim Keep");
}
on_both_databases!(data_survives_a_restart, restart);
