use crate::keys::cascade as fk;
use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

/// Groups around an idea: its members besides the owner, invitations, and the group's size
/// on the idea row, where a conditional UPDATE decides the race for the last seat.
#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[&str] = &[
    // One waiting invitation per idea and member: the database refuses a second one even
    // when the owner sends it twice at the same moment.
    "CREATE UNIQUE INDEX group_invitations_one_pending ON group_invitations (idea_id, invitee_id) WHERE status = 'pending'",
    "CREATE INDEX group_invitations_to ON group_invitations (invitee_id, status)",
    "CREATE INDEX idea_members_by_user ON idea_members (user_id)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("ideas")
                // The owner plus `idea_members`; only changed by `UPDATE … WHERE group_size < 4`.
                .add_column(integer("group_size").default(1))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("idea_members")
                .col(uuid("idea_id"))
                .col(uuid("user_id"))
                .col(timestamp_with_time_zone("joined_at"))
                .primary_key(Index::create().col("idea_id").col("user_id"))
                .foreign_key(&mut fk(("idea_members", "idea_id"), "ideas"))
                .foreign_key(&mut fk(("idea_members", "user_id"), "users"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("group_invitations")
                .col(uuid("id").primary_key())
                .col(uuid("idea_id"))
                .col(uuid("inviter_id"))
                .col(uuid("invitee_id"))
                .col(string_len("status", 16))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("answered_at"))
                .foreign_key(&mut fk(("group_invitations", "idea_id"), "ideas"))
                .foreign_key(&mut fk(("group_invitations", "inviter_id"), "users"))
                .foreign_key(&mut fk(("group_invitations", "invitee_id"), "users"))
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
        for t in ["group_invitations", "idea_members"] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        m.alter_table(
            Table::alter()
                .table("ideas")
                .drop_column("group_size")
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}
