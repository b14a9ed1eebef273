use crate::keys::cascade_to as fk;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("users")
                .if_not_exists()
                .col(pk_uuid("id"))
                .col(string_len_uniq("email", 254))
                .col(string("password_hash"))
                .col(timestamp_with_time_zone_null("email_verified_at"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("email_tokens")
                .if_not_exists()
                .col(string_len("token_hash", 64).primary_key())
                .col(uuid("user_id"))
                .col(string_len("purpose", 16))
                .col(timestamp_with_time_zone("expires_at"))
                .foreign_key(&mut fk(("email_tokens", "user_id"), ("users", "id")))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("email_tokens_user")
                .table("email_tokens")
                .col("user_id")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("profiles")
                .if_not_exists()
                .col(pk_uuid("user_id"))
                .col(string_len("display_name", 240))
                .col(boolean("show_name_publicly"))
                .col(string_len("organisation_name", 480))
                .col(string_len("organisation_type", 32))
                .col(string_len("role", 480))
                .col(string_len("region", 480))
                .col(text("bio"))
                .col(text("experience"))
                .col(boolean("open_to_partners"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(("profiles", "user_id"), ("users", "id")))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("tags")
                .if_not_exists()
                .col(big_integer("id").auto_increment().primary_key())
                .col(string_len_uniq("slug", 160))
                .col(string_len("label", 160))
                .col(boolean("curated"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("profile_tags")
                .if_not_exists()
                .col(uuid("user_id"))
                .col(string_len("kind", 16))
                .col(big_integer("tag_id"))
                .primary_key(Index::create().col("user_id").col("kind").col("tag_id"))
                .foreign_key(&mut fk(("profile_tags", "user_id"), ("users", "id")))
                .foreign_key(&mut fk(("profile_tags", "tag_id"), ("tags", "id")))
                .to_owned(),
        )
        .await?;
        // Matching looks members up by tag: "who offers what I seek".
        m.create_index(
            Index::create()
                .name("profile_tags_by_tag")
                .table("profile_tags")
                .col("kind")
                .col("tag_id")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("ideas")
                .if_not_exists()
                .col(pk_uuid("id"))
                .col(uuid("author_id"))
                .col(string_len("title", 480))
                .col(string_len("teaser", 1200))
                .col(text("description"))
                .col(string_len("maturity", 32))
                .col(string_len("status", 16))
                .col(integer("revision"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone_null("published_at"))
                .foreign_key(&mut fk(("ideas", "author_id"), ("users", "id")))
                .to_owned(),
        )
        .await?;
        // The market: published ideas, newest first.
        m.create_index(
            Index::create()
                .name("ideas_market")
                .table("ideas")
                .col("status")
                .col("published_at")
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ideas_author")
                .table("ideas")
                .col("author_id")
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("idea_tags")
                .if_not_exists()
                .col(uuid("idea_id"))
                .col(string_len("kind", 16))
                .col(big_integer("tag_id"))
                .primary_key(Index::create().col("idea_id").col("kind").col("tag_id"))
                .foreign_key(&mut fk(("idea_tags", "idea_id"), ("ideas", "id")))
                .foreign_key(&mut fk(("idea_tags", "tag_id"), ("tags", "id")))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idea_tags_by_tag")
                .table("idea_tags")
                .col("kind")
                .col("tag_id")
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "idea_tags",
            "ideas",
            "profile_tags",
            "tags",
            "profiles",
            "email_tokens",
            "users",
        ] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
