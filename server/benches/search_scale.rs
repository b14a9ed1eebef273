//! Search and matching at scale (`cargo bench -p server --bench search_scale`, part of
//! `.ci/bench`): 100,000 members and 100,000 ideas from a seeded generator (German and
//! English text, every organisation type, tags from a shared vocabulary), written straight
//! into a fresh database with the application's own search terms; then the real server
//! binary answers, and the bench prints p50/p95 of: a member's top-20 matches, the top-20
//! people for an idea, a market search and a people search. SQLite always; PostgreSQL when
//! `CIP_BENCH_POSTGRES_URL` names a server (the database `cip_scale` is recreated there).
//! `CIP_SCALE=<n>` changes the size; `CIP_BENCH_LOG=<filter>` shows the server's log.
//! Prints figures; asserts nothing.

use app::backend::entities::{
    idea, idea_search, idea_tag, profile, profile_search, profile_tag, tag, user,
};
use app::domain::{ContentLanguage, IdeaStatus, Maturity, OrganisationType, TagKind};
use app::search::text;
use migration::MigratorTrait;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, EntityTrait, Set, TransactionTrait};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use uuid::Uuid;

const PORT: u16 = 3291;
const PASSWORD: &str = "scale-password";
const SAMPLES: usize = 200;
const LOGGED_IN: usize = 20;

const TAGS: &[&str] = &[
    "Machine Learning",
    "Open Data",
    "Datenschutz",
    "Mobilität",
    "Bürgerbeteiligung",
    "Natural language processing",
    "Computer Vision",
    "Verwaltungsprozesse",
    "Vergaberecht",
    "Data engineering",
    "Software development",
    "UX research",
    "Accessibility",
    "Evaluation",
    "Explainable AI",
    "Fairness",
    "Klimaschutz",
    "Energie",
    "Gesundheit",
    "Pflege",
    "Bildung",
    "Social work",
    "Public administration",
    "Labour law",
    "Mitbestimmung",
    "Workshops",
    "Community building",
    "Service design",
    "Product management",
    "Logistics",
    "Landwirtschaft",
    "Smart City",
    "Sensorik",
    "Robotik",
    "Chatbots",
    "Leichte Sprache",
    "Translation",
    "Environmental data",
    "GTFS",
    "Open Source",
    "Cloud",
    "IT-Sicherheit",
    "Ethik",
    "Wissenschaftskommunikation",
    "Fundraising",
    "Projektmanagement",
    "Statistics",
    "Geodaten",
    "Verkehr",
    "Wohnen",
    "Kultur",
    "Sport",
    "Tourismus",
    "Handwerk",
    "Finanzen",
    "Recht",
    "Journalismus",
    "Ehrenamt",
    "Inklusion",
    "Migration",
];
const REGIONS: &[&str] = &[
    "Berlin",
    "Hamburg",
    "München",
    "Köln",
    "Leipzig",
    "Dresden",
    "Bremen",
    "Hannover",
    "Stuttgart",
    "Nürnberg",
    "Brandenburg",
    "Sachsen",
    "Thüringen",
    "Bayern",
    "Hessen",
    "",
];
const FIRST: &[&str] = &[
    "Anna", "Ben", "Clara", "David", "Elif", "Finn", "Greta", "Hamid", "Ida", "Jonas", "Kira",
    "Lukas", "Mara", "Noah", "Olga", "Paul",
];
const LAST: &[&str] = &[
    "Schmidt", "Yılmaz", "Weber", "Nowak", "Fischer", "Okafor", "Wagner", "Becker", "Hoffmann",
    "Schulz", "Koch", "Richter",
];
const DE_NOUNS: &[&str] = &[
    "Stadt",
    "Verwaltung",
    "Bürgerinnen",
    "Daten",
    "Schule",
    "Pflegeheim",
    "Gemeinde",
    "Straße",
    "Radweg",
    "Energie",
    "Anträge",
    "Behörden",
    "Vereine",
    "Nachbarschaft",
    "Wohnungen",
    "Bibliotheken",
    "Ämter",
    "Quartiere",
];
const DE_VERBS: &[&str] = &[
    "unterstützt",
    "vereinfacht",
    "verbindet",
    "analysiert",
    "übersetzt",
    "plant",
    "erklärt",
    "beschleunigt",
];
const EN_NOUNS: &[&str] = &[
    "city",
    "administration",
    "citizens",
    "data",
    "school",
    "care home",
    "municipality",
    "street",
    "cycle lane",
    "energy",
    "applications",
    "agencies",
    "associations",
    "neighbourhood",
    "housing",
    "libraries",
    "offices",
    "districts",
];
const EN_VERBS: &[&str] = &[
    "supports",
    "simplifies",
    "connects",
    "analyses",
    "translates",
    "plans",
    "explains",
    "speeds up",
];

