use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

/// A hold has causes, not one cause: an admin's hide, open reports and a suspension each
/// keep a row, and the content is held while any is left. (SQLite cannot change a primary
/// key in place: the table is made anew and the rows copied.)
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("holds_by_cause")
                .col(string_len("target_kind", 16))
                .col(string_len("target_id", 40))
                .col(uuid("author_id"))
                .col(string_len("cause", 16))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(
                    Index::create()
                        .col("target_kind")
                        .col("target_id")
                        .col("cause"),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("holds_by_cause", "author_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        db.execute_unprepared(
            "INSERT INTO holds_by_cause (target_kind, target_id, author_id, cause, created_at) \
             SELECT target_kind, target_id, author_id, cause, created_at FROM holds",
        )
        .await?;
        m.drop_table(Table::drop().table("holds").to_owned())
            .await?;
        db.execute_unprepared("ALTER TABLE holds_by_cause RENAME TO holds")
            .await?;
        db.execute_unprepared("CREATE INDEX holds_by_author ON holds (author_id)")
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Back to one row per content: the first cause each kept.
        m.create_table(
            Table::create()
                .table("holds_one")
                .col(string_len("target_kind", 16))
                .col(string_len("target_id", 40))
                .col(uuid("author_id"))
                .col(string_len("cause", 16))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(Index::create().col("target_kind").col("target_id"))
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        db.execute_unprepared(
            "INSERT INTO holds_one (target_kind, target_id, author_id, cause, created_at) \
             SELECT target_kind, target_id, MIN(author_id), MIN(cause), MIN(created_at) \
             FROM holds GROUP BY target_kind, target_id",
        )
        .await?;
        m.drop_table(Table::drop().table("holds").to_owned())
            .await?;
        db.execute_unprepared("ALTER TABLE holds_one RENAME TO holds")
            .await?;
        Ok(())
    }
}
