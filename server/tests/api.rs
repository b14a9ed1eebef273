// Leptos view types nest deeply; every crate that instantiates the app needs more room.
#![recursion_limit = "512"]
//! Integration tests through the real router and a real database, as a browser would
//! call it: pages as HTML, server functions as the hydrated app calls them.

mod common;

use app::backend::Clock;
use common::{Db, PASSWORD, TestApp, spawn_app};
use reqwest::StatusCode;

const SECRET: &str = "The secret plan: route every request through the citizens' assembly first.";

async fn whoami(app: &TestApp, client: &reqwest::Client) -> serde_json::Value {
    let res = app.call(client, "whoami", &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.expect("json")
}

async fn accounts(db: Db) {
    let app = spawn_app(db).await;
    let client = app.client();
    let email = "Anna.Schmidt@Example.org";
    let res = app
        .call(
            &client,
            "register",
            &[
                ("email", email),
                ("display_name", "Anna Schmidt"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    // Logged out until login; the e-mail is normalised.
    assert_eq!(whoami(&app, &client).await, serde_json::Value::Null);
    let token = app.verification_token("anna.schmidt@example.org");

    // Wrong password and unknown address get the same answer.
    let wrong = app
        .call(
            &client,
            "login",
            &[("email", email), ("password", "wrong password!")],
        )
        .await;
    let unknown = app
        .call(
            &client,
            "login",
            &[("email", "nobody@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.text().await.unwrap(), unknown.text().await.unwrap());

    let res = app
        .call(
            &client,
            "login",
            &[("email", email), ("password", PASSWORD)],
        )
        .await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );
    let me = whoami(&app, &client).await;
    assert_eq!(me["display_name"], "Anna Schmidt");
    assert_eq!(me["verified"], false);

    // Opening the link confirms nothing (mail scanners open links): it shows a button.
    let (status, html) = app.get(&client, &format!("/verify?token={token}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Confirm my e-mail address"), "{html}");
    assert_eq!(whoami(&app, &client).await["verified"], false);
    let res = app
        .call(&client, "confirm_email", &[("token", &token)])
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(whoami(&app, &client).await["verified"], true);
    let (_, html) = app.get(&client, "/verify?confirmed=1").await;
    assert!(html.contains("is confirmed"), "{html}");
    // A spent or made-up token is refused.
    let res = app
        .call(&client, "confirm_email", &[("token", &token)])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Change password: wrong current one is a field error; then the new one works.
    let res = app
        .call(
            &client,
            "change_password",
            &[
                ("current", "not my password"),
                ("new_password", "a brand new passphrase"),
                ("confirm", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .call(
            &client,
            "change_password",
            &[
                ("current", PASSWORD),
                ("new_password", "a brand new passphrase"),
                ("confirm", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        whoami(&app, &client).await["display_name"],
        "Anna Schmidt",
        "still logged in"
    );

    let res = app.call(&client, "logout", &[]).await;
    assert!(res.status().is_success() || res.status().is_redirection());
    assert_eq!(whoami(&app, &client).await, serde_json::Value::Null);
    let old = app
        .call(
            &client,
            "login",
            &[("email", email), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    let new = app
        .call(
            &client,
            "login",
            &[("email", email), ("password", "a brand new passphrase")],
        )
        .await;
    assert!(new.status().is_success() || new.status().is_redirection());

    // Registering a taken address looks exactly like success, and mails the owner instead.
    let other = app.client();
    let again = app
        .call(
            &other,
            "register",
            &[
                ("email", "anna.schmidt@example.org"),
                ("display_name", "Impostor"),
                ("password", PASSWORD),
            ],
        )
        .await;
    let fresh = app
        .call(
            &other,
            "register",
            &[
                ("email", "new.person@example.org"),
                ("display_name", "New Person"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(again.status(), fresh.status());
    assert_eq!(again.text().await.unwrap(), fresh.text().await.unwrap());
    assert!(
        app.mails_to("anna.schmidt@example.org")
            .iter()
            .any(|m| m.contains("You already have one"))
    );
}
on_both_databases!(register_verify_login_change_password_logout, accounts);

async fn ideas_and_access(db: Db) {
    let app = spawn_app(db).await;
    let owner = app.member("owner@example.org", "Olga Owner", false).await;
    let other = app.member("other@example.org", "Otto Other", true).await;
    let anon = app.client();

    let id = app
        .create_idea(
            &owner,
            "Open data for bus stops",
            "Accessible bus stops, mapped by the people who use them.",
            SECRET,
        )
        .await;
    let page = format!("/ideas/{id}");

    // A draft: only the owner sees it.
    let (status, html) = app.get(&owner, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Open data for bus stops") && html.contains(SECRET));
    for client in [&anon, &other] {
        let (status, html) = app.get(client, &page).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(!html.contains("Open data for bus stops"));
    }
    let (_, market) = app.get(&anon, "/").await;
    assert!(
        !market.contains("Open data for bus stops"),
        "drafts stay out of the market"
    );

    // Publishing needs a confirmed address.
    let res = app
        .call(&owner, "set_published", &[("id", &id), ("publish", "true")])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    app.confirm_email(&owner, "owner@example.org").await;
    let res = app
        .call(&owner, "set_published", &[("id", &id), ("publish", "true")])
        .await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );

    // Anonymous: title and teaser, never the description — not in the HTML, not in the
    // hydration data, not from the server function.
    let (status, market) = app.get(&anon, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(market.contains("Open data for bus stops"));
    assert!(market.contains("Accessible bus stops, mapped by the people who use them."));
    assert!(!market.contains("secret plan"));
    let (status, html) = app.get(&anon, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Accessible bus stops"));
    assert!(
        !html.contains("secret plan"),
        "description leaked to anonymous HTML"
    );
    assert!(html.contains("Create an account"));
    let res = app.call(&anon, "get_idea", &[("id", &id)]).await;
    let body = res.text().await.unwrap();
    assert!(body.contains("Accessible bus stops") && !body.contains("secret plan"));
    let res = app.call(&anon, "market", &[]).await;
    assert!(!res.text().await.unwrap().contains("secret plan"));

    // Members read the full text; the author's profile is linked.
    let (status, html) = app.get(&other, &page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(SECRET));
    assert!(html.contains("/profiles/"));

    // Nobody else may change, unpublish or delete it.
    let edit = idea_form(&[
        ("id", &id),
        ("title", "Hijacked"),
        ("teaser", "x"),
        ("revision", "1"),
    ]);
    assert_eq!(
        app.call(&other, "save_idea", &edit).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call(&anon, "save_idea", &edit).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call(
            &other,
            "set_published",
            &[("id", &id), ("publish", "false")]
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call(&other, "delete_idea", &[("id", &id)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.call(&anon, "delete_idea", &[("id", &id)])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call(&other, "idea_for_edit", &[("id", &id)])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let (status, _) = app.get(&other, &format!("{page}/edit")).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, html) = app.get(&anon, &page).await;
    assert!(!html.contains("Hijacked"));

    // The owner edits; an edit based on an old revision is refused, not silently applied.
    let edit = idea_form(&[
        ("id", &id),
        ("title", "Open data for every bus stop"),
        (
            "teaser",
            "Accessible bus stops, mapped by the people who use them.",
        ),
        ("revision", "1"),
    ]);
    assert!(
        app.call(&owner, "save_idea", &edit)
            .await
            .status()
            .is_success()
    );
    assert_eq!(
        app.call(&owner, "save_idea", &edit).await.status(),
        StatusCode::CONFLICT
    );
    let (_, html) = app.get(&anon, &page).await;
    assert!(html.contains("Open data for every bus stop"));

    // Unpublish hides it again; delete removes it.
    app.call(
        &owner,
        "set_published",
        &[("id", &id), ("publish", "false")],
    )
    .await;
    assert_eq!(app.get(&anon, &page).await.0, StatusCode::NOT_FOUND);
    let res = app.call(&owner, "delete_idea", &[("id", &id)]).await;
    assert!(res.status().is_success() || res.status().is_redirection());
    assert_eq!(app.get(&owner, &page).await.0, StatusCode::NOT_FOUND);
    let mine: Vec<serde_json::Value> = app
        .call(&owner, "my_ideas", &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(mine.is_empty());
}
on_both_databases!(idea_lifecycle_and_access_matrix, ideas_and_access);

async fn profiles(db: Db) {
    let app = spawn_app(db).await;
    let anna = app.member("anna@example.org", "Anna Schmidt", true).await;
    let ben = app.member("ben@example.org", "Ben Carter", true).await;
    let anon = app.client();
    let res = app
        .call(
            &anna,
            "save_profile",
            &[
                ("display_name", "Anna Schmidt"),
                ("show_name_publicly", "on"),
                ("organisation_name", "Stadt Leipzig"),
                ("organisation_type", "municipality"),
                ("role", "Digital officer"),
                ("region", "Leipzig"),
                ("bio", "I connect the administration with civil society."),
                ("experience", "Two chatbot pilots."),
                ("interests", "Mobility, Open Data"),
                ("offered", "Public procurement"),
                ("sought", "Machine Learning, Data protection"),
                ("open_to_partners", "on"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let anna_id = whoami(&app, &anna).await["id"].as_str().unwrap().to_owned();
    let page = format!("/profiles/{anna_id}");

    let (status, html) = app.get(&ben, &page).await;
    assert_eq!(status, StatusCode::OK);
    for text in [
        "Stadt Leipzig",
        "Municipality",
        "I connect the administration",
        "Public procurement",
        "Machine Learning",
        "Open to partners",
    ] {
        assert!(html.contains(text), "{text} missing");
    }
    // Profiles are for members only, in HTML and through the server function.
    let (status, html) = app.get(&anon, &page).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(!html.contains("I connect the administration") && !html.contains("Stadt Leipzig"));
    assert_eq!(
        app.call(&anon, "get_profile", &[("id", &anna_id)])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call(&anon, "my_profile", &[]).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get(&ben, "/profiles/00000000-0000-4000-8000-000000000000")
            .await
            .0,
        StatusCode::NOT_FOUND
    );

    // The author's name beside a public idea follows their choice.
    let id = app
        .create_idea(
            &anna,
            "Count bikes with open sensors",
            "Cheap open sensors count cycle traffic.",
            "details",
        )
        .await;
    app.call(&anna, "set_published", &[("id", &id), ("publish", "true")])
        .await;
    assert!(app.get(&anon, "/").await.1.contains("Anna Schmidt"));
    let hidden = minimal_profile("Anna Schmidt", "municipality");
    assert_eq!(
        app.call(&anna, "save_profile", &hidden).await.status(),
        StatusCode::OK
    );
    let (_, market) = app.get(&anon, "/").await;
    assert!(market.contains("Count bikes") && !market.contains("Anna Schmidt"));
    assert!(
        app.get(&ben, "/").await.1.contains("Anna Schmidt"),
        "members still see the name"
    );
}
on_both_databases!(profile_edit_and_members_only_visibility, profiles);

/// A complete save_profile form with only a name and an organisation type filled in
/// (checkboxes unticked, so the name is not shown publicly).
/// A whole save_idea form with empty optional fields; `set` replaces or adds fields.
fn idea_form<'a>(set: &[(&'static str, &'a str)]) -> Vec<(&'static str, &'a str)> {
    let mut form = vec![
        ("title", ""),
        ("teaser", ""),
        ("description", ""),
        ("topics", ""),
        ("sought", ""),
        ("maturity", "rough_idea"),
    ];
    for &(key, value) in set {
        match form.iter_mut().find(|(k, _)| *k == key) {
            Some(field) => field.1 = value,
            None => form.push((key, value)),
        }
    }
    form
}

fn minimal_profile<'a>(name: &'a str, organisation_type: &'a str) -> Vec<(&'static str, &'a str)> {
    let mut fields = vec![
        ("display_name", name),
        ("organisation_type", organisation_type),
    ];
    for f in [
        "organisation_name",
        "role",
        "region",
        "bio",
        "experience",
        "interests",
        "offered",
        "sought",
    ] {
        fields.push((f, ""));
    }
    fields
}

async fn bad_input(db: Db) {
    let app = spawn_app(db).await;
    let member = app.member("m@example.org", "Mia Member", true).await;
    let anon = app.client();

    // Too long teaser (281 characters, counted as characters not bytes): clear message, nothing stored.
    let teaser = "ü".repeat(281);
    let res = app
        .call(
            &member,
            "save_idea",
            &idea_form(&[("title", "Fine title"), ("teaser", &teaser)]),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("teaser") && body.contains("281"), "{body}");
    let mine: Vec<serde_json::Value> = app
        .call(&member, "my_ideas", &[])
        .await
        .json()
        .await
        .unwrap();
    assert!(mine.is_empty(), "nothing stored half-way");

    // Every field empty: one answer listing every problem.
    let res = app
        .call(&member, "save_idea", &idea_form(&[("maturity", "")]))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    for f in ["title", "teaser", "maturity"] {
        assert!(
            body.contains(&format!("\"{f}\"")),
            "{f} not reported: {body}"
        );
    }
    let res = app
        .call(
            &anon,
            "register",
            &[
                ("email", "not-an-email"),
                ("display_name", "X"),
                ("password", "short"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // HTML and SQL metacharacters are stored as text and shown escaped.
    let title = "<script>alert('x')</script> Robert'); DROP TABLE ideas;--";
    let id = app
        .create_idea(
            &member,
            title,
            "<img src=x onerror=alert(1)> teaser",
            "<script>alert(2)</script>\n\n**bold**",
        )
        .await;
    app.call(
        &member,
        "set_published",
        &[("id", &id), ("publish", "true")],
    )
    .await;
    let (status, html) = app.get(&member, &format!("/ideas/{id}")).await;
    assert_eq!(status, StatusCode::OK);

    assert!(
        !html.contains("<script>alert"),
        "markup must be escaped or removed"
    );
    assert!(!html.contains("<img src=x onerror"));
    assert!(html.contains("<strong>bold</strong>"));
    assert!(html.contains("DROP TABLE ideas"), "text kept as typed");
    let (_, market) = app.get(&anon, "/").await;
    assert!(market.contains("DROP TABLE ideas") && !market.contains("<script>alert"));

    // Unknown and malformed ids, wrong types, missing fields, huge bodies: 4xx, never 500.
    assert_eq!(
        app.get(&anon, "/ideas/not-a-uuid").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&anon, "/ideas/00000000-0000-4000-8000-000000000000")
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&anon, "/no/such/page").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call(&member, "delete_idea", &[("id", "1 OR 1=1")])
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let res = app
        .call(
            &member,
            "save_idea",
            &idea_form(&[
                ("id", &id),
                ("title", "T"),
                ("teaser", "t"),
                ("revision", "abc"),
            ]),
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        app.call(&member, "save_idea", &[("title", "only a title")])
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    // A 10 MB body is refused from its Content-Length alone, before a byte of it is read.
    // Raw TCP with `Expect: 100-continue` makes that deterministic: a client that streams
    // the body meanwhile may see the connection closed under it instead of the answer.
    assert_eq!(
        app.raw_status(
            "POST /api/save_idea HTTP/1.1\r\nHost: localhost\r\n\
             Content-Type: application/x-www-form-urlencoded\r\n\
             Content-Length: 10485760\r\nExpect: 100-continue\r\n\r\n"
        )
        .await,
        413
    );
    let res = app
        .call(
            &member,
            "save_profile",
            &[
                ("display_name", "Mia"),
                ("organisation_type", "'; DROP TABLE users;--"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "missing fields");
    let fields = minimal_profile("Mia Member", "'; DROP TABLE users;--");
    let res = app.call(&member, "save_profile", &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("UnknownChoice"));
}
on_both_databases!(bad_input_gets_clear_errors_and_stores_nothing, bad_input);

async fn restart(db: Db) {
    let app = spawn_app(db).await;
    let member = app.member("keep@example.org", "Kim Keep", true).await;
    let id = app
        .create_idea(
            &member,
            "Survives a restart",
            "Still here after the server restarts.",
            "desc",
        )
        .await;
    app.call(
        &member,
        "set_published",
        &[("id", &id), ("publish", "true")],
    )
    .await;
    let (url, dir) = app.stop();
    let app = common::spawn_with(url, dir, false, Clock::system()).await;
    let (status, html) = app.get(&app.client(), &format!("/ideas/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Survives a restart"));
    // Sessions live in the database too: the member is still logged in (cookies are per
    // host, not port, so the old client's cookie reaches the new server).
    assert_eq!(whoami(&app, &member).await["display_name"], "Kim Keep");
}
on_both_databases!(data_survives_a_restart, restart);

#[tokio::test]
async fn health_compression_and_demo_data() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("demo.sqlite").display()
    );
    let app = common::spawn_with(url, dir, true, Clock::system()).await;
    let client = app.client();
    let (status, body) = app.get(&client, "/healthz").await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, "ok"));
    let res = client
        .get(format!("{}/", app.base))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap()),
        Some("gzip")
    );
    let (_, market) = app.get(&client, "/").await;
    assert!(market.contains("ideas"));
    assert!(market.contains("Page 1 of 3"), "26 demo ideas, 12 a page");
    assert_eq!(market.matches("class=\"card\"").count(), 12);
    // Demo members can log in.
    let res = app
        .call(
            &client,
            "login",
            &[
                ("email", "anna@demo.civic-innovation.invalid"),
                ("password", server::seed::DEMO_PASSWORD),
            ],
        )
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let (_, page2) = app.get(&client, "/?page=2").await;
    assert!(page2.contains("Page 2 of 3"));
    let (_, topic) = app.get(&client, "/?topic=mobilit%C3%A4t").await;
    assert!(topic.contains("Mobilität"), "topic filter names the topic");

    // A page of 12 cards costs the same few statements as a page of one: no N+1.
    let anon = app.client();
    let market = app.queries_for(&anon, "/").await;
    assert!(market <= 4, "anonymous market page ran {market} statements");
    let member_market = app.queries_for(&client, "/").await;
    assert!(
        member_market <= market + 2,
        "member market page ran {member_market} statements"
    );
    let idea = page2
        .split("href=\"/ideas/")
        .filter_map(|rest| rest.get(..36))
        .find(|id| uuid::Uuid::parse_str(id).is_ok())
        .expect("an idea link");
    let one = app.queries_for(&anon, &format!("/ideas/{idea}")).await;
    assert!(one <= 4, "idea page ran {one} statements");
}

async fn no_js_errors_keep_input(db: Db) {
    let app = spawn_app(db).await;
    let browser = app.client();
    // A plain HTML form post (no JavaScript): the browser asks for HTML, not JSON.
    let res = browser
        .post(format!("{}/api/register", app.base))
        .header("accept", "text/html")
        .header("referer", format!("{}/register", app.base))
        .form(&[
            ("email", "kept@example.org"),
            ("display_name", "Kept <Name>"),
            ("password", "short-pw"),
        ])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    let back = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.contains("__err="), "{back}");
    let (status, html) = app.get(&browser, back.trim_start_matches(&app.base)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("At least 10 characters"),
        "the error is shown"
    );
    assert!(html.contains(r#"value="kept@example.org""#), "e-mail kept");
    assert!(html.contains("Kept &lt;Name&gt;") && !html.contains("Kept <Name>"));
    assert!(!html.contains("short-pw"), "passwords are never echoed");
    // The input is kept for that one redirect only.
    let (_, again) = app.get(&browser, back.trim_start_matches(&app.base)).await;
    assert!(!again.contains("kept@example.org"));
    assert_eq!(
        app.call(&browser, "whoami", &[]).await.status(),
        StatusCode::OK
    );
    assert!(
        app.mails_to("kept@example.org").is_empty(),
        "nothing stored"
    );
}
on_both_databases!(
    refused_forms_without_javascript_keep_the_input,
    no_js_errors_keep_input
);

#[tokio::test]
async fn pages_speak_german_first_and_remember_the_chosen_language() {
    let app = spawn_app(Db::Sqlite).await;
    let german = app.client_in("de-DE,de;q=0.9");
    let (_, html) = app.get(&german, "/").await;
    assert!(html.contains(r#"<html lang="de""#), "lang attribute");
    assert!(html.contains("Ideen für KI, die dem Gemeinwohl dient"));
    let nobody = app.client_in("fr-FR");
    assert!(
        app.get(&nobody, "/").await.1.contains(r#"lang="de""#),
        "German by default"
    );
    let (_, html) = app.get(&app.client(), "/").await;
    assert!(html.contains(r#"lang="en""#) && html.contains("Ideas for AI that serves"));

    // The switch is a plain form: cookie set, back to where it was posted from.
    let res = german
        .post(format!("{}/api/set_language", app.base))
        .header("accept", "text/html")
        .header("referer", format!("{}/?page=1", app.base))
        .form(&[("lang", "en")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection());
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .ends_with("/?page=1")
    );
    let (_, html) = app.get(&german, "/").await;
    assert!(
        html.contains(r#"lang="en""#),
        "the cookie beats Accept-Language"
    );
    // Validation messages follow the language.
    let res = app
        .call(&nobody, "set_language", &[("lang", "klingon")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (status, html) = app.get(&nobody, "/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(html.contains("Bitte melden Sie sich an, um fortzufahren."));

    // The confirmation mail is written in the language the visitor registered in.
    let res = app
        .call(
            &nobody,
            "register",
            &[
                ("email", "greta@example.org"),
                ("display_name", "Greta"),
                ("password", "ein langes Passwort"),
            ],
        )
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let mails = app.mails_to("greta@example.org");
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("Bitte bestätigen Sie Ihre E-Mail-Adresse, indem"));
    assert!(app.verification_token("greta@example.org").len() == 64);
}

#[tokio::test]
async fn ideas_carry_their_language_and_members_keep_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("l.sqlite").display()
    );
    let app = common::spawn_with(url, dir, true, Clock::system()).await;
    let anon = app.client();
    // The demo data has ideas in both languages; the filter keeps one.
    let (_, all) = app.get(&anon, "/").await;
    assert!(
        all.contains(r#"lang="de" class="card-title""#)
            && all.contains(r#"lang="en" class="card-title""#)
    );
    let (_, english) = app.get(&anon, "/?lang=en").await;
    assert!(english.contains(r#"lang="en" class="card-title""#));
    assert!(!english.contains(r#"lang="de" class="card-title""#));
    let (_, german) = app.get(&anon, "/?lang=de&page=1").await;
    assert!(!german.contains(r#"lang="en" class="card-title""#));
    assert_eq!(app.get(&anon, "/?lang=xx").await.0, StatusCode::OK);

    // A new idea's language is validated and shown.
    let member = app.member("lena@example.org", "Lena", true).await;
    let res = app
        .call(
            &member,
            "save_idea",
            &idea_form(&[
                ("title", "Sprachfilter"),
                ("teaser", "Ideen auf Deutsch."),
                ("language", "tlh"),
            ]),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // The interface language a member chooses follows them to another browser.
    assert!(
        app.call(&member, "set_language", &[("lang", "de")])
            .await
            .status()
            .is_success()
    );
    let elsewhere = app.client();
    let res = app
        .call(
            &elsewhere,
            "login",
            &[
                ("email", "lena@example.org"),
                ("password", common::PASSWORD),
            ],
        )
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    let (_, html) = app.get(&elsewhere, "/").await;
    assert!(
        html.contains(r#"<html lang="de""#),
        "restored from the account"
    );
}
