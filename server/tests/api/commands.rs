//! The operator's commands (`server check|migrate|admin|backup`), parsed and run as the
//! command line runs them, against the test server's database.

use crate::prelude::*;

async fn commands(db: Db) {
    let app = common::spawn_app(db).await;
    app.member("ada@example.org", "Ada", true).await;
    let ready = command(&app.config, &["check"]).await.expect("check");
    assert!(ready.contains("schema up to date"), "{ready}");
    command(&app.config, &["migrate"]).await.expect("migrate");

    // Asked for something wrong: exit 2, with what was wrong.
    let code = |r: Result<String, server::cli::Failure>| r.map_err(|e| e.exit_code());
    assert_eq!(
        code(command(&app.config, &["admin", "grant", "no-address"]).await),
        Err(2)
    );
    assert_eq!(
        code(command(&app.config, &["admin", "promote", "ada@example.org"]).await),
        Err(2)
    );
    let mut bad = app.config.clone();
    bad.log_format = "yaml".into();
    assert_eq!(code(command(&bad, &["check"]).await), Err(2));
    // The database unreachable: exit 1.
    let mut away = app.config.clone();
    away.database_url = "postgres://postgres@127.0.0.1:1/nowhere".into();
    assert_eq!(code(command(&away, &["check"]).await), Err(1));

    let copy = tempfile::tempdir().expect("temp dir");
    let file = copy.path().join("backup.db");
    let file_arg = file.to_str().expect("path");
    let backup = command(&app.config, &["backup", file_arg]).await;
    if app.config.is_sqlite() {
        backup.expect("backup");
        // The copy is a database of its own, with the member in it.
        let mut restored = app.config.clone();
        restored.database_url = format!("sqlite://{file_arg}");
        let at = scalar_at(
            &restored.database_url,
            "SELECT COUNT(*) FROM users WHERE email = 'ada@example.org'",
        )
        .await;
        assert_eq!(at, 1);
        let ready = command(&restored, &["check"])
            .await
            .expect("the copy checks");
        assert!(ready.contains("schema up to date"), "{ready}");
        // An existing file is never overwritten.
        assert_eq!(
            code(command(&app.config, &["backup", file_arg]).await),
            Err(2)
        );
    } else {
        // PostgreSQL is backed up by pg_dump; the command says so instead of half-working.
        let why = backup.expect_err("no backup on PostgreSQL");
        assert_eq!(why.exit_code(), 2);
        assert!(why.message().contains("pg_dump"), "{}", why.message());
        assert!(!file.exists());
    }
}
on_both_databases!(operator_commands, commands);

/// `server seed`: members and ideas in bulk, each batch whole or not at all; generated
/// members log in like anyone, and the same seed twice adds nothing.
async fn seeding(db: Db) {
    let app = common::spawn_app(db).await;
    let args = [
        "seed",
        "--members",
        "30",
        "--ideas",
        "45",
        "--seed",
        "7",
        "--password",
        "generated-pass-1",
    ];
    let done = command(&app.config, &args).await.expect("seed");
    assert!(done.contains("30 members and 45 ideas"), "{done}");
    let count = |sql: &'static str| scalar(&app, sql);
    let members = "SELECT COUNT(*) FROM users WHERE email LIKE '%.s7@generated.invalid'";
    assert_eq!(count(members).await, 30);
    assert_eq!(
        count("SELECT COUNT(*) FROM profiles p JOIN users u ON u.id = p.user_id WHERE u.email LIKE '%.s7@generated.invalid'").await,
        30
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM ideas i JOIN users u ON u.id = i.author_id WHERE u.email LIKE '%.s7@generated.invalid'").await,
        45
    );
    // Groups of two to four on some published ideas, each with its conversation, and
    // conversations after accepted contact requests, read to the end by their members.
    let groups = "SELECT COUNT(*) FROM ideas i JOIN users u ON u.id = i.author_id WHERE u.email LIKE '%.s7@generated.invalid' AND i.group_size > 1";
    assert!(count(groups).await > 0, "no groups");
    assert_eq!(
        count("SELECT COUNT(*) FROM ideas i WHERE i.group_size <> 1 + (SELECT COUNT(*) FROM idea_members m WHERE m.idea_id = i.id)").await,
        0,
        "a group's size is its author and members"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM ideas i WHERE i.group_size > 1 AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.idea_id = i.id)").await,
        0,
        "every group has its conversation"
    );
    assert!(count("SELECT COUNT(*) FROM contact_requests").await > 0);
    assert!(
        count("SELECT COUNT(*) FROM messages").await
            > count("SELECT COUNT(*) FROM conversations").await
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM conversation_members cm WHERE cm.read_up_to < (SELECT MAX(id) FROM messages m WHERE m.conversation_id = cm.conversation_id)").await,
        0,
        "conversations are read to the end"
    );
    // The same seed again: refused, and nothing of it written twice.
    let again = command(&app.config, &args).await;
    assert_eq!(again.map_err(|e| e.exit_code()), Err(1));
    assert_eq!(count(members).await, 30);
    // Ideas need someone to write them.
    let none = command(&app.config, &["seed", "--members", "0", "--ideas", "3"]).await;
    assert_eq!(none.map_err(|e| e.exit_code()), Err(2));
    // A generated member is a member like any other.
    let client = app.client();
    let email = server::seed::generate::email(7, 29);
    let res = app.login(&client, &email, "generated-pass-1").await;
    assert!(ok(&res), "login: {}", res.status());
    let (status, page) = app.get(&client, "/me/ideas").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("href=\"/ideas/"),
        "the member's ideas are listed"
    );
    // Member 27 asked member 20 for contact: both see their conversation.
    let client = app.client();
    let res = app
        .login(
            &client,
            &server::seed::generate::email(7, 20),
            "generated-pass-1",
        )
        .await;
    assert!(ok(&res), "login: {}", res.status());
    let (status, page) = app.get(&client, "/me/messages").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("href=\"/me/messages/"),
        "the conversation is listed"
    );
}
on_both_databases!(seeding_members_and_ideas, seeding);
