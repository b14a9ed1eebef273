use crate::keys::cascade as fk;
use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::{prelude::*, schema::*};

/// The idea contest and project funding: members' roles (admins run calls), calls, the
/// groups' submissions with every version kept and who approved which version, and the
/// jury: jurors per call, declared conflicts of interest, and scores.
#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[&str] = &[
    // `/calls`: newest deadline first.
    "CREATE INDEX calls_by_deadline ON calls (closes_at)",
    // One submission per group (an idea's group) and call: the second start is refused
    // by the database even when two members start at the same moment.
    "CREATE UNIQUE INDEX submissions_one_per_idea ON submissions (call_id, idea_id)",
    "CREATE INDEX submissions_by_idea ON submissions (idea_id)",
    "CREATE INDEX jurors_by_user ON jurors (user_id)",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("users")
                .add_column(string_len("role", 16).default("member"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("calls")
                .col(uuid("id").primary_key())
                .col(string_len("kind", 16))
                .col(string_len("title_de", 480))
                .col(string_len("title_en", 480))
                .col(text("description_de"))
                .col(text("description_en"))
                .col(timestamp_with_time_zone("opens_at"))
                .col(timestamp_with_time_zone("closes_at"))
                .col(timestamp_with_time_zone("jury_until"))
                .col(timestamp_with_time_zone("results_at"))
                .col(big_integer("max_amount_cents"))
                // The questions its form asks (`domain::CallField` keys, comma-separated).
                .col(string_len("fields", 200))
                // The jury's criteria with their weights (`domain::jury::weights_from_text`).
                .col(string_len("criteria", 200))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("submissions")
                .col(uuid("id").primary_key())
                .col(uuid("call_id"))
                .col(uuid("idea_id"))
                // The version being edited, and the one every member approved (what counts).
                .col(integer("current_version"))
                .col(integer_null("submitted_version"))
                .col(timestamp_with_time_zone_null("submitted_at"))
                .col(timestamp_with_time_zone_null("withdrawn_at"))
                // Marked by an admin; public from the call's results date.
                .col(boolean("winner").default(false))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(("submissions", "call_id"), "calls"))
                .foreign_key(&mut fk(("submissions", "idea_id"), "ideas"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("submission_versions")
                .col(uuid("submission_id"))
                .col(integer("version"))
                .col(string_len("title", 480))
                .col(string_len("teaser", 1200))
                .col(text("description"))
                // The answers to the call's questions: a JSON object by `CallField` key.
                .col(text("answers"))
                .col(uuid_null("edited_by"))
                .col(timestamp_with_time_zone("edited_at"))
                .primary_key(Index::create().col("submission_id").col("version"))
                .foreign_key(&mut fk(
                    ("submission_versions", "submission_id"),
                    "submissions",
                ))
                .foreign_key(
                    ForeignKey::create()
                        .from("submission_versions", "edited_by")
                        .to("users", "id")
                        .on_delete(ForeignKeyAction::SetNull),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("submission_approvals")
                .col(uuid("submission_id"))
                .col(integer("version"))
                .col(uuid("user_id"))
                .col(timestamp_with_time_zone("approved_at"))
                .primary_key(
                    Index::create()
                        .col("submission_id")
                        .col("version")
                        .col("user_id"),
                )
                .foreign_key(&mut fk(
                    ("submission_approvals", "submission_id"),
                    "submissions",
                ))
                .foreign_key(&mut fk(("submission_approvals", "user_id"), "users"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("jurors")
                .col(uuid("call_id"))
                .col(uuid("user_id"))
                .col(timestamp_with_time_zone("appointed_at"))
                .primary_key(Index::create().col("call_id").col("user_id"))
                .foreign_key(&mut fk(("jurors", "call_id"), "calls"))
                .foreign_key(&mut fk(("jurors", "user_id"), "users"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("juror_conflicts")
                .col(uuid("submission_id"))
                .col(uuid("user_id"))
                .col(timestamp_with_time_zone("declared_at"))
                .primary_key(Index::create().col("submission_id").col("user_id"))
                .foreign_key(&mut fk(("juror_conflicts", "submission_id"), "submissions"))
                .foreign_key(&mut fk(("juror_conflicts", "user_id"), "users"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("scores")
                .col(uuid("submission_id"))
                .col(uuid("user_id"))
                .col(string_len("criterion", 32))
                .col(small_integer("score"))
                .col(text("comment"))
                .col(timestamp_with_time_zone("scored_at"))
                .primary_key(
                    Index::create()
                        .col("submission_id")
                        .col("user_id")
                        .col("criterion"),
                )
                .foreign_key(&mut fk(("scores", "submission_id"), "submissions"))
                .foreign_key(&mut fk(("scores", "user_id"), "users"))
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
        for t in [
            "scores",
            "juror_conflicts",
            "jurors",
            "submission_approvals",
            "submission_versions",
            "submissions",
            "calls",
        ] {
            m.drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        m.alter_table(Table::alter().table("users").drop_column("role").to_owned())
            .await?;
        Ok(())
    }
}
