//! The showcase through the real server: an idea's stage follows its group, its
//! submissions and the jury until the group declares one; the group's progress updates and
//! a successful failure's retrospective are public, written only by the group; `/showcase`
//! filters by stage and call.

use crate::contest::submission;
use crate::prelude::*;

/// An idea's progress as its page reads it (`get_idea`: public for a published idea).
async fn progress(app: &TestApp, client: &Client, idea: &str) -> serde_json::Value {
    json::<GetIdea>(app, client, &[("id", idea)]).await["progress"].clone()
}

fn titles(showcase: &serde_json::Value) -> Vec<(String, String)> {
    showcase["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["card"]["title"].as_str().expect("title").to_owned(),
                i["stage"].as_str().expect("stage").to_owned(),
            )
        })
        .collect()
}

async fn post(app: &TestApp, client: &Client, idea: &str, body: &str, link: &str) -> StatusCode {
    app.call::<PostUpdate>(client, &[("idea", idea), ("body", body), ("link", link)])
        .await
        .status()
}

async fn stage(app: &TestApp, client: &Client, idea: &str, stage: &str) -> StatusCode {
    app.call::<SetStage>(client, &[("idea", idea), ("stage", stage)])
        .await
        .status()
}

async fn retrospective(app: &TestApp, client: &Client, idea: &str, learned: &str) -> StatusCode {
    app.call::<SaveRetrospective>(
        client,
        &[
            ("idea", idea),
            ("tried", "Sensors on every parking space."),
            ("why_not", "The sensors froze in winter."),
            ("learned", learned),
        ],
    )
    .await
    .status()
}

