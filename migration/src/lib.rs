//! The database schema, as sea-orm migrations. The server runs them at start; the
//! `migration` binary runs them by hand (`cargo run -p migration -- up`).

pub use sea_orm_migration::prelude::*;

mod keys;
mod m20261125_000001_init;
mod m20261125_000002_languages;
mod m20261125_000003_account_security;
mod m20261125_000004_search_and_matching;
mod m20261130_000005_match_candidates;
mod m20261130_000006_public_search;
mod m20261130_000007_contacts;
mod m20261130_000008_groups;
mod m20261130_000009_notifications;
mod m20261130_000010_revisions_and_comments;
mod m20261130_000011_calls;
mod m20261201_000012_showcase;
mod m20261201_000013_workshops;
mod m20261201_000014_group_conversations;
mod m20261201_000015_consent;
mod m20261201_000016_feedback;
mod m20261201_000017_moderation;
mod m20261202_000018_juror_ties;
mod m20261202_000019_hold_causes;
mod m20261203_000020_rate_limits;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_init::Migration),
            Box::new(m20261125_000002_languages::Migration),
            Box::new(m20261125_000003_account_security::Migration),
            Box::new(m20261125_000004_search_and_matching::Migration),
            Box::new(m20261130_000005_match_candidates::Migration),
            Box::new(m20261130_000006_public_search::Migration),
            Box::new(m20261130_000007_contacts::Migration),
            Box::new(m20261130_000008_groups::Migration),
            Box::new(m20261130_000009_notifications::Migration),
            Box::new(m20261130_000010_revisions_and_comments::Migration),
            Box::new(m20261130_000011_calls::Migration),
            Box::new(m20261201_000012_showcase::Migration),
            Box::new(m20261201_000013_workshops::Migration),
            Box::new(m20261201_000014_group_conversations::Migration),
            Box::new(m20261201_000015_consent::Migration),
            Box::new(m20261201_000016_feedback::Migration),
            Box::new(m20261201_000017_moderation::Migration),
            Box::new(m20261202_000018_juror_ties::Migration),
            Box::new(m20261202_000019_hold_causes::Migration),
            Box::new(m20261203_000020_rate_limits::Migration),
        ]
    }
}
