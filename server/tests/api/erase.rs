//! Deleting an account: the password again, a choice for each idea with a group, and then
//! no row anywhere in the schema names the member, while what the others need stays.

use crate::prelude::*;
use app::compositions::account_deletion::erase::REFERENCES;
use app::compositions::account_deletion::{DeleteAccount, Farewell, GetFarewell};
use app::shared::DELETED_MEMBER;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement, Value};
use std::collections::BTreeSet;

/// Every (table, column) of the schema with a foreign key to `users`.
async fn references_to_users(db: &DatabaseConnection) -> BTreeSet<(String, String)> {
    let sql = match db.get_database_backend() {
        DbBackend::Sqlite => {
            "SELECT m.name AS t, p.\"from\" AS c FROM sqlite_master m, \
             pragma_foreign_key_list(m.name) p WHERE m.type = 'table' AND p.\"table\" = 'users'"
        }
        _ => {
            "SELECT kcu.table_name::text AS t, kcu.column_name::text AS c \
             FROM information_schema.referential_constraints rc \
             JOIN information_schema.key_column_usage kcu \
               ON kcu.constraint_name = rc.constraint_name \
              AND kcu.constraint_schema = rc.constraint_schema \
             JOIN information_schema.key_column_usage pk \
               ON pk.constraint_name = rc.unique_constraint_name \
              AND pk.constraint_schema = rc.unique_constraint_schema \
             WHERE pk.table_name = 'users' AND kcu.table_schema = 'public'"
        }
    };
    rows(db, sql).await
}

/// Every (table, column) of the schema's own tables: not the migration log, not the
/// session store's table (tower-sessions' opaque records end with their expiry; the
/// deleting browser's own session is ended at once), not FTS5's shadow tables (search
/// terms, kept by triggers from `idea_search`/`profile_search`, which are scanned).
async fn columns(db: &DatabaseConnection) -> BTreeSet<(String, String)> {
    let sql = match db.get_database_backend() {
        DbBackend::Sqlite => {
            "SELECT m.name AS t, p.name AS c FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
             AND m.sql NOT LIKE 'CREATE VIRTUAL%' AND m.name NOT LIKE '%\\_fts\\_%' ESCAPE '\\'"
        }
        _ => {
            "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns \
             WHERE table_schema = 'public'"
        }
    };
    rows(db, sql)
        .await
        .into_iter()
        .filter(|(t, _)| t != "seaql_migrations" && t != "tower_sessions")
        .collect()
}

async fn rows(db: &DatabaseConnection, sql: &str) -> BTreeSet<(String, String)> {
    let stmt = Statement::from_string(db.get_database_backend(), sql.to_owned());
    db.query_all_raw(stmt)
        .await
        .expect("schema query")
        .iter()
        .map(|r| {
            (
                r.try_get::<String>("", "t").expect("table"),
                r.try_get::<String>("", "c").expect("column"),
            )
        })
        .collect()
}

/// The tables with a row that names `id`: in a key column, or anywhere in a text.
async fn tables_naming(db: &DatabaseConnection, id: uuid::Uuid) -> BTreeSet<String> {
    let backend = db.get_database_backend();
    let pattern = format!("%{id}%");
    let mut found = BTreeSet::new();
    for (t, c) in columns(db).await {
        let stmt = match backend {
            // SQLite keeps UUIDs as 16-byte blobs, texts as text.
            DbBackend::Sqlite => Statement::from_sql_and_values(
                backend,
                format!(
                    "SELECT COUNT(*) AS n FROM \"{t}\" WHERE \"{c}\" = ? OR CAST(\"{c}\" AS TEXT) LIKE ?"
                ),
                [Value::from(id), Value::from(pattern.clone())],
            ),
            _ => Statement::from_sql_and_values(
                backend,
                format!("SELECT COUNT(*) AS n FROM \"{t}\" WHERE CAST(\"{c}\" AS TEXT) LIKE $1"),
                [Value::from(pattern.clone())],
            ),
        };
        let n: i64 = db
            .query_one_raw(stmt)
            .await
            .unwrap_or_else(|e| panic!("scan {t}.{c}: {e}"))
            .expect("a count")
            .try_get("", "n")
            .expect("n");
        if n > 0 {
            found.insert(t);
        }
    }
    found
}

