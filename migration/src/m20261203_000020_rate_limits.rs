use sea_orm_migration::{prelude::*, schema::*};

/// Rate limits shared by every server on one PostgreSQL: per key (action, and an address or
/// an account), the GCRA's theoretical arrival time in milliseconds. (On SQLite, one
/// process, the limits stay in memory; the table is there but unused.)
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("rate_limits")
                .col(string_len("key", 300).primary_key())
                .col(big_integer("tat_ms"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("rate_limits").to_owned())
            .await
    }
}
