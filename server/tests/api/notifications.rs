//! Notifications through the real server: recorded with the change, counted in the header,
//! read on their page, mailed at once / in a daily digest / not at all as each member
//! chooses, never with members-only text, and never twice (two servers, a restart).

use crate::prelude::*;

async fn unread(app: &TestApp, client: &Client) -> u64 {
    whoami(app, client).await["unread_notifications"]
        .as_u64()
        .expect("count")
}

async fn open(app: &TestApp, client: &Client) -> serde_json::Value {
    let res = app.call::<GetNotifications>(client, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.expect("json")
}

async fn set_delivery(app: &TestApp, client: &Client, kind: &str, delivery: &str) -> StatusCode {
    let field = format!("delivery[{kind}]");
    app.call::<SaveNotificationSettings>(client, &[(field.as_str(), delivery)])
        .await
        .status()
}

const NOTE: &str = "Private note: our budget is 40000 euros.";
const SECRET: &str = "Secret message: the key is under the mat.";

async fn in_the_app_and_at_once(db: Db) {
    let app = spawn_app(db).await;
    let anna = app.member("anna@example.org", "Anna", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let carl = app.member("carl@example.org", "Carl", true).await;
    let (ben_id, carl_id) = (id_of(&app, &ben).await, id_of(&app, &carl).await);
    assert_eq!(unread(&app, &ben).await, 0);
    assert_eq!(
        app.call::<GetNotifications>(&app.client(), &[])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );

    // A request: counted for Ben, and mailed at once (the default for requests), without
    // its note.
    let before = app.mails_to("ben@example.org").len();
    let res = app
        .call::<RequestContact>(&anna, &[("to", &ben_id), ("note", NOTE)])
        .await;
    assert!(ok(&res));
    assert_eq!(unread(&app, &ben).await, 1);
    let mails = app.mails_to("ben@example.org");
    assert_eq!(mails.len(), before + 1, "one mail at once");
    let mail = mails
        .iter()
        .find(|m| m.contains("would like to get in touch"))
        .expect("mail");
    assert!(
        mail.contains("Anna would like to get in touch with you"),
        "{mail}"
    );
    assert!(mail.contains("/me/messages"), "{mail}");
    assert!(
        !mail.contains("budget"),
        "no members-only text in mails: {mail}"
    );

    // Opening the page shows it as new once and marks it read.
    let page = open(&app, &ben).await;
    assert_eq!(page["items"][0]["kind"], "RequestReceived");
    assert_eq!(page["items"][0]["actor"], "Anna");
    assert_eq!(page["items"][0]["unread"], true);
    assert_eq!(unread(&app, &ben).await, 0);
    assert_eq!(open(&app, &ben).await["items"][0]["unread"], false);
    let (_, html) = app.get(&ben, "/me/notifications").await;
    assert!(
        html.contains("Anna would like to get in touch with you"),
        "{html}"
    );

    // Ben accepts: Anna hears of it in the app (mail: in her daily digest).
    let request = open(&app, &ben).await;
    assert_eq!(request["items"].as_array().expect("items").len(), 1);
    let inbox: serde_json::Value = app
        .call::<MyMessages>(&ben, &[])
        .await
        .json()
        .await
        .expect("inbox");
    let id = inbox["received"][0]["id"].as_str().expect("id").to_owned();
    let anna_mails = app.mails_to("anna@example.org").len();
    assert!(ok(&app
        .call::<AnswerRequest>(&ben, &[("id", &id), ("answer", "accept")])
        .await));
    assert_eq!(unread(&app, &anna).await, 1);
    assert_eq!(app.mails_to("anna@example.org").len(), anna_mails);

    // Two messages make one notification while it is unread; reading the conversation
    // reads it.
    let conversation = open(&app, &anna).await["items"][0]["link"]
        .as_str()
        .expect("link")
        .trim_start_matches("/me/messages/")
        .to_owned();
    for body in ["One", "Two"] {
        let res = app
            .call::<SendMessage>(&anna, &[("conversation", &conversation), ("body", body)])
            .await;
        assert!(ok(&res));
    }
    assert_eq!(unread(&app, &ben).await, 1);
    let res = app
        .call::<GetConversation>(&ben, &[("id", &conversation)])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(unread(&app, &ben).await, 0);

    // Ben wants messages at once: the mail says who wrote, not what.
    assert!(
        set_delivery(&app, &ben, "message", "immediately")
            .await
            .is_success()
            || set_delivery(&app, &ben, "message", "immediately")
                .await
                .is_redirection()
    );
    let settings = open(&app, &ben).await["settings"].clone();
    assert!(
        settings
            .as_array()
            .expect("settings")
            .iter()
            .any(|s| s[0] == "Message" && s[1] == "Immediately"),
        "{settings}"
    );
    let before = app.mails_to("ben@example.org").len();
    let res = app
        .call::<SendMessage>(&anna, &[("conversation", &conversation), ("body", SECRET)])
        .await;
    assert!(ok(&res));
    let mails = app.mails_to("ben@example.org");
    assert_eq!(mails.len(), before + 1);
    assert!(mails.iter().any(|m| m.contains("New message from Anna")));
    assert!(mails.iter().all(|m| !m.contains("under the mat")));

    // Bad settings are refused and change nothing.
    assert_eq!(
        set_delivery(&app, &ben, "message", "sometimes").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        set_delivery(&app, &ben, "bogus", "daily").await,
        StatusCode::BAD_REQUEST
    );

    // Carl wants no mail about requests: none comes, the app still tells him.
    assert!(ok(&app
        .call::<SaveNotificationSettings>(&carl, &[("delivery[request_received]", "off")])
        .await));
    let res = app
        .call::<RequestContact>(&anna, &[("to", &carl_id), ("note", NOTE)])
        .await;
    assert!(ok(&res));
    assert_eq!(unread(&app, &carl).await, 1);
    assert!(
        app.mails_to("carl@example.org")
            .iter()
            .all(|m| !m.contains("get in touch")),
        "no mail when off"
    );
}
on_both_databases!(in_the_app_and_at_once_scenario, in_the_app_and_at_once);

/// The daily digests mailed to Olga by `app`.
fn digests(app: &TestApp) -> Vec<String> {
    app.mails_to("olga@example.org")
        .into_iter()
        .filter(|m| m.contains("daily summary"))
        .collect()
}

/// Olga publishes an idea and invites Ben, who joins: Olga is told (daily, by default).
async fn ben_joins_olgas_idea(app: &TestApp) -> (Member, Member, String) {
    let olga = app.member("olga@example.org", "Olga", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let ben_id = id_of(app, &ben).await;
    let idea = publish_idea(
        app,
        &olga,
        &[
            ("title", "Rain sensors for parks"),
            ("teaser", "Water less"),
        ],
    )
    .await;
    assert!(ok(&app
        .call::<Invite>(&olga, &[("idea", &idea), ("person", &ben_id)])
        .await));
    let groups: serde_json::Value = app
        .call::<MyGroups>(&ben, &[])
        .await
        .json()
        .await
        .expect("groups");
    let invitation = groups["invitations"][0]["id"].as_str().expect("id");
    assert!(ok(&app
        .call::<AnswerInvitation>(&ben, &[("id", invitation), ("answer", "accept")])
        .await));
    (olga, ben, idea)
}

/// A day's notifications arrive as one digest, grouped by idea; two servers starting at
/// once and a restart later send it exactly once.
async fn one_digest_a_day(db: Db) {
    let moved = MovedClock::default();
    let clock = || moved.clock();
    let app = spawn_app_at(db, clock()).await;
    let (olga, ben, idea) = ben_joins_olgas_idea(&app).await;
    // Ben edits: Olga hears of it (daily, by default), with what he joined.
    let form: serde_json::Value = app
        .call::<IdeaForEdit>(&ben, &[("id", &idea)])
        .await
        .json()
        .await
        .expect("form");
    let revision = form["revision"].to_string();
    let fields = idea_form(&[
        ("id", &idea),
        ("title", "Rain sensors for parks"),
        ("teaser", "Water less"),
        ("description", "Members-only plan: sensors from the Bauhof."),
        ("revision", &revision),
    ]);
    assert!(ok(&app.call::<SaveIdea>(&ben, &fields).await));
    assert_eq!(unread(&app, &olga).await, 2);
    assert!(digests(&app).is_empty(), "nothing before the digest is due");

    // A day later two servers start at the same moment: one digest between them.
    moved.set(chrono::Duration::days(1));
    let (url, dir) = app.stop();
    let (a, b) = tokio::join!(
        spawn_with(url.clone(), dir, false, clock()),
        spawn_with(url, tempfile::tempdir().expect("dir"), false, clock()),
    );
    let sent: Vec<String> = digests(&a).into_iter().chain(digests(&b)).collect();
    assert_eq!(sent.len(), 1, "exactly one digest: {sent:?}");
    let digest = &sent[0];
    assert!(digest.contains("Your daily summary: 2 new"), "{digest}");
    assert!(digest.contains("Rain sensors for parks"), "{digest}");
    assert!(digest.contains("Ben joined the group of"), "{digest}");
    assert!(digest.contains("Ben edited"), "{digest}");
    assert!(!digest.contains("Bauhof"), "no members-only text: {digest}");

    // A restart the same day sends nothing again; nor does a day without news.
    let sent_by_b = digests(&b).len();
    let (_, b_folder) = b.stop();
    let (url, dir) = a.stop();
    let c = spawn_with(url, dir, false, clock()).await;
    assert_eq!(
        digests(&c).len() + sent_by_b,
        1,
        "nothing twice after a restart"
    );
    moved.set(chrono::Duration::days(2));
    let (url, dir) = c.stop();
    let d = spawn_with(url, dir, false, clock()).await;
    assert_eq!(digests(&d).len() + sent_by_b, 1, "never an empty digest");
    drop(b_folder);
}
on_both_databases!(one_digest_a_day_scenario, one_digest_a_day);

/// The header's count follows without a reload: a member's event stream opens with the
/// count and sends it again when a notification arrives or is read (in any tab).
async fn the_count_is_live(db: Db) {
    let app = spawn_app(db).await;
    let anna = app.member("anna@example.org", "Anna", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let ben_id = id_of(&app, &ben).await;
    let mut stream = ben
        .get(format!("{}/events", app.base))
        .send()
        .await
        .expect("events");
    assert_eq!(stream.status(), StatusCode::OK);
    let heard = crate::contacts::until_heard(&mut stream, "event: unread").await;
    assert!(heard.contains("event: unread\ndata: 0\n"), "{heard:?}");

    let res = app
        .call::<RequestContact>(&anna, &[("to", &ben_id), ("note", NOTE)])
        .await;
    assert!(ok(&res));
    let heard = crate::contacts::until_heard(&mut stream, "event: unread").await;
    assert!(heard.contains("event: unread\ndata: 1\n"), "{heard:?}");
    assert!(!heard.contains("budget"), "events carry no text: {heard:?}");

    // Read in one tab, the others' count drops.
    open(&app, &ben).await;
    let heard = crate::contacts::until_heard(&mut stream, "event: unread").await;
    assert!(heard.contains("event: unread\ndata: 0\n"), "{heard:?}");
}
on_both_databases!(the_count_is_live_scenario, the_count_is_live);

/// Asks `app` to move its clock `secs` ahead (`POST /test/clock`).
async fn move_clock(app: &TestApp, secs: i64) -> reqwest::Response {
    app.client()
        .post(format!("{}/test/clock", app.base))
        .form(&[("offset_secs", secs.to_string())])
        .send()
        .await
        .expect("request")
}

/// The end-to-end tests' clock: off unless configured; on, moving it sends what is due then.
/// (Only a build with the test-clock feature has it.)
#[cfg(feature = "test-clock")]
async fn the_test_clock(db: Db) {
    let off = spawn_app(db).await;
    let res = move_clock(&off, 90_000).await;
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "no test clock unless configured"
    );
    drop(off);

    let app = spawn_app_with(db, |c| c.test_clock = true).await;
    ben_joins_olgas_idea(&app).await;
    assert!(digests(&app).is_empty());

    // 25 hours on, the digest is due: moving the clock sends it at once.
    let res = move_clock(&app, 90_000).await;
    assert_eq!(res.status(), StatusCode::OK);
    let now = chrono::DateTime::parse_from_rfc3339(&res.text().await.expect("body")).expect("time");
    let ahead = now.with_timezone(&chrono::Utc) - chrono::Utc::now();
    assert!(ahead > chrono::Duration::hours(24), "moved by {ahead}");
    let sent = digests(&app);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].contains("Ben joined the group of"), "{}", sent[0]);
}
#[cfg(feature = "test-clock")]
on_both_databases!(the_test_clock_scenario, the_test_clock);
