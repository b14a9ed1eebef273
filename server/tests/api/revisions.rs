//! Co-drafting through the real server: every save is a revision, the group reads the
//! history and compares revisions, and a save from an older revision is kept, not applied,
//! and comes back merged (what does not overlap) for the member to decide the rest.

use crate::prelude::*;

/// Olga's draft with Ben in its group.
async fn group_of_two(app: &TestApp) -> (Member, Member, String) {
    let olga = app.member("olga@example.org", "Olga", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let idea = app
        .create_idea(
            &olga,
            "Benches that talk",
            "Where to rest",
            "Intro\n\nMiddle\n\nEnd",
        )
        .await;
    let ben_id = id_of(app, &ben).await;
    assert_eq!(invite(app, &olga, &idea, &ben_id).await, StatusCode::OK);
    let invitation = invitation_for(app, &ben, &idea).await;
    assert_eq!(
        answer(app, &ben, &invitation, "accept").await,
        StatusCode::OK
    );
    (olga, ben, idea)
}

/// The editor's form for `idea`, as `idea_for_edit` answers `client`.
pub(crate) async fn editor(app: &TestApp, client: &Client, idea: &str) -> serde_json::Value {
    let res = app.call::<IdeaForEdit>(client, &[("id", idea)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.expect("form")
}

/// Saves the editor's form `form` with `changes` applied.
async fn save(
    app: &TestApp,
    client: &Client,
    idea: &str,
    form: &serde_json::Value,
    changes: &[(&'static str, &str)],
) -> StatusCode {
    let field = |k: &str| form[k].as_str().expect("field").to_owned();
    let revision = form["revision"].to_string();
    let mut fields: Vec<(&'static str, String)> = [
        "title",
        "teaser",
        "description",
        "topics",
        "sought",
        "required",
        "maturity",
        "language",
    ]
    .into_iter()
    .map(|k| (k, field(k)))
    .collect();
    fields.push(("id", idea.to_owned()));
    fields.push(("revision", revision));
    for (k, v) in changes {
        if let Some(f) = fields.iter_mut().find(|(key, _)| key == k) {
            f.1 = (*v).to_owned();
        }
    }
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call::<SaveIdea>(client, &fields).await.status()
}

async fn history(
    app: &TestApp,
    client: &Client,
    idea: &str,
    pair: Option<(&str, &str)>,
) -> (StatusCode, serde_json::Value) {
    let mut form = vec![("id", idea)];
    if let Some((from, to)) = pair {
        form.push(("from", from));
        form.push(("to", to));
    }
    let res = app.call::<IdeaHistory>(client, &form).await;
    let status = res.status();
    (status, res.json().await.unwrap_or_default())
}

/// Both open the editor at the same revision; Olga saves `hers` first, then Ben's save
/// of `his` from the older revision is refused (and kept).
async fn race(
    app: &TestApp,
    (olga, ben, idea): (&Client, &Client, &str),
    hers: &[(&'static str, &str)],
    his: &[(&'static str, &str)],
) {
    let olgas = editor(app, olga, idea).await;
    let bens = editor(app, ben, idea).await;
    assert_eq!(olgas["revision"], bens["revision"]);
    assert!(bens["merge"].is_null());
    assert_eq!(save(app, olga, idea, &olgas, hers).await, StatusCode::OK);
    assert_eq!(
        save(app, ben, idea, &bens, his).await,
        StatusCode::CONFLICT,
        "a save from an older revision is refused"
    );
}

async fn merging_saves(db: Db) {
    let app = spawn_app(db).await;
    let (olga, ben, idea) = group_of_two(&app).await;

    // Ben saves from the older revision: refused, and nothing of it applied.
    race(
        &app,
        (&olga, &ben, &idea),
        &[
            ("title", "Benches that listen"),
            ("description", "Intro, sharper\n\nMiddle\n\nEnd"),
        ],
        &[
            ("description", "Intro\n\nMiddle\n\nEnd, with a pilot"),
            ("topics", "Open Data, Mobility, Health"),
        ],
    )
    .await;
    let olgas_view = editor(&app, &olga, &idea).await;
    assert_eq!(olgas_view["description"], "Intro, sharper\n\nMiddle\n\nEnd");
    assert!(olgas_view["merge"].is_null(), "Olga has nothing to merge");

    // His editor now holds both changes, merged, at today's revision.
    let merged = editor(&app, &ben, &idea).await;
    assert_eq!(merged["title"], "Benches that listen");
    assert_eq!(
        merged["description"],
        "Intro, sharper\n\nMiddle\n\nEnd, with a pilot"
    );
    assert_eq!(merged["topics"], "Mobility, Open Data, Health");
    assert_eq!(merged["revision"], olgas_view["revision"]);
    assert_eq!(merged["merge"]["editors"], serde_json::json!(["Olga"]));
    assert_eq!(merged["merge"]["conflicts"], serde_json::json!([]));
    assert_eq!(save(&app, &ben, &idea, &merged, &[]).await, StatusCode::OK);
    let after = editor(&app, &ben, &idea).await;
    assert!(
        after["merge"].is_null(),
        "merged means nothing is kept any more"
    );
    assert_eq!(
        after["description"],
        "Intro, sharper\n\nMiddle\n\nEnd, with a pilot"
    );

    // The history: created, Olga's save, Ben's merge; newest first, with what changed.
    let (status, h) = history(&app, &olga, &idea, None).await;
    assert_eq!(status, StatusCode::OK);
    let revisions = h["revisions"].as_array().expect("revisions");
    assert_eq!(revisions.len(), 3);
    assert_eq!(revisions[0]["editor"], "Ben");
    assert_eq!(
        revisions[0]["changed"],
        serde_json::json!(["Description", "Topics"])
    );
    assert_eq!(revisions[1]["editor"], "Olga");
    assert_eq!(
        revisions[1]["changed"],
        serde_json::json!(["Title", "Description"])
    );
    assert_eq!(revisions[2]["changed"], serde_json::json!([]));
    // By default the newest against the one before; any two on request.
    assert_eq!(h["comparison"]["from"], revisions[1]["number"]);
    let (first, last) = (
        revisions[2]["number"].to_string(),
        revisions[0]["number"].to_string(),
    );
    let (_, h) = history(&app, &ben, &idea, Some((&last, &first))).await;
    let fields = h["comparison"]["fields"].as_array().expect("fields");
    let title = fields
        .iter()
        .find(|f| f["field"] == "Title")
        .expect("the title changed");
    assert!(
        title["parts"]
            .as_array()
            .expect("parts")
            .iter()
            .any(|p| { p["change"] == "Removed" && p["text"] == "talk" })
    );
    assert!(
        title["parts"]
            .as_array()
            .expect("parts")
            .iter()
            .any(|p| { p["change"] == "Added" && p["text"] == "listen" })
    );
    let (status, _) = history(&app, &ben, &idea, Some(("1", "99"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no such revision");

    // The history page itself, for the group.
    let (status, html) = app.get(&olga, &format!("/ideas/{idea}/history")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<ins>") && html.contains("<del>"), "{html}");
}

on_both_databases!(merging_saves_scenario, merging_saves);

async fn overlapping_saves(db: Db) {
    let app = spawn_app(db).await;
    let (olga, ben, idea) = group_of_two(&app).await;
    race(
        &app,
        (&olga, &ben, &idea),
        &[
            ("title", "Olga's title"),
            ("description", "Intro\n\nOlga's middle\n\nEnd"),
        ],
        &[
            ("title", "Ben's title"),
            ("description", "Intro\n\nBen's middle\n\nEnd"),
        ],
    )
    .await;
    let merged = editor(&app, &ben, &idea).await;
    let conflicts = merged["merge"]["conflicts"].as_array().expect("conflicts");
    assert_eq!(conflicts.len(), 2);
    assert_eq!(conflicts[0]["field"], "Title");
    assert_eq!(conflicts[0]["mine"], "Ben's title");
    assert_eq!(conflicts[0]["theirs"], "Olga's title");
    assert_eq!(
        merged["title"], "Ben's title",
        "his own value waits in the field"
    );
    let description = merged["description"].as_str().expect("description");
    assert!(
        description.contains(
            "<<<<<<< Your version\nBen's middle\n=======\nOlga's middle\n>>>>>>> Current version"
        ),
        "{description}"
    );

    // Saved with the markers left in: refused, nothing applied, nothing lost.
    assert_eq!(
        save(&app, &ben, &idea, &merged, &[]).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(editor(&app, &olga, &idea).await["title"], "Olga's title");
    assert!(!editor(&app, &ben, &idea).await["merge"].is_null());
    // Decided: saved.
    assert_eq!(
        save(
            &app,
            &ben,
            &idea,
            &merged,
            &[("description", "Intro\n\nOlga's middle, and Ben's\n\nEnd")]
        )
        .await,
        StatusCode::OK
    );
    let now = editor(&app, &olga, &idea).await;
    assert_eq!(now["title"], "Ben's title");
    assert_eq!(
        now["description"],
        "Intro\n\nOlga's middle, and Ben's\n\nEnd"
    );

    // A kept save can be discarded: the editor shows the idea as it is.
    race(
        &app,
        (&olga, &ben, &idea),
        &[("teaser", "New teaser")],
        &[("teaser", "Other teaser")],
    )
    .await;
    let res = app.call::<DiscardUnmerged>(&ben, &[("id", &idea)]).await;
    assert!(ok(&res), "discard: {}", res.status());
    let fresh = editor(&app, &ben, &idea).await;
    assert!(fresh["merge"].is_null());
    assert_eq!(fresh["teaser"], "New teaser");
}

on_both_databases!(overlapping_saves_scenario, overlapping_saves);

async fn history_is_the_groups(db: Db) {
    let app = spawn_app(db).await;
    let (olga, _ben, idea) = group_of_two(&app).await;
    let carl = app.member("carl@example.org", "Carl", true).await;
    assert_eq!(
        history(&app, &app.client(), &idea, None).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        history(&app, &carl, &idea, None).await.0,
        StatusCode::NOT_FOUND,
        "a draft"
    );
    let res = app
        .call::<SetPublished>(&olga, &[("id", &idea), ("publish", "true")])
        .await;
    assert!(ok(&res));
    assert_eq!(
        history(&app, &carl, &idea, None).await.0,
        StatusCode::FORBIDDEN,
        "not in the group"
    );
    let (status, _) = app
        .get(&app.client(), &format!("/ideas/{idea}/history"))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Someone else cannot leave a kept save on the idea either.
    let form = editor(&app, &olga, &idea).await;
    assert_eq!(
        save(&app, &carl, &idea, &form, &[]).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM unmerged_edits").await, 0);
}

on_both_databases!(history_is_the_groups_scenario, history_is_the_groups);
