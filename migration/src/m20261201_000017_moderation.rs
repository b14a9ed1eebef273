use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

/// A safe community: members report content, admins work through the reports, content
/// is held (hidden pending review), members can be suspended, and every admin action is
/// written to an audit log the application can only append to.
#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[&str] = &[
    // One report per member and piece of content.
    "CREATE UNIQUE INDEX reports_once ON reports (reporter_id, target_kind, target_id)",
    // The queue: open reports by target.
    "CREATE INDEX reports_queue ON reports (status, target_kind, target_id)",
    "CREATE INDEX holds_by_author ON holds (author_id)",
    "CREATE INDEX audit_newest ON audit_log (created_at)",
];

/// The audit log's rows cannot be deleted, nor their facts changed; only the deletion of
/// a member may forget who they were (`SET NULL` of the two member columns).
const SQLITE_GUARDS: &[&str] = &[
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log \
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE OF id, action, target_kind, target_id, \
     detail, created_at ON audit_log \
     BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END",
];
const POSTGRES_GUARDS: &[&str] = &[
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN \
       IF TG_OP = 'DELETE' OR NEW.id <> OLD.id OR NEW.action <> OLD.action \
          OR NEW.target_kind IS DISTINCT FROM OLD.target_kind \
          OR NEW.target_id IS DISTINCT FROM OLD.target_id \
          OR NEW.detail <> OLD.detail OR NEW.created_at <> OLD.created_at THEN \
         RAISE EXCEPTION 'the audit log is append-only'; \
       END IF; \
       RETURN NEW; \
     END $$",
    "CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log \
     FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
];

fn to_users(
    table: &'static str,
    column: &'static str,
    action: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to("users", "id")
        .on_delete(action)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("users")
                .add_column(timestamp_with_time_zone_null("suspended_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("reports")
                .col(uuid("id").primary_key())
                .col(uuid("reporter_id"))
                .col(string_len("target_kind", 16))
                // An idea's, profile's or comment's UUID, or a message's number.
                .col(string_len("target_id", 40))
                // Whose content it is: the one an admin may suspend.
                .col(uuid("author_id"))
                .col(text("reason"))
                .col(string_len("status", 16))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("resolved_at"))
                .foreign_key(&mut to_users(
                    "reports",
                    "reporter_id",
                    ForeignKeyAction::Cascade,
                ))
                .foreign_key(&mut to_users(
                    "reports",
                    "author_id",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("holds")
                .col(string_len("target_kind", 16))
                .col(string_len("target_id", 40))
                .col(uuid("author_id"))
                .col(string_len("cause", 16))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(Index::create().col("target_kind").col("target_id"))
                .foreign_key(&mut to_users(
                    "holds",
                    "author_id",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("audit_log")
                .col(big_integer("id").auto_increment().primary_key())
                .col(uuid_null("actor_id"))
                .col(string_len("action", 32))
                .col(string_len_null("target_kind", 16))
                .col(string_len_null("target_id", 40))
                .col(uuid_null("target_user_id"))
                .col(text("detail"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut to_users(
                    "audit_log",
                    "actor_id",
                    ForeignKeyAction::SetNull,
                ))
                .foreign_key(&mut to_users(
                    "audit_log",
                    "target_user_id",
                    ForeignKeyAction::SetNull,
                ))
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        let guards = match db.get_database_backend() {
            DbBackend::Sqlite => SQLITE_GUARDS,
            _ => POSTGRES_GUARDS,
        };
        for sql in INDEXES.iter().chain(guards) {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if db.get_database_backend() != DbBackend::Sqlite {
            db.execute_unprepared("DROP FUNCTION IF EXISTS audit_log_append_only() CASCADE")
                .await?;
        }
        for t in ["audit_log", "holds", "reports"] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        m.alter_table(
            Table::alter()
                .table("users")
                .drop_column("suspended_at")
                .to_owned(),
        )
        .await
    }
}
