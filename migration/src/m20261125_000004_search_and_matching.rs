use crate::keys::cascade_to as fk;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

/// Full-text search and matching. The application writes each idea's and profile's search
/// terms (already stemmed, see `app::search::text`) into `idea_search` / `profile_search`
/// in the same transaction as the change; each database indexes them with its own engine:
/// SQLite an FTS5 table kept in step by triggers, PostgreSQL a generated `tsvector` with a
/// GIN index. Members can leave matching; dismissed suggestions are remembered.
#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE: &[&str] = &[
    // External-content FTS5 tables: the text lives once, in the plain table.
    "CREATE VIRTUAL TABLE idea_fts USING fts5(public_text, member_text, content='idea_search', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER idea_search_ai AFTER INSERT ON idea_search BEGIN INSERT INTO idea_fts(rowid, public_text, member_text) VALUES (new.id, new.public_text, new.member_text); END",
    "CREATE TRIGGER idea_search_ad AFTER DELETE ON idea_search BEGIN INSERT INTO idea_fts(idea_fts, rowid, public_text, member_text) VALUES ('delete', old.id, old.public_text, old.member_text); END",
    "CREATE TRIGGER idea_search_au AFTER UPDATE ON idea_search BEGIN INSERT INTO idea_fts(idea_fts, rowid, public_text, member_text) VALUES ('delete', old.id, old.public_text, old.member_text); INSERT INTO idea_fts(rowid, public_text, member_text) VALUES (new.id, new.public_text, new.member_text); END",
    "CREATE VIRTUAL TABLE profile_fts USING fts5(text, content='profile_search', content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER profile_search_ai AFTER INSERT ON profile_search BEGIN INSERT INTO profile_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER profile_search_ad AFTER DELETE ON profile_search BEGIN INSERT INTO profile_fts(profile_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER profile_search_au AFTER UPDATE ON profile_search BEGIN INSERT INTO profile_fts(profile_fts, rowid, text) VALUES ('delete', old.id, old.text); INSERT INTO profile_fts(rowid, text) VALUES (new.id, new.text); END",
];

const POSTGRES: &[&str] = &[
    // Weight A: what anyone may search (title, teaser, topics); B: members only.
    "ALTER TABLE idea_search ADD COLUMN document tsvector GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, public_text), 'A') || setweight(to_tsvector('simple'::regconfig, member_text), 'B')) STORED",
    "CREATE INDEX idea_search_document ON idea_search USING GIN (document)",
    "ALTER TABLE profile_search ADD COLUMN document tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, text)) STORED",
    "CREATE INDEX profile_search_document ON profile_search USING GIN (document)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("idea_search")
                .col(big_integer("id").auto_increment().primary_key())
                .col(uuid_uniq("idea_id"))
                .col(text("public_text"))
                .col(text("member_text"))
                .foreign_key(&mut fk(("idea_search", "idea_id"), ("ideas", "id")))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("profile_search")
                .col(big_integer("id").auto_increment().primary_key())
                .col(uuid_uniq("user_id"))
                .col(text("text"))
                .foreign_key(&mut fk(("profile_search", "user_id"), ("users", "id")))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("match_dismissals")
                .col(uuid("user_id"))
                .col(string_len("target_kind", 16))
                .col(uuid("target_id"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(
                    Index::create()
                        .col("user_id")
                        .col("target_kind")
                        .col("target_id"),
                )
                .foreign_key(&mut fk(("match_dismissals", "user_id"), ("users", "id")))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("profiles")
                .add_column(boolean("in_matching").default(true))
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        let statements = match db.get_database_backend() {
            DbBackend::Sqlite => SQLITE,
            _ => POSTGRES,
        };
        for sql in statements {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if db.get_database_backend() == DbBackend::Sqlite {
            db.execute_unprepared("DROP TABLE IF EXISTS idea_fts")
                .await?;
            db.execute_unprepared("DROP TABLE IF EXISTS profile_fts")
                .await?;
        }
        m.alter_table(
            Table::alter()
                .table("profiles")
                .drop_column("in_matching")
                .to_owned(),
        )
        .await?;
        for t in ["match_dismissals", "profile_search", "idea_search"] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
