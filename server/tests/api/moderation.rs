//! A safe community: reports, content held after enough of them, the admins' queue and its
//! three decisions, suspension and reinstatement, roles, and the audit log nobody can
//! change.

use crate::prelude::*;
use app::admin::audit::AuditLog;
use app::admin::members::{AdminMembers, SetRole, SetSuspended};
use app::moderation::{Moderate, ModerationQueue, Report};

/// `client`'s published ideas of their own: (id, title).
async fn published_ideas(app: &TestApp, client: &Client) -> Vec<(String, String)> {
    let res = app.call::<MyIdeas>(client, &[]).await;
    let ideas: serde_json::Value = res.json().await.expect("ideas");
    let found: Vec<(String, String)> = ideas
        .as_array()
        .expect("a list")
        .iter()
        .filter(|i| i["owned"] == true && i["status"] == "Published")
        .map(|i| {
            (
                i["id"].as_str().expect("id").to_owned(),
                i["title"].as_str().expect("title").to_owned(),
            )
        })
        .collect();
    assert!(!found.is_empty(), "a published idea of one's own: {ideas}");
    found
}

async fn published_idea(app: &TestApp, client: &Client) -> (String, String) {
    published_ideas(app, client).await.remove(0)
}

/// Whether a call went through (a form post's redirect, or OK).
fn fine(s: StatusCode) -> bool {
    s.is_success() || s.is_redirection()
}

async fn report(app: &TestApp, who: &Client, kind: &str, target: &str) -> StatusCode {
    app.call::<Report>(
        who,
        &[
            ("kind", kind),
            ("target", target),
            ("reason", "Das ist Werbung, keine Idee."),
        ],
    )
    .await
    .status()
}

