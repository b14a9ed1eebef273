//! Contact with consent through the real server: requests and their answers, the
//! conversation an accepted request opens, who may ask whom, blocks, the daily limit, and
//! that nobody reads what is not theirs.

use crate::prelude::*;

async fn inbox(app: &TestApp, client: &Client) -> serde_json::Value {
    let res = app.call::<MyMessages>(client, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.expect("json")
}

async fn ask(app: &TestApp, from: &Client, to: &str, note: &str) -> StatusCode {
    app.call::<RequestContact>(from, &[("to", to), ("note", note)])
        .await
        .status()
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let db = Database::connect(&app.config.database_url)
        .await
        .expect("db");
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await
        .expect("count")
        .expect("row");
    row.try_get::<i64>("", "n").expect("n")
}

async fn request_accept_and_talk(db: Db) {
    let app = spawn_app(db).await;
    let anna = app.member("anna@example.org", "Anna", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let carl = app.member("carl@example.org", "Carl", true).await;
    let (anna_id, ben_id) = (id_of(&app, &anna).await, id_of(&app, &ben).await);
    let bens_idea = publish_idea(
        &app,
        &ben,
        &[
            ("title", "Open data for cycle paths"),
            ("teaser", "Counting bikes"),
        ],
    )
    .await;

    // Anna asks Ben about his idea.
    let res = app
        .call::<RequestContact>(
            &anna,
            &[
                ("to", &ben_id),
                ("note", "Hello Ben, I run the data office in Leipzig."),
                ("idea", &bens_idea),
            ],
        )
        .await;
    assert!(ok(&res), "request: {}", res.status());
    // No second request while one waits, from either side; none to oneself.
    assert_eq!(
        ask(&app, &anna, &ben_id, "Again?").await,
        StatusCode::CONFLICT
    );
    assert_eq!(ask(&app, &ben, &anna_id, "Hi!").await, StatusCode::CONFLICT);
    assert_eq!(
        ask(&app, &anna, &anna_id, "Me").await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(count(&app, "contact_requests").await, 1);

    let bens = inbox(&app, &ben).await;
    let received = &bens["received"][0];
    assert_eq!(received["person_name"], "Anna");
    assert_eq!(
        received["note"],
        "Hello Ben, I run the data office in Leipzig."
    );
    assert_eq!(received["idea"][1], "Open data for cycle paths");
    assert_eq!(inbox(&app, &anna).await["sent"][0]["person_name"], "Ben");
    let request = received["id"].as_str().expect("id").to_owned();

    // Only Ben answers it, and only once.
    let accept = [("id", request.as_str()), ("answer", "accept")];
    assert_eq!(
        app.call::<AnswerRequest>(&carl, &accept).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call::<AnswerRequest>(&anna, &accept).await.status(),
        StatusCode::NOT_FOUND,
        "the sender cannot accept their own request"
    );
    assert!(ok(&app.call::<AnswerRequest>(&ben, &accept).await));
    assert_eq!(
        app.call::<AnswerRequest>(&ben, &accept).await.status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        ask(&app, &anna, &ben_id, "Once more").await,
        StatusCode::CONFLICT,
        "already in contact"
    );

    // The note opens the conversation; Anna writes, Ben has one unread.
    let conversation = inbox(&app, &anna).await["conversations"][0]["id"]
        .as_str()
        .expect("conversation")
        .to_owned();
    let res = app
        .call::<SendMessage>(
            &anna,
            &[
                ("conversation", &conversation),
                ("body", "When can we meet?"),
            ],
        )
        .await;
    assert!(ok(&res), "send: {}", res.status());
    let listed = &inbox(&app, &ben).await["conversations"][0];
    assert_eq!(listed["with"]["Person"]["name"], "Anna");
    assert_eq!(listed["unread"], 1);
    assert_eq!(listed["last"], "When can we meet?");
    let res = app
        .call::<GetConversation>(&ben, &[("id", &conversation)])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let c: serde_json::Value = res.json().await.expect("json");
    let bodies: Vec<&str> = c["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .map(|m| m["body"].as_str().expect("body"))
        .collect();
    assert_eq!(
        bodies,
        [
            "Hello Ben, I run the data office in Leipzig.",
            "When can we meet?"
        ]
    );
    assert_eq!(
        inbox(&app, &ben).await["conversations"][0]["unread"],
        0,
        "reading marks it read"
    );
    // The page shows it to Ben, in plain HTML.
    let (status, html) = app.get(&ben, &format!("/me/messages/{conversation}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("When can we meet?"));

    // Nobody else reads or writes in it; bad messages store nothing.
    for client in [&carl, &app.client()] {
        let read = app
            .call::<GetConversation>(client, &[("id", &conversation)])
            .await;
        assert!(matches!(read.status().as_u16(), 401 | 404));
        let (_, html) = app
            .get(client, &format!("/me/messages/{conversation}"))
            .await;
        assert!(!html.contains("When can we meet?"));
        let write = app
            .call::<SendMessage>(client, &[("conversation", &conversation), ("body", "Hi")])
            .await;
        assert!(matches!(write.status().as_u16(), 401 | 404));
    }
    let long = "x".repeat(4_001);
    for body in ["   ", long.as_str()] {
        let res = app
            .call::<SendMessage>(&anna, &[("conversation", &conversation), ("body", body)])
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Within the request size limit (a bigger body is cut off before it is read: the fuzz
    // test), far beyond a message's.
    let huge = "x".repeat(200_000);
    let res = app
        .call::<SendMessage>(&anna, &[("conversation", &conversation), ("body", &huge)])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "200 KB");
    assert_eq!(count(&app, "messages").await, 2);

    // Visitors get nothing.
    let anon = app.client();
    assert_eq!(
        app.call::<MyMessages>(&anon, &[]).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call::<GetContactState>(&anon, &[("id", &ben_id)])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        ask(&app, &anon, &ben_id, "Hi").await,
        StatusCode::UNAUTHORIZED
    );
}
on_both_databases!(request_accept_and_talk_scenario, request_accept_and_talk);

async fn who_may_ask(db: Db) {
    let app = spawn_app_with(db, |c| c.contact_requests_per_day = 2).await;
    let dora = app.member("dora@example.org", "Dora", true).await;
    let eve = app.member("eve@example.org", "Eve", true).await;
    let (dora_id, eve_id) = (id_of(&app, &dora).await, id_of(&app, &eve).await);
    let set_policy = |policy: &'static str| {
        let dora = dora.clone();
        let app = &app;
        async move {
            let form = profile_form("Dora", "municipality", &[("contact_policy", policy)]);
            let res = app.call::<SaveProfile>(&dora, &form).await;
            assert!(ok(&res), "save_profile: {}", res.status());
        }
    };

    set_policy("nobody").await;
    assert_eq!(ask(&app, &eve, &dora_id, "Hi").await, StatusCode::FORBIDDEN);
    set_policy("contacted").await;
    assert_eq!(ask(&app, &eve, &dora_id, "Hi").await, StatusCode::FORBIDDEN);
    // An unknown setting is refused and changes nothing.
    let form = profile_form("Dora", "municipality", &[("contact_policy", "friends")]);
    assert_eq!(
        app.call::<SaveProfile>(&dora, &form).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    // A profile saved without the field keeps the setting.
    let form = profile_form("Dora", "municipality", &[]);
    assert!(ok(&app.call::<SaveProfile>(&dora, &form).await));
    assert_eq!(ask(&app, &eve, &dora_id, "Hi").await, StatusCode::FORBIDDEN);

    // Once Dora has asked Eve (and Eve declined), Eve may ask Dora.
    assert!(ask(&app, &dora, &eve_id, "Hello Eve").await.is_success());
    let request = inbox(&app, &eve).await["received"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    assert!(ok(&app
        .call::<AnswerRequest>(&eve, &[("id", &request), ("answer", "decline")])
        .await));
    assert!(
        inbox(&app, &dora).await["conversations"]
            .as_array()
            .expect("list")
            .is_empty()
    );
    assert!(ask(&app, &eve, &dora_id, "Hello Dora").await.is_success());

    // Two requests a day are allowed here: Eve's third is refused, and not stored.
    let fay = app.member("fay@example.org", "Fay", true).await;
    let gus = app.member("gus@example.org", "Gus", true).await;
    let (fay_id, gus_id) = (id_of(&app, &fay).await, id_of(&app, &gus).await);
    assert!(ask(&app, &eve, &fay_id, "Hi Fay").await.is_success());
    assert_eq!(
        ask(&app, &eve, &gus_id, "Hi Gus").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(count(&app, "contact_requests").await, 3);

    // Gus blocks Fay: her request is refused (not told why), neither finds the other in
    // people search, and unblocking opens the door again.
    let block = [("id", fay_id.as_str()), ("block", "on")];
    assert!(ok(&app.call::<SetBlock>(&gus, &block).await));
    assert_eq!(
        ask(&app, &fay, &gus_id, "Hi Gus").await,
        StatusCode::FORBIDDEN
    );
    for (client, name) in [(&fay, "Gus"), (&gus, "Fay")] {
        let res = app.call::<SearchPeople>(client, &[("q", name)]).await;
        let found: serde_json::Value = res.json().await.expect("json");
        assert!(
            found["people"].as_array().expect("people").is_empty(),
            "{name} is hidden: {found}"
        );
    }
    let unblock = [("id", fay_id.as_str()), ("block", "off")];
    assert!(ok(&app.call::<SetBlock>(&gus, &unblock).await));
    assert!(ask(&app, &fay, &gus_id, "Hi Gus").await.is_success());
    let res = app.call::<SearchPeople>(&fay, &[("q", "Gus")]).await;
    let found: serde_json::Value = res.json().await.expect("json");
    assert_eq!(found["people"][0]["display_name"], "Gus", "{found}");
}
on_both_databases!(who_may_ask_scenario, who_may_ask);

/// The same request sent twice at the same moment is stored once.
async fn simultaneous_requests(db: Db) {
    let app = spawn_app(db).await;
    let hal = app.member("hal@example.org", "Hal", true).await;
    let ida = app.member("ida@example.org", "Ida", true).await;
    let ida_id = id_of(&app, &ida).await;
    let (a, b) = tokio::join!(
        ask(&app, &hal, &ida_id, "First"),
        ask(&app, &hal, &ida_id, "Second")
    );
    let mut statuses = [a.as_u16(), b.as_u16()];
    statuses.sort();
    assert_eq!(statuses, [200, 409]);
    assert_eq!(count(&app, "contact_requests").await, 1);
}
on_both_databases!(simultaneous_requests_scenario, simultaneous_requests);

/// Anna and Ben in a conversation (Anna asked, Ben accepted); its id.
async fn talking(app: &TestApp, anna: &Client, ben: &Client) -> String {
    let ben_id = id_of(app, ben).await;
    assert!(ask(app, anna, &ben_id, "Hello Ben").await.is_success());
    let request = inbox(app, ben).await["received"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let accept = [("id", request.as_str()), ("answer", "accept")];
    assert!(ok(&app.call::<AnswerRequest>(ben, &accept).await));
    inbox(app, anna).await["conversations"][0]["id"]
        .as_str()
        .expect("conversation")
        .to_owned()
}

/// Reads an event stream until `wanted` appears in it (bounded, so a lost event fails
/// the test instead of hanging it).
pub(crate) async fn until_heard(res: &mut reqwest::Response, wanted: &str) -> String {
    let mut heard = String::new();
    let read = async {
        while !heard.contains(wanted) {
            match res.chunk().await.expect("stream") {
                Some(chunk) => heard.push_str(&String::from_utf8_lossy(&chunk)),
                None => break,
            }
        }
    };
    let _ = tokio::time::timeout(std::time::Duration::from_secs(20), read).await;
    heard
}

/// A new message reaches the other member's open event stream, on PostgreSQL also when
/// they are connected to another server that shares the database.
async fn messages_arrive_live(db: Db) {
    let app = spawn_app(db).await;
    let anna = app.member("anna@example.org", "Anna", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let conversation = talking(&app, &anna, &ben).await;

    let anon = app.client();
    let res = anon
        .get(format!("{}/events", app.base))
        .send()
        .await
        .expect("events");
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    let second = match db {
        Db::Postgres => Some(
            spawn_with(
                app.config.database_url.clone(),
                tempfile::tempdir().expect("dir"),
                false,
                Clock::system(),
            )
            .await,
        ),
        Db::Sqlite => None,
    };
    let base = second.as_ref().map_or(&app.base, |s| &s.base);
    let mut stream = ben
        .get(format!("{base}/events"))
        .send()
        .await
        .expect("events");
    assert_eq!(stream.status(), StatusCode::OK);
    assert_eq!(
        stream.headers()[header::CONTENT_TYPE],
        "text/event-stream",
        "server-sent events"
    );
    let res = app
        .call::<SendMessage>(
            &anna,
            &[("conversation", &conversation), ("body", "Are you there?")],
        )
        .await;
    assert!(ok(&res), "send: {}", res.status());
    let heard = until_heard(&mut stream, &conversation).await;
    assert!(
        heard.contains(&format!("event: message\ndata: {conversation}")),
        "heard: {heard:?}"
    );
    assert!(
        !heard.contains("Are you there?"),
        "events carry ids, never text"
    );

    // A new request is heard too (with data: browsers drop an event without any).
    let carl = app.member("carl@example.org", "Carl", true).await;
    let ben_id = id_of(&app, &ben).await;
    assert!(ask(&app, &carl, &ben_id, "Hi Ben").await.is_success());
    let heard = until_heard(&mut stream, "event: request").await;
    assert!(
        heard.contains("event: request\ndata: new"),
        "heard: {heard:?}"
    );
}
on_both_databases!(messages_arrive_live_scenario, messages_arrive_live);

/// A plain form post (no JavaScript) from the browser.
async fn form_post<F: leptos::server_fn::ServerFn>(
    app: &TestApp,
    client: &Client,
    form: &[(&str, &str)],
) -> String {
    let res = client
        .post(app.url::<F>())
        .header("accept", "text/html")
        .header("referer", format!("{}/me/matches", app.base))
        .form(form)
        .send()
        .await
        .expect("request");
    assert!(res.status().is_redirection(), "{}", res.status());
    res.headers()["location"]
        .to_str()
        .expect("location")
        .to_owned()
}

/// A match card's forms send the member back to the card, which says what was sent; a
/// `next` that would leave the site goes to the profile instead.
async fn match_cards_return_to_the_card(db: Db) {
    let app = spawn_app(db).await;
    let anna = app.member("anna@example.org", "Anna", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let carl = app.member("carl@example.org", "Carl", true).await;
    let (ben_id, carl_id) = (id_of(&app, &ben).await, id_of(&app, &carl).await);
    let back = format!("/me/matches#person-{ben_id}");
    let to = form_post::<RequestContact>(
        &app,
        &anna,
        &[
            ("to", &ben_id),
            ("note", "Hello from your matches"),
            ("next", &back),
        ],
    )
    .await;
    assert_eq!(
        to,
        format!("/me/matches?requested={ben_id}#person-{ben_id}")
    );
    let to = form_post::<RequestContact>(
        &app,
        &anna,
        &[
            ("to", &carl_id),
            ("note", "Hello"),
            ("next", "//evil.example/"),
        ],
    )
    .await;
    assert_eq!(to, format!("/profiles/{carl_id}?requested={carl_id}"));
    assert_eq!(count(&app, "contact_requests").await, 2);

    // An invitation from the card of someone matched to the idea.
    let idea = publish_idea(&app, &anna, &[("title", "Bee meadows"), ("teaser", "Sow")]).await;
    let back = format!("/ideas/{idea}#person-{ben_id}");
    let to = form_post::<Invite>(
        &app,
        &anna,
        &[("idea", &idea), ("person", &ben_id), ("next", &back)],
    )
    .await;
    assert_eq!(
        to,
        format!("/ideas/{idea}?invited={ben_id}#person-{ben_id}")
    );
    assert_eq!(count(&app, "group_invitations").await, 1);
}
on_both_databases!(
    match_cards_return_to_the_card_scenario,
    match_cards_return_to_the_card
);

/// Reads an event stream until the server ends it; `false` if it was still open after the
/// bound (so a stream that never ends fails the test instead of hanging it).
async fn until_closed(res: &mut reqwest::Response) -> bool {
    let read = async { while let Ok(Some(_)) = res.chunk().await {} };
    tokio::time::timeout(std::time::Duration::from_secs(20), read)
        .await
        .is_ok()
}

/// An open event stream ends once its session does: after "log out everywhere", a new
/// password elsewhere, or a suspension, not only when the page closes.
async fn event_streams_end_with_their_session(db: Db) {
    let app = spawn_app_with(db, |c| c.events_recheck_secs = 1).await;
    let anna = app.member("anna@example.org", "Anna", true).await;
    let mut stream = anna
        .get(format!("{}/events", app.base))
        .send()
        .await
        .expect("events");
    assert_eq!(stream.status(), StatusCode::OK);
    let phone = app.client();
    assert!(ok(&app.login(&phone, "anna@example.org", PASSWORD).await));
    let res = app.call::<LogoutEverywhere>(&phone, &[]).await;
    assert!(ok(&res), "logout everywhere: {}", res.status());
    assert!(
        until_closed(&mut stream).await,
        "the stream outlived its session"
    );
    // A fresh session has its own stream again.
    let again = app.client();
    assert!(ok(&app.login(&again, "anna@example.org", PASSWORD).await));
    let res = again
        .get(format!("{}/events", app.base))
        .send()
        .await
        .expect("events");
    assert_eq!(res.status(), StatusCode::OK);
}
on_both_databases!(
    event_streams_end_with_the_session,
    event_streams_end_with_their_session
);
