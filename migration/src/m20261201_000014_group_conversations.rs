use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

/// Each group has a conversation of its members. It shares its idea's id, goes with the
/// idea, and is made here for the groups that already exist.
#[derive(DeriveMigrationName)]
pub struct Migration;

// sea-query cannot add a column with a foreign key on SQLite; both accept this form.
const SQLITE_COLUMN: &str = "ALTER TABLE conversations ADD COLUMN idea_id uuid_text NULL \
     REFERENCES ideas (id) ON DELETE CASCADE";
const POSTGRES_COLUMN: &str = "ALTER TABLE conversations ADD COLUMN idea_id uuid NULL \
     REFERENCES ideas (id) ON DELETE CASCADE";

const STATEMENTS: &[&str] = &[
    "CREATE UNIQUE INDEX conversations_by_idea ON conversations (idea_id)",
    "INSERT INTO conversations (id, pair_key, created_at, last_message_at, idea_id) \
     SELECT id, NULL, updated_at, updated_at, id FROM ideas WHERE group_size > 1",
    "INSERT INTO conversation_members (conversation_id, user_id, read_up_to) \
     SELECT id, author_id, 0 FROM ideas WHERE group_size > 1 \
     UNION SELECT idea_id, user_id, 0 FROM idea_members",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let column = match db.get_database_backend() {
            DbBackend::Sqlite => SQLITE_COLUMN,
            _ => POSTGRES_COLUMN,
        };
        db.execute_unprepared(column).await?;
        for sql in STATEMENTS {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared("DELETE FROM conversations WHERE idea_id IS NOT NULL")
            .await?;
        db.execute_unprepared("DROP INDEX IF EXISTS conversations_by_idea")
            .await?;
        m.alter_table(
            Table::alter()
                .table("conversations")
                .drop_column("idea_id")
                .to_owned(),
        )
        .await
    }
}
