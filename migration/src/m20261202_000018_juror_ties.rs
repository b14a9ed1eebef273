use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

/// Ties between a juror and a contest entry, recorded when the entry counts and when the
/// juror is appointed (in the group, same organisation, talked with a member): a tie once
/// recorded stays, whatever the group or the conversations do afterwards.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let fk =
            |from: &'static str, to: &'static str| crate::keys::cascade(("juror_ties", from), to);
        m.create_table(
            Table::create()
                .table("juror_ties")
                .col(uuid("submission_id"))
                .col(uuid("user_id"))
                .col(string_len("reason", 32))
                .col(timestamp_with_time_zone("recorded_at"))
                .primary_key(
                    Index::create()
                        .col("submission_id")
                        .col("user_id")
                        .col("reason"),
                )
                .foreign_key(&mut fk("submission_id", "submissions"))
                .foreign_key(&mut fk("user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared("CREATE INDEX juror_ties_by_user ON juror_ties (user_id)")
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("juror_ties").if_exists().to_owned())
            .await
    }
}
