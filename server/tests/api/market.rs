//! The public market: health, compression, demo data, no N+1 queries, and the in-memory
//! cache of anonymous pages (a member's page is never served to anyone else).

use crate::prelude::*;

#[tokio::test]
async fn health_compression_and_demo_data() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("demo.sqlite").display()
    );
    let app = common::spawn_with(url, dir, true, Clock::system()).await;
    let client = app.client();
    let (status, body) = app.get(&client, "/healthz").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
    let res = client
        .get(format!("{}/", app.base))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap()),
        Some("gzip")
    );
    let (_, market) = app.get(&client, "/").await;
    assert!(market.contains("ideas"));
    assert!(market.contains("Page 1 of 3"), "26 demo ideas, 12 a page");
    assert_eq!(market.matches("class=\"card\"").count(), 12);
    // Demo members can log in.
    let res = app
        .call::<Login>(
            &client,
            &[
                ("email", "anna@demo.civic-innovation.invalid"),
                ("password", server::seed::DEMO_PASSWORD),
            ],
        )
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let (_, page2) = app.get(&client, "/?page=2").await;
    assert!(page2.contains("Page 2 of 3"));
    let (_, topic) = app.get(&client, "/?topic=mobility").await;
    assert!(topic.contains("Mobility"), "topic filter names the topic");
    // A link with the German word's slug is the same concept, named in the reader's words.
    let (_, older) = app.get(&client, "/?topic=mobilit%C3%A4t").await;
    assert!(older.contains("Mobility") && older.contains("class=\"card\""));

    // A page of 12 cards costs the same few statements as a page of one: no N+1.
    let anon = app.client();
    // (A URL no visitor asked for yet: the page is rendered, not served from memory.)
    let market = app.queries_for(&anon, "/?page=1").await;
    assert!(market <= 4, "anonymous market page ran {market} statements");
    let member_market = app.queries_for(&client, "/").await;
    assert!(
        member_market <= market + 2,
        "member market page ran {member_market} statements"
    );
    let idea = page2
        .split("href=\"/ideas/")
        .filter_map(|rest| rest.get(..36))
        .find(|id| uuid::Uuid::parse_str(id).is_ok())
        .expect("an idea link");
    // The idea, its tags, its author's name, its counted contest entries and its progress
    // timeline: one statement each, whatever the page shows.
    let one = app.queries_for(&anon, &format!("/ideas/{idea}")).await;
    assert!(one <= 5, "idea page ran {one} statements");
}

const STOP_DATA: &str = "Members only: the bus company has agreed to share its stop data.";

async fn cache(db: Db) {
    let app = spawn_app(db).await;
    let owner = app
        .member("cache.owner@example.org", "Carla Cached", true)
        .await;
    let id = app
        .create_idea(
            &owner,
            "Stops mapped by riders",
            "Riders map every stop.",
            STOP_DATA,
        )
        .await;
    let res = app
        .call::<SetPublished>(&owner, &[("id", &id), ("publish", "true")])
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let page = format!("/ideas/{id}");
    let anon = app.client();

    // The member's pages are rendered for them, whatever a visitor got before or after.
    for path in [page.as_str(), "/"] {
        let (_, first) = app.get(&anon, path).await;
        let (_, mine) = app.get(&owner, path).await;
        let (_, again) = app.get(&anon, path).await;
        // Only a member's header links to their ideas and has a log-out button.
        let members_header = "href=\"/me/ideas\"";
        assert!(mine.contains(members_header), "{path}");
        for visitor in [&first, &again] {
            assert!(!visitor.contains(members_header), "{path}");
            assert!(!visitor.contains("/api/logout"), "{path}");
            assert!(!visitor.contains(STOP_DATA), "{path}");
            assert!(visitor.contains("Stops mapped by riders"), "{path}");
        }
    }
    let (_, mine) = app.get(&owner, &page).await;
    assert!(
        mine.contains(STOP_DATA),
        "the member still reads the description"
    );

    // Stored pages are served without statements and allow no script.
    // A page served by rendering runs statements every time; one from memory none. (A
    // member's render may still finish a discarded Suspense pass's query in the background
    // during the first request: hence the best of three.)
    let mut queries = Vec::new();
    for _ in 0..3 {
        queries.push(app.queries_for(&anon, &page).await);
    }
    assert!(
        queries.contains(&0),
        "a second visitor's page comes from memory: {queries:?}"
    );
    let res = anon
        .get(format!("{}{page}", app.base))
        .send()
        .await
        .unwrap();
    assert!(
        res.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("script-src 'none'")
    );

    // An edit is visible to the next visitor at once, on the idea page and in the market.
    let res = app
        .call::<SaveIdea>(
            &owner,
            &[
                ("id", id.as_str()),
                ("revision", "1"),
                ("title", "Stops mapped by everyone"),
                ("teaser", "Riders map every stop."),
                ("description", STOP_DATA),
                ("topics", ""),
                ("sought", ""),
                ("maturity", "rough_idea"),
            ],
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    for path in [page.as_str(), "/"] {
        let (_, html) = app.get(&anon, path).await;
        assert!(html.contains("Stops mapped by everyone"), "{path}");
    }

    // Unpublished: gone for visitors at once.
    let res = app
        .call::<SetPublished>(&owner, &[("id", &id), ("publish", "false")])
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let (status, _) = app.get(&anon, &page).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, market) = app.get(&anon, "/").await;
    assert!(!market.contains("Stops mapped by everyone"));
}
on_both_databases!(a_members_page_is_never_served_to_anyone_else, cache);
