use crate::keys::cascade as fk;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

/// Co-drafting and feedback: every saved version of an idea (`idea_revisions`), the save a
/// member made from an older revision and has yet to merge (`unmerged_edits`), and members'
/// comments on ideas with one level of replies (`comments`).
#[derive(DeriveMigrationName)]
pub struct Migration;

/// The content columns a version of an idea has (as the editor holds it).
fn content(t: &mut TableCreateStatement) -> &mut TableCreateStatement {
    t.col(text("title"))
        .col(text("teaser"))
        .col(text("description"))
        .col(text("topics"))
        .col(text("required"))
        .col(text("sought"))
        .col(string_len("maturity", 32))
        .col(string_len("language", 8))
}

const INDEXES: &[&str] = &[
    "CREATE INDEX comments_by_idea ON comments (idea_id, created_at)",
    "CREATE INDEX comments_by_parent ON comments (parent_id)",
];

/// Today's content of every idea becomes its first recorded revision; a tag list is its
/// labels in label order, as the editor shows them.
fn backfill(backend: DbBackend) -> String {
    let tags = |kind: &str| match backend {
        DbBackend::Postgres => format!(
            "COALESCE((SELECT string_agg(t.label, ', ' ORDER BY t.label) FROM idea_tags x \
             JOIN tags t ON t.id = x.tag_id WHERE x.idea_id = i.id AND x.kind = '{kind}'), '')"
        ),
        _ => format!(
            "COALESCE((SELECT group_concat(label, ', ') FROM (SELECT t.label AS label \
             FROM idea_tags x JOIN tags t ON t.id = x.tag_id WHERE x.idea_id = i.id \
             AND x.kind = '{kind}' ORDER BY t.label)), '')"
        ),
    };
    format!(
        "INSERT INTO idea_revisions (idea_id, revision, editor_id, created_at, changed, title, \
         teaser, description, topics, required, sought, maturity, language) \
         SELECT i.id, i.revision, i.author_id, i.updated_at, '', i.title, i.teaser, \
         i.description, {}, {}, {}, i.maturity, i.language FROM ideas i",
        tags("topic"),
        tags("required"),
        tags("sought"),
    )
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut revisions = Table::create();
        revisions
            .table("idea_revisions")
            .col(uuid("idea_id"))
            .col(integer("revision"))
            // Who saved it; kept (as "a former member") when their account is removed.
            .col(uuid_null("editor_id"))
            .col(timestamp_with_time_zone("created_at"))
            // The fields that differ from the revision before, comma-separated keys.
            .col(string_len("changed", 200));
        content(&mut revisions)
            .primary_key(Index::create().col("idea_id").col("revision"))
            .foreign_key(&mut fk(("idea_revisions", "idea_id"), "ideas"))
            .foreign_key(
                ForeignKey::create()
                    .from("idea_revisions", "editor_id")
                    .to("users", "id")
                    .on_delete(ForeignKeyAction::SetNull),
            );
        m.create_table(revisions.to_owned()).await?;

        let mut unmerged = Table::create();
        unmerged
            .table("unmerged_edits")
            .col(uuid("idea_id"))
            .col(uuid("user_id"))
            // The revision the member's editor started from.
            .col(integer("base_revision"))
            .col(timestamp_with_time_zone("created_at"));
        content(&mut unmerged)
            .primary_key(Index::create().col("idea_id").col("user_id"))
            .foreign_key(&mut fk(("unmerged_edits", "idea_id"), "ideas"))
            .foreign_key(&mut fk(("unmerged_edits", "user_id"), "users"));
        m.create_table(unmerged.to_owned()).await?;

        m.create_table(
            Table::create()
                .table("comments")
                .col(uuid("id").primary_key())
                .col(uuid("idea_id"))
                .col(uuid("author_id"))
                // A reply names the comment it answers; replies are never answered.
                .col(uuid_null("parent_id"))
                .col(text("body"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("edited_at"))
                // A deleted comment that has replies stays as a placeholder, its text gone.
                .col(timestamp_with_time_zone_null("deleted_at"))
                .foreign_key(&mut fk(("comments", "idea_id"), "ideas"))
                .foreign_key(&mut fk(("comments", "author_id"), "users"))
                .foreign_key(&mut fk(("comments", "parent_id"), "comments"))
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        for sql in INDEXES {
            db.execute_unprepared(sql).await?;
        }
        db.execute_unprepared(&backfill(m.get_database_backend()))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["comments", "unmerged_edits", "idea_revisions"] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
