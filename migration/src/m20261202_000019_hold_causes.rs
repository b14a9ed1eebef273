use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

/// A hold has causes, not one cause: an admin's hide, open reports and a suspension each
/// keep a row, and the content is held while any is left.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// `holds` with the primary key `key` and its foreign key to the member.
fn holds(name: &'static str, key: &[&'static str]) -> TableCreateStatement {
    let mut pk = Index::create();
    for col in key {
        pk.col(*col);
    }
    Table::create()
        .table(name)
        .col(string_len("target_kind", 16))
        .col(string_len("target_id", 40))
        .col(uuid("author_id"))
        .col(string_len("cause", 16))
        .col(timestamp_with_time_zone("created_at"))
        .primary_key(&mut pk)
        .foreign_key(
            ForeignKey::create()
                .from(name, "author_id")
                .to("users", "id")
                .on_delete(ForeignKeyAction::Cascade),
        )
        .to_owned()
}

/// Copies every row of `from` into `to` (the same columns).
async fn copy(m: &SchemaManager<'_>, from: &str, to: &str) -> Result<(), DbErr> {
    m.get_connection()
        .execute_unprepared(&format!(
            "INSERT INTO {to} (target_kind, target_id, author_id, cause, created_at) \
             SELECT target_kind, target_id, author_id, cause, created_at FROM {from}"
        ))
        .await?;
    Ok(())
}

/// Makes `holds` anew with primary key `key`, keeping its rows (through a copy, since
/// SQLite cannot change a primary key in place).
async fn remake(m: &SchemaManager<'_>, key: &[&'static str]) -> Result<(), DbErr> {
    m.create_table(holds("holds_kept", &["target_kind", "target_id", "cause"]))
        .await?;
    copy(m, "holds", "holds_kept").await?;
    m.drop_table(Table::drop().table("holds").to_owned())
        .await?;
    m.create_table(holds("holds", key)).await?;
    copy(m, "holds_kept", "holds").await?;
    m.drop_table(Table::drop().table("holds_kept").to_owned())
        .await?;
    m.get_connection()
        .execute_unprepared("CREATE INDEX holds_by_author ON holds (author_id)")
        .await?;
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    // The table is made anew under its own name: on one connection, in one transaction,
    // also on SQLite (where each statement could otherwise meet a pooled connection that
    // still reads the schema from before the drop).
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        remake(m, &["target_kind", "target_id", "cause"]).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Back to one row per content: only the first cause of each is kept.
        m.get_connection()
            .execute_unprepared(
                "DELETE FROM holds WHERE EXISTS (SELECT 1 FROM holds h \
                 WHERE h.target_kind = holds.target_kind AND h.target_id = holds.target_id \
                 AND h.cause < holds.cause)",
            )
            .await?;
        remake(m, &["target_kind", "target_id"]).await
    }
}
