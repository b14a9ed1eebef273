//! Accounts: registration, confirmation, login and logout, password change and reset,
//! e-mail change, logging out everywhere, removal of unconfirmed accounts.

use crate::prelude::*;

async fn accounts(db: Db) {
    let app = spawn_app(db).await;
    let client = app.client();
    let email = "Anna.Schmidt@Example.org";
    // Without accepting the terms of use, nobody registers and nothing is mailed.
    let res = app
        .call::<Register>(
            &client,
            &[
                ("email", email),
                ("display_name", "Anna Schmidt"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .await
            .unwrap_or_default()
            .contains("accept_terms")
    );
    assert!(app.mails_to("anna.schmidt@example.org").is_empty());
    let res = app
        .call::<Register>(
            &client,
            &[
                ("email", email),
                ("display_name", "Anna Schmidt"),
                ("password", PASSWORD),
                ("accept_terms", "on"),
            ],
        )
        .await;
    assert!(res.status().is_success() || res.status().is_redirection());
    // Logged out until login; the e-mail is normalised.
    assert_eq!(whoami(&app, &client).await, serde_json::Value::Null);
    let token = app.verification_token("anna.schmidt@example.org");

    // Wrong password and unknown address get the same answer.
    let wrong = app
        .call::<Login>(
            &client,
            &[("email", email), ("password", "wrong password!")],
        )
        .await;
    let unknown = app
        .call::<Login>(
            &client,
            &[("email", "nobody@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.text().await.unwrap(), unknown.text().await.unwrap());

    let res = app
        .call::<Login>(&client, &[("email", email), ("password", PASSWORD)])
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
        .call::<ConfirmEmail>(&client, &[("token", &token)])
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(whoami(&app, &client).await["verified"], true);
    let (_, html) = app.get(&client, "/verify?confirmed=1").await;
    assert!(html.contains("is confirmed"), "{html}");
    // A spent or made-up token is refused.
    let res = app
        .call::<ConfirmEmail>(&client, &[("token", &token)])
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Change password: wrong current one is a field error; then the new one works.
    let res = app
        .call::<ChangePassword>(
            &client,
            &[
                ("current", "not my password"),
                ("new_password", "a brand new passphrase"),
                ("confirm", "a brand new passphrase"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .call::<ChangePassword>(
            &client,
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

    let res = app.call::<Logout>(&client, &[]).await;
    assert!(res.status().is_success() || res.status().is_redirection());
    assert_eq!(whoami(&app, &client).await, serde_json::Value::Null);
    let old = app
        .call::<Login>(&client, &[("email", email), ("password", PASSWORD)])
        .await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    let new = app
        .call::<Login>(
            &client,
            &[("email", email), ("password", "a brand new passphrase")],
        )
        .await;
    assert!(new.status().is_success() || new.status().is_redirection());

    // Registering a taken address looks exactly like success, and mails the owner instead.
    let other = app.client();
    let again = app
        .call::<Register>(
            &other,
            &[
                ("email", "anna.schmidt@example.org"),
                ("display_name", "Impostor"),
                ("password", PASSWORD),
                ("accept_terms", "on"),
            ],
        )
        .await;
    let fresh = app
        .call::<Register>(
            &other,
            &[
                ("email", "new.person@example.org"),
                ("display_name", "New Person"),
                ("password", PASSWORD),
                ("accept_terms", "on"),
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

async fn password_reset(db: Db) {
    let app = spawn_app(db).await;
    let laptop = app.member("reset@example.org", "Rita Reset", true).await;
    let phone = app.client();
    app.login(&phone, "reset@example.org", PASSWORD).await;
    assert_eq!(whoami(&app, &phone).await["display_name"], "Rita Reset");

    // The same answer for a registered and an unknown address; only the member gets a mail.
    let visitor = app.client();
    for email in ["reset@example.org", "nobody@example.org"] {
        let res = app
            .call::<RequestPasswordReset>(&visitor, &[("email", email)])
            .await;
        assert!(res.status().is_success(), "{}", res.status());
        assert_eq!(res.headers()[header::LOCATION], "/password/forgot?sent=1");
    }
    let res = app
        .call::<RequestPasswordReset>(&visitor, &[("email", "not an address")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The mail goes out in the background.
    let mut token = None;
    for _ in 0..200 {
        token = app.token_in_mail("reset@example.org", "password/reset?token=");
        if token.is_some() {
            break;
        }
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let token = token.expect("a reset mail");
    assert!(app.token_in_mail("nobody@example.org", "token=").is_none());
    let (status, page) = app
        .get(&visitor, &format!("/password/reset?token={token}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Choose a new password"));

    let reset = |token: &str, new: &str, confirm: &str| {
        let (token, new, confirm) = (token.to_owned(), new.to_owned(), confirm.to_owned());
        let visitor = visitor.clone();
        let url = app.url::<ResetPassword>();
        async move {
            visitor
                .post(url)
                .header("accept", "application/json")
                .form(&[
                    ("token", token),
                    ("new_password", new),
                    ("confirm", confirm),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        reset("made-up", "a new long passphrase", "a new long passphrase")
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        reset(&token, "a new long passphrase", "different")
            .await
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        reset(&token, "short", "short").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let res = reset(&token, "a new long passphrase", "a new long passphrase").await;
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(res.headers()[header::LOCATION], "/login?reset=1");
    // Like a logout, the reset clears what this browser kept (cached pages, drafts).
    assert_eq!(res.headers()["clear-site-data"], "\"cache\", \"storage\"");
    // Single use; every session of the member has ended; the new password works.
    assert_eq!(
        reset(&token, "yet another passphrase", "yet another passphrase")
            .await
            .status(),
        StatusCode::BAD_REQUEST
    );
    assert!(whoami(&app, &laptop).await.is_null());
    assert!(whoami(&app, &phone).await.is_null());
    let fresh = app.client();
    let old = app.login(&fresh, "reset@example.org", PASSWORD).await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    let new = app
        .login(&fresh, "reset@example.org", "a new long passphrase")
        .await;
    assert!(ok(&new));

    // A link expires after an hour: a server whose clock is two hours later refuses it.
    app.call::<RequestPasswordReset>(&visitor, &[("email", "reset@example.org")])
        .await;
    let (url, dir) = app.stop();
    let later = Clock::from_fn(|| chrono::Utc::now() + chrono::Duration::hours(2));
    let app = common::spawn_with(url, dir, false, later).await;
    let mut fresh_token = None;
    for _ in 0..200 {
        fresh_token = app
            .mails_to("reset@example.org")
            .iter()
            .filter_map(|m| {
                let start = m.find("password/reset?token=")? + "password/reset?token=".len();
                m.get(start..start + 64).map(str::to_owned)
            })
            .find(|t| *t != token);
        if fresh_token.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let res = app
        .call::<ResetPassword>(
            &app.client(),
            &[
                ("token", &fresh_token.expect("a second reset mail")),
                ("new_password", "too late passphrase"),
                ("confirm", "too late passphrase"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
}
on_both_databases!(forgotten_passwords_are_reset_by_mail, password_reset);

async fn email_change(db: Db) {
    let app = spawn_app(db).await;
    let member = app.member("old@example.org", "Olga Old", true).await;
    let other_device = app.client();
    app.login(&other_device, "old@example.org", PASSWORD).await;
    let ask = |new: &str, password: &str| {
        let f = [
            ("new_email", new.to_owned()),
            ("password", password.to_owned()),
        ];
        member
            .post(app.url::<RequestEmailChange>())
            .header("accept", "application/json")
            .form(&f)
            .send()
    };
    assert_eq!(
        ask("new@example.org", "not my password")
            .await
            .unwrap()
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        ask("old@example.org", PASSWORD).await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        ask("no address", PASSWORD).await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let res = ask("new@example.org", PASSWORD).await.unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    // The new address gets the link; the old one is told.
    let token = app
        .token_in_mail("new@example.org", "email/confirm?token=")
        .expect("a confirmation mail to the new address");
    assert!(
        app.mails_to("old@example.org")
            .iter()
            .any(|m| m.contains("new@example.org"))
    );
    // Until confirmed, nothing changes.
    assert_eq!(whoami(&app, &member).await["email"], "old@example.org");
    let (_, page) = app
        .get(&member, &format!("/email/confirm?token={token}"))
        .await;
    assert!(page.contains("Use this e-mail address"));
    assert_eq!(whoami(&app, &member).await["email"], "old@example.org");
    let res = app
        .call::<ConfirmEmailChange>(&member, &[("token", &token)])
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(res.headers()[header::LOCATION], "/me/account?changed=1");
    assert_eq!(whoami(&app, &member).await["email"], "new@example.org");
    assert!(
        whoami(&app, &other_device).await.is_null(),
        "other sessions end"
    );
    let again = app
        .call::<ConfirmEmailChange>(&member, &[("token", &token)])
        .await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);
    let fresh = app.client();
    let old = app.login(&fresh, "old@example.org", PASSWORD).await;
    assert_eq!(old.status(), StatusCode::UNAUTHORIZED);
    let new = app.login(&fresh, "new@example.org", PASSWORD).await;
    assert!(ok(&new));
    // The account page is for members, and shows the address.
    let (status, _) = app.get(&app.client(), "/me/account").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, page) = app.get(&member, "/me/account").await;
    assert!(page.contains("new@example.org"));
}
on_both_databases!(
    e_mail_addresses_change_only_when_the_new_one_confirms,
    email_change
);

async fn logout_everywhere(db: Db) {
    let app = spawn_app(db).await;
    let here = app
        .member("every@example.org", "Eve Everywhere", true)
        .await;
    let lost_phone = app.client();
    app.login(&lost_phone, "every@example.org", PASSWORD).await;
    assert!(!whoami(&app, &lost_phone).await.is_null());
    let res = app.call::<LogoutEverywhere>(&here, &[]).await;
    assert!(res.status().is_success(), "{}", res.status());
    assert!(whoami(&app, &lost_phone).await.is_null());
    assert_eq!(whoami(&app, &here).await["display_name"], "Eve Everywhere");
    let res = app.call::<LogoutEverywhere>(&app.client(), &[]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}
on_both_databases!(
    logging_out_everywhere_ends_other_sessions,
    logout_everywhere
);

async fn unconfirmed_cleanup(db: Db) {
    let app = spawn_app(db).await;
    app.member("squat@example.org", "Sam Squat", false).await;
    app.member("real@example.org", "Rae Real", true).await;
    let (url, dir) = app.stop();
    // Eight days later the server removes accounts never confirmed (7 days by default).
    let later = Clock::from_fn(|| chrono::Utc::now() + chrono::Duration::days(8));
    let app = common::spawn_with(url, dir, false, later).await;
    let client = app.client();
    let squat = app.login(&client, "squat@example.org", PASSWORD).await;
    assert_eq!(squat.status(), StatusCode::UNAUTHORIZED);
    let real = app.login(&client, "real@example.org", PASSWORD).await;
    assert!(ok(&real));
    // The address is free again.
    let res = app
        .call::<Register>(
            &app.client(),
            &[
                ("email", "squat@example.org"),
                ("display_name", "Sam Again"),
                ("password", PASSWORD),
                ("accept_terms", "on"),
            ],
        )
        .await;
    assert!(ok(&res));
    assert!(
        app.mails_to("squat@example.org")
            .iter()
            .any(|m| m.contains("verify?token="))
    );
}
on_both_databases!(
    unconfirmed_accounts_are_removed_after_a_week,
    unconfirmed_cleanup
);

/// "Export my data": the member downloads everything the platform holds about them — every
/// section, their own rows in it, no secrets and nothing of anyone else's account; a
/// visitor is sent to log in.
async fn export_my_data(db: Db) {
    let app = spawn_app(db).await;
    let anna = app.member("anna@example.org", "Anna", true).await;
    let ben = app.member("ben@example.org", "Ben", true).await;
    let anna_id = whoami(&app, &anna).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let ben_id = whoami(&app, &ben).await["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let idea = publish_idea(
        &app,
        &anna,
        &[("title", "Open benches"), ("teaser", "Sit and talk")],
    )
    .await;
    let res = app
        .call::<RequestContact>(
            &anna,
            &[("to", &ben_id), ("note", "Shall we build benches?")],
        )
        .await;
    assert!(ok(&res), "request: {}", res.status());
    let res = app
        .call::<PostComment>(
            &ben,
            &[("idea", &idea), ("body", "Count me in"), ("parent", "")],
        )
        .await;
    assert!(ok(&res), "comment: {}", res.status());

    let res = anna
        .get(format!("{}/me/data.json", app.base))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap_or_default()
            .starts_with("attachment; filename=\"civic-innovation-platform-data-")
    );
    let text = res.text().await.expect("body");
    let data: serde_json::Value = serde_json::from_str(&text).expect("json");
    for section in app::compositions::my_data::export::SECTIONS {
        assert!(data.get(section).is_some(), "section {section} missing");
    }
    assert_eq!(data["account"]["email"], "anna@example.org");
    assert_eq!(data["account"]["id"], anna_id.as_str());
    assert!(
        data["account"]["terms_accepted_at"].is_string(),
        "consent recorded"
    );
    assert_eq!(data["profile"]["display_name"], "Anna");
    assert_eq!(data["ideas"][0]["title"], "Open benches");
    assert!(
        !data["idea_revisions"]
            .as_array()
            .expect("revisions")
            .is_empty()
    );
    assert_eq!(
        data["contact_requests"][0]["note"],
        "Shall we build benches?"
    );
    assert!(
        !data["notifications"]
            .as_array()
            .expect("notifications")
            .is_empty(),
        "Ben's comment was notified"
    );
    // Ben's comment is his, not Anna's: it is in his export, not hers.
    assert_eq!(data["comments"].as_array().map(Vec::len), Some(0));
    for secret in [
        "password_hash",
        "security_stamp",
        "$argon2",
        "ben@example.org",
    ] {
        assert!(!text.contains(secret), "{secret} must not be exported");
    }
    let (_, bens) = app.get(&ben, "/me/data.json").await;
    assert!(bens.contains("Count me in") && !bens.contains("anna@example.org"));

    // The same as a page to read: titles, names and words, not ids and keys.
    let (status, page) = app.get(&anna, "/me/data").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Open benches"));
    assert!(page.contains("Ideas and their revisions") && page.contains("Revisions, newest first"));
    assert!(
        page.contains("Draft") || page.contains("Published"),
        "status in words"
    );
    assert!(!page.contains("RoughIdea") && !page.contains("rough_idea"));
    let (_, bens_page) = app.get(&ben, "/me/data").await;
    assert!(bens_page.contains("Count me in") && !bens_page.contains("anna@example.org"));
    let (_, visitor) = app.get(&app.client(), "/me/data").await;
    assert!(
        !visitor.contains("Open benches"),
        "a visitor sees none of it"
    );

    // A visitor has no data to download: to the login, which returns to the account page.
    let res = app
        .client()
        .get(format!("{}/me/data.json", app.base))
        .send()
        .await
        .expect("request");
    assert!(res.status().is_redirection());
    assert_eq!(res.headers()[header::LOCATION], "/login?next=/me/account");
}
on_both_databases!(members_export_their_data, export_my_data);
