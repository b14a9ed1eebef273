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

/// An admin action and its audit entry are one: when the entry cannot be written (here the
/// database refuses every new entry), the action is not done either.
async fn audit_entries_share_the_actions_transaction(db: Db) {
    let app = spawn_demo(db).await;
    let clara = demo_member(&app, "clara").await;
    let database = Database::connect(&app.config.database_url)
        .await
        .expect("db");
    let calls = scalar(&app, "SELECT COUNT(*) FROM calls").await;
    let workshops = scalar(&app, "SELECT COUNT(*) FROM workshops").await;
    let sqlite = database.get_database_backend() == sea_orm::DbBackend::Sqlite;
    let (refuse, allow) = if sqlite {
        (
            "CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log \
             BEGIN SELECT RAISE(ABORT, 'refused'); END",
            "DROP TRIGGER refuse_audit",
        )
    } else {
        (
            "ALTER TABLE audit_log ADD CONSTRAINT refuse_audit CHECK (action = 'never') NOT VALID",
            "ALTER TABLE audit_log DROP CONSTRAINT refuse_audit",
        )
    };
    database.execute_unprepared(refuse).await.expect("refuse");
    let call = call_form([-1, 2, 10, 12], chrono::Utc::now());
    let call: Vec<(&str, &str)> = call.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let workshop = crate::workshops::form(7, "5", "everyone", "");
    let workshop: Vec<(&str, &str)> = workshop.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = app.call::<SaveCall>(&clara, &call).await;
    assert!(res.status().is_server_error(), "{}", res.status());
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM calls").await, calls);
    let res = app.call::<SaveWorkshop>(&clara, &workshop).await;
    assert!(res.status().is_server_error(), "{}", res.status());
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM workshops").await,
        workshops
    );
    database.execute_unprepared(allow).await.expect("allow");
    let res = app.call::<SaveCall>(&clara, &call).await;
    assert!(ok(&res), "{}", res.status());
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM calls").await, calls + 1);
}
on_both_databases!(
    audit_entries_share_the_actions_transaction_scenario,
    audit_entries_share_the_actions_transaction
);
