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
