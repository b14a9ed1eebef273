use sea_orm_migration::{prelude::*, schema::*};

/// Ideas and profiles carry the language they are written in (the market filters by it);
/// members keep their chosen interface language.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds only one at a time.
        m.alter_table(
            Table::alter()
                .table("ideas")
                .add_column(string_len("language", 8).default("de"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("profiles")
                .add_column(string_len("language", 8).default("de"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("users")
                .add_column(string_len_null("ui_language", 8))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ideas_status_language")
                .table("ideas")
                .col("status")
                .col("language")
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ideas_status_language")
                .table("ideas")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("users")
                .drop_column("ui_language")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("profiles")
                .drop_column("language")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("ideas")
                .drop_column("language")
                .to_owned(),
        )
        .await
    }
}
