//! The back office: its overview and statistics are for admins only, and the statistics
//! are charts drawn on the server with the same figures as tables.

use crate::prelude::*;
use app::admin::AdminOverview;
use app::admin::statistics::AdminStatistics;

async fn back_office(db: Db) {
    let app = spawn_demo(db).await;
    let anna = demo_member(&app, "anna").await;
    let clara = demo_member(&app, "clara").await;
    for path in [
        "/admin",
        "/admin/statistics",
        "/admin/moderation",
        "/admin/members",
        "/admin/audit",
        "/admin/feedback",
    ] {
        let (status, _) = app.get(&app.client(), path).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path} for a visitor");
        let (status, _) = app.get(&anna, path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path} for a member");
        let (status, _) = app.get(&clara, path).await;
        assert_eq!(status, StatusCode::OK, "{path} for an admin");
    }
    let res = app.call::<AdminOverview>(&clara, &[]).await;
    let o: serde_json::Value = res.json().await.expect("overview");
    assert!(o["members"].as_u64().unwrap_or(0) >= 10, "{o}");
    assert!(o["published_ideas"].as_u64().unwrap_or(0) > 0, "{o}");

    let res = app.call::<AdminStatistics>(&anna, &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.call::<AdminStatistics>(&clara, &[]).await;
    let s: serde_json::Value = res.json().await.expect("statistics");
    let total = |key: &str| -> u64 {
        s[key]["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| r[1].as_u64().unwrap_or(0))
            .sum()
    };
    assert!(total("members_by_type") >= 10, "{s}");
    assert_eq!(
        s["ideas_per_month"]["rows"].as_array().map(Vec::len),
        Some(12)
    );
    assert!(total("ideas_per_month") > 0, "{s}");
    assert!(total("groups_by_size") >= 1, "Anna and Mehmet's group: {s}");
    assert!(total("contact_requests") >= 1, "{s}");
    assert!(
        total("submissions_per_call") >= 1,
        "last year's winner: {s}"
    );
    let (_, html) = app.get(&clara, "/admin/statistics").await;
    assert_eq!(html.matches("<svg").count(), 6, "a chart each");
    assert_eq!(html.matches("<table").count(), 6, "a table beside each");
}
on_both_databases!(the_back_office_is_for_admins, back_office);