async fn progress_is_public_and_written_by_its_group(db: Db) {
    let moved = MovedClock::default();
    let app = spawn_app_at(db, moved.clock()).await;
    let call = open_call(&app, [-1, 2, 10, 12], chrono::Utc::now()).await;
    let admin = app.client();
    assert!(ok(&app.login(&admin, "admin@example.org", PASSWORD).await));
    let visitor = app.client();
    let olga = app.member("olga@example.org", "Olga", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let carl = app.member("carl@example.org", "Carl", true).await;
    let mia = app.member("mia@example.org", "Mia", true).await;
    let entered = entry(&app, &call, &olga, &ben, "Bikes for everyone").await;
    let bikes = submission(&app, &olga, &entered).await["idea_id"]
        .as_str()
        .expect("idea")
        .to_owned();
    let parking = publish_idea(
        &app,
        &carl,
        &[("title", "Smart parking"), ("teaser", "Sensors")],
    )
    .await;

    // Entered and approved: the idea stands as submitted, in the showcase for anyone.
    let s = json::<Showcase>(&app, &visitor, &[]).await;
    assert_eq!(
        titles(&s),
        [("Bikes for everyone".into(), "Submitted".into())]
    );
    assert_eq!(s["items"][0]["calls"][0]["won"], false);
    assert_eq!(s["calls"].as_array().expect("calls").len(), 1);
    let p = progress(&app, &visitor, &bikes).await;
    assert_eq!(p["stage"], "Submitted");
    assert_eq!(p["can_post"], false);
    assert_eq!(progress(&app, &carl, &parking).await["stage"], "Idea");

    // Only the group posts; bad input is refused field by field, nothing stored.
    assert_eq!(
        post(&app, &visitor, &bikes, "Hello", "").await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post(&app, &mia, &bikes, "Hello", "").await,
        StatusCode::FORBIDDEN
    );
    let res = app
        .call::<PostUpdate>(
            &ben,
            &[
                ("idea", &bikes),
                ("body", "  "),
                ("link", "javascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err = res.text().await.expect("body");
    assert!(
        err.contains("\"body\"") && err.contains("\"link\""),
        "{err}"
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM progress_updates").await,
        0
    );
    assert_eq!(
        post(
            &app,
            &ben,
            &bikes,
            "**Pilot** with 20 bikes started.",
            "https://example.org/pilot"
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(
        post(&app, &olga, &bikes, "Second station opened.", "").await,
        StatusCode::OK
    );

    // The timeline is public: in the progress and on the idea page a visitor gets.
    let p = progress(&app, &visitor, &bikes).await;
    let updates = p["updates"].as_array().expect("updates");
    assert_eq!(updates.len(), 2);
    assert!(
        updates[1]["body_html"]
            .as_str()
            .expect("html")
            .contains("<strong>Pilot</strong>")
    );
    assert_eq!(updates[1]["link"], "https://example.org/pilot");
    assert_eq!(updates[0]["can_delete"], false);
    let (status, html) = app.get(&visitor, &format!("/ideas/{bikes}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Second station opened."),
        "the timeline is on the page"
    );
    assert!(!html.contains(SECRET));

    // Ben deletes his own update; Mia cannot, Olga (the owner) could.
    let bens = updates[1]["id"].as_str().expect("id").to_owned();
    assert_eq!(
        app.call::<DeleteUpdate>(&mia, &[("id", &bens)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert!(ok(&app.call::<DeleteUpdate>(&ben, &[("id", &bens)]).await));
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM progress_updates").await,
        1
    );

    // A prize is the jury's: a group cannot declare it. A winner counts from the results date.
    assert_eq!(
        stage(&app, &olga, &bikes, "awarded").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    moved.set(chrono::Duration::days(3));
    let res = app
        .call::<SetWinner>(&admin, &[("submission", &entered), ("winner", "true")])
        .await;
    assert!(ok(&res), "{}", res.status());
    let awarded = [("stage", "awarded")];
    assert!(titles(&json::<Showcase>(&app, &visitor, &awarded).await).is_empty());
    moved.set(chrono::Duration::days(13));
    assert_eq!(
        titles(&json::<Showcase>(&app, &visitor, &awarded).await),
        [("Bikes for everyone".into(), "Awarded".into())]
    );

    // The group declares what only it knows; an outsider cannot.
    assert_eq!(
        stage(&app, &mia, &bikes, "in_implementation").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        stage(&app, &ben, &bikes, "in_implementation").await,
        StatusCode::OK
    );
    assert_eq!(
        progress(&app, &visitor, &bikes).await["stage"],
        "InImplementation"
    );

    // Carl's idea ends as a successful failure: the retrospective needs every answer.
    assert_eq!(
        app.call::<GetRetrospective>(&mia, &[("idea", &parking)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        retrospective(&app, &carl, &parking, "").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM retrospectives").await, 0);
    assert_eq!(
        retrospective(
            &app,
            &carl,
            &parking,
            "Test the hardware through a winter first."
        )
        .await,
        StatusCode::OK
    );
    let p = progress(&app, &visitor, &parking).await;
    assert_eq!(p["stage"], "SuccessfulFailure");
    assert!(
        p["retrospective"]["why_not_html"]
            .as_str()
            .expect("html")
            .contains("froze")
    );

    // The showcase: both, most recent activity first; filtered by stage or by call.
    let all = json::<Showcase>(&app, &visitor, &[]).await;
    assert_eq!(
        titles(&all),
        [
            ("Smart parking".into(), "SuccessfulFailure".into()),
            ("Bikes for everyone".into(), "InImplementation".into()),
        ]
    );
    assert_eq!(
        all["items"][0]["lesson"],
        "Test the hardware through a winter first."
    );
    assert_eq!(all["items"][1]["calls"][0]["won"], true);
    assert_eq!(all["items"][1]["updates"], 1);
    let failures = json::<Showcase>(&app, &visitor, &[("stage", "successful_failure")]).await;
    assert_eq!(titles(&failures).len(), 1);
    let in_call = json::<Showcase>(&app, &visitor, &[("call", &call)]).await;
    assert_eq!(
        titles(&in_call),
        [("Bikes for everyone".into(), "InImplementation".into())]
    );
    // Unknown filters are dropped, never an error.
    let odd = json::<Showcase>(&app, &visitor, &[("stage", "idea"), ("call", "nope")]).await;
    assert_eq!(titles(&odd).len(), 2);
    let (status, html) = app
        .get(&visitor, "/showcase?stage=successful_failure")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Smart parking") && html.contains("through a winter"));
    assert!(!html.contains("Bikes for everyone"));

    // A draft has no public progress: its group is told to publish first.
    let draft = app
        .create_idea(&olga, "Not yet public", "A teaser", "")
        .await;
    assert_eq!(
        post(&app, &olga, &draft, "Hello", "").await,
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.call::<GetIdea>(&visitor, &[("id", &draft)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}
on_both_databases!(
    progress_is_public_and_written_by_its_group_scenario,
    progress_is_public_and_written_by_its_group
);