async fn delete_account(db: Db) {
    let app = spawn_demo(db).await;
    let database = Database::connect(&app.config.database_url)
        .await
        .expect("connect");

    // Every reference to `users` in the schema is handled, and nothing else is listed.
    let handled: BTreeSet<(String, String)> = REFERENCES
        .iter()
        .map(|(t, c, _)| ((*t).to_owned(), (*c).to_owned()))
        .collect();
    assert_eq!(
        references_to_users(&database).await,
        handled,
        "a table references users: say in compositions::account_deletion::erase::REFERENCES how deletion handles it"
    );

    let anna = demo_member(&app, "anna").await;
    let mehmet = demo_member(&app, "mehmet").await;
    let anna_id: uuid::Uuid = whoami(&app, &anna).await["id"]
        .as_str()
        .expect("id")
        .parse()
        .expect("uuid");

    // What deletion will do: Anna's newest idea has a group (with Mehmet).
    let res = app.call::<GetFarewell>(&anna, &[]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let plan: Farewell = res.json().await.expect("farewell");
    let is_mehmet = |m: &&app::shared::Person| m.name == "Mehmet Yılmaz";
    let group = plan
        .with_group
        .iter()
        .find(|g| g.members.iter().any(|m| is_mehmet(&m)))
        .unwrap_or_else(|| panic!("a group with Mehmet: {plan:?}"));
    let mehmet_id = group
        .members
        .iter()
        .find(is_mehmet)
        .expect("Mehmet")
        .id
        .clone();
    // Her choices: Mehmet takes this one; any other group idea is removed.
    let fates: Vec<(String, String)> = plan
        .with_group
        .iter()
        .map(|g| {
            let choice = if g.id == group.id {
                mehmet_id.clone()
            } else {
                "remove".to_owned()
            };
            (
                app::compositions::account_deletion::fate_field(&g.id),
                choice,
            )
        })
        .collect();
    let with = |password: &str, fates: &[(String, String)]| -> Vec<(String, String)> {
        let mut form = vec![("password".to_owned(), password.to_owned())];
        form.extend(fates.iter().cloned());
        form
    };
    assert!(!plan.alone.is_empty(), "Anna has ideas of her own");

    // Anna writes in the group and under the idea.
    let res = app
        .call::<SendMessage>(
            &anna,
            &[("conversation", &group.id), ("body", "Bis morgen, Anna")],
        )
        .await;
    assert!(ok(&res), "message: {}", res.status());
    let res = app
        .call::<PostComment>(&anna, &[("idea", &group.id), ("body", "Anna's last word")])
        .await;
    assert!(ok(&res), "comment: {}", res.status());
    let before = tables_naming(&database, anna_id).await;
    for t in [
        "users",
        "profiles",
        "ideas",
        "messages",
        "comments",
        "conversation_members",
        "group_invitations",
        "notifications",
    ] {
        assert!(
            before.contains(t),
            "the demo gives Anna rows in {t}: {before:?}"
        );
    }

    // Refused, and nothing lost: no choice for the group's idea, a wrong password.
    let fate = app::compositions::account_deletion::fate_field(&group.id);
    let res = app
        .call::<DeleteAccount>(&anna, &[("password", server::seed::DEMO_PASSWORD)])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.expect("body").contains(&fate));
    let res = anna
        .post(app.url::<DeleteAccount>())
        .header("accept", "application/json")
        .form(&with("not her password", &fates))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.expect("body").contains("WrongPassword"));
    let mut stranger = fates.clone();
    stranger[0].1 = "someone-else".to_owned();
    let res = anna
        .post(app.url::<DeleteAccount>())
        .header("accept", "application/json")
        .form(&with(server::seed::DEMO_PASSWORD, &stranger))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(whoami(&app, &anna).await["id"], anna_id.to_string());

    // Deleted: Mehmet takes the idea over.
    let res = anna
        .post(app.url::<DeleteAccount>())
        .header("accept", "text/html")
        .header("referer", format!("{}/me/account/delete", app.base))
        .form(&with(server::seed::DEMO_PASSWORD, &fates))
        .send()
        .await
        .expect("request");
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()[header::LOCATION], "/goodbye");
    assert!(whoami(&app, &anna).await.is_null(), "logged out");
    let res = app
        .login(
            &app.client(),
            "anna@demo.civic-innovation.invalid",
            server::seed::DEMO_PASSWORD,
        )
        .await;
    assert!(!ok(&res), "the account is gone: {}", res.status());

    // No row anywhere names her.
    let after = tables_naming(&database, anna_id).await;
    assert!(after.is_empty(), "rows still name the member in {after:?}");

    // What the others need stays: the idea is Mehmet's, with one seat fewer taken.
    let res = app.call::<GetIdea>(&mehmet, &[("id", &group.id)]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let idea: serde_json::Value = res.json().await.expect("idea");
    assert_eq!(idea["author_id"], mehmet_id.as_str(), "{idea}");
    let res = app.call::<GetGroup>(&mehmet, &[("idea", &group.id)]).await;
    let g: serde_json::Value = res.json().await.expect("group");
    assert!(
        !g.to_string().contains(&anna_id.to_string()),
        "Anna left the group: {g}"
    );
    // Her message and comment stay, signed "deleted member".
    let res = app
        .call::<GetConversation>(&mehmet, &[("id", &group.id)])
        .await;
    let talk: serde_json::Value = res.json().await.expect("conversation");
    let last = talk["messages"]
        .as_array()
        .and_then(|m| m.iter().find(|m| m["body"] == "Bis morgen, Anna"))
        .expect("her message stays");
    assert!(last["author_name"].is_null(), "{last}");
    let (_, html) = app
        .get(&mehmet, &format!("/me/messages/{}", group.id))
        .await;
    assert!(html.contains("deleted member") || html.contains("gelöschtes Mitglied"));
    let res = app
        .call::<GetComments>(&mehmet, &[("idea", &group.id)])
        .await;
    let comments = res.text().await.expect("comments");
    assert!(comments.contains("Anna's last word"));
    assert!(
        comments.contains("\"by_deleted_member\":true"),
        "{comments}"
    );
    // Her ideas of her own are gone from the market.
    let (_, market) = app.get(&app.client(), "/").await;
    for (_, title) in &plan.alone {
        assert!(!market.contains(title.as_str()), "{title} still public");
    }
    // The row that signs her words has no profile, so no page shows it as a member.
    assert!(
        !app.get(&mehmet, &format!("/profiles/{DELETED_MEMBER}"))
            .await
            .1
            .contains("deleted-member")
    );
}
on_both_databases!(deleting_an_account_leaves_no_trace, delete_account);

/// A visitor has no account to delete; the page sends them to log in.
async fn visitors_cannot_delete(db: Db) {
    let app = spawn_app(db).await;
    let res = app
        .call::<DeleteAccount>(&app.client(), &[("password", "x")])
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app.call::<GetFarewell>(&app.client(), &[]).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}
on_both_databases!(visitors_have_no_account_to_delete, visitors_cannot_delete);
