use crate::keys::cascade as fk;
use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

/// Contact with consent: requests (accepted, a conversation opens), conversations with
/// their members and messages, blocks, and each member's choice of who may ask.
#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[&str] = &[
    // At most one waiting request per pair of members, whoever sent it: the database
    // refuses the second even when both are sent at the same moment.
    "CREATE UNIQUE INDEX contact_requests_one_pending ON contact_requests (pair_key) WHERE status = 'pending'",
    "CREATE INDEX contact_requests_to ON contact_requests (recipient_id, status)",
    "CREATE INDEX contact_requests_from ON contact_requests (sender_id, created_at)",
    "CREATE INDEX conversation_members_by_user ON conversation_members (user_id)",
    "CREATE INDEX messages_by_conversation ON messages (conversation_id, id)",
    "CREATE INDEX blocks_by_blocked ON blocks (blocked_id)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("contact_requests")
                .col(uuid("id").primary_key())
                .col(uuid("sender_id"))
                .col(uuid("recipient_id"))
                // The two ids in order: the same for both directions.
                .col(string_len("pair_key", 73))
                .col(uuid_null("idea_id"))
                .col(text("note"))
                .col(string_len("status", 16))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("answered_at"))
                .foreign_key(&mut fk(("contact_requests", "sender_id"), "users"))
                .foreign_key(&mut fk(("contact_requests", "recipient_id"), "users"))
                .foreign_key(
                    ForeignKey::create()
                        .from("contact_requests", "idea_id")
                        .to("ideas", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("conversations")
                .col(uuid("id").primary_key())
                // One-to-one conversations: the pair's key, so there is one per pair.
                .col(string_len_null("pair_key", 73).unique_key())
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("last_message_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("conversation_members")
                .col(uuid("conversation_id"))
                .col(uuid("user_id"))
                // The newest message this member has seen (0: none).
                .col(big_integer("read_up_to").default(0))
                .primary_key(Index::create().col("conversation_id").col("user_id"))
                .foreign_key(&mut fk(
                    ("conversation_members", "conversation_id"),
                    "conversations",
                ))
                .foreign_key(&mut fk(("conversation_members", "user_id"), "users"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("messages")
                .col(big_integer("id").auto_increment().primary_key())
                .col(uuid("conversation_id"))
                .col(uuid("author_id"))
                .col(text("body"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("messages", "conversation_id"), "conversations"))
                .foreign_key(&mut fk(("messages", "author_id"), "users"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("blocks")
                .col(uuid("blocker_id"))
                .col(uuid("blocked_id"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(Index::create().col("blocker_id").col("blocked_id"))
                .foreign_key(&mut fk(("blocks", "blocker_id"), "users"))
                .foreign_key(&mut fk(("blocks", "blocked_id"), "users"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("profiles")
                .add_column(string_len("contact_policy", 16).default("everyone"))
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
        m.alter_table(
            Table::alter()
                .table("profiles")
                .drop_column("contact_policy")
                .to_owned(),
        )
        .await?;
        for t in [
            "blocks",
            "messages",
            "conversation_members",
            "conversations",
            "contact_requests",
        ] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
