use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

/// Advice and workshops: admins publish them with a capacity and an audience (everyone,
/// or the groups of one call); members sign up, and past the capacity wait in order.
#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[&str] = &[
    "CREATE INDEX workshops_by_start ON workshops (starts_at)",
    // The waiting list in order, and a member's sign-ups.
    "CREATE INDEX signups_in_order ON workshop_signups (workshop_id, status, signed_up_at)",
    "CREATE INDEX signups_by_user ON workshop_signups (user_id)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("workshops")
                .col(uuid("id").primary_key())
                .col(string_len("title_de", 480))
                .col(string_len("title_en", 480))
                .col(text("description_de"))
                .col(text("description_en"))
                .col(string_len("format", 16))
                // An address on site; for online ones the meeting link, shown to attendees.
                .col(string_len("place", 500))
                .col(timestamp_with_time_zone("starts_at"))
                .col(timestamp_with_time_zone("ends_at"))
                .col(integer("capacity"))
                // Confirmed seats; taken only by `seats_taken < capacity` updates.
                .col(integer("seats_taken").default(0))
                .col(string_len("audience", 16))
                .col(uuid_null("call_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(
                    ForeignKey::create()
                        .from("workshops", "call_id")
                        .to("calls", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("workshop_signups")
                .col(uuid("workshop_id"))
                .col(uuid("user_id"))
                .col(string_len("status", 16))
                .col(timestamp_with_time_zone("signed_up_at"))
                .primary_key(Index::create().col("workshop_id").col("user_id"))
                .foreign_key(
                    ForeignKey::create()
                        .from("workshop_signups", "workshop_id")
                        .to("workshops", "id")
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from("workshop_signups", "user_id")
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
        for t in ["workshop_signups", "workshops"] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
