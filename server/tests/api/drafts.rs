//! Offline drafting through the real server: the service worker names this build's assets,
//! logging out clears the device, the editor carries the member's draft key, and a save
//! kept on a device while the idea moved on comes back as the merge; one for an idea
//! deleted meanwhile is refused and stores nothing.

use crate::prelude::*;
use crate::revisions::editor;

#[tokio::test]
async fn the_service_worker_names_this_builds_assets() {
    let app = spawn_app(Db::Sqlite).await;
    let res = app
        .client()
        .get(format!("{}/sw.js", app.base))
        .send()
        .await
        .expect("sw.js");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()[header::CONTENT_TYPE]
            .to_str()
            .expect("type")
            .starts_with("text/javascript")
    );
    assert_eq!(res.headers()[header::CACHE_CONTROL], "no-cache");
    let script = res.text().await.expect("body");
    // A test binary has no hashes: the plain names.
    assert!(
        script.contains(r#"const ASSETS = ["/pkg/cip.css","/pkg/cip.js","/pkg/cip_bg.wasm"];"#),
        "{script}"
    );
    assert!(
        !script.contains("__"),
        "every placeholder is filled: {script}"
    );
}

#[tokio::test]
async fn logging_out_clears_the_device() {
    let app = spawn_app(Db::Sqlite).await;
    let anna = app.member("anna@example.org", "Anna", true).await;
    let res = app.call::<Logout>(&anna, &[]).await;
    assert!(ok(&res), "logout: {}", res.status());
    assert_eq!(res.headers()["clear-site-data"], "\"cache\", \"storage\"");
}

/// The form as the editor posts it, at `revision`, with `description`.
fn kept_save(idea: &str, revision: &str, description: &str) -> Vec<(&'static str, String)> {
    vec![
        ("id", idea.to_owned()),
        ("revision", revision.to_owned()),
        ("title", "Benches that talk".to_owned()),
        ("teaser", "Where to rest".to_owned()),
        ("description", description.to_owned()),
        ("topics", "Open Data, Mobility".to_owned()),
        ("sought", "Machine Learning".to_owned()),
        ("required", String::new()),
        ("maturity", "rough_idea".to_owned()),
        ("language", "en".to_owned()),
    ]
}

async fn send(app: &TestApp, client: &Client, form: &[(&'static str, String)]) -> StatusCode {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call::<SaveIdea>(client, &form).await.status()
}

async fn a_save_kept_offline_comes_back_merged(db: Db) {
    let app = spawn_app(db).await;
    // One member, two devices: a laptop that goes offline and a phone that stays online.
    let laptop = app.member("olga@example.org", "Olga", true).await;
    let phone = app.client();
    assert!(ok(&app.login(&phone, "olga@example.org", PASSWORD).await));
    let idea = app
        .create_idea(
            &laptop,
            "Benches that talk",
            "Where to rest",
            "Intro\n\nMiddle\n\nEnd",
        )
        .await;
    let me = whoami(&app, &laptop).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let (status, page) = app.get(&laptop, &format!("/ideas/{idea}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(&format!("data-draft-key=\"cip-draft:{me}:{idea}\"")),
        "the editor keeps drafts under the member's key"
    );
    let form = editor(&app, &laptop, &idea).await;
    let base = form["revision"].to_string();

    // The phone saves meanwhile; the laptop's save, kept while offline, arrives later.
    assert_eq!(
        send(
            &app,
            &phone,
            &kept_save(&idea, &base, "Intro, sharper\n\nMiddle\n\nEnd")
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(
        send(
            &app,
            &laptop,
            &kept_save(&idea, &base, "Intro\n\nMiddle\n\nEnd, offline")
        )
        .await,
        StatusCode::CONFLICT,
        "a save from an older revision never overwrites"
    );
    let merged = editor(&app, &laptop, &idea).await;
    assert_eq!(
        merged["description"],
        "Intro, sharper\n\nMiddle\n\nEnd, offline"
    );
    assert!(!merged["merge"].is_null(), "the editor shows the merge");

    // Deleted on the server: a kept save is refused and stores nothing.
    let res = app.call::<DeleteIdea>(&phone, &[("id", &idea)]).await;
    assert!(ok(&res), "delete: {}", res.status());
    let latest = merged["revision"].to_string();
    assert_eq!(
        send(&app, &laptop, &kept_save(&idea, &latest, "Too late")).await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM unmerged_edits").await, 0);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM ideas").await, 0);
}
on_both_databases!(
    a_save_kept_offline_comes_back_merged_scenario,
    a_save_kept_offline_comes_back_merged
);
