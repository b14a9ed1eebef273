use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

/// Matching at scale: each tag link remembers when its owner became matchable
/// (`active_at`: the last save of a published idea, or of the profile of a confirmed member
/// in matching; NULL otherwise), and the by-tag indexes hold only matchable links, newest
/// last, so a very common tag yields its most recently active members or ideas straight
/// from the index, a bounded number of them, with no join to check who may be matched.
#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [(&str, &str, &str); 2] = [
    // (table, old index, when a link's owner became matchable, or NULL)
    (
        "profile_tags",
        "profile_tags_by_tag",
        "(SELECT p.updated_at FROM profiles p JOIN users u ON u.id = p.user_id \
          WHERE p.user_id = profile_tags.user_id AND p.in_matching \
          AND u.email_verified_at IS NOT NULL)",
    ),
    (
        "idea_tags",
        "idea_tags_by_tag",
        "(SELECT updated_at FROM ideas \
          WHERE ideas.id = idea_tags.idea_id AND ideas.status = 'published')",
    ),
];

fn owner(table: &str) -> &'static str {
    if table == "profile_tags" {
        "user_id"
    } else {
        "idea_id"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, old_index, source) in TABLES {
            m.alter_table(
                Table::alter()
                    .table(table)
                    .add_column(timestamp_with_time_zone_null("active_at"))
                    .to_owned(),
            )
            .await?;
            let db = m.get_connection();
            db.execute_unprepared(&format!("UPDATE {table} SET active_at = {source}"))
                .await?;
            m.drop_index(Index::drop().name(old_index).table(table).to_owned())
                .await?;
            // Covering and partial (both engines): the newest matchable links of one
            // (kind, tag) come from the index alone.
            db.execute_unprepared(&format!(
                "CREATE INDEX {table}_by_tag_active ON {table} \
                 (kind, tag_id, active_at, {}) WHERE active_at IS NOT NULL",
                owner(table)
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, old_index, _) in TABLES {
            m.drop_index(
                Index::drop()
                    .name(format!("{table}_by_tag_active"))
                    .table(table)
                    .to_owned(),
            )
            .await?;
            m.create_index(
                Index::create()
                    .name(old_index)
                    .table(table)
                    .col("kind")
                    .col("tag_id")
                    .to_owned(),
            )
            .await?;
            m.alter_table(
                Table::alter()
                    .table(table)
                    .drop_column("active_at")
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
