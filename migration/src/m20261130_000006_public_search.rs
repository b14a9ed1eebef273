use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

/// PostgreSQL: what visitors may search (title, teaser, topics) gets its own `tsvector`
/// and GIN index. A weight-restricted query on the whole document is estimated and fetched
/// as if descriptions matched too, then rechecked row by row; on its own column both the
/// planner's estimate and the index are exact. SQLite's FTS5 already indexes the public
/// text as its own column.
#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &[&str] = &[
    "ALTER TABLE idea_search ADD COLUMN public_document tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, public_text)) STORED",
    "CREATE INDEX idea_search_public_document ON idea_search USING GIN (public_document)",
    "ANALYZE idea_search",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            for sql in UP {
                db.execute_unprepared(sql).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if db.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared("ALTER TABLE idea_search DROP COLUMN public_document")
                .await?;
        }
        Ok(())
    }
}
