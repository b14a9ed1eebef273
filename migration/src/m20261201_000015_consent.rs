use sea_orm_migration::{prelude::*, schema::*};

/// When a member accepted the terms of use (and was shown the data-protection notice) at
/// registration. Accounts made before the form asked keep it empty.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("users")
                .add_column(timestamp_with_time_zone_null("terms_accepted_at"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("users")
                .drop_column("terms_accepted_at")
                .to_owned(),
        )
        .await
    }
}
