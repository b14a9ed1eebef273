use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

/// Notifications in the app and by mail: what happened for whom, each member's choice of
/// delivery per kind, and when each member's last digest went out.
#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[&str] = &[
    "CREATE INDEX notifications_by_user ON notifications (user_id, id)",
    // The mail jobs look only at what no job has claimed yet.
    "CREATE INDEX notifications_unclaimed ON notifications (user_id) WHERE mail_claim IS NULL",
    "CREATE INDEX notifications_by_claim ON notifications (mail_claim)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("notifications")
                .col(big_integer("id").auto_increment().primary_key())
                .col(uuid("user_id"))
                .col(string_len("kind", 32))
                .col(uuid_null("actor_id"))
                .col(uuid_null("idea_id"))
                // Where the notification leads, a path on this site.
                .col(string_len("link", 200))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("read_at"))
                // The mail job that took it (a nil id: never to be mailed), and when it went.
                .col(uuid_null("mail_claim"))
                .col(timestamp_with_time_zone_null("mailed_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("notifications", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("notifications", "actor_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("notifications", "idea_id")
                        .to("ideas", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("notification_settings")
                .col(uuid("user_id"))
                .col(string_len("kind", 32))
                .col(string_len("delivery", 16))
                .primary_key(Index::create().col("user_id").col("kind"))
                .foreign_key(
                    ForeignKey::create()
                        .from("notification_settings", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("digests")
                .col(uuid("user_id").primary_key())
                .col(timestamp_with_time_zone("sent_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("digests", "user_id")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::Cascade),
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
        for t in ["digests", "notification_settings", "notifications"] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
