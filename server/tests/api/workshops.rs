//! Workshops through the real server: admins publish them, members sign up; past the
//! capacity they wait in line and move up, in order, when a seat comes free (by a
//! cancellation or more seats); a workshop for a call's groups takes only those groups;
//! after the start nothing changes; each can be added to a calendar.

use crate::prelude::*;

/// A workshop form starting `days` from now, two hours long.
pub(crate) fn form(
    days: i64,
    capacity: &str,
    audience: &str,
    call: &str,
) -> Vec<(&'static str, String)> {
    let start = chrono::Utc::now() + chrono::Duration::days(days);
    let at = |t| app::domain::contest::local_input_value(&t);
    vec![
        ("id", String::new()),
        ("title_de", "Datenschutz für KI-Projekte".into()),
        ("title_en", "Data protection for AI projects".into()),
        ("description_de", "Was die DSGVO verlangt.".into()),
        ("description_en", "What the GDPR asks.".into()),
        ("format", "online".into()),
        ("place", "https://meet.example.org/dsgvo".into()),
        ("starts_at", at(start)),
        ("ends_at", at(start + chrono::Duration::hours(2))),
        ("capacity", capacity.into()),
        ("audience", audience.into()),
        ("call", call.into()),
    ]
}

async fn save(app: &TestApp, admin: &Client, form: &[(&'static str, String)]) -> reqwest::Response {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call::<SaveWorkshop>(admin, &form).await
}

/// The id of the workshop just saved (its page is where the form redirects).
async fn saved(app: &TestApp, admin: &Client, form: &[(&'static str, String)]) -> String {
    let res = save(app, admin, form).await;
    assert!(ok(&res), "save: {}", res.status());
    let list = json::<ListWorkshops>(app, admin, &[]).await;
    list["upcoming"]
        .as_array()
        .expect("upcoming")
        .last()
        .and_then(|w| w["id"].as_str())
        .expect("a workshop")
        .to_owned()
}

async fn sign_up(app: &TestApp, client: &Client, id: &str) -> reqwest::Response {
    app.call::<SignUp>(client, &[("id", id)]).await
}

async fn view(app: &TestApp, client: &Client, id: &str) -> serde_json::Value {
    json::<GetWorkshop>(app, client, &[("id", id)]).await
}

async fn a_full_workshop_keeps_a_waiting_list(db: Db) {
    let moved = MovedClock::default();
    let app = spawn_app_at(db, moved.clock()).await;
    let call = open_call(&app, [-1, 2, 10, 12], chrono::Utc::now()).await;
    let admin = app.client();
    assert!(ok(&app.login(&admin, "admin@example.org", PASSWORD).await));
    let visitor = app.client();
    let ann = app.member("ann@example.org", "Ann", true).await;
    let bob = app.member("bob@example.org", "Bob", true).await;
    let cem = app.member("cem@example.org", "Cem", true).await;

    // Only admins publish; bad input is refused field by field, nothing stored.
    assert_eq!(
        save(&app, &ann, &form(7, "1", "everyone", ""))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let mut bad = form(7, "0", "call_groups", "");
    bad[8].1 = bad[7].1.clone();
    let res = save(&app, &admin, &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err = res.text().await.expect("body");
    for field in ["capacity", "ends_at", "call"] {
        assert!(err.contains(&format!("\"{field}\"")), "{field}: {err}");
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM workshops").await, 0);
    let id = saved(&app, &admin, &form(7, "1", "everyone", "")).await;

    // Visitors read it; signing up needs an account.
    let v = view(&app, &visitor, &id).await;
    assert_eq!(v["workshop"]["seats_left"], 1);
    assert!(v["place"].is_null(), "an online link is for attendees");
    assert_eq!(
        sign_up(&app, &visitor, &id).await.status(),
        StatusCode::UNAUTHORIZED
    );

    // One seat: Ann gets it, Bob and Cem wait in line; nobody signs up twice.
    assert_eq!(
        sign_up(&app, &ann, &id).await.json::<String>().await.ok(),
        Some("Confirmed".into())
    );
    assert!(ok(&sign_up(&app, &bob, &id).await));
    assert!(ok(&sign_up(&app, &cem, &id).await));
    assert_eq!(
        sign_up(&app, &ann, &id).await.status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        view(&app, &ann, &id).await["place"],
        "https://meet.example.org/dsgvo"
    );
    let b = view(&app, &bob, &id).await;
    assert_eq!(b["workshop"]["mine"], "Waiting");
    assert_eq!(b["position"], 1);
    assert!(b["place"].is_null());
    assert_eq!(view(&app, &cem, &id).await["position"], 2);
    assert_eq!(
        view(&app, &admin, &id).await["attendees"]
            .as_array()
            .expect("list")
            .len(),
        3
    );
    assert!(
        view(&app, &bob, &id).await["attendees"].is_null(),
        "only admins see who comes"
    );

    // Ann cancels: Bob moves up at once and is told; Cem is next in line.
    assert!(ok(&app.call::<CancelSignup>(&ann, &[("id", &id)]).await));
    assert_eq!(view(&app, &bob, &id).await["workshop"]["mine"], "Confirmed");
    assert_eq!(view(&app, &cem, &id).await["position"], 1);
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM notifications WHERE kind = 'workshop_seat'"
        )
        .await,
        1
    );
    assert_eq!(
        app.call::<CancelSignup>(&ann, &[("id", &id)])
            .await
            .status(),
        StatusCode::CONFLICT,
        "not signed up any more"
    );

    // More seats go to the line; fewer than those given are refused.
    let mut more = form(7, "3", "everyone", "");
    more[0].1 = id.clone();
    assert!(ok(&save(&app, &admin, &more).await));
    assert_eq!(view(&app, &cem, &id).await["workshop"]["mine"], "Confirmed");
    let mut fewer = form(7, "1", "everyone", "");
    fewer[0].1 = id.clone();
    assert_eq!(
        save(&app, &admin, &fewer).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        scalar(&app, "SELECT MAX(seats_taken) FROM workshops").await,
        2
    );

    // The last seat, asked for by two at once, goes to one of them.
    let dan = app.member("dan@example.org", "Dan", true).await;
    let eva = app.member("eva@example.org", "Eva", true).await;
    let url = app.url::<SignUp>();
    let body = format!("id={id}");
    let results = futures_join([dan, eva].into_iter().map(|c| {
        let (url, body) = (url.clone(), body.clone());
        async move {
            c.post(url)
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "application/json")
                .body(body)
                .send()
                .await
                .expect("sign up")
                .json::<String>()
                .await
                .expect("status")
        }
    }))
    .await;
    let mut sorted = results.clone();
    sorted.sort();
    assert_eq!(sorted, ["Confirmed", "Waiting"], "{results:?}");
    assert_eq!(
        scalar(&app, "SELECT MAX(seats_taken) FROM workshops").await,
        3
    );

    // A calendar file for anyone; an unknown workshop is not found.
    let res = visitor
        .get(format!("{}/workshops/{id}/calendar.ics?lang=en", app.base))
        .send()
        .await
        .expect("ics");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()[header::CONTENT_TYPE]
            .to_str()
            .expect("type")
            .starts_with("text/calendar")
    );
    let ics = res.text().await.expect("ics");
    assert!(
        ics.contains("BEGIN:VEVENT") && ics.contains("SUMMARY:Data protection for AI projects"),
        "{ics}"
    );
    assert!(
        !ics.contains("meet.example.org"),
        "the link stays on the page"
    );
    let res = visitor
        .get(format!(
            "{}/workshops/{}/calendar.ics",
            app.base,
            uuid::Uuid::new_v4()
        ))
        .send()
        .await
        .expect("ics");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // A workshop for the call's groups: a group with a counted entry, nobody else.
    let olga = app.member("olga@example.org", "Olga", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    entry(&app, &call, &olga, &ben, "Bikes for everyone").await;
    let groups_only = saved(&app, &admin, &form(8, "10", "call_groups", &call)).await;
    assert_eq!(
        sign_up(&app, &ann, &groups_only).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        view(&app, &ann, &groups_only).await["refusal"],
        "WorkshopNotForYou"
    );
    assert!(ok(&sign_up(&app, &ben, &groups_only).await));

    // Once it has begun, nobody signs up or cancels.
    moved.set(chrono::Duration::days(7) + chrono::Duration::minutes(1));
    let late = app.member("late@example.org", "Late", true).await;
    assert_eq!(
        sign_up(&app, &late, &id).await.status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.call::<CancelSignup>(&bob, &[("id", &id)])
            .await
            .status(),
        StatusCode::CONFLICT
    );
}
on_both_databases!(
    a_full_workshop_keeps_a_waiting_list_scenario,
    a_full_workshop_keeps_a_waiting_list
);

/// Accounts never confirmed are removed the way a member deletes theirs: a seat they held
/// goes to the first in line, and others' replies to their words stay (under "deleted
/// member"). The seat and the comment come from before an unconfirmed account was kept
/// out of both, so they are written straight into the database.
async fn removing_unconfirmed_accounts_frees_their_places(db: Db) {
    use app::backend::entities::{comment, workshop as workshop_row, workshop_signup};
    use app::domain::SignupStatus;
    use sea_orm::sea_query::Expr;
    use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
    let app = spawn_app(db).await;
    open_call(&app, [-1, 2, 10, 12], chrono::Utc::now()).await;
    let admin = app.client();
    assert!(ok(&app.login(&admin, "admin@example.org", PASSWORD).await));
    let workshop = saved(&app, &admin, &form(14, "1", "everyone", "")).await;
    let ghost = app.member("ghost@example.org", "Ghost", false).await;
    let ghost_id: uuid::Uuid = whoami(&app, &ghost).await["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .expect("id");
    let anna = app.member("anna@example.org", "Anna", true).await;
    let bob = app.member("bob@example.org", "Bob", true).await;
    let idea = publish_idea(&app, &anna, &[("title", "Benches"), ("teaser", "A teaser")]).await;
    let database = Database::connect(&app.config.database_url)
        .await
        .expect("db");
    let now = chrono::Utc::now();
    workshop_signup::ActiveModel {
        workshop_id: Set(workshop.parse().expect("id")),
        user_id: Set(ghost_id),
        status: Set(SignupStatus::Confirmed),
        signed_up_at: Set(now),
    }
    .insert(&database)
    .await
    .expect("seat");
    let workshop_id: uuid::Uuid = workshop.parse().expect("id");
    workshop_row::Entity::update_many()
        .col_expr(workshop_row::Column::SeatsTaken, Expr::value(1))
        .filter(workshop_row::Column::Id.eq(workshop_id))
        .exec(&database)
        .await
        .expect("seat taken");
    let words = uuid::Uuid::new_v4();
    comment::ActiveModel {
        id: Set(words),
        idea_id: Set(idea.parse().expect("id")),
        author_id: Set(ghost_id),
        parent_id: Set(None),
        body: Set("Gute Idee!".into()),
        created_at: Set(now),
        edited_at: Set(None),
        deleted_at: Set(None),
    }
    .insert(&database)
    .await
    .expect("comment");
    assert_eq!(
        view(&app, &bob, &workshop).await["workshop"]["seats_left"],
        0
    );
    let res = sign_up(&app, &bob, &workshop).await;
    assert!(ok(&res), "sign up: {}", res.status());
    let res = app
        .call::<PostComment>(
            &bob,
            &[
                ("idea", &idea),
                ("body", "Finde ich auch."),
                ("parent", &words.to_string()),
            ],
        )
        .await;
    assert!(ok(&res), "reply: {}", res.status());

    // A week and a day later the server starts and removes the account.
    let (url, dir) = app.stop();
    let moved = MovedClock::default();
    moved.set(chrono::Duration::days(8));
    let app = spawn_with(url, dir, false, moved.clock()).await;
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM users WHERE email = 'ghost@example.org'"
        )
        .await,
        0
    );
    assert_eq!(
        view(&app, &bob, &workshop).await["workshop"]["mine"],
        "Confirmed"
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM comments").await,
        2,
        "the reply stays"
    );
    let res = app.call::<GetComments>(&anna, &[("idea", &idea)]).await;
    let threads: serde_json::Value = res.json().await.expect("comments");
    assert_eq!(
        threads["threads"][0]["replies"].as_array().map(Vec::len),
        Some(1),
        "{threads}"
    );
}
on_both_databases!(
    removing_unconfirmed_accounts_frees_their_places_scenario,
    removing_unconfirmed_accounts_frees_their_places
);
