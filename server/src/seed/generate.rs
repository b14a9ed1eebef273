//! `server seed --members N --ideas M [--seed S]`: realistic members and ideas in bulk, for
//! trying the platform at scale (and the scale bench, `benches/search_scale.rs`): German and
//! English texts, every organisation type, tags from a shared vocabulary, profiles and
//! ideas with their search terms, groups of two to four on one published idea in five
//! (with their group conversation), and a conversation after an accepted contact request
//! for one member in four, written in batches of 500. The same seed writes the same people,
//! ideas and conversations (ids and addresses included); another seed adds others beside
//! them.

use app::backend::entities::{
    contact_request, conversation, conversation_member, idea, idea_member, idea_search, idea_tag,
    message, profile, profile_search, profile_tag, tag, user,
};
use app::domain::{
    ContentLanguage, IdeaStatus, Maturity, OrganisationType, RequestStatus, TagKind,
};
use app::search::text;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set,
    TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// What to write.
#[derive(Clone, Debug)]
pub struct Plan {
    pub members: usize,
    pub ideas: usize,
    pub seed: u64,
    /// Every generated member's password.
    pub password: String,
}

/// The `k`th generated member's id, for `seed`.
pub fn member_id(seed: u64, k: usize) -> Uuid {
    Uuid::from_u128((u128::from(seed) << 72) | (k as u128 + 1))
}

/// The `k`th generated idea's id, for `seed`.
pub fn idea_id(seed: u64, k: usize) -> Uuid {
    Uuid::from_u128((u128::from(seed) << 72) | (1 << 64) | k as u128)
}

/// The `k`th generated member's address, for `seed`.
pub fn email(seed: u64, k: usize) -> String {
    format!("member{k}.s{seed}@generated.invalid")
}

/// The conversation between the `k`th generated member and an earlier one, for `seed`.
fn conversation_id(seed: u64, k: usize) -> Uuid {
    Uuid::from_u128((u128::from(seed) << 72) | (2 << 64) | k as u128)
}

/// The contact request that opened that conversation.
fn request_id(seed: u64, k: usize) -> Uuid {
    Uuid::from_u128((u128::from(seed) << 72) | (3 << 64) | k as u128)
}

