//! Groups around an idea through the real server: invitations (accepted, declined,
//! withdrawn, expired), two to four members and the race for the last seat, editing
//! together, leaving, removing and handing over, and that nobody outside sees the group.

use crate::prelude::*;

async fn group(app: &TestApp, client: &Client, idea: &str) -> (StatusCode, serde_json::Value) {
    let res = app.call::<GetGroup>(client, &[("idea", idea)]).await;
    let status = res.status();
    (status, res.json().await.unwrap_or_default())
}

async fn edit(app: &TestApp, client: &Client, idea: &str, title: &str) -> StatusCode {
    let res = app.call::<IdeaForEdit>(client, &[("id", idea)]).await;
    if !res.status().is_success() {
        return res.status();
    }
    let form: serde_json::Value = res.json().await.expect("form");
    let revision = form["revision"].to_string();
    let fields = idea_form(&[
        ("id", idea),
        ("title", title),
        ("teaser", form["teaser"].as_str().expect("teaser")),
        (
            "description",
            form["description"].as_str().expect("description"),
        ),
        ("revision", &revision),
    ]);
    app.call::<SaveIdea>(client, &fields).await.status()
}

async fn invite_join_edit_and_leave(db: Db) {
    let app = spawn_app(db).await;
    let olga = app.member("olga@example.org", "Olga", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let carl = app.member("carl@example.org", "Carl", true).await;
    let (olga_id, ben_id, carl_id) = (
        id_of(&app, &olga).await,
        id_of(&app, &ben).await,
        id_of(&app, &carl).await,
    );
    // A draft: the group formulates the idea before anyone else sees it.
    let idea = app
        .create_idea(
            &olga,
            "Shared bikes for the district",
            "Where bikes are",
            "Plan",
        )
        .await;

    assert_eq!(invite(&app, &olga, &idea, &ben_id).await, StatusCode::OK);
    assert_eq!(
        invite(&app, &olga, &idea, &ben_id).await,
        StatusCode::CONFLICT,
        "invited twice"
    );
    assert_eq!(
        invite(&app, &olga, &idea, &olga_id).await,
        StatusCode::CONFLICT,
        "the owner is in already"
    );
    assert_eq!(
        invite(&app, &carl, &idea, &carl_id).await,
        StatusCode::NOT_FOUND,
        "someone else's draft does not exist for Carl"
    );
    assert_eq!(
        invite(&app, &olga, &idea, "not-an-id").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM group_invitations").await,
        1
    );

    // Only Ben answers his invitation, and only once; before he joins he cannot see it.
    let invitation = invitation_for(&app, &ben, &idea).await;
    let mine = my_groups(&app, &ben).await;
    assert_eq!(
        mine["invitations"][0]["idea_title"],
        "Shared bikes for the district"
    );
    assert_eq!(mine["invitations"][0]["person"]["name"], "Olga");
    assert_eq!(
        app.call::<GetIdea>(&ben, &[("id", &idea)]).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        answer(&app, &carl, &invitation, "accept").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        answer(&app, &ben, &invitation, "maybe").await,
        StatusCode::BAD_REQUEST
    );
    assert!(answer(&app, &ben, &invitation, "accept").await.is_success());
    assert_eq!(
        answer(&app, &ben, &invitation, "accept").await,
        StatusCode::CONFLICT
    );

    // The group as its members see it; nobody else sees it.
    let (status, g) = group(&app, &olga, &idea).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(g["owner"]["name"], "Olga");
    assert_eq!(g["members"][0]["name"], "Ben");
    assert_eq!(g["seats_left"], 2);
    assert_eq!(g["role"], "Owner");
    assert_eq!(group(&app, &ben, &idea).await.1["role"], "Member");
    assert_eq!(group(&app, &carl, &idea).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        group(&app, &app.client(), &idea).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (_, page) = app.get(&app.client(), &format!("/ideas/{idea}")).await;
    assert!(!page.contains("Ben"), "a visitor sees no group: {page}");

    // Ben edits the draft with Olga; only Olga publishes or deletes it.
    assert!(
        edit(&app, &ben, &idea, "Shared cargo bikes")
            .await
            .is_success()
    );
    let view: serde_json::Value = app
        .call::<GetIdea>(&ben, &[("id", &idea)])
        .await
        .json()
        .await
        .expect("idea");
    assert_eq!(view["card"]["title"], "Shared cargo bikes");
    assert_eq!(view["can_edit"], true);
    assert_eq!(view["is_owner"], false);
    assert_eq!(
        app.call::<SetPublished>(&ben, &[("id", &idea), ("publish", "true")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call::<DeleteIdea>(&ben, &[("id", &idea)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        edit(&app, &carl, &idea, "Carl's").await,
        StatusCode::NOT_FOUND
    );
    let bens: serde_json::Value = app
        .call::<MyIdeas>(&ben, &[])
        .await
        .json()
        .await
        .expect("ideas");
    assert_eq!(bens[0]["id"], idea.as_str());
    assert_eq!(bens[0]["owned"], false);
    let (_, page) = app.get(&ben, &format!("/ideas/{idea}")).await;
    assert!(page.contains("id=\"group\""), "{page}");

    // The owner cannot leave; Ben can, and then the draft is closed to him again.
    assert_eq!(
        app.call::<LeaveGroup>(&olga, &[("idea", &idea)])
            .await
            .status(),
        StatusCode::CONFLICT
    );
    assert!(ok(&app.call::<LeaveGroup>(&ben, &[("idea", &idea)]).await));
    assert_eq!(
        app.call::<LeaveGroup>(&ben, &[("idea", &idea)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        edit(&app, &ben, &idea, "Ben again").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(group(&app, &olga, &idea).await.1["seats_left"], 3);
}
on_both_databases!(
    invite_join_edit_and_leave_scenario,
    invite_join_edit_and_leave
);

/// Four members at most: two invitees accepting the last seat at the same moment get one
/// seat between them, in several rounds; a fifth cannot be invited.
async fn the_last_seat(db: Db) {
    let app = spawn_app(db).await;
    let olga = app.member("olga@example.org", "Olga", true).await;
    let mut people = Vec::new();
    for name in ["Ben", "Carl", "Dan", "Eve", "Fay"] {
        let client = app
            .member(&format!("{}@example.org", name.to_lowercase()), name, true)
            .await;
        let id = id_of(&app, &client).await;
        people.push((client, id));
    }
    const ROUNDS: usize = 3;
    for round in 0..ROUNDS {
        let idea = publish_idea(
            &app,
            &olga,
            &[("title", &format!("Idea {round}")), ("teaser", "A group")],
        )
        .await;
        // Invitations may outnumber the seats: not everyone accepts.
        for (_, id) in &people[..4] {
            assert_eq!(invite(&app, &olga, &idea, id).await, StatusCode::OK);
        }
        for (client, _) in &people[..2] {
            let i = invitation_for(&app, client, &idea).await;
            assert!(answer(&app, client, &i, "accept").await.is_success());
        }
        let (dan, eve) = (&people[2].0, &people[3].0);
        let (dan_i, eve_i) = (
            invitation_for(&app, dan, &idea).await,
            invitation_for(&app, eve, &idea).await,
        );
        let (a, b) = tokio::join!(
            answer(&app, dan, &dan_i, "accept"),
            answer(&app, eve, &eve_i, "accept")
        );
        let mut statuses = [a.as_u16(), b.as_u16()];
        statuses.sort();
        assert_eq!(statuses, [200, 409], "round {round}");
        let (_, g) = group(&app, &olga, &idea).await;
        assert_eq!(
            g["members"].as_array().map(Vec::len),
            Some(3),
            "round {round}"
        );
        assert_eq!(g["seats_left"], 0);
        assert_eq!(
            invite(&app, &olga, &idea, &people[4].1).await,
            StatusCode::CONFLICT,
            "no fifth"
        );
    }
    assert_eq!(scalar(&app, "SELECT MAX(group_size) FROM ideas").await, 4);
}
on_both_databases!(the_last_seat_scenario, the_last_seat);

/// The owner removes a member and hands the idea over; afterwards the new owner decides.
async fn remove_and_hand_over(db: Db) {
    let app = spawn_app(db).await;
    let olga = app.member("olga@example.org", "Olga", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let carl = app.member("carl@example.org", "Carl", true).await;
    let (olga_id, ben_id, carl_id) = (
        id_of(&app, &olga).await,
        id_of(&app, &ben).await,
        id_of(&app, &carl).await,
    );
    let idea = publish_idea(
        &app,
        &olga,
        &[("title", "Tree census"), ("teaser", "Count")],
    )
    .await;
    for (client, id) in [(&ben, &ben_id), (&carl, &carl_id)] {
        assert_eq!(invite(&app, &olga, &idea, id).await, StatusCode::OK);
        let i = invitation_for(&app, client, &idea).await;
        assert!(answer(&app, client, &i, "accept").await.is_success());
    }
    // A member cannot remove another or hand the idea over.
    let carl_out = [("idea", idea.as_str()), ("member", carl_id.as_str())];
    assert_eq!(
        app.call::<RemoveMember>(&ben, &carl_out).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call::<HandOver>(&ben, &[("idea", &idea), ("member", &ben_id)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert!(ok(&app.call::<RemoveMember>(&olga, &carl_out).await));
    assert_eq!(group(&app, &carl, &idea).await.1["role"], "Outsider");

    // Only a member can take over; then Ben owns it and Olga is a member.
    assert_eq!(
        app.call::<HandOver>(&olga, &[("idea", &idea), ("member", &carl_id)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert!(ok(&app
        .call::<HandOver>(&olga, &[("idea", &idea), ("member", &ben_id)])
        .await));
    let (_, g) = group(&app, &ben, &idea).await;
    assert_eq!(g["owner"]["name"], "Ben");
    assert_eq!(g["members"][0]["name"], "Olga");
    assert_eq!(g["role"], "Owner");
    assert_eq!(
        app.call::<SetPublished>(&olga, &[("id", &idea), ("publish", "false")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert!(ok(&app
        .call::<RemoveMember>(&ben, &[("idea", &idea), ("member", &olga_id)])
        .await));
    assert_eq!(group(&app, &ben, &idea).await.1["seats_left"], 3);
}
on_both_databases!(remove_and_hand_over_scenario, remove_and_hand_over);

/// Declined and withdrawn invitations are closed; an invitation expires after the
/// configured days, and then a new one can be sent.
async fn invitations_close(db: Db) {
    let moved = MovedClock::default();
    let app = spawn_app_at(db, moved.clock()).await;
    let olga = app.member("olga@example.org", "Olga", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let carl = app.member("carl@example.org", "Carl", true).await;
    let (ben_id, carl_id) = (id_of(&app, &ben).await, id_of(&app, &carl).await);
    let idea = publish_idea(
        &app,
        &olga,
        &[("title", "Quiet streets"), ("teaser", "Noise")],
    )
    .await;

    // Declined: closed, and Olga may ask again.
    assert_eq!(invite(&app, &olga, &idea, &ben_id).await, StatusCode::OK);
    let first = invitation_for(&app, &ben, &idea).await;
    assert!(answer(&app, &ben, &first, "decline").await.is_success());
    assert_eq!(
        answer(&app, &ben, &first, "accept").await,
        StatusCode::CONFLICT
    );
    assert_eq!(invite(&app, &olga, &idea, &ben_id).await, StatusCode::OK);

    // Withdrawn: Carl cannot accept it any more, and only the owner withdraws.
    assert_eq!(invite(&app, &olga, &idea, &carl_id).await, StatusCode::OK);
    let carls = invitation_for(&app, &carl, &idea).await;
    assert_eq!(
        app.call::<WithdrawInvitation>(&carl, &[("id", &carls)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert!(ok(&app
        .call::<WithdrawInvitation>(&olga, &[("id", &carls)])
        .await));
    assert_eq!(
        answer(&app, &carl, &carls, "accept").await,
        StatusCode::CONFLICT
    );
    assert_eq!(
        app.call::<WithdrawInvitation>(&olga, &[("id", &carls)])
            .await
            .status(),
        StatusCode::CONFLICT
    );
    assert_eq!(
        my_groups(&app, &carl).await["invitations"],
        serde_json::json!([])
    );

    // Fifteen days later Ben's second invitation has expired (14 days by default).
    let second = invitation_for(&app, &ben, &idea).await;
    moved.set(chrono::Duration::days(15));
    for (client, email) in [(&olga, "olga@example.org"), (&ben, "ben@example.org")] {
        assert!(ok(&app.login(client, email, PASSWORD).await));
    }
    assert_eq!(
        my_groups(&app, &ben).await["invitations"],
        serde_json::json!([])
    );
    assert_eq!(
        answer(&app, &ben, &second, "accept").await,
        StatusCode::CONFLICT
    );
    assert_eq!(
        group(&app, &olga, &idea).await.1["members"],
        serde_json::json!([])
    );
    assert_eq!(invite(&app, &olga, &idea, &ben_id).await, StatusCode::OK);
    let third = invitation_for(&app, &ben, &idea).await;
    assert!(answer(&app, &ben, &third, "accept").await.is_success());
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM group_invitations WHERE status = 'expired'"
        )
        .await,
        1
    );
}
on_both_databases!(invitations_close_scenario, invitations_close);

async fn inbox(app: &TestApp, client: &Client) -> serde_json::Value {
    let res = app.call::<MyMessages>(client, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.expect("json")
}

/// The group's conversation in a member's inbox, if listed.
async fn group_talk(app: &TestApp, client: &Client, idea: &str) -> Option<serde_json::Value> {
    inbox(app, client).await["conversations"]
        .as_array()
        .expect("conversations")
        .iter()
        .find(|c| c["id"] == idea)
        .cloned()
}

async fn say(app: &TestApp, client: &Client, conversation: &str, body: &str) -> StatusCode {
    app.call::<SendMessage>(client, &[("conversation", conversation), ("body", body)])
        .await
        .status()
}

/// A group talks in a conversation of its own: its members join it with the group, every
/// other member hears of a message, nobody outside reads or writes it, whoever leaves the
/// group leaves it, and it goes with the idea.
async fn the_group_talks(db: Db) {
    let app = spawn_app(db).await;
    let olga = app.member("olga@example.org", "Olga", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let carl = app.member("carl@example.org", "Carl", true).await;
    let dana = app.member("dana@example.org", "Dana", true).await;
    let (ben_id, carl_id) = (id_of(&app, &ben).await, id_of(&app, &carl).await);
    let idea = publish_idea(
        &app,
        &olga,
        &[("title", "Tree census"), ("teaser", "Count")],
    )
    .await;
    assert!(
        group_talk(&app, &olga, &idea).await.is_none(),
        "alone, no group talk"
    );
    for (client, id) in [(&ben, &ben_id), (&carl, &carl_id)] {
        assert_eq!(invite(&app, &olga, &idea, id).await, StatusCode::OK);
        let i = invitation_for(&app, client, &idea).await;
        assert!(answer(&app, client, &i, "accept").await.is_success());
    }

    // Listed for every member before anyone wrote, named after the idea.
    let listed = group_talk(&app, &carl, &idea)
        .await
        .expect("listed for Carl");
    assert_eq!(listed["with"]["Group"]["title"], "Tree census");
    assert_eq!(
        listed["with"]["Group"]["members"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(listed["last"], "");
    assert_eq!(
        say(&app, &ben, &idea, "Shall we start on Monday?").await,
        StatusCode::OK
    );
    for (client, unread) in [(&olga, 1), (&carl, 1), (&ben, 0)] {
        let listed = group_talk(&app, client, &idea).await.expect("listed");
        assert_eq!(listed["unread"], unread);
        assert_eq!(listed["last"], "Shall we start on Monday?");
    }
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM notifications WHERE kind = 'message'"
        )
        .await,
        2,
        "Olga and Carl are told, Ben is not"
    );
    let res = app.call::<GetConversation>(&olga, &[("id", &idea)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let c: serde_json::Value = res.json().await.expect("json");
    assert_eq!(c["messages"][0]["author_name"], "Ben");
    assert_eq!(c["can_write"], true);

    // Outside the group: not found, nothing stored.
    let outsider = app.call::<GetConversation>(&dana, &[("id", &idea)]).await;
    assert_eq!(outsider.status(), StatusCode::NOT_FOUND);
    assert!(!outsider.text().await.unwrap_or_default().contains("Monday"));
    assert_eq!(
        say(&app, &dana, &idea, "Let me in").await,
        StatusCode::NOT_FOUND
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM messages").await, 1);

    // Removed from the group, Carl no longer reads or writes there.
    let carl_out = [("idea", idea.as_str()), ("member", carl_id.as_str())];
    assert!(ok(&app.call::<RemoveMember>(&olga, &carl_out).await));
    assert!(group_talk(&app, &carl, &idea).await.is_none());
    assert_eq!(
        app.call::<GetConversation>(&carl, &[("id", &idea)])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        say(&app, &carl, &idea, "Still here?").await,
        StatusCode::NOT_FOUND
    );
    // Olga and Ben go on; the idea, once alone again, can be deleted and takes its
    // conversation with it.
    assert_eq!(
        say(&app, &olga, &idea, "Monday it is.").await,
        StatusCode::OK
    );
    let ben_out = [("idea", idea.as_str()), ("member", ben_id.as_str())];
    assert!(ok(&app.call::<RemoveMember>(&olga, &ben_out).await));
    assert!(ok(&app.call::<DeleteIdea>(&olga, &[("id", &idea)]).await));
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM conversations").await, 0);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM messages").await, 0);
}
on_both_databases!(the_group_talks_scenario, the_group_talks);

/// Invitations knock on the same door as contact requests: the invitee's setting holds,
/// they count against the sender's daily limit, and that limit holds when many are sent
/// at the same moment.
async fn invitations_respect_the_contact_setting_and_the_day(db: Db) {
    let app = spawn_app_with(db, |c| c.contact_requests_per_day = 3).await;
    let olga = app.member("olga@example.org", "Olga", true).await;
    let idea = publish_idea(
        &app,
        &olga,
        &[("title", "Quiet parks"), ("teaser", "A teaser")],
    )
    .await;
    let closed = app.member("closed@example.org", "Nora Nobody", true).await;
    let form = profile_form(
        "Nora Nobody",
        "municipality",
        &[("contact_policy", "nobody")],
    );
    assert!(ok(&app.call::<SaveProfile>(&closed, &form).await));
    let nora = id_of(&app, &closed).await;
    assert_eq!(
        invite(&app, &olga, &idea, &nora).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM group_invitations").await,
        0
    );

    // One contact request and two invitations fill Olga's day of three.
    let mut people = Vec::new();
    for n in 0..6 {
        let client = app
            .member(&format!("p{n}@example.org"), &format!("Person {n}"), true)
            .await;
        people.push(id_of(&app, &client).await);
    }
    let res = app
        .call::<RequestContact>(&olga, &[("to", &people[0]), ("note", "Hello!")])
        .await;
    assert!(ok(&res), "request: {}", res.status());
    assert_eq!(invite(&app, &olga, &idea, &people[1]).await, StatusCode::OK);
    // Sent at the same moment, only one more fits.
    let sent = futures_join(people[2..6].iter().cloned().map(|person| {
        let (base, client, idea) = (app.base.clone(), olga.clone(), idea.clone());
        async move {
            client
                .post(format!("{base}/api/invite"))
                .header("accept", "application/json")
                .form(&[("idea", idea.as_str()), ("person", person.as_str())])
                .send()
                .await
                .expect("answer")
                .status()
        }
    }))
    .await;
    assert_eq!(
        sent.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{sent:?}"
    );
    assert!(
        sent.iter()
            .all(|s| *s == StatusCode::OK || *s == StatusCode::TOO_MANY_REQUESTS),
        "{sent:?}"
    );
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM group_invitations").await,
        2
    );
    let res = app
        .call::<RequestContact>(&olga, &[("to", &people[5]), ("note", "Hello!")])
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}
on_both_databases!(
    invitations_respect_the_contact_setting_and_the_daily_limit,
    invitations_respect_the_contact_setting_and_the_day
);
