//! Profiles: editing one's own, members-only visibility, the public name choice.

use crate::prelude::*;

async fn profiles(db: Db) {
    let app = spawn_app(db).await;
    let anna = app.member("anna@example.org", "Anna Schmidt", true).await;
    let ben = app.member("ben@example.org", "Ben Carter", true).await;
    let anon = app.client();
    let res = app
        .call::<SaveProfile>(
            &anna,
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
        app.call::<GetProfile>(&anon, &[("id", &anna_id)])
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.call::<MyProfile>(&anon, &[]).await.status(),
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
    app.call::<SetPublished>(&anna, &[("id", &id), ("publish", "true")])
        .await;
    assert!(app.get(&anon, "/").await.1.contains("Anna Schmidt"));
    let hidden = minimal_profile("Anna Schmidt", "municipality");
    assert_eq!(
        app.call::<SaveProfile>(&anna, &hidden).await.status(),
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
