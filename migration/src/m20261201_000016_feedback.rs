use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

/// Feedback ("What do you need?") from members and visitors, for the admins. A member's
/// goes with their account.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("feedback")
                .col(uuid("id").primary_key())
                .col(uuid_null("user_id"))
                .col(text("body"))
                // The interface language it was written in, so admins know how to answer.
                .col(string_len("language", 2))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("read_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("feedback", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared("CREATE INDEX feedback_newest ON feedback (created_at)")
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("feedback").if_exists().to_owned())
            .await
    }
}
