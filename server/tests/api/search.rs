//! Full-text search of the market and of members, on each database's own engine: stemming,
//! filters, what anonymous visitors may search, and bad input.

use crate::prelude::*;

const HIDDEN_WORD: &str = "Quantenkryptografie";

/// The market's data for a query string, as the server function returns it.
async fn market(app: &TestApp, client: &Client, form: &[(&str, &str)]) -> serde_json::Value {
    let res = app.call::<Market>(client, form).await;
    assert_eq!(res.status(), StatusCode::OK, "market {form:?}");
    res.json().await.expect("json")
}

fn titles(data: &serde_json::Value) -> Vec<String> {
    data["ideas"]
        .as_array()
        .expect("ideas")
        .iter()
        .map(|i| i["title"].as_str().expect("title").to_owned())
        .collect()
}

async fn search_the_market(db: Db) {
    let app = spawn_app(db).await;
    let author = app.member("author@example.org", "Author", true).await;
    let res = app
        .call::<SaveProfile>(
            &author,
            &profile_form(
                "Author",
                "municipality",
                &[("region", "Leipzig"), ("open_to_partners", "on")],
            ),
        )
        .await;
    assert!(ok(&res));
    let description = format!("Wir setzen auf {HIDDEN_WORD}.");
    publish_idea(
        &app,
        &author,
        &[
            ("title", "KI-Assistent für die Stadt"),
            (
                "teaser",
                "Ein Assistent beantwortet Fragen an die Verwaltung rund um die Uhr.",
            ),
            ("description", &description),
            ("topics", "Open Data"),
            ("language", "de"),
        ],
    )
    .await;
    publish_idea(
        &app,
        &author,
        &[
            ("title", "Sichere Straße"),
            ("teaser", "Sensoren zählen den Radverkehr."),
            ("maturity", "concrete_proposal"),
            ("language", "de"),
        ],
    )
    .await;
    publish_idea(
        &app,
        &author,
        &[
            ("title", "Benches for every city"),
            ("teaser", "Volunteers map where people can sit down."),
            ("language", "en"),
        ],
    )
    .await;
    let anon = app.client();

    // Stemming: inflected forms meet, on both databases, in both languages.
    for (q, expected) in [
        ("Städte", "KI-Assistent für die Stadt"),
        ("Verwaltungen", "KI-Assistent für die Stadt"),
        ("strasse", "Sichere Straße"),
        ("cities", "Benches for every city"),
        ("volunteer", "Benches for every city"),
        ("Sensor", "Sichere Straße"),
    ] {
        assert_eq!(
            titles(&market(&app, &anon, &[("q", q)]).await),
            [expected],
            "{q}"
        );
    }
    // The page itself, with JavaScript off: a GET form's URL.
    let (status, html) = app.get(&anon, "/ideas?q=St%C3%A4dte").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("KI-Assistent für die Stadt") && !html.contains("Sichere Straße"));
    assert!(
        html.contains(r#"value="Städte""#),
        "the form shows the query"
    );
    // A GET form's empty fields lead to the clean, shareable link.
    let res = anon
        .get(format!("{}/ideas?q=Stadt&maturity=&org=&region=", app.base))
        // A browser's form post: Leptos redirects those with a 302 (scripts get a header).
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()[header::LOCATION], "/ideas?q=Stadt");

    // Descriptions are searched for members only; nothing of them reaches visitors.
    assert_eq!(market(&app, &anon, &[("q", HIDDEN_WORD)]).await["total"], 0);
    let (_, html) = app.get(&anon, &format!("/ideas?q={HIDDEN_WORD}")).await;
    assert!(!html.contains("KI-Assistent"), "no match for visitors");
    assert_eq!(
        titles(&market(&app, &author, &[("q", HIDDEN_WORD)]).await),
        ["KI-Assistent für die Stadt"]
    );
    // A word typed halfway matches as a prefix.
    assert_eq!(market(&app, &anon, &[("q", "Verwal")]).await["total"], 1);

    // Filters, alone and with a query.
    let only = |form: &'static [(&'static str, &'static str)]| market(&app, &anon, form);
    assert_eq!(
        titles(&only(&[("maturity", "concrete_proposal")]).await),
        ["Sichere Straße"]
    );
    assert_eq!(
        titles(&only(&[("lang", "en")]).await),
        ["Benches for every city"]
    );
    assert_eq!(only(&[("org", "municipality")]).await["total"], 3);
    assert_eq!(only(&[("org", "startup")]).await["total"], 0);
    assert_eq!(only(&[("region", "leipzig")]).await["total"], 3, "any case");
    assert_eq!(only(&[("region", "Berlin")]).await["total"], 0);
    assert_eq!(only(&[("partners", "1")]).await["total"], 3);
    assert_eq!(
        only(&[("topic", "open-data"), ("q", "Stadt")]).await["total"],
        1
    );
    assert_eq!(
        only(&[("topic", "open-data"), ("q", "Sensor")]).await["total"],
        0
    );
    assert_eq!(only(&[("q", "Stadt"), ("lang", "en")]).await["total"], 0);

    // Bad input: sensible results or a clear message, never an error.
    let long = "Verwaltung ".repeat(1_000);
    for q in [
        "",
        "   ",
        r#""*:()-^"#,
        "NEAR(Stadt Sensor)",
        "Stadt OR",
        "AND",
        "\"Stadt",
        "%",
        "_",
        "'; DROP TABLE ideas; --",
        "Stadt*",
        "-Stadt",
        "^Stadt",
        "Stadt:*",
        "a & b | !c",
        long.as_str(),
    ] {
        let data = market(&app, &anon, &[("q", q)]).await;
        assert!(data["total"].as_u64().is_some(), "{q:?}");
        let path = format!("/ideas?q={}", app::components::urlencode(q));
        let status = anon
            .get(format!("{}{path}", app.base))
            .header(header::ACCEPT, "text/html")
            .send()
            .await
            .unwrap()
            .status();
        // An empty query leads to the clean link of the whole market.
        let expected = if q.trim().is_empty() {
            StatusCode::FOUND
        } else {
            StatusCode::OK
        };
        assert_eq!(status, expected, "{q:?}");
    }
    assert_eq!(
        market(&app, &anon, &[("q", "%")]).await["total"],
        3,
        "no words: no narrowing"
    );
    for path in [
        "/ideas?maturity=finished&org=guild&lang=xx&partners=maybe",
        "/ideas?q=Stadt&page=999",
        "/ideas?page=-1",
        "/ideas?region=%25",
    ] {
        assert_eq!(app.get(&anon, path).await.0, StatusCode::OK, "{path}");
    }
    assert_eq!(
        only(&[("maturity", "finished")]).await["total"],
        3,
        "unknown filters are ignored"
    );
}
on_both_databases!(search_the_market_scenario, search_the_market);

