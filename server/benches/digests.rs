//! Daily digests in one batch (`cargo bench -p server --bench digests`, part of
//! `.ci/bench`): 40,000 members with three notifications each (an edit of their group's
//! idea, a message, an accepted request), then one digest run claims, renders and hands
//! every digest to the file transport, as the server's job does. Prints how long that took
//! and how many mails were written; SQLite always, PostgreSQL when `CIP_BENCH_POSTGRES_URL`
//! names a server (the database `cip_digests` is recreated there). `CIP_DIGESTS=<n>`
//! changes the number of members. Prints figures; asserts nothing.

use app::backend::entities::{idea, notification, profile, user};
use app::backend::limits::RateLimits;
use app::backend::mail::Mailer;
use app::backend::{AppState, Clock};
use app::domain::{
    ContactPolicy, ContentLanguage, IdeaStatus, Maturity, NotificationKind, OrganisationType,
};
use migration::MigratorTrait;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, EntityTrait, Set};
use std::time::Instant;
use uuid::Uuid;

const CHUNK: usize = 500;

async fn generate(db: &DatabaseConnection, n: usize) -> Result<(), sea_orm::DbErr> {
    let now = chrono::Utc::now() - chrono::Duration::days(1);
    let ids: Vec<Uuid> = (0..n).map(|_| Uuid::new_v4()).collect();
    for (c, chunk) in ids.chunks(CHUNK).enumerate() {
        let users = chunk.iter().enumerate().map(|(i, id)| {
            let k = c * CHUNK + i;
            user::ActiveModel {
                id: Set(*id),
                email: Set(format!("member{k}@digests.invalid")),
                password_hash: Set("not a hash".into()),
                email_verified_at: Set(Some(now)),
                created_at: Set(now),
                ui_language: Set(Some(if k.is_multiple_of(3) { "en" } else { "de" }.into())),
                security_stamp: Set(format!("stamp{k}")),
                role: Set(app::domain::UserRole::Member),
                terms_accepted_at: Set(None),
                suspended_at: Set(None),
            }
        });
        user::Entity::insert_many(users)
            .exec_without_returning(db)
            .await?;
        let profiles = chunk
            .iter()
            .enumerate()
            .map(|(i, id)| profile::ActiveModel {
                user_id: Set(*id),
                display_name: Set(format!("Mitglied {}", c * CHUNK + i)),
                show_name_publicly: Set(true),
                organisation_name: Set(String::new()),
                organisation_type: Set(OrganisationType::Municipality),
                role: Set(String::new()),
                region: Set(String::new()),
                bio: Set(String::new()),
                experience: Set(String::new()),
                open_to_partners: Set(true),
                in_matching: Set(true),
                contact_policy: Set(ContactPolicy::Everyone),
                language: Set(ContentLanguage::German),
                updated_at: Set(now),
            });
        profile::Entity::insert_many(profiles)
            .exec_without_returning(db)
            .await?;
        // Groups of four: the first of each four owns an idea the others edit.
        let ideas = chunk.iter().step_by(4).map(|id| idea::ActiveModel {
            id: Set(*id),
            author_id: Set(*id),
            title: Set(format!("Idee {id}")),
            teaser: Set("Ein Vorschlag.".into()),
            description: Set(String::new()),
            maturity: Set(Maturity::RoughIdea),
            status: Set(IdeaStatus::Published),
            revision: Set(1),
            group_size: Set(4),
            declared_stage: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            published_at: Set(Some(now)),
            language: Set(ContentLanguage::German),
        });
        idea::Entity::insert_many(ideas)
            .exec_without_returning(db)
            .await?;
        let notifications = chunk.iter().enumerate().flat_map(|(i, id)| {
            let group = chunk[i - i % 4];
            let other = chunk[(i + 1) % chunk.len()];
            [
                (
                    NotificationKind::IdeaEdited,
                    Some(group),
                    format!("/ideas/{group}"),
                ),
                (
                    NotificationKind::Message,
                    None,
                    format!("/me/messages/{other}"),
                ),
                (
                    NotificationKind::RequestAccepted,
                    None,
                    format!("/me/messages/{other}"),
                ),
            ]
            .map(|(kind, idea, link)| notification::ActiveModel {
                user_id: Set(*id),
                kind: Set(kind),
                actor_id: Set(Some(other)),
                idea_id: Set(idea),
                link: Set(link),
                created_at: Set(now),
                ..Default::default()
            })
        });
        notification::Entity::insert_many(notifications)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

async fn run(name: &str, database_url: &str, n: usize) {
    let db = Database::connect(database_url).await.expect("connect");
    migration::Migrator::up(&db, None).await.expect("migrate");
    let started = Instant::now();
    generate(&db, n).await.expect("generate");
    println!(
        "{name}: {n} members with 3 notifications each written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let outbox = tempfile::tempdir().expect("outbox");
    let clock = Clock::system();
    let (events, public_pages) = app::backend::events::Events::start(&db).await;
    let state = AppState {
        db: db.clone(),
        mailer: Mailer::file(outbox.path(), "Bench <bench@digests.invalid>").expect("mailer"),
        clock: clock.clone(),
        public_url: "https://civic.example".into(),
        limits: RateLimits::new(clock),
        public_pages,
        contact_requests_per_day: 20,
        invitation_days: 14,
        // The day's slot has passed whatever the hour: every digest is due now.
        digest_hour: 0,
        reports_to_hide: 3,
        report_account_age: chrono::Duration::hours(24),
        events,
    };
    let started = Instant::now();
    let sent = app::notifications::mail::send_digests(&state)
        .await
        .expect("digests");
    let took = started.elapsed().as_secs_f64();
    let written = std::fs::read_dir(outbox.path()).expect("outbox").count();
    println!(
        "{name}: {sent} digests claimed, rendered and handed to the file transport in {took:.1} s \
         ({:.0} per second; {written} files in the outbox)",
        sent as f64 / took
    );
    let again = app::notifications::mail::send_digests(&state)
        .await
        .expect("digests");
    println!("{name}: a second run right after sends {again} (nothing twice)");
    state.events.close();
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("CIP_DIGESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40_000);
    println!("daily digests in one batch ({n} members)");
    let dir = tempfile::tempdir().expect("dir");
    let sqlite = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("digests.sqlite").display()
    );
    run("SQLite", &sqlite, n).await;
    if let Ok(url) = std::env::var("CIP_BENCH_POSTGRES_URL") {
        let admin = Database::connect(&url)
            .await
            .expect("connect to PostgreSQL");
        admin
            .execute_unprepared("DROP DATABASE IF EXISTS cip_digests WITH (FORCE)")
            .await
            .expect("drop");
        admin
            .execute_unprepared("CREATE DATABASE cip_digests")
            .await
            .expect("create");
        let (prefix, _) = url.rsplit_once('/').expect("URL with a database");
        run("PostgreSQL", &format!("{prefix}/cip_digests"), n).await;
    }
}
