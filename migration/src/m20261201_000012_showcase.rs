use crate::keys::cascade as fk;
use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

/// The showcase: the stage a group declares for its idea (in implementation, completed,
/// ended as a successful failure), the group's public progress updates, and the
/// retrospective of a successful failure.
#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[&str] = &[
    // The timeline on an idea's page, newest first.
    "CREATE INDEX progress_by_idea ON progress_updates (idea_id, created_at)",
    // `/showcase` starts from the ideas whose group declared a stage.
    "CREATE INDEX ideas_by_declared_stage ON ideas (declared_stage)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("ideas")
                // `domain::Stage` key; empty means "as the facts say" (`Stage::of`).
                .add_column(string_len_null("declared_stage", 32))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("progress_updates")
                .col(uuid("id").primary_key())
                .col(uuid("idea_id"))
                .col(uuid_null("author_id"))
                .col(text("body"))
                .col(string_len_null("link", 500))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("progress_updates", "idea_id"), "ideas"))
                .foreign_key(
                    ForeignKey::create()
                        .from("progress_updates", "author_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("retrospectives")
                .col(uuid("idea_id").primary_key())
                .col(text("tried"))
                .col(text("why_not"))
                .col(text("learned"))
                .col(uuid_null("edited_by"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(("retrospectives", "idea_id"), "ideas"))
                .foreign_key(
                    ForeignKey::create()
                        .from("retrospectives", "edited_by")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        for sql in INDEXES {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["retrospectives", "progress_updates"] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        m.get_connection()
            .execute_unprepared("DROP INDEX IF EXISTS ideas_by_declared_stage")
            .await?;
        m.alter_table(
            Table::alter()
                .table("ideas")
                .drop_column("declared_stage")
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
