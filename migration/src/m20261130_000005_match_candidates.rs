use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

/// Matching at scale: each tag link remembers when its profile or idea was last saved
/// (`active_at`), and the by-tag indexes hold it, so a very common tag yields its most
/// recently active members or ideas straight from the index, a bounded number of them,
/// instead of every link it has.
#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [(&str, &str, &str); 2] = [
    // (table, old index, the row whose `updated_at` a link starts from)
    (
        "profile_tags",
        "profile_tags_by_tag",
        "(SELECT updated_at FROM profiles WHERE profiles.user_id = profile_tags.user_id)",
    ),
    (
        "idea_tags",
        "idea_tags_by_tag",
        "(SELECT updated_at FROM ideas WHERE ideas.id = idea_tags.idea_id)",
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
                    .add_column(
                        timestamp_with_time_zone("active_at").default("1970-01-01T00:00:00+00:00"),
                    )
                    .to_owned(),
            )
            .await?;
            m.get_connection()
                .execute_unprepared(&format!(
                    "UPDATE {table} SET active_at = COALESCE({source}, active_at)"
                ))
                .await?;
            m.drop_index(Index::drop().name(old_index).table(table).to_owned())
                .await?;
            // Covering: the newest links of one (kind, tag) come from the index alone.
            m.create_index(
                Index::create()
                    .name(format!("{table}_by_tag_active"))
                    .table(table)
                    .col("kind")
                    .col("tag_id")
                    .col("active_at")
                    .col(owner(table))
                    .to_owned(),
            )
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
