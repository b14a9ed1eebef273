use sea_orm_migration::{prelude::*, schema::*};

/// Sessions are bound to a per-member security stamp instead of the password hash; an
/// e-mail change remembers the new address with its confirmation token; unconfirmed
/// accounts can be found by age for removal.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("users")
                .add_column(string_len("security_stamp", 64).default(""))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("email_tokens")
                .add_column(string_len_null("new_email", 254))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("users_unverified")
                .table("users")
                .col("email_verified_at")
                .col("created_at")
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("users_unverified")
                .table("users")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("email_tokens")
                .drop_column("new_email")
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("users")
                .drop_column("security_stamp")
                .to_owned(),
        )
        .await
    }
}
