//! Matching through the real server: who is suggested, in which order, with which reasons;
//! dismissing, leaving matching, ideas that need what one offers, and helpers for an idea.

use crate::prelude::*;

async fn member_with(
    app: &TestApp,
    email: &str,
    name: &str,
    org: &str,
    set: &[(&'static str, &str)],
) -> Member {
    let client = app.member(email, name, true).await;
    let res = app
        .call::<SaveProfile>(&client, &profile_form(name, org, set))
        .await;
    assert!(ok(&res), "save_profile {name}: {}", res.status());
    client
}

async fn matches(app: &TestApp, client: &Client) -> serde_json::Value {
    let res = app.call::<MyMatches>(client, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.expect("json")
}

fn names(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .expect("list")
        .iter()
        .map(|m| {
            m["person"]["display_name"]
                .as_str()
                .expect("name")
                .to_owned()
        })
        .collect()
}

async fn suggestions_with_reasons(db: Db) {
    let app = spawn_app(db).await;
    // A municipality that must have machine learning and offers open data.
    let anna = member_with(
        &app,
        "anna@example.org",
        "Anna",
        "municipality",
        &[
            ("region", "Leipzig"),
            ("offered", "Open Data"),
            ("required", "Machine Learning"),
            ("interests", "Mobility"),
            ("open_to_partners", "on"),
        ],
    )
    .await;
    // Offers what Anna must have and seeks what she offers: the best fit.
    let ben = member_with(
        &app,
        "ben@example.org",
        "Ben",
        "startup",
        &[
            ("region", "leipzig"),
            ("offered", "Machine Learning"),
            ("sought", "Open Data"),
            ("open_to_partners", "on"),
        ],
    )
    .await;
    // Offers it too, but same sector and not open to partners: lower.
    let carla = member_with(
        &app,
        "carla@example.org",
        "Carla",
        "municipality",
        &[("offered", "Machine Learning")],
    )
    .await;
    // Only shares a topic: a weak suggestion, last.
    member_with(
        &app,
        "dora@example.org",
        "Dora",
        "research",
        &[("interests", "Mobility"), ("open_to_partners", "on")],
    )
    .await;
    // Nothing in common: never suggested, however open.
    member_with(
        &app,
        "emil@example.org",
        "Emil",
        "sme",
        &[("offered", "Knitting"), ("open_to_partners", "on")],
    )
    .await;

    let m = matches(&app, &anna).await;
    assert_eq!(names(&m["people"]), ["Ben", "Carla", "Dora"]);
    let reasons = &m["people"][0]["reasons"];
    assert_eq!(
        reasons[0],
        serde_json::json!({ "OffersRequired": ["Machine Learning"] })
    );
    assert!(
        reasons
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({ "SeeksOffered": ["Open Data"] }))
    );
    assert!(
        reasons
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({ "OtherSector": "Startup" }))
    );
    assert!(
        reasons
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({ "SameRegion": "leipzig" }))
    );
    // Every suggestion has a reason; the page says them in the member's language.
    assert!(
        m["people"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| !p["reasons"].as_array().unwrap().is_empty())
    );
    let (status, html) = app.get(&anna, "/me/matches").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("offers Machine Learning, a must-have you look for"),
        "reason in plain words"
    );
    assert!(
        html.contains("works in: Start-up — a different sector from yours")
            || html.contains("a different sector from yours")
    );

    // Dismissed stays dismissed.
    let ben_id = whoami(&app, &ben).await["id"].as_str().unwrap().to_owned();
    let res = app
        .call::<DismissMatch>(
            &anna,
            &[("kind", "person"), ("id", &ben_id), ("next", "/me/matches")],
        )
        .await;
    assert!(ok(&res), "dismiss: {}", res.status());
    assert_eq!(
        names(&matches(&app, &anna).await["people"]),
        ["Carla", "Dora"]
    );
    // Bad dismissals are refused clearly.
    let res = app
        .call::<DismissMatch>(&anna, &[("kind", "planet"), ("id", &ben_id)])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Carla leaves matching: she is suggested to no one, but still sees her own suggestions.
    let res = app
        .call::<SaveProfile>(
            &carla,
            &profile_form(
                "Carla",
                "municipality",
                &[
                    ("offered", "Machine Learning"),
                    ("hide_from_matching", "on"),
                ],
            ),
        )
        .await;
    assert!(ok(&res));
    assert_eq!(names(&matches(&app, &anna).await["people"]), ["Dora"]);
    let carla_sees = matches(&app, &carla).await;
    assert_eq!(carla_sees["in_matching"], false);
    assert!(names(&carla_sees["people"]).contains(&"Anna".to_owned()));

    // Ideas that need what Anna offers.
    let bens_idea = publish_idea(
        &app,
        &ben,
        &[
            ("title", "Open transport data"),
            ("teaser", "Timetables for everyone."),
            ("sought", "Open Data"),
        ],
    )
    .await;
    publish_idea(
        &app,
        &ben,
        &[
            ("title", "Unrelated"),
            ("teaser", "Nothing Anna offers."),
            ("sought", "Knitting"),
        ],
    )
    .await;
    let m = matches(&app, &anna).await;
    let ideas = m["ideas"].as_array().unwrap();
    assert_eq!(ideas.len(), 1);
    assert_eq!(ideas[0]["idea"]["id"], bens_idea.as_str());
    assert_eq!(
        ideas[0]["reasons"][0],
        serde_json::json!({ "OffersSought": ["Open Data"] })
    );
    // Withdrawn, it is suggested to no one; published again, it is back.
    let publish = |on: &'static str| {
        let (app, ben, id) = (&app, &ben, bens_idea.clone());
        async move {
            app.call::<SetPublished>(ben, &[("id", id.as_str()), ("publish", on)])
                .await
        }
    };
    assert!(ok(&publish("false").await));
    assert!(
        matches(&app, &anna).await["ideas"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert!(ok(&publish("true").await));
    assert_eq!(
        matches(&app, &anna).await["ideas"][0]["idea"]["id"],
        bens_idea.as_str()
    );

    // People who could help with Anna's idea: for Anna only.
    let annas_idea = publish_idea(
        &app,
        &anna,
        &[
            ("title", "Traffic forecasts"),
            ("teaser", "Predict the rush hour."),
            ("required", "Machine Learning"),
        ],
    )
    .await;
    let res = app.call::<IdeaHelpers>(&anna, &[("id", &annas_idea)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let helpers: serde_json::Value = res.json().await.unwrap();
    // Ben was dismissed by Anna and Carla left matching: no one offers it now but… nobody.
    assert!(names(&helpers).is_empty(), "{helpers}");
    let fred = member_with(
        &app,
        "fred@example.org",
        "Fred",
        "research",
        &[("offered", "Machine Learning"), ("open_to_partners", "on")],
    )
    .await;
    // Gil offers it too but has not confirmed his address: not suggested until he does.
    let gil = app.member("gil@example.org", "Gil", false).await;
    let res = app
        .call::<SaveProfile>(
            &gil,
            &profile_form("Gil", "sme", &[("offered", "Machine Learning")]),
        )
        .await;
    assert!(ok(&res));
    let helpers_now = || async {
        let res = app.call::<IdeaHelpers>(&anna, &[("id", &annas_idea)]).await;
        res.json::<serde_json::Value>().await.unwrap()
    };
    assert_eq!(names(&helpers_now().await), ["Fred"]);
    app.confirm_email(&gil, "gil@example.org").await;
    let helpers = helpers_now().await;
    let mut found = names(&helpers);
    found.sort();
    assert_eq!(found, ["Fred", "Gil"]);
    assert_eq!(
        helpers[0]["reasons"][0],
        serde_json::json!({ "OffersRequired": ["Machine Learning"] })
    );
    let (_, page) = app.get(&anna, &format!("/ideas/{annas_idea}")).await;
    assert!(page.contains("offers Machine Learning, which this idea must have"));
    assert_eq!(
        app.call::<IdeaHelpers>(&fred, &[("id", &annas_idea)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );

    // Visitors get nothing.
    let anon = app.client();
    assert_eq!(
        app.call::<MyMatches>(&anon, &[]).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call::<IdeaHelpers>(&anon, &[("id", &annas_idea)])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let (_, html) = app.get(&anon, &format!("/ideas/{annas_idea}")).await;
    assert!(!html.contains("Fred"), "helpers are for the owner");
}
on_both_databases!(suggestions_with_reasons_scenario, suggestions_with_reasons);

async fn across_languages(db: Db) {
    let app = spawn_app(db).await;
    // Anna writes in German, Carla in English; both offer the same expertise.
    member_with(
        &app,
        "anna@example.org",
        "Anna",
        "municipality",
        &[("offered", "Vergaberecht"), ("open_to_partners", "on")],
    )
    .await;
    let carla = member_with(
        &app,
        "carla@example.org",
        "Carla",
        "sme",
        &[
            ("offered", "Public procurement"),
            ("open_to_partners", "on"),
        ],
    )
    .await;
    // Ben needs it, in English words: both are suggested, with the reason in his words.
    let ben = member_with(
        &app,
        "ben@example.org",
        "Ben",
        "startup",
        &[
            ("required", "public procurement"),
            ("open_to_partners", "on"),
        ],
    )
    .await;
    let m = matches(&app, &ben).await;
    let mut found = names(&m["people"]);
    found.sort();
    assert_eq!(found, ["Anna", "Carla"]);
    assert_eq!(
        m["people"][0]["reasons"][0],
        serde_json::json!({ "OffersRequired": ["Public procurement"] })
    );
    // People search finds Carla by the German word, and each reader sees the concept in
    // their own language.
    let (status, html) = app.get(&ben, "/people?q=Vergaberecht").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Carla"), "found across languages");
    let (_, english) = app.get(&carla, "/me").await;
    assert!(english.contains(r#"value="Public procurement""#));
    // Carla switches to German: her own words are now shown in German.
    let res = app.call::<SetLanguage>(&carla, &[("lang", "de")]).await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let (_, mine) = app.get(&carla, "/me").await;
    assert!(
        mine.contains(r#"value="Vergaberecht""#),
        "Carla reads it in German"
    );
}
on_both_databases!(expertise_is_matched_across_languages, across_languages);
