//! The idea contest through the real server: admins (made by the command line) open calls,
//! a group enters its idea, edits it and every member approves it before it counts; the
//! deadline is the server's clock's, to the second; nobody outside the group sees it.

use crate::prelude::*;

async fn calls_are_run_by_admins(db: Db) {
    let app = spawn_app(db).await;
    let visitor = app.client();
    let member = app.member("mia@example.org", "Mia", true).await;
    let admin = app.member("ada@example.org", "Ada", true).await;
    let now = chrono::Utc::now();
    let form = call_form([-1, 30, 60, 70], now);

    // Only the command line makes an admin; before it, Ada is a member like Mia.
    assert_eq!(
        save_call(&app, &visitor, &form).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        save_call(&app, &admin, &form).await.status(),
        StatusCode::FORBIDDEN
    );
    let nobody = command(&app.config, &["admin", "grant", "nobody@example.org"]).await;
    assert_eq!(nobody.map_err(|e| e.exit_code()), Err(2));
    grant(&app, "ada@example.org").await;
    assert_eq!(
        save_call(&app, &member, &form).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call::<CallEditor>(&member, &[("id", "")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    // Bad input: every field's error at once, nothing stored.
    let mut bad = form.clone();
    for (k, v) in bad.iter_mut() {
        match *k {
            "title_en" => *v = "AI".into(),
            "closes_at" => *v = form[6].1.clone(),
            "max_amount" => *v = "12,50".into(),
            "results_at" => *v = "31.03.2027".into(),
            "kind" => *v = "lottery".into(),
            "weight_innovation" => *v = "9".into(),
            _ => {}
        }
    }
    let res = save_call(&app, &admin, &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err = res.text().await.expect("body");
    for field in [
        "title_en",
        "closes_at",
        "max_amount",
        "results_at",
        "kind",
        "weight_innovation",
    ] {
        assert!(err.contains(&format!("\"{field}\"")), "{field}: {err}");
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM calls").await, 0);

    // An open call and an upcoming one.
    assert!(ok(&save_call(&app, &admin, &form).await));
    assert!(ok(&save_call(
        &app,
        &admin,
        &call_form([10, 40, 60, 70], now)
    )
    .await));
    let calls = json::<ListCalls>(&app, &visitor, &[]).await;
    assert_eq!(calls["open"].as_array().expect("open").len(), 1);
    assert_eq!(calls["upcoming"].as_array().expect("upcoming").len(), 1);
    assert_eq!(calls["admin"], false);
    let open = calls["open"][0]["id"].as_str().expect("id").to_owned();
    assert_eq!(calls["open"][0]["max_amount_cents"], 2_000_000);

    // Visitors read a call (German by default, the amount in their language); only the
    // admin is offered to edit it.
    let (status, html) = app
        .get(&app.client_in("de"), &format!("/calls/{open}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("KI ist, was wir daraus machen 2027"),
        "{html}"
    );
    assert!(html.contains("20.000 €"));
    assert!(!html.contains("/edit\""));
    let (_, html) = app.get(&admin, &format!("/calls/{open}")).await;
    assert!(html.contains(&format!("/calls/{open}/edit")));

    // The admin changes it: the form shows Berlin time, and the new title is saved.
    let stored = json::<CallEditor>(&app, &admin, &[("id", &open)]).await;
    assert_eq!(stored["closes_at"], form[7].1.as_str());
    let mut edited = form.clone();
    edited[0].1 = open.clone();
    edited[3].1 = "AI is what we make it, 2027 edition".into();
    assert!(ok(&save_call(&app, &admin, &edited).await));
    let view = json::<GetCall>(&app, &visitor, &[("id", &open)]).await;
    assert_eq!(view["call"]["title"], "AI is what we make it, 2027 edition");
    assert_eq!(view["fields"], serde_json::json!(["Problem", "Budget"]));
    assert!(view["entries"].is_null(), "visitors have no entries");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM calls").await, 2);
}
on_both_databases!(calls_are_run_by_admins_scenario, calls_are_run_by_admins);

pub(crate) async fn submission(app: &TestApp, client: &Client, id: &str) -> serde_json::Value {
    json::<GetSubmission>(app, client, &[("id", id)]).await
}

async fn save(
    app: &TestApp,
    client: &Client,
    id: &str,
    version: i64,
    problem: &str,
    budget: &str,
) -> StatusCode {
    let version = version.to_string();
    app.call::<SaveSubmission>(
        client,
        &[
            ("id", id),
            ("version", &version),
            ("title", "Shared bikes for the district"),
            ("teaser", "Where bikes are, when you need them."),
            ("description", SECRET),
            ("problem", problem),
            ("budget", budget),
        ],
    )
    .await
    .status()
}

async fn a_group_submits_together(db: Db) {
    let moved = MovedClock::default();
    let app = spawn_app_at(db, moved.clock()).await;
    let now = chrono::Utc::now();
    let call = open_call(&app, [-1, 2, 10, 12], now).await;
    let olga = app.member("olga@example.org", "Olga", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let carl = app.member("carl@example.org", "Carl", true).await;
    let idea = publish_idea(
        &app,
        &olga,
        &[
            ("title", "Shared bikes for the district"),
            ("teaser", "Where bikes are"),
            ("description", SECRET),
        ],
    )
    .await;
    let start = |who: &Client| {
        let who = who.clone();
        let (app, call, idea) = (&app, call.clone(), idea.clone());
        async move {
            app.call::<StartSubmission>(&who, &[("call", &call), ("idea", &idea)])
                .await
                .status()
        }
    };

    // Alone, Olga cannot enter; someone else's idea is not found.
    assert_eq!(start(&olga).await, StatusCode::CONFLICT);
    let entries = json::<GetCall>(&app, &olga, &[("id", &call)]).await["entries"].clone();
    assert_eq!(entries[0]["refusal"], "GroupSize");
    assert_eq!(start(&carl).await, StatusCode::NOT_FOUND);
    let ben_id = id_of(&app, &ben).await;
    assert_eq!(invite(&app, &olga, &idea, &ben_id).await, StatusCode::OK);
    let invitation = invitation_for(&app, &ben, &idea).await;
    let accepted = answer(&app, &ben, &invitation, "accept").await;
    assert!(
        accepted.is_success() || accepted.is_redirection(),
        "{accepted}"
    );

    // Ben enters the group's idea: a copy of it; a second start is refused.
    let started = start(&ben).await;
    assert!(
        started.is_success() || started.is_redirection(),
        "{started}"
    );
    assert_eq!(start(&olga).await, StatusCode::CONFLICT);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM submissions").await, 1);
    let entries = json::<GetCall>(&app, &olga, &[("id", &call)]).await["entries"].clone();
    let id = entries[0]["submission"][0]
        .as_str()
        .expect("submission id")
        .to_owned();
    assert_eq!(entries[0]["submission"][1], "Draft");
    let s = submission(&app, &olga, &id).await;
    assert_eq!(s["version"], 1);
    assert_eq!(s["description"], SECRET);
    assert_eq!(s["status"], "Draft");
    // Olga is asked for her approval at once, in the app and by mail; Ben, who started
    // it, is not.
    let told = json::<GetNotifications>(&app, &olga, &[]).await;
    assert_eq!(told["items"][0]["kind"], "ApprovalNeeded");
    assert_eq!(told["items"][0]["link"], format!("/submissions/{id}"));
    let asked = app.mails_to("olga@example.org");
    assert!(
        asked
            .iter()
            .any(|m| m.contains(&format!("/submissions/{id}"))),
        "{asked:?}"
    );
    assert!(!asked.iter().any(|m| m.contains(SECRET)), "never the text");
    let ben_told = json::<GetNotifications>(&app, &ben, &[]).await;
    assert!(
        !ben_told["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|n| n["kind"] == "ApprovalNeeded")
    );

    // Nobody outside the group sees it.
    assert_eq!(
        app.call::<GetSubmission>(&carl, &[("id", &id)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call::<GetSubmission>(&app.client(), &[("id", &id)])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let (status, html) = app.get(&app.client(), &format!("/submissions/{id}")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(!html.contains(SECRET));
    assert_eq!(approve(&app, &carl, &id, 1).await, StatusCode::NOT_FOUND);

    // Olga completes it (version 2); a save from version 1 is refused, not merged over it.
    assert_eq!(
        save(&app, &olga, &id, 1, "Bikes stand idle", "15000").await,
        StatusCode::OK
    );
    assert_eq!(
        save(&app, &ben, &id, 1, "Late", "").await,
        StatusCode::CONFLICT
    );
    // Bad input: a budget over the call's maximum, or in cents.
    assert_eq!(
        save(&app, &olga, &id, 2, "x", "25000").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        save(&app, &olga, &id, 2, "x", "12,50").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM submission_versions").await,
        2
    );

    // Olga approves: it does not count until Ben approves the same version.
    assert_eq!(approve(&app, &olga, &id, 2).await, StatusCode::OK);
    assert_eq!(submission(&app, &olga, &id).await["status"], "Draft");
    assert_eq!(approve(&app, &ben, &id, 1).await, StatusCode::CONFLICT);
    assert_eq!(approve(&app, &ben, &id, 2).await, StatusCode::OK);
    let s = submission(&app, &ben, &id).await;
    assert_eq!(s["status"], "Submitted");
    assert_eq!(s["submitted_version"], 2);
    assert_eq!(
        s["answers"],
        serde_json::json!([["Problem", "Bikes stand idle"], ["Budget", "15000"]])
    );

    // Ben edits: version 2 still counts while version 3 waits for both.
    assert_eq!(
        save(&app, &ben, &id, 2, "Bikes stand idle at night", "15.000").await,
        StatusCode::OK
    );
    let s = submission(&app, &olga, &id).await;
    assert_eq!(
        (
            s["status"].as_str(),
            s["submitted_version"].as_i64(),
            s["version"].as_i64()
        ),
        (Some("Submitted"), Some(2), Some(3))
    );

    // Withdrawn, it no longer counts, and entering it again takes both approvals.
    let res = app.call::<WithdrawSubmission>(&olga, &[("id", &id)]).await;
    assert!(ok(&res), "{}", res.status());
    assert_eq!(submission(&app, &ben, &id).await["status"], "Withdrawn");
    assert_eq!(approve(&app, &ben, &id, 3).await, StatusCode::OK);
    assert_eq!(submission(&app, &ben, &id).await["status"], "Withdrawn");
    assert_eq!(approve(&app, &olga, &id, 3).await, StatusCode::OK);
    let s = submission(&app, &ben, &id).await;
    assert_eq!(
        (s["status"].as_str(), s["submitted_version"].as_i64()),
        (Some("Submitted"), Some(3))
    );

    // One second before the deadline a save still lands; at and after it nothing does.
    let deadline =
        chrono::DateTime::parse_from_rfc3339(s["call"]["closes_at"].as_str().expect("deadline"))
            .expect("time")
            .with_timezone(&chrono::Utc);
    let to = |t: chrono::DateTime<chrono::Utc>| moved.set(t - chrono::Utc::now());
    to(deadline - chrono::Duration::seconds(5));
    assert_eq!(
        save(&app, &olga, &id, 3, "Final words", "15000").await,
        StatusCode::OK
    );
    to(deadline + chrono::Duration::seconds(1));
    let versions = scalar(&app, "SELECT COUNT(*) FROM submission_versions").await;
    assert_eq!(
        save(&app, &olga, &id, 4, "Too late", "15000").await,
        StatusCode::CONFLICT
    );
    assert_eq!(approve(&app, &ben, &id, 4).await, StatusCode::CONFLICT);
    let res = app.call::<WithdrawSubmission>(&olga, &[("id", &id)]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM submission_versions").await,
        versions
    );
    let s = submission(&app, &ben, &id).await;
    assert_eq!(
        (s["status"].as_str(), s["submitted_version"].as_i64()),
        (Some("Submitted"), Some(3))
    );
    assert_eq!(s["locked"], "CallClosed");
    let (_, html) = app.get(&olga, &format!("/submissions/{id}")).await;
    assert!(
        html.contains("The submission deadline has passed"),
        "{html}"
    );
    assert!(
        !html.contains("name=\"version\""),
        "no form after the deadline"
    );

    // A funding call: the group's application starts from its counted contest entry
    // (version 3 and its answers), not from the idea, and says so before it starts.
    let admin = app.client();
    assert!(ok(&app.login(&admin, "admin@example.org", PASSWORD).await));
    let mut form = call_form([1, 30, 40, 50], chrono::Utc::now());
    form[1].1 = "funding".into();
    form[2].1 = "Projektförderung 2027".into();
    form[3].1 = "Project funding 2027".into();
    assert!(ok(&save_call(&app, &admin, &form).await));
    let calls = json::<ListCalls>(&app, &olga, &[]).await;
    let funding = calls["open"][0]["id"].as_str().expect("funding").to_owned();
    let entries = json::<GetCall>(&app, &olga, &[("id", &funding)]).await["entries"].clone();
    assert_eq!(entries[0]["from_contest"], "AI is what we make it 2027");
    let res = app
        .call::<StartSubmission>(&olga, &[("call", &funding), ("idea", &idea)])
        .await;
    assert!(ok(&res), "{}", res.status());
    let entries = json::<GetCall>(&app, &olga, &[("id", &funding)]).await["entries"].clone();
    let application = entries[0]["submission"][0].as_str().expect("application");
    let s = submission(&app, &ben, application).await;
    assert_eq!(
        (s["version"].as_i64(), s["status"].as_str()),
        (Some(1), Some("Draft"))
    );
    assert_eq!(
        s["answers"][0],
        serde_json::json!(["Problem", "Bikes stand idle at night"])
    );
}
on_both_databases!(a_group_submits_together_scenario, a_group_submits_together);

/// A member who left does not count, and a group of one cannot approve: nothing stored.
async fn a_group_of_one_cannot_submit(db: Db) {
    let app = spawn_app(db).await;
    let call = open_call(&app, [-1, 2, 10, 12], chrono::Utc::now()).await;
    let olga = app.member("olga@example.org", "Olga", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let idea = app.group(&olga, &[&ben], "Shared bikes").await;
    let res = app
        .call::<StartSubmission>(&olga, &[("call", &call), ("idea", &idea)])
        .await;
    assert!(ok(&res), "{}", res.status());
    let entries = json::<GetCall>(&app, &olga, &[("id", &call)]).await["entries"].clone();
    let id = entries[0]["submission"][0].as_str().expect("id").to_owned();
    assert!(ok(&app.call::<LeaveGroup>(&ben, &[("idea", &idea)]).await));
    assert_eq!(approve(&app, &olga, &id, 1).await, StatusCode::CONFLICT);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM submission_approvals").await,
        0
    );
    assert_eq!(
        app.call::<GetSubmission>(&ben, &[("id", &id)])
            .await
            .status(),
        StatusCode::NOT_FOUND,
        "who left the group no longer sees its submission"
    );
}
on_both_databases!(
    a_group_of_one_cannot_submit_scenario,
    a_group_of_one_cannot_submit
);