async fn search_people(db: Db) {
    let app = spawn_app(db).await;
    let anna = app.member("anna@example.org", "Anna Amsel", true).await;
    let res = app
        .call::<SaveProfile>(
            &anna,
            &profile_form(
                "Anna Amsel",
                "municipality",
                &[
                    ("organisation_name", "Stadt Leipzig"),
                    ("region", "Leipzig"),
                    ("offered", "Vergaberecht, Verwaltungsprozesse"),
                    ("interests", "Mobilität"),
                ],
            ),
        )
        .await;
    assert!(ok(&res));
    let ben = app.member("ben@example.org", "Ben Bauer", true).await;
    let res = app
        .call::<SaveProfile>(
            &ben,
            &profile_form(
                "Ben Bauer",
                "startup",
                &[("region", "Berlin"), ("offered", "Machine Learning")],
            ),
        )
        .await;
    assert!(ok(&res));
    // Someone who never confirmed the address is not listed.
    app.member("ghost@example.org", "Ghost Verwaltung", false)
        .await;

    let people = |client: &Client, form: &'static [(&'static str, &'static str)]| {
        let client = client.clone();
        let app = &app;
        async move {
            let res = app.call::<SearchPeople>(&client, form).await;
            assert_eq!(res.status(), StatusCode::OK, "{form:?}");
            let data: serde_json::Value = res.json().await.expect("json");
            data["people"]
                .as_array()
                .expect("people")
                .iter()
                .map(|p| p["display_name"].as_str().expect("name").to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        people(&ben, &[("q", "Verwaltungsprozess")]).await,
        ["Anna Amsel"]
    );
    assert_eq!(people(&ben, &[("q", "Leipzig")]).await, ["Anna Amsel"]);
    assert_eq!(people(&ben, &[("q", "Mobilitat")]).await, ["Anna Amsel"]);
    assert_eq!(
        people(&anna, &[("q", "machine learning")]).await,
        ["Ben Bauer"]
    );
    assert_eq!(people(&anna, &[("org", "startup")]).await, ["Ben Bauer"]);
    assert_eq!(people(&anna, &[("region", "berlin")]).await, ["Ben Bauer"]);
    assert!(
        people(&anna, &[("q", "Verwaltung")]).await.is_empty(),
        "not oneself, not the unconfirmed"
    );
    assert!(
        people(&anna, &[("q", r#""*:()-^ NEAR OR"#)])
            .await
            .is_empty()
    );
    let (status, html) = app.get(&ben, "/people?q=Leipzig").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Anna Amsel"));

    // Visitors search no one: not through the page, not through the function.
    let anon = app.client();
    assert_eq!(
        app.call::<SearchPeople>(&anon, &[("q", "Anna")])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let (status, html) = app.get(&anon, "/people?q=Anna").await;
    assert_ne!(status, StatusCode::OK);
    assert!(!html.contains("Anna Amsel"));
}
on_both_databases!(search_people_scenario, search_people);

async fn similar_ideas_before_publishing(db: Db) {
    let app = spawn_app(db).await;
    let first = app.member("first@example.org", "First", true).await;
    publish_idea(
        &app,
        &first,
        &[
            ("title", "KI-Assistent für Bürgeranfragen"),
            (
                "teaser",
                "Ein KI-Assistent beantwortet Bürgeranfragen an die Verwaltung.",
            ),
            ("language", "de"),
        ],
    )
    .await;
    publish_idea(
        &app,
        &first,
        &[
            ("title", "Radwege zählen"),
            ("teaser", "Sensoren zählen Fahrräder."),
            ("language", "de"),
        ],
    )
    .await;
    let second = app.member("second@example.org", "Second", true).await;
    let res = app
        .call::<SaveIdea>(
            &second,
            &idea_form(&[
                ("title", "Assistent für Bürgeranfragen"),
                (
                    "teaser",
                    "Die Verwaltung beantwortet Bürgeranfragen mit einem KI-Assistenten.",
                ),
                ("language", "de"),
            ]),
        )
        .await;
    let draft: String = res.json().await.expect("id");
    let res = app.call::<SimilarIdeas>(&second, &[("id", &draft)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let similar: serde_json::Value = res.json().await.expect("json");
    let titles: Vec<&str> = similar
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["KI-Assistent für Bürgeranfragen"]);
    let (_, page) = app.get(&second, &format!("/ideas/{draft}")).await;
    assert!(
        page.contains("KI-Assistent für Bürgeranfragen"),
        "the draft's page shows it"
    );
    // Only the owner asks.
    let res = app.call::<SimilarIdeas>(&first, &[("id", &draft)]).await;
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "someone else's draft does not exist for them"
    );
}
on_both_databases!(similar_ideas_scenario, similar_ideas_before_publishing);

/// Writes `n` published ideas by `author` straight into the database (the API would take
/// minutes and trip the write limit), each indexed as a save would, oldest first.
async fn many_ideas(app: &TestApp, author: &str, n: usize, title: impl Fn(usize) -> String) {
    use app::backend::entities::{idea, user};
    use app::domain::{ContentLanguage, IdeaStatus, Maturity};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
    let db = Database::connect(&app.config.database_url)
        .await
        .expect("connect");
    let author = user::Entity::find()
        .filter(user::Column::Email.eq(author))
        .one(&db)
        .await
        .expect("query")
        .expect("author")
        .id;
    let txn = db.begin().await.expect("begin");
    let now = chrono::Utc::now();
    for i in 0..n {
        let id = uuid::Uuid::new_v4();
        idea::Entity::insert(idea::ActiveModel {
            id: Set(id),
            author_id: Set(author),
            title: Set(title(i)),
            teaser: Set("Ein Vorschlag unter vielen.".into()),
            description: Set(String::new()),
            // A few concrete proposals among the oldest and the newest.
            maturity: Set(if i % 100 == 1 {
                Maturity::ConcreteProposal
            } else {
                Maturity::RoughIdea
            }),
            status: Set(IdeaStatus::Published),
            revision: Set(1),
            group_size: Set(1),
            declared_stage: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            published_at: Set(Some(now)),
            language: Set(ContentLanguage::German),
        })
        .exec_without_returning(&txn)
        .await
        .expect("insert");
        app::search::index::idea(&txn, id).await.expect("index");
    }
    txn.commit().await.expect("commit");
}

/// A word most ideas contain costs no more than a rare one: both engines rank only the
/// 1,000 most recently saved matches, and the page says there are more.
async fn a_very_common_word_ranks_the_newest_thousand(db: Db) {
    let app = spawn_app(db).await;
    let author = app.member("many@example.org", "Many", true).await;
    // The best match for "KI" (the word three times) is saved first, so it is the oldest.
    many_ideas(&app, "many@example.org", 1_050, |i| {
        if i == 0 {
            "KI KI KI Spitzenreiter".into()
        } else {
            format!("KI Vorschlag {i}")
        }
    })
    .await;
    let visitor = app.client();
    let data = market(&app, &visitor, &[("q", "KI")]).await;
    assert_eq!(data["total"], 1_000, "counted up to the window");
    assert_eq!(data["more"], true);
    assert_eq!(data["pages"], 1_000_u64.div_ceil(app::ideas::PAGE_SIZE));
    assert_ne!(
        titles(&data)[0],
        "KI KI KI Spitzenreiter",
        "outside the window"
    );
    let (status, page) = app.get(&visitor, "/ideas?q=KI").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("More than 1,000 ideas"), "the page says so");
    // Past the window's last page: an empty page, not an error.
    let data = market(&app, &visitor, &[("q", "KI"), ("page", "200")]).await;
    assert!(titles(&data).is_empty());

    // Once saved again, the best match is among the newest and ranks first.
    let id = {
        let data = market(&app, &author, &[("q", "Spitzenreiter")]).await;
        assert_eq!(
            titles(&data),
            ["KI KI KI Spitzenreiter"],
            "a rare word finds it"
        );
        data["ideas"][0]["id"].as_str().expect("id").to_owned()
    };
    let res = app
        .call::<SetPublished>(&author, &[("id", &id), ("publish", "true")])
        .await;
    assert!(ok(&res), "publish again: {}", res.status());
    let data = market(&app, &visitor, &[("q", "KI")]).await;
    assert_eq!(titles(&data)[0], "KI KI KI Spitzenreiter");
    assert_eq!(data["total"], 1_000);

    // A filter narrows inside the index walk: no match is lost to the window.
    let data = market(
        &app,
        &visitor,
        &[("q", "KI"), ("maturity", "concrete_proposal")],
    )
    .await;
    assert_eq!(
        data["total"], 11,
        "i = 1, 101, …, 1001, the oldest included"
    );
    assert_eq!(data["more"], false);
}
on_both_databases!(
    common_word_scenario,
    a_very_common_word_ranks_the_newest_thousand
);