async fn audit_actions(app: &TestApp, admin: &Client) -> Vec<String> {
    let res = app.call::<AuditLog>(admin, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let log: serde_json::Value = res.json().await.expect("log");
    log.as_array()
        .expect("entries")
        .iter()
        .map(|e| e["action"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn reports_hide_and_admins_decide(db: Db) {
    let app = spawn_demo(db).await;
    let anna = demo_member(&app, "anna").await;
    let clara = demo_member(&app, "clara").await;
    let (idea, title) = published_idea(&app, &anna).await;
    let visitor = app.client();

    // Refused: visitors, one's own idea, bad input.
    assert_eq!(
        report(&app, &visitor, "idea", &idea).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        report(&app, &anna, "idea", &idea).await,
        StatusCode::FORBIDDEN
    );
    let julia = demo_member(&app, "julia").await;
    assert_eq!(
        report(&app, &julia, "poem", &idea).await,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        report(&app, &julia, "idea", "1 OR 1=1").await,
        StatusCode::NOT_FOUND
    );
    let res = app
        .call::<Report>(
            &julia,
            &[("kind", "idea"), ("target", &idea), ("reason", "x")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Two reports: still public. The same member twice: refused.
    assert!(fine(report(&app, &julia, "idea", &idea).await));
    assert_eq!(
        report(&app, &julia, "idea", &idea).await,
        StatusCode::CONFLICT
    );
    let tobias = demo_member(&app, "tobias").await;
    assert!(fine(report(&app, &tobias, "idea", &idea).await));
    let (status, _) = app.get(&visitor, &format!("/ideas/{idea}")).await;
    assert_eq!(status, StatusCode::OK);
    // The third hides it pending review: gone for visitors and other members, not for
    // its owner; out of the market.
    let leonie = demo_member(&app, "leonie").await;
    assert!(fine(report(&app, &leonie, "idea", &idea).await));
    let (status, _) = app.get(&visitor, &format!("/ideas/{idea}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.get(&julia, &format!("/ideas/{idea}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, market) = app.get(&visitor, "/").await;
    assert!(!market.contains(&title), "held ideas leave the market");
    let (status, page) = app.get(&anna, &format!("/ideas/{idea}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Hidden pending review") || page.contains("Bis zur Prüfung"));

    // Only admins see the queue.
    let res = app.call::<ModerationQueue>(&julia, &[]).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.call::<ModerationQueue>(&visitor, &[]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app.call::<ModerationQueue>(&clara, &[]).await;
    let queue: serde_json::Value = res.json().await.expect("queue");
    let item = &queue[0];
    assert_eq!(item["target_id"], idea.as_str());
    assert_eq!(item["reports"].as_array().map(Vec::len), Some(3));
    assert_eq!(item["held"], "Reports");
    let (status, page) = app.get(&clara, "/admin/moderation").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Das ist Werbung, keine Idee."));

    // Dismissed: public again, the queue empty, the decision logged.
    let res = app
        .call::<Moderate>(
            &julia,
            &[("kind", "idea"), ("target", &idea), ("decision", "dismiss")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .call::<Moderate>(
            &clara,
            &[("kind", "idea"), ("target", &idea), ("decision", "dismiss")],
        )
        .await;
    assert!(ok(&res), "{}", res.status());
    let (status, _) = app.get(&visitor, &format!("/ideas/{idea}")).await;
    assert_eq!(status, StatusCode::OK);
    let res = app.call::<ModerationQueue>(&clara, &[]).await;
    let queue: serde_json::Value = res.json().await.expect("queue");
    assert_eq!(queue.as_array().map(Vec::len), Some(0));
    assert!(
        audit_actions(&app, &clara)
            .await
            .contains(&"ReportsDismissed".to_owned())
    );

    // A comment reported once is hidden by an admin: its text goes, for everyone.
    let mut julias = None;
    for (id, _) in published_ideas(&app, &anna).await {
        let res = app.call::<GetComments>(&anna, &[("idea", &id)]).await;
        let comments: serde_json::Value = res.json().await.expect("comments");
        if let Some(c) = comments["threads"].as_array().and_then(|t| t.first()) {
            julias = Some((id, c["id"].as_str().expect("id").to_owned()));
            break;
        }
    }
    let (commented, comment) = julias.expect("the demo has a comment on one of Anna's ideas");
    assert!(fine(report(&app, &anna, "comment", &comment).await));
    let res = app
        .call::<Moderate>(
            &clara,
            &[
                ("kind", "comment"),
                ("target", &comment),
                ("decision", "hide"),
            ],
        )
        .await;
    assert!(ok(&res), "{}", res.status());
    let res = app
        .call::<GetComments>(&tobias, &[("idea", &commented)])
        .await;
    let after: serde_json::Value = res.json().await.expect("comments");
    let hidden = after["threads"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["id"] == comment.as_str()))
        .expect("still listed");
    assert_eq!(hidden["held"], true);
    assert_eq!(hidden["body_html"], "");
    assert!(
        audit_actions(&app, &clara)
            .await
            .contains(&"ContentHidden".to_owned())
    );
}
on_both_databases!(
    reports_hide_content_until_an_admin_decides,
    reports_hide_and_admins_decide
);

/// Throwaway accounts hide nothing: an unconfirmed account may not report, and reports of
/// accounts younger than `report_account_hours` reach the admins without holding anything.
async fn young_accounts_report_without_hiding(db: Db) {
    let moved = MovedClock::default();
    let app = spawn_demo_at(db, moved.clock()).await;
    let anna = demo_member(&app, "anna").await;
    let clara = demo_member(&app, "clara").await;
    let (idea, _) = published_idea(&app, &anna).await;
    let visitor = app.client();
    let page = format!("/ideas/{idea}");

    let ghost = app.member("ghost@example.org", "Ghost", false).await;
    assert_eq!(
        report(&app, &ghost, "idea", &idea).await,
        StatusCode::FORBIDDEN
    );
    let mut fresh = Vec::new();
    for n in 0..3 {
        let email = format!("fresh{n}@example.org");
        fresh.push(app.member(&email, &format!("Fresh {n}"), true).await);
    }
    for client in &fresh {
        assert!(fine(report(&app, client, "idea", &idea).await));
    }
    let (status, _) = app.get(&visitor, &page).await;
    assert_eq!(status, StatusCode::OK, "three day-old accounts hid it");
    // The admins hear every report.
    let res = app.call::<ModerationQueue>(&clara, &[]).await;
    let queue: serde_json::Value = res.json().await.expect("queue");
    let item = queue
        .as_array()
        .and_then(|q| q.iter().find(|i| i["target_id"] == idea.as_str()))
        .expect("in the queue");
    assert_eq!(item["reports"].as_array().map(Vec::len), Some(3));
    assert!(item["held"].is_null(), "{item}");

    // A day later the same accounts count: the next report holds it.
    moved.set(chrono::Duration::hours(25));
    let julia = demo_member(&app, "julia").await;
    assert!(fine(report(&app, &julia, "idea", &idea).await));
    let (status, _) = app.get(&visitor, &page).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
on_both_databases!(
    young_and_unconfirmed_accounts_hide_nothing,
    young_accounts_report_without_hiding
);

async fn suspension_and_roles(db: Db) {
    let app = spawn_demo(db).await;
    let clara = demo_member(&app, "clara").await;
    let julia = demo_member(&app, "julia").await;
    let anna = demo_member(&app, "anna").await;
    let julia_id = whoami(&app, &julia).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let clara_id = whoami(&app, &clara).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let (idea, title) = published_idea(&app, &julia).await;

    // Members find nothing here.
    for res in [
        app.call::<AdminMembers>(&anna, &[]).await,
        app.call::<SetSuspended>(&anna, &[("member", &julia_id), ("suspend", "on")])
            .await,
        app.call::<SetRole>(&anna, &[("member", &julia_id), ("role", "admin")])
            .await,
        app.call::<AuditLog>(&anna, &[]).await,
    ] {
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    let (status, _) = app.get(&anna, "/admin/members").await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Search finds Julia by name.
    let res = app.call::<AdminMembers>(&clara, &[("q", "julia b")]).await;
    let found: serde_json::Value = res.json().await.expect("members");
    assert_eq!(found[0]["id"], julia_id.as_str(), "{found}");

    // Suspended: her session ends, she cannot log in (and is told why), her idea and
    // profile are hidden.
    let res = app
        .call::<SetSuspended>(&clara, &[("member", &julia_id), ("suspend", "on")])
        .await;
    assert!(ok(&res), "{}", res.status());
    assert!(whoami(&app, &julia).await.is_null(), "session ended");
    let res = app
        .login(
            &app.client(),
            "julia@demo.civic-innovation.invalid",
            server::seed::DEMO_PASSWORD,
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.expect("body").contains("Suspended"));
    // A wrong password learns nothing about the suspension.
    let res = app
        .login(
            &app.client(),
            "julia@demo.civic-innovation.invalid",
            "wrong one",
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let (_, market) = app.get(&app.client(), "/").await;
    assert!(!market.contains(&title));
    let (status, _) = app.get(&anna, &format!("/profiles/{julia_id}")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let (status, _) = app.get(&clara, &format!("/profiles/{julia_id}")).await;
    assert_eq!(status, StatusCode::OK, "admins still read it");

    // Reinstated: all of it back.
    let res = app
        .call::<SetSuspended>(&clara, &[("member", &julia_id)])
        .await;
    assert!(ok(&res));
    let julia = demo_member(&app, "julia").await;
    assert_eq!(whoami(&app, &julia).await["id"], julia_id.as_str());
    let (status, _) = app.get(&app.client(), &format!("/ideas/{idea}")).await;
    assert_eq!(status, StatusCode::OK);

    // Roles: Clara makes Julia an admin; nobody changes their own role.
    let res = app
        .call::<SetRole>(&clara, &[("member", &clara_id), ("role", "member")])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .call::<SetRole>(&clara, &[("member", &julia_id), ("role", "boss")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .call::<SetRole>(&clara, &[("member", &julia_id), ("role", "admin")])
        .await;
    assert!(ok(&res));
    let res = app.call::<AuditLog>(&julia, &[]).await;
    assert_eq!(res.status(), StatusCode::OK, "Julia is an admin now");

    // Every step is in the log, which the database keeps as it is.
    let actions = audit_actions(&app, &clara).await;
    for a in ["Suspended", "Reinstated", "RoleChanged"] {
        assert!(actions.contains(&a.to_owned()), "{a} in {actions:?}");
    }
    let (status, page) = app.get(&clara, "/admin/audit").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Member suspended") || page.contains("Mitglied gesperrt"));
    let database = Database::connect(&app.config.database_url)
        .await
        .expect("connect");
    assert!(
        database
            .execute_unprepared("DELETE FROM audit_log")
            .await
            .is_err(),
        "entries cannot be deleted"
    );
    assert!(
        database
            .execute_unprepared("UPDATE audit_log SET detail = 'nothing happened'")
            .await
            .is_err(),
        "entries cannot be changed"
    );
    assert_eq!(audit_actions(&app, &clara).await, actions);
}
on_both_databases!(admins_suspend_reinstate_and_appoint, suspension_and_roles);

/// A message of someone else's that moderation hid leaves the reader's export too (its
/// place says why); its author's own export keeps their words.
async fn hidden_messages_leave_the_export(db: Db) {
    let app = spawn_demo(db).await;
    let anna = demo_member(&app, "anna").await;
    let clara = demo_member(&app, "clara").await;
    let inbox: serde_json::Value = app
        .call::<MyMessages>(&anna, &[])
        .await
        .json()
        .await
        .expect("inbox");
    let mut found = None;
    for c in inbox["conversations"].as_array().expect("conversations") {
        let id = c["id"].as_str().expect("id");
        let talk: serde_json::Value = app
            .call::<GetConversation>(&anna, &[("id", id)])
            .await
            .json()
            .await
            .expect("conversation");
        if let Some(m) = talk["messages"].as_array().and_then(|ms| {
            ms.iter()
                .find(|m| m["mine"] == false && m["author_name"].is_string())
        }) {
            found = Some((
                m["id"].as_i64().expect("id"),
                m["body"].as_str().expect("body").to_owned(),
            ));
            break;
        }
    }
    let (message, body) = found.expect("the demo has a message to Anna");
    assert!(fine(
        report(&app, &anna, "message", &message.to_string()).await
    ));
    let res = app
        .call::<Moderate>(
            &clara,
            &[
                ("kind", "message"),
                ("target", &message.to_string()),
                ("decision", "hide"),
            ],
        )
        .await;
    assert!(ok(&res), "{}", res.status());
    let (status, export) = app.get(&anna, "/me/data.json").await;
    assert_eq!(status, StatusCode::OK);
    let export: serde_json::Value = serde_json::from_str(&export).expect("json");
    let row = export["messages"]
        .as_array()
        .and_then(|ms| ms.iter().find(|m| m["id"] == message))
        .expect("listed");
    assert!(row["body"].is_null(), "{row}");
    assert_eq!(row["withheld"], "hidden by moderation");
    assert!(!row.to_string().contains(&body), "the hidden words left");
}
on_both_databases!(
    hidden_messages_leave_the_readers_export,
    hidden_messages_leave_the_export
);

/// A hold has causes that stack: reinstating a suspended member lifts the suspension's
/// hold only, so a profile an admin hid stays hidden.
async fn holds_stack(db: Db) {
    let app = spawn_demo(db).await;
    let clara = demo_member(&app, "clara").await;
    let xavier = app.member("xavier@example.org", "Xavier", true).await;
    let form = profile_form("Xavier", "sme", &[("bio", "Kauft billig, verkauft teuer.")]);
    assert!(ok(&app.call::<SaveProfile>(&xavier, &form).await));
    let id = id_of(&app, &xavier).await;
    let julia = demo_member(&app, "julia").await;
    assert!(fine(report(&app, &julia, "profile", &id).await));
    let hide = [
        ("kind", "profile"),
        ("target", id.as_str()),
        ("decision", "hide"),
    ];
    assert!(ok(&app.call::<Moderate>(&clara, &hide).await));
    let page = format!("/profiles/{id}");
    let (status, _) = app.get(&julia, &page).await;
    assert_ne!(status, StatusCode::OK, "hidden by the admin");
    let res = app
        .call::<SetSuspended>(&clara, &[("member", &id), ("suspend", "on")])
        .await;
    assert!(ok(&res), "suspend: {}", res.status());
    let res = app.call::<SetSuspended>(&clara, &[("member", &id)]).await;
    assert!(ok(&res), "reinstate: {}", res.status());
    let (status, _) = app.get(&julia, &page).await;
    assert_ne!(
        status,
        StatusCode::OK,
        "reinstating brought back what the admin hid"
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM holds WHERE cause = 'admin'").await,
        1
    );
}
on_both_databases!(hold_causes_stack, holds_stack);

/// "Suspend the author" suspends whoever owns the content now: reports made before an
/// idea was handed over do not suspend its former owner.
async fn suspension_follows_the_owner(db: Db) {
    let app = spawn_demo(db).await;
    let clara = demo_member(&app, "clara").await;
    let olga = app.member("olga@example.org", "Olga", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let idea = app.group(&olga, &[&ben], "Sunny roofs").await;
    let ben_id = &ben.id;
    let julia = demo_member(&app, "julia").await;
    assert!(fine(report(&app, &julia, "idea", &idea).await));
    let res = app
        .call::<HandOver>(&olga, &[("idea", &idea), ("member", ben_id)])
        .await;
    assert!(ok(&res), "hand over: {}", res.status());
    let suspend = [
        ("kind", "idea"),
        ("target", idea.as_str()),
        ("decision", "suspend"),
    ];
    let res = app.call::<Moderate>(&clara, &suspend).await;
    assert!(ok(&res), "{}", res.status());
    assert!(
        whoami(&app, &ben).await.is_null(),
        "the owner now is suspended"
    );
    assert!(
        !whoami(&app, &olga).await.is_null(),
        "the former owner is not"
    );
}
on_both_databases!(
    suspension_follows_the_current_owner,
    suspension_follows_the_owner
);
