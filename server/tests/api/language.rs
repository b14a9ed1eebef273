//! German first, the chosen language remembered; ideas carry their own language.

use crate::prelude::*;

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
        .post(app.url::<SetLanguage>())
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
        .call::<SetLanguage>(&nobody, &[("lang", "klingon")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (status, html) = app.get(&nobody, "/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(html.contains("Bitte melden Sie sich an, um fortzufahren."));

    // The confirmation mail is written in the language the visitor registered in.
    let res = app
        .call::<Register>(
            &nobody,
            &[
                ("email", "greta@example.org"),
                ("display_name", "Greta"),
                ("password", "ein langes Passwort"),
                ("accept_terms", "on"),
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
        .call::<SaveIdea>(
            &member,
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
        app.call::<SetLanguage>(&member, &[("lang", "de")])
            .await
            .status()
            .is_success()
    );
    let elsewhere = app.client();
    let res = app
        .call::<Login>(
            &elsewhere,
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