const BATCH: usize = 500;

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
/// The regions generated members name.
pub const REGIONS: &[&str] = &[
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

/// Writes the plan's members (each with a profile) and ideas (the `k`th by member
/// `k % members`, nine in ten published) in batches; `progress` hears how many of each are
/// written after every batch.
pub async fn run(
    db: &DatabaseConnection,
    plan: &Plan,
    mut progress: impl FnMut(usize, usize),
) -> Result<(), sea_orm::DbErr> {
    let mut rng = StdRng::seed_from_u64(plan.seed);
    let hash = app::backend::auth::hash_password(plan.password.clone())
        .await
        .map_err(|_| sea_orm::DbErr::Custom("hashing the password".into()))?;
    let now = chrono::Utc::now();
    let tag_ids = vocabulary(db).await?;
    let (members, ideas) = (plan.members, plan.ideas);
    let mut done = (0, 0);
    while done.0 < members || done.1 < ideas {
        let (mut users, mut profiles, mut ptags, mut psearch) = (vec![], vec![], vec![], vec![]);
        let mut talk = Talk::default();
        for k in done.0..(done.0 + BATCH).min(members) {
            let id = member_id(plan.seed, k);
            // One save a minute, the newest last (as the search index's ids are).
            let saved = now - chrono::Duration::minutes((members - k) as i64);
            let language = language(&mut rng);
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
                email: Set(email(plan.seed, k)),
                password_hash: Set(hash.clone()),
                email_verified_at: Set(Some(now)),
                created_at: Set(now),
                ui_language: Set(None),
                security_stamp: Set(format!("stamp{k}.{}", plan.seed)),
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
                for tag_id in distinct(&tag_ids, list) {
                    ptags.push(profile_tag::ActiveModel {
                        user_id: Set(id),
                        kind: Set(*kind),
                        tag_id: Set(tag_id),
                        active_at: Set(Some(saved)),
                    });
                }
            }
            // One member in four asked an earlier one for contact, was accepted, and they
            // wrote to each other.
            if k % 4 == 3 && k >= 7 {
                let other = member_id(plan.seed, k - 7);
                let (c, opened) = (conversation_id(plan.seed, k), saved);
                talk.requests.push(contact_request::ActiveModel {
                    id: Set(request_id(plan.seed, k)),
                    sender_id: Set(id),
                    recipient_id: Set(other),
                    pair_key: Set(app::contacts::pair_key(id, other)),
                    idea_id: Set(None),
                    note: Set(sentence(&mut rng, language)),
                    status: Set(RequestStatus::Accepted),
                    created_at: Set(opened),
                    answered_at: Set(Some(opened)),
                });
                let n = rng.gen_range(2..7);
                talk.open(
                    &mut rng,
                    c,
                    Some(app::contacts::pair_key(id, other)),
                    None,
                    &[id, other],
                    n,
                    opened,
                    language,
                );
            }
        }
        let (mut idea_rows, mut itags, mut isearch, mut joined) = (vec![], vec![], vec![], vec![]);
        // Ideas follow their authors: idea k is member k's (k % members once all are
        // written), so a batch writes no idea of a member not written yet.
        let members_now = (done.0 + BATCH).min(members);
        let mut ideas_now = (done.1 + BATCH).min(ideas);
        if members_now < members {
            ideas_now = ideas_now.min(members_now);
        }
        for k in done.1..ideas_now {
            let author = member_id(plan.seed, k % members.max(1));
            let saved = now - chrono::Duration::minutes((ideas - k) as i64);
            let language = language(&mut rng);
            let id = idea_id(plan.seed, k);
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
                idea_id: Set(id),
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
            // One published idea in five has a group: its author and one to three earlier
            // members, who talk in the group's conversation.
            let mut group = vec![author];
            if published && k % 5 == 0 {
                let author_k = k % members.max(1);
                let partners = rng.gen_range(1..4);
                group.extend(
                    (1..=partners)
                        .filter_map(|j| author_k.checked_sub(3 * j))
                        .map(|p| member_id(plan.seed, p)),
                );
                for partner in &group[1..] {
                    joined.push(idea_member::ActiveModel {
                        idea_id: Set(id),
                        user_id: Set(*partner),
                        joined_at: Set(saved),
                    });
                }
                if group.len() > 1 {
                    let n = rng.gen_range(3..9);
                    talk.open(&mut rng, id, None, Some(id), &group, n, saved, language);
                }
            }
            idea_rows.push(idea::ActiveModel {
                id: Set(id),
                author_id: Set(author),
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
                group_size: Set(group.len() as i32),
                declared_stage: Set(None),
                created_at: Set(saved),
                updated_at: Set(saved),
                published_at: Set(published.then_some(saved)),
                language: Set(language),
            });
            for (kind, list) in [
                (TagKind::Topic, topics),
                (TagKind::Sought, sought),
                (TagKind::Required, required),
            ] {
                for tag_id in distinct(&tag_ids, &list) {
                    itags.push(idea_tag::ActiveModel {
                        idea_id: Set(id),
                        kind: Set(kind),
                        tag_id: Set(tag_id),
                        // Matchable while published (see `backend::tags`).
                        active_at: Set(published.then_some(saved)),
                    });
                }
            }
        }
        // One transaction per batch: a batch is there whole or not at all.
        let txn = db.begin().await?;
        insert(&txn, users).await?;
        insert(&txn, profiles).await?;
        insert(&txn, ptags).await?;
        insert(&txn, psearch).await?;
        insert(&txn, idea_rows).await?;
        insert(&txn, itags).await?;
        insert(&txn, isearch).await?;
        insert(&txn, joined).await?;
        talk.write(&txn).await?;
        txn.commit().await?;
        done = (members_now, ideas_now);
        progress(done.0, done.1);
    }
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        // Steady state, as autovacuum keeps a live database: freshly loaded rows have no
        // visibility map and unset hint bits, and autovacuum's first pass over them would
        // otherwise run during the first requests.
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

/// A batch's conversations: the requests that opened them, the conversations, their
/// members and messages.
#[derive(Default)]
struct Talk {
    requests: Vec<contact_request::ActiveModel>,
    conversations: Vec<conversation::ActiveModel>,
    members: Vec<conversation_member::ActiveModel>,
    messages: Vec<message::ActiveModel>,
}

impl Talk {
    /// A conversation among `people` with `n` messages, a minute apart from `opened` on,
    /// written by each in turn.
    #[allow(clippy::too_many_arguments)]
    fn open(
        &mut self,
        rng: &mut StdRng,
        id: Uuid,
        pair_key: Option<String>,
        idea_id: Option<Uuid>,
        people: &[Uuid],
        n: usize,
        opened: chrono::DateTime<chrono::Utc>,
        language: ContentLanguage,
    ) {
        let at = |i: usize| opened + chrono::Duration::minutes(i as i64);
        self.conversations.push(conversation::ActiveModel {
            id: Set(id),
            pair_key: Set(pair_key),
            created_at: Set(opened),
            last_message_at: Set(at(n.saturating_sub(1))),
            idea_id: Set(idea_id),
        });
        for person in people {
            self.members.push(conversation_member::ActiveModel {
                conversation_id: Set(id),
                user_id: Set(*person),
                // Set to the newest message once the messages have their ids (`write`).
                read_up_to: Set(0),
            });
        }
        for i in 0..n {
            self.messages.push(message::ActiveModel {
                conversation_id: Set(id),
                author_id: Set(people[i % people.len()]),
                body: Set(sentence(rng, language)),
                created_at: Set(at(i)),
                ..Default::default()
            });
        }
    }

    /// Writes the batch's conversations; everyone has read them to the end.
    async fn write<C: ConnectionTrait>(self, db: &C) -> Result<(), sea_orm::DbErr> {
        use sea_orm::sea_query::{Expr, ExprTrait, Query};
        let ids: Vec<Uuid> = self
            .conversations
            .iter()
            .filter_map(|c| c.id.clone().take())
            .collect();
        insert(db, self.requests).await?;
        insert(db, self.conversations).await?;
        insert(db, self.members).await?;
        insert(db, self.messages).await?;
        if ids.is_empty() {
            return Ok(());
        }
        let newest = Query::select()
            .expr(message::Column::Id.max())
            .from(message::Entity)
            .and_where(
                Expr::col((message::Entity, message::Column::ConversationId)).equals((
                    conversation_member::Entity,
                    conversation_member::Column::ConversationId,
                )),
            )
            .to_owned();
        conversation_member::Entity::update_many()
            .col_expr(
                conversation_member::Column::ReadUpTo,
                Expr::SubQuery(None, Box::new(newest.into())),
            )
            .filter(conversation_member::Column::ConversationId.is_in(ids))
            .exec(db)
            .await?;
        Ok(())
    }
}

/// Inserts a batch's rows of one table (nothing when there are none).
async fn insert<A, C>(db: &C, rows: Vec<A>) -> Result<(), sea_orm::DbErr>
where
    A: sea_orm::ActiveModelTrait,
    C: ConnectionTrait,
{
    if rows.is_empty() {
        return Ok(());
    }
    <A::Entity as EntityTrait>::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The tag id of each of the generator's labels (synonyms share one), the ones not there
/// yet added (a database in use has the vocabulary's already).
async fn vocabulary(db: &DatabaseConnection) -> Result<Vec<i64>, sea_orm::DbErr> {
    let parsed: Vec<app::domain::Tag> = TAGS
        .iter()
        .filter_map(|label| app::domain::Tag::parse(label).ok())
        .collect();
    let slugs: Vec<String> = parsed.iter().map(|t| t.slug.clone()).collect();
    let known = |rows: Vec<tag::Model>| -> HashMap<String, i64> {
        rows.into_iter().map(|t| (t.slug, t.id)).collect()
    };
    let there = known(
        tag::Entity::find()
            .filter(tag::Column::Slug.is_in(slugs.clone()))
            .all(db)
            .await?,
    );
    // Synonyms ("Datenschutz", "Data protection") are one concept, one tag.
    let mut seen = std::collections::HashSet::new();
    let missing: Vec<tag::ActiveModel> = parsed
        .iter()
        .filter(|t| !there.contains_key(&t.slug) && seen.insert(t.slug.clone()))
        .map(|t| tag::ActiveModel {
            slug: Set(t.slug.clone()),
            label: Set(t.label.clone()),
            curated: Set(true),
            ..Default::default()
        })
        .collect();
    insert(db, missing).await?;
    let ids = known(
        tag::Entity::find()
            .filter(tag::Column::Slug.is_in(slugs.clone()))
            .all(db)
            .await?,
    );
    slugs
        .iter()
        .map(|s| {
            ids.get(s)
                .copied()
                .ok_or_else(|| sea_orm::DbErr::Custom(format!("tag {s} missing")))
        })
        .collect()
}

/// The tags of picked labels, each once (two synonyms picked are one tag).
fn distinct(tag_ids: &[i64], picked: &[usize]) -> Vec<i64> {
    let mut ids: Vec<i64> = picked.iter().map(|t| tag_ids[*t]).collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

fn language(rng: &mut StdRng) -> ContentLanguage {
    if rng.gen_bool(0.6) {
        ContentLanguage::German
    } else {
        ContentLanguage::English
    }
}
