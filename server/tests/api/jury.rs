//! The jury through the real server: admins appoint jurors; after the deadline each juror
//! sees only the entries they have no tie to, scores them on the call's scale, may declare
//! a conflict; the ranking shows means, spreads and disagreement; winners become public on
//! the results date, not before.

use crate::prelude::*;

async fn appoint(app: &TestApp, admin: &Client, call: &str, email: &str) -> StatusCode {
    app.call::<AppointJuror>(admin, &[("call", call), ("email", email)])
        .await
        .status()
}

async fn scores(app: &TestApp, juror: &Client, id: &str, set: &[(&str, &str)]) -> StatusCode {
    let mut form = vec![("submission", id)];
    form.extend_from_slice(set);
    app.call::<SaveScores>(juror, &form).await.status()
}

fn titles(queue: &serde_json::Value) -> Vec<String> {
    queue["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["title"].as_str().expect("title").to_owned())
        .collect()
}

async fn organisation(app: &TestApp, client: &Client, name: &str, org: &str) {
    let form = profile_form(name, "municipality", &[("organisation_name", org)]);
    let res = app.call::<SaveProfile>(client, &form).await;
    assert!(ok(&res), "profile: {}", res.status());
}

/// `from` and `to` talk: a contact request, accepted.
async fn talk(app: &TestApp, from: &Client, to: &Client) {
    let to_id = id_of(app, to).await;
    let res = app
        .call::<RequestContact>(from, &[("to", &to_id), ("note", "Hello!")])
        .await;
    assert!(ok(&res), "request: {}", res.status());
    let inbox = json::<MyMessages>(app, to, &[]).await;
    let request = inbox["received"][0]["id"]
        .as_str()
        .expect("request")
        .to_owned();
    let res = app
        .call::<AnswerRequest>(to, &[("id", &request), ("answer", "accept")])
        .await;
    assert!(ok(&res), "accept: {}", res.status());
}

/// A server on a clock the test moves, with a call open since yesterday (deadline in two
/// days) and its admin logged in.
async fn jury_call(db: Db) -> (TestApp, MovedClock, String, Client) {
    let moved = MovedClock::default();
    let app = spawn_app_at(db, moved.clock()).await;
    let call = open_call(&app, [-1, 2, 10, 12], chrono::Utc::now()).await;
    let admin = app.client();
    assert!(ok(&app.login(&admin, "admin@example.org", PASSWORD).await));
    (app, moved, call, admin)
}

async fn a_jury_scores_what_it_may_see(db: Db) {
    let (app, moved, call, admin) = jury_call(db).await;
    let olga = app.member("olga@example.org", "Olga", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let carl = app.member("carl@example.org", "Carl", true).await;
    let dora = app.member("dora@example.org", "Dora", true).await;
    let jan = app.member("jan@example.org", "Jan", true).await;
    let kim = app.member("kim@example.org", "Kim", true).await;
    let lea = app.member("lea@example.org", "Lea", true).await;
    // Kim works where Olga works; Lea has talked with Dora.
    organisation(&app, &olga, "Olga", "Stadt Leipzig").await;
    organisation(&app, &kim, "Kim", "stadt  leipzig").await;
    talk(&app, &lea, &dora).await;
    let a = entry(&app, &call, &olga, &ben, "Bikes for everyone").await;
    let b = entry(&app, &call, &carl, &dora, "Quiet streets").await;

    // Only admins appoint, only members can be appointed, and only once.
    assert_eq!(
        appoint(&app, &jan, &call, "jan@example.org").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        appoint(&app, &admin, &call, "nobody@example.org").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    for juror in ["jan@example.org", "kim@example.org", "lea@example.org"] {
        assert_eq!(appoint(&app, &admin, &call, juror).await, StatusCode::OK);
    }
    // Each hears of it at once, in the app and by mail, with the way to their queue.
    let told = json::<GetNotifications>(&app, &jan, &[]).await;
    assert_eq!(told["items"][0]["kind"], "JurorAppointed");
    assert_eq!(told["items"][0]["link"], format!("/jury/{call}"));
    let kim_mails = app.mails_to("kim@example.org");
    assert!(
        kim_mails
            .iter()
            .any(|m| m.contains(&format!("/jury/{call}"))),
        "{kim_mails:?}"
    );
    assert_eq!(
        appoint(&app, &admin, &call, "jan@example.org").await,
        StatusCode::CONFLICT
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM jurors").await, 3);
    let jury = json::<GetJury>(&app, &admin, &[("call", &call)]).await;
    assert_eq!(jury["jurors"].as_array().expect("jurors").len(), 3);

    // Before the deadline entries still change: the jury sees none.
    let q = json::<JuryQueue>(&app, &jan, &[("call", &call)]).await;
    assert!(titles(&q).is_empty());
    assert_eq!(q["closed"], "JuryNotStarted");
    assert_eq!(
        app.call::<GetReview>(&jan, &[("submission", &a)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // After it, each juror sees what they have no tie to; a non-juror sees nothing.
    moved.set(chrono::Duration::days(3));
    let q = json::<JuryQueue>(&app, &jan, &[("call", &call)]).await;
    assert_eq!(titles(&q), ["Bikes for everyone", "Quiet streets"]);
    assert!(q["closed"].is_null());
    assert_eq!(
        titles(&json::<JuryQueue>(&app, &kim, &[("call", &call)]).await),
        ["Quiet streets"]
    );
    assert_eq!(
        titles(&json::<JuryQueue>(&app, &lea, &[("call", &call)]).await),
        ["Bikes for everyone"]
    );
    assert_eq!(
        app.call::<JuryQueue>(&ben, &[("call", &call)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // A conflicted juror can neither read nor score the entry.
    assert_eq!(
        app.call::<GetReview>(&kim, &[("submission", &a)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let good = [
        ("score_common_good", "5"),
        ("score_innovation", "4"),
        ("score_feasibility", "3"),
        ("comment_common_good", "Clear benefit for the district."),
    ];
    assert_eq!(scores(&app, &kim, &a, &good).await, StatusCode::FORBIDDEN);
    assert_eq!(scores(&app, &ben, &a, &good).await, StatusCode::NOT_FOUND);

    // Bad scores: off the scale, or missing; nothing stored.
    let review = json::<GetReview>(&app, &jan, &[("submission", &a)]).await;
    assert_eq!(
        review["criteria"].as_array().expect("criteria").len(),
        3,
        "responsibility weighs 0"
    );
    let off = [("score_common_good", "6"), ("score_innovation", "0")];
    assert_eq!(
        scores(&app, &jan, &a, &off).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM scores").await, 0);

    // Jan scores A; his progress shows it. Lea scores A far apart from him.
    assert_eq!(scores(&app, &jan, &a, &good).await, StatusCode::OK);
    let q = json::<JuryQueue>(&app, &jan, &[("call", &call)]).await;
    assert_eq!(q["scored"], 1);
    let lea_scores = [
        ("score_common_good", "1"),
        ("score_innovation", "4"),
        ("score_feasibility", "3"),
    ];
    assert_eq!(scores(&app, &lea, &a, &lea_scores).await, StatusCode::OK);
    // Scoring again replaces one's scores.
    assert_eq!(scores(&app, &jan, &a, &good).await, StatusCode::OK);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM scores").await, 6);

    // Jan scores B, then declares a conflict: it leaves his queue with his scores.
    assert_eq!(scores(&app, &jan, &b, &good).await, StatusCode::OK);
    let res = app
        .call::<DeclareConflict>(&jan, &[("submission", &b)])
        .await;
    assert!(ok(&res), "{}", res.status());
    assert_eq!(
        titles(&json::<JuryQueue>(&app, &jan, &[("call", &call)]).await),
        ["Bikes for everyone"]
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM scores").await, 6);
    let kim_scores = [
        ("score_common_good", "4"),
        ("score_innovation", "2"),
        ("score_feasibility", "2"),
    ];
    assert_eq!(scores(&app, &kim, &b, &kim_scores).await, StatusCode::OK);

    // The ranking: A (weighted mean (3×2 + 4 + 3) / 4 = 3.25) before B (3.0); on A the
    // jurors disagree (5 and 1 on the common good).
    assert_eq!(
        app.call::<GetRanking>(&jan, &[("call", &call)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let r = json::<GetRanking>(&app, &admin, &[("call", &call)]).await;
    let items = r["items"].as_array().expect("items");
    assert_eq!(items[0]["title"], "Bikes for everyone");
    assert_eq!(items[0]["summary"]["total"], 3.25);
    assert_eq!(items[0]["summary"]["disagreement"], true);
    assert_eq!(items[0]["summary"]["criteria"][0]["spread"], 4);
    assert_eq!(items[0]["jurors"], 2);
    assert_eq!(items[1]["summary"]["total"], 3.0);
    let (_, html) = app.get(&admin, &format!("/calls/{call}/ranking")).await;
    assert!(html.contains("<svg"), "a chart");
    assert!(html.contains("Jurors disagree"));

    // The admin marks A the winner: public on the results date, not before.
    let res = app
        .call::<SetWinner>(&admin, &[("submission", &a), ("winner", "true")])
        .await;
    assert!(ok(&res), "{}", res.status());
    let results = json::<GetResults>(&app, &app.client(), &[("call", &call)]).await;
    assert_eq!(results["published"], false);
    assert!(results["winners"].as_array().expect("winners").is_empty());
    let (_, html) = app
        .get(&app.client(), &format!("/calls/{call}/results"))
        .await;
    assert!(!html.contains("Bikes for everyone"));

    // After the jury phase scores are frozen; on the results date the winner is public.
    moved.set(chrono::Duration::days(11));
    assert_eq!(
        scores(&app, &lea, &a, &lea_scores).await,
        StatusCode::CONFLICT
    );
    moved.set(chrono::Duration::days(13));
    let results = json::<GetResults>(&app, &app.client(), &[("call", &call)]).await;
    assert_eq!(results["published"], true);
    assert_eq!(results["winners"][0]["title"], "Bikes for everyone");
    let (status, html) = app
        .get(&app.client(), &format!("/calls/{call}/results"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Bikes for everyone"));
    assert!(!html.contains(SECRET));
}
on_both_databases!(
    a_jury_scores_what_it_may_see_scenario,
    a_jury_scores_what_it_may_see
);

/// Ties are recorded when an entry counts and when a juror is appointed, and stay: a juror
/// who leaves the group afterwards, or changes the organisation on their profile, still
/// neither sees nor scores it. Organisations compare without their legal forms.
async fn ties_stay_recorded(db: Db) {
    let (app, moved, call, admin) = jury_call(db).await;
    let olga = app.member("olga@example.org", "Olga", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let jan = app.member("jan@example.org", "Jan", true).await;
    let kim = app.member("kim@example.org", "Kim", true).await;
    organisation(&app, &olga, "Olga", "Digitalwerkstatt Nord e. V.").await;
    organisation(&app, &kim, "Kim", "digitalwerkstatt nord").await;
    // Jan is on the jury and in Olga's group when the entry counts.
    assert_eq!(
        appoint(&app, &admin, &call, "jan@example.org").await,
        StatusCode::OK
    );
    let (idea, entry) = group_entry(&app, &call, &olga, &[&ben, &jan], "Open benches").await;
    // Kim is appointed after it counted: her organisation is Olga's, legal form aside.
    assert_eq!(
        appoint(&app, &admin, &call, "kim@example.org").await,
        StatusCode::OK
    );
    // Jan: in the group, and in its conversation; Kim: the same organisation.
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM juror_ties").await, 3);

    // Then Jan leaves the group and Kim renames her organisation: the ties stay.
    let res = app.call::<LeaveGroup>(&jan, &[("idea", &idea)]).await;
    assert!(ok(&res), "leave: {}", res.status());
    organisation(&app, &kim, "Kim", "Stadtbibliothek").await;
    moved.set(chrono::Duration::days(3));
    let good = [
        ("score_common_good", "5"),
        ("score_innovation", "5"),
        ("score_feasibility", "5"),
    ];
    for juror in [&jan, &kim] {
        let q = json::<JuryQueue>(&app, juror, &[("call", &call)]).await;
        assert!(titles(&q).is_empty(), "{q}");
        assert_eq!(
            app.call::<GetReview>(juror, &[("submission", &entry)])
                .await
                .status(),
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            scores(&app, juror, &entry, &good).await,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM scores").await, 0);

    // The ranking shows the admins who is tied, why and since when.
    let r = json::<GetRanking>(&app, &admin, &[("call", &call)]).await;
    let ties = r["items"][0]["ties"].as_array().expect("ties").clone();
    let mut seen: Vec<(String, String)> = ties
        .iter()
        .map(|t| {
            (
                t["juror"].as_str().unwrap_or_default().to_owned(),
                t["reason"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("Jan".to_owned(), "InGroup".to_owned()),
            ("Jan".to_owned(), "Talked".to_owned()),
            ("Kim".to_owned(), "SameOrganisation".to_owned())
        ]
    );
    let (_, html) = app.get(&admin, &format!("/calls/{call}/ranking")).await;
    assert!(html.contains("Ties to jurors") && html.contains("in the group"));
}
on_both_databases!(juror_ties_are_recorded_and_stay, ties_stay_recorded);
