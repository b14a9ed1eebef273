//! Sessions: renewed at every login and credential change; refused posts create none.

use crate::prelude::*;

fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("cip_session="))
        .map(|c| c.split(';').next().unwrap_or_default().to_owned())
}

async fn session_renewal(db: Db) {
    let app = spawn_app(db).await;
    app.member("fix@example.org", "Fix Ation", true).await;
    // A client that handles cookies by hand, like an attacker who planted one.
    let bare = app.client_builder().build().unwrap();
    let login = |cookie: Option<String>| {
        let mut req = bare
            .post(app.url::<Login>())
            .header("accept", "application/json")
            .form(&[("email", "fix@example.org"), ("password", PASSWORD)]);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, format!("cip_session={c}"));
        }
        req.send()
    };
    let whoami_with = |cookie: String| {
        bare.post(app.url::<Whoami>())
            .header("accept", "application/json")
            .header(header::COOKIE, format!("cip_session={cookie}"))
            .send()
    };
    let first = session_cookie(&login(None).await.unwrap()).expect("a session");
    // Logging in again with a session that already has a member gives it a new id, and the
    // old id is worthless (axum-login alone renews only when the session had no member).
    let second = session_cookie(&login(Some(first.clone())).await.unwrap()).expect("renewed");
    assert_ne!(first, second);
    let old: serde_json::Value = whoami_with(first).await.unwrap().json().await.unwrap();
    assert!(old.is_null(), "the old id no longer logs anyone in");
    let now: serde_json::Value = whoami_with(second.clone())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(now["display_name"], "Fix Ation");

    // Changing the password renews the id too.
    let res = bare
        .post(app.url::<ChangePassword>())
        .header("accept", "application/json")
        .header(header::COOKIE, format!("cip_session={second}"))
        .form(&[
            ("current", PASSWORD),
            ("new_password", "another long passphrase"),
            ("confirm", "another long passphrase"),
        ])
        .send()
        .await
        .unwrap();
    assert!(ok(&res), "{}", res.status());
    let third = session_cookie(&res).expect("renewed after the password change");
    assert_ne!(third, second);
    let old: serde_json::Value = whoami_with(second).await.unwrap().json().await.unwrap();
    assert!(old.is_null());

    // No session row holds the password hash (they hold a digest of the security stamp).
    let rows = sessions_query(&app, db, "SELECT data FROM {table}").await;
    assert!(!rows.is_empty());
    for row in rows {
        let data: Vec<u8> = row.try_get("", "data").unwrap();
        assert!(
            !String::from_utf8_lossy(&data).contains("argon2"),
            "a session row carries the password hash"
        );
    }
}
on_both_databases!(
    session_ids_are_renewed_at_login_and_password_change,
    session_renewal
);

/// Runs `sql` against the session store's table (`{table}` names it on either database).
async fn sessions_query(app: &TestApp, db: Db, sql: &str) -> Vec<sea_orm::QueryResult> {
    let conn = Database::connect(&app.config.database_url).await.unwrap();
    let table = match db {
        Db::Sqlite => "tower_sessions",
        Db::Postgres => "tower_sessions.session",
    };
    conn.query_all_raw(Statement::from_string(
        conn.get_database_backend(),
        sql.replace("{table}", table),
    ))
    .await
    .unwrap()
}

async fn session_rows(app: &TestApp, db: Db) -> i64 {
    let rows = sessions_query(app, db, "SELECT COUNT(*) AS n FROM {table}").await;
    rows[0].try_get("", "n").unwrap()
}

async fn anonymous_posts(db: Db) {
    let app = spawn_app(db).await;
    let before = session_rows(&app, db).await;
    // Refused plain form posts from visitors: input is kept (in a short-lived cookie), but
    // no session row is created, however many and however large.
    for i in 0..20 {
        let browser = app.client();
        let res = browser
            .post(app.url::<Register>())
            .header("accept", "text/html")
            .form(&[
                ("email", format!("kept{i}@example.org").as_str()),
                ("display_name", &"x".repeat(100_000)),
                ("password", "short"),
            ])
            .send()
            .await
            .unwrap();
        assert!(res.status().is_redirection(), "{}", res.status());
    }
    assert_eq!(session_rows(&app, db).await, before);
}
on_both_databases!(refused_anonymous_posts_create_no_sessions, anonymous_posts);