fn pick<'a>(rng: &mut StdRng, list: &'a [&'a str]) -> &'a str {
    list[rng.gen_range(0..list.len())]
}

fn sentence(rng: &mut StdRng, language: ContentLanguage) -> String {
    match language {
        ContentLanguage::German => format!(
            "Eine KI {} {} und {} für {}.",
            pick(rng, DE_VERBS),
            pick(rng, DE_NOUNS),
            pick(rng, DE_NOUNS),
            pick(rng, DE_NOUNS)
        ),
        ContentLanguage::English => format!(
            "An AI {} the {} and {} for {}.",
            pick(rng, EN_VERBS),
            pick(rng, EN_NOUNS),
            pick(rng, EN_NOUNS),
            pick(rng, EN_NOUNS)
        ),
    }
}

fn tags(rng: &mut StdRng, n: usize) -> Vec<usize> {
    let mut all: Vec<usize> = (0..TAGS.len()).collect();
    all.shuffle(rng);
    all.truncate(n);
    all
}

fn labels(ids: &[usize]) -> String {
    ids.iter().map(|i| TAGS[*i]).collect::<Vec<_>>().join(" ")
}

/// Writes `n` members with one idea each, in batches.
async fn generate(db: &DatabaseConnection, n: usize) -> Result<(), sea_orm::DbErr> {
    let mut rng = StdRng::seed_from_u64(2026);
    let hash = app::backend::auth::hash_password(PASSWORD.to_owned())
        .await
        .expect("hash");
    let now = chrono::Utc::now();
    let mut tag_ids = Vec::new();
    for (i, label) in TAGS.iter().enumerate() {
        let t = app::domain::Tag::parse(label).expect("tag");
        tag::Entity::insert(tag::ActiveModel {
            id: Set(i as i64 + 1),
            slug: Set(t.slug),
            label: Set(t.label),
            curated: Set(true),
        })
        .exec_without_returning(db)
        .await?;
        tag_ids.push(i as i64 + 1);
    }
    const BATCH: usize = 500;
    let mut done = 0;
    while done < n {
        let size = BATCH.min(n - done);
        let (mut users, mut profiles, mut ptags, mut psearch) = (vec![], vec![], vec![], vec![]);
        let (mut ideas, mut itags, mut isearch) = (vec![], vec![], vec![]);
        for k in done..done + size {
            let id = Uuid::from_u128(k as u128 + 1);
            // One save a minute, the newest last (as the search index's ids are).
            let saved = now - chrono::Duration::minutes((n - k) as i64);
            let language = if rng.gen_bool(0.6) {
                ContentLanguage::German
            } else {
                ContentLanguage::English
            };
            let org = OrganisationType::ALL[rng.gen_range(0..OrganisationType::ALL.len())];
            let name = format!("{} {} {k}", pick(&mut rng, FIRST), pick(&mut rng, LAST));
            let region = pick(&mut rng, REGIONS).to_owned();
            let bio = sentence(&mut rng, language);
            let kinds = [
                (TagKind::Interest, tags(&mut rng, 3)),
                (TagKind::Offered, tags(&mut rng, 3)),
                (TagKind::Sought, tags(&mut rng, 2)),
                (TagKind::Required, {
                    let n = rng.gen_range(0..2);
                    tags(&mut rng, n)
                }),
            ];
            users.push(user::ActiveModel {
                id: Set(id),
                email: Set(format!("member{k}@scale.invalid")),
                password_hash: Set(hash.clone()),
                email_verified_at: Set(Some(now)),
                created_at: Set(now),
                ui_language: Set(None),
                security_stamp: Set(format!("stamp{k}")),
                role: Set(app::domain::UserRole::Member),
                terms_accepted_at: Set(None),
                suspended_at: Set(None),
            });
            let all_labels: Vec<String> = kinds.iter().map(|(_, t)| labels(t)).collect();
            psearch.push(profile_search::ActiveModel {
                user_id: Set(id),
                text: Set(text::document(
                    language,
                    &[&name, &region, &bio, &all_labels.join(" ")],
                )),
                ..Default::default()
            });
            profiles.push(profile::ActiveModel {
                user_id: Set(id),
                display_name: Set(name),
                show_name_publicly: Set(true),
                organisation_name: Set(String::new()),
                organisation_type: Set(org),
                role: Set(String::new()),
                region: Set(region),
                bio: Set(bio),
                experience: Set(String::new()),
                open_to_partners: Set(rng.gen_bool(0.8)),
                in_matching: Set(true),
                contact_policy: Set(app::domain::ContactPolicy::Everyone),
                language: Set(language),
                updated_at: Set(saved),
            });
            for (kind, list) in &kinds {
                for t in list {
                    ptags.push(profile_tag::ActiveModel {
                        user_id: Set(id),
                        kind: Set(*kind),
                        tag_id: Set(tag_ids[*t]),
                        active_at: Set(Some(saved)),
                    });
                }
            }
            let idea_id = Uuid::from_u128((1 << 64) + k as u128);
            let title = match language {
                ContentLanguage::German => format!(
                    "KI für {} und {}",
                    pick(&mut rng, DE_NOUNS),
                    pick(&mut rng, DE_NOUNS)
                ),
                ContentLanguage::English => format!(
                    "AI for {} and {}",
                    pick(&mut rng, EN_NOUNS),
                    pick(&mut rng, EN_NOUNS)
                ),
            };
            let teaser = sentence(&mut rng, language);
            let description = format!(
                "{} {}",
                sentence(&mut rng, language),
                sentence(&mut rng, language)
            );
            let topics = tags(&mut rng, 3);
            let sought = tags(&mut rng, 2);
            let n = rng.gen_range(0..2);
            let required = tags(&mut rng, n);
            isearch.push(idea_search::ActiveModel {
                idea_id: Set(idea_id),
                public_text: Set(text::document(
                    language,
                    &[&title, &teaser, &labels(&topics)],
                )),
                member_text: Set(text::document(
                    language,
                    &[&description, &labels(&sought), &labels(&required)],
                )),
                ..Default::default()
            });
            let maturity = if rng.gen_bool(0.5) {
                Maturity::RoughIdea
            } else {
                Maturity::ConcreteProposal
            };
            let published = rng.gen_bool(0.9);
            ideas.push(idea::ActiveModel {
                id: Set(idea_id),
                author_id: Set(id),
                title: Set(title),
                teaser: Set(teaser),
                description: Set(description),
                maturity: Set(maturity),
                status: Set(if published {
                    IdeaStatus::Published
                } else {
                    IdeaStatus::Draft
                }),
                revision: Set(1),
                group_size: Set(1),
                declared_stage: Set(None),
                created_at: Set(saved),
                updated_at: Set(saved),
                published_at: Set(Some(saved)),
                language: Set(language),
            });
            for (kind, list) in [
                (TagKind::Topic, topics),
                (TagKind::Sought, sought),
                (TagKind::Required, required),
            ] {
                for t in list {
                    itags.push(idea_tag::ActiveModel {
                        idea_id: Set(idea_id),
                        kind: Set(kind),
                        tag_id: Set(tag_ids[t]),
                        // Matchable while published (see `backend::tags`).
                        active_at: Set(published.then_some(saved)),
                    });
                }
            }
        }
        let txn = db.begin().await?;
        user::Entity::insert_many(users)
            .exec_without_returning(&txn)
            .await?;
        profile::Entity::insert_many(profiles)
            .exec_without_returning(&txn)
            .await?;
        profile_tag::Entity::insert_many(ptags)
            .exec_without_returning(&txn)
            .await?;
        profile_search::Entity::insert_many(psearch)
            .exec_without_returning(&txn)
            .await?;
        idea::Entity::insert_many(ideas)
            .exec_without_returning(&txn)
            .await?;
        idea_tag::Entity::insert_many(itags)
            .exec_without_returning(&txn)
            .await?;
        idea_search::Entity::insert_many(isearch)
            .exec_without_returning(&txn)
            .await?;
        txn.commit().await?;
        done += size;
    }
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        // Steady state, as autovacuum keeps a live database: freshly loaded rows have no
        // visibility map and unset hint bits, and autovacuum's first pass over them would
        // otherwise run during the measurement (on this 2-core machine).
        db.execute_unprepared("VACUUM ANALYZE").await?;
    } else {
        db.execute_unprepared("ANALYZE").await?;
        db.execute_unprepared("INSERT INTO idea_fts(idea_fts) VALUES ('optimize')")
            .await?;
        db.execute_unprepared("INSERT INTO profile_fts(profile_fts) VALUES ('optimize')")
            .await?;
    }
    Ok(())
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(database_url: &str, dir: &std::path::Path) -> Server {
    let binary =
        std::env::var("CIP_BENCH_SERVER").unwrap_or_else(|_| env!("CARGO_BIN_EXE_server").into());
    let child = Command::new(binary)
        .env("CIP_SITE_ADDR", format!("127.0.0.1:{PORT}"))
        .env("CIP_PUBLIC_URL", format!("http://127.0.0.1:{PORT}"))
        .env("CIP_DATABASE_URL", database_url)
        .env("CIP_DEMO_DATA", "false")
        .env("CIP_PAGE_CACHE_SECS", "0")
        .env("CIP_MAIL_OUTBOX", dir.join("outbox"))
        // `CIP_BENCH_LOG=cip::sql=debug` shows each statement and its time.
        .env(
            "CIP_LOG",
            std::env::var("CIP_BENCH_LOG").unwrap_or_else(|_| "error".into()),
        )
        .stdout(if std::env::var_os("CIP_BENCH_LOG").is_some() {
            Stdio::inherit()
        } else {
            Stdio::null()
        })
        .spawn()
        .expect("start the server binary");
    Server(child)
}

async fn wait_ready(base: &str) {
    let client = reqwest::Client::new();
    for _ in 0..600 {
        if client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("server did not start");
}

fn percentiles(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |p: f64| {
        times[((times.len() as f64 * p) as usize).min(times.len() - 1)].as_secs_f64() * 1000.0
    };
    (at(0.5), at(0.95))
}

/// Times `SAMPLES` sequential POSTs of a server function with forms from `form`.
async fn measure(
    client_for: impl Fn(usize) -> reqwest::Client,
    url: &str,
    form: impl Fn(usize) -> Vec<(String, String)>,
) -> (f64, f64, u16) {
    let mut times = Vec::with_capacity(SAMPLES);
    let mut worst = 200;
    for i in 0..SAMPLES {
        let start = Instant::now();
        let res = client_for(i)
            .post(url)
            .header("accept", "application/json")
            .form(&form(i))
            .send()
            .await
            .expect("request");
        let status = res.status().as_u16();
        let _ = res.bytes().await;
        times.push(start.elapsed());
        worst = worst.max(status);
    }
    let (p50, p95) = percentiles(times);
    (p50, p95, worst)
}

async fn run(name: &str, database_url: &str, n: usize) {
    let dir = tempfile::tempdir().expect("dir");
    let db = Database::connect(database_url).await.expect("connect");
    migration::Migrator::up(&db, None).await.expect("migrate");
    let started = Instant::now();
    generate(&db, n).await.expect("generate");
    println!(
        "{name}: {n} members and {n} ideas written in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    drop(db);
    let base = format!("http://127.0.0.1:{PORT}");
    let _server = start(database_url, dir.path());
    wait_ready(&base).await;
    let mut members = Vec::new();
    for k in 0..LOGGED_IN {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .expect("client");
        let res = client
            .post(format!("{base}/api/login"))
            .header("accept", "application/json")
            .form(&[
                ("email", format!("member{}@scale.invalid", k * 997)),
                ("password", PASSWORD.to_owned()),
            ])
            .send()
            .await
            .expect("login");
        assert!(res.status().is_success(), "login {}", res.status());
        members.push(client);
    }
    let member = |i: usize| members[i % LOGGED_IN].clone();
    let anon = reqwest::Client::new();
    let words = [
        "Verwaltungen",
        "Städte",
        "Daten Schule",
        "cities",
        "energy data",
        "Pflege",
        "Radwege",
        "libraries",
        "Bürgerinnen Anträge",
        "KI",
        // A word no idea contains (a typo, say): the index must say so at once.
        "Quantenkryptografie",
        // Three words at once: a thousand or so ideas have them all.
        "Bibliotheken Radwege Energie ",
    ];
    let rows = [
        (
            "top-20 matches for a member",
            measure(&member, &format!("{base}/api/my_matches"), |_| vec![]).await,
        ),
        (
            "top-20 people for an idea (its owner)",
            measure(&member, &format!("{base}/api/idea_helpers"), |i| {
                let k = (i % LOGGED_IN) * 997;
                vec![(
                    "id".into(),
                    Uuid::from_u128((1 << 64) + k as u128).to_string(),
                )]
            })
            .await,
        ),
        (
            "market search, visitor",
            measure(
                |_| anon.clone(),
                &format!("{base}/api/market"),
                |i| vec![("q".into(), words[i % words.len()].into())],
            )
            .await,
        ),
        (
            "market search, member (with descriptions)",
            measure(&member, &format!("{base}/api/market"), |i| {
                vec![("q".into(), words[i % words.len()].into())]
            })
            .await,
        ),
        (
            "people search",
            measure(&member, &format!("{base}/api/search_people"), |i| {
                vec![("q".into(), words[i % words.len()].into())]
            })
            .await,
        ),
        (
            "market search + region filter, visitor",
            measure(
                |_| anon.clone(),
                &format!("{base}/api/market"),
                |i| {
                    vec![
                        ("q".into(), words[i % words.len()].into()),
                        ("region".into(), REGIONS[i % (REGIONS.len() - 1)].into()),
                    ]
                },
            )
            .await,
        ),
        (
            "market as member, no words (newest first)",
            measure(&member, &format!("{base}/api/market"), |_| vec![]).await,
        ),
        (
            "similar published ideas for an owner's idea",
            measure(&member, &format!("{base}/api/similar_ideas"), |i| {
                let k = (i % LOGGED_IN) * 997;
                vec![(
                    "id".into(),
                    Uuid::from_u128((1 << 64) + k as u128).to_string(),
                )]
            })
            .await,
        ),
    ];
    for (what, (p50, p95, worst)) in rows {
        println!("{name}: {what:<44} p50 {p50:>6.1} ms  p95 {p95:>6.1} ms  (worst status {worst})");
    }
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("CIP_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    println!(
        "search and matching at scale ({n} members, {n} ideas, {SAMPLES} requests each, one at a time)"
    );
    let dir = tempfile::tempdir().expect("dir");
    let sqlite = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("scale.sqlite").display()
    );
    run("SQLite", &sqlite, n).await;
    if let Ok(url) = std::env::var("CIP_BENCH_POSTGRES_URL") {
        let admin = Database::connect(&url)
            .await
            .expect("connect to PostgreSQL");
        admin
            .execute_unprepared("DROP DATABASE IF EXISTS cip_scale WITH (FORCE)")
            .await
            .expect("drop");
        admin
            .execute_unprepared("CREATE DATABASE cip_scale")
            .await
            .expect("create");
        let (prefix, _) = url.rsplit_once('/').expect("URL with a database");
        run("PostgreSQL", &format!("{prefix}/cip_scale"), n).await;
    }
}
