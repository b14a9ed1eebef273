//! Demo data for a first look: members from every kind of organisation, ideas in German and
//! English. Loaded only into an empty database and only when `demo_data` is on.
//! Every demo member logs in with their address and the password `demo-password`.

use app::backend::auth::hash_password;
use app::backend::entities::{idea, profile, tag, user};
use app::backend::tags::{
    refresh_idea_activity, refresh_profile_activity, set_idea_tags, set_profile_tags,
};
use app::domain::{
    ContentLanguage, Description, DisplayName, IdeaStatus, IdeaTitle, Invalid, LongText, Maturity,
    OrganisationType, ShortText, Tag, TagKind, TagList, Teaser,
};
use chrono::{Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, Set, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

mod community;
mod contest;
pub mod generate;
mod workshops;

use community::{demo_contacts, demo_groups};
use contest::{demo_calls, demo_showcase};
use workshops::demo_workshops;

pub const DEMO_PASSWORD: &str = "demo-password";

/// A demo member, written as plain text and parsed through the domain types on loading:
/// a bad value stops the server with the member's name.
#[derive(serde::Deserialize)]
struct DemoMember {
    name: String,
    /// The part of the address before `@demo.civic-innovation.invalid`.
    local: String,
    organisation: String,
    organisation_type: String,
    role: String,
    region: String,
    bio: String,
    interests: String,
    offers: String,
    seeks: String,
}

/// A demo idea, published; parsed through the domain types on loading like the members.
#[derive(serde::Deserialize)]
struct DemoIdea {
    /// The `local` of its author.
    author: String,
    title: String,
    teaser: String,
    description: String,
    topics: String,
    seeks: String,
    /// A concrete proposal rather than a rough idea.
    concrete: bool,
}

/// The demo's members, ideas and the topics offered in every tag field (`demo.json`:
/// plain text, parsed through the domain types on loading).
#[derive(serde::Deserialize)]
struct Demo {
    vocabulary: Vec<String>,
    members: Vec<DemoMember>,
    ideas: Vec<DemoIdea>,
}

/// The id of the demo member `local`; `part` names the part of the demo that asked, so a
/// missing member stops loading with where it was needed.
fn member(ids: &HashMap<&str, Uuid>, part: &str, local: &str) -> Result<Uuid, DbErr> {
    ids.get(local)
        .copied()
        .ok_or_else(|| DbErr::Custom(format!("{part}: no member {local}")))
}

/// A demo value that does not parse is a mistake in `demo.json`: loading stops and names it.
fn parsed<T>(row: &str, field: &str, value: Result<T, Invalid>) -> Result<T, DbErr> {
    value.map_err(|e| DbErr::Custom(format!("demo data, {row}, {field}: {e}")))
}

/// Loads the demo data if there are no members yet; one transaction, so a failure leaves
/// the database as it was.
pub async fn load_if_empty(db: &DatabaseConnection) -> Result<(), DbErr> {
    // The "deleted member" row is there from the first start; any other means data.
    let members = user::Entity::find()
        .filter(user::Column::Id.ne(app::shared::DELETED_MEMBER))
        .count(db)
        .await?;
    if members > 0 {
        return Ok(());
    }
    let hash = hash_password(DEMO_PASSWORD.to_owned())
        .await
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    let demo: Demo = serde_json::from_str(include_str!("demo.json"))
        .map_err(|e| DbErr::Custom(format!("demo data: {e}")))?;
    let now = Utc::now();
    let txn = db.begin().await?;
    for raw in &demo.vocabulary {
        let t = parsed("vocabulary", raw, Tag::parse(raw))?;
        tag::ActiveModel {
            slug: Set(t.slug),
            label: Set(t.label),
            curated: Set(true),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let mut ids = std::collections::HashMap::new();
    for (i, m) in demo.members.iter().enumerate() {
        let row = m.name.as_str();
        let name = parsed(row, "name", DisplayName::parse(&m.name))?;
        let organisation = parsed(row, "organisation", ShortText::parse(&m.organisation))?;
        let organisation_type = parsed(
            row,
            "organisation_type",
            OrganisationType::parse(&m.organisation_type),
        )?;
        let role = parsed(row, "role", ShortText::parse(&m.role))?;
        let region = parsed(row, "region", ShortText::parse(&m.region))?;
        let bio = parsed(row, "bio", LongText::parse(&m.bio))?;
        let tags = [
            (
                TagKind::Interest,
                parsed(row, "interests", TagList::parse(&m.interests))?,
            ),
            (
                TagKind::Offered,
                parsed(row, "offers", TagList::parse(&m.offers))?,
            ),
            (
                TagKind::Sought,
                parsed(row, "seeks", TagList::parse(&m.seeks))?,
            ),
        ];
        let id = Uuid::new_v4();
        ids.insert(m.local.as_str(), id);
        let joined = now - Duration::days(90 - i as i64);
        user::ActiveModel {
            id: Set(id),
            email: Set(format!("{}@demo.civic-innovation.invalid", &m.local)),
            password_hash: Set(hash.clone()),
            email_verified_at: Set(Some(joined)),
            created_at: Set(joined),
            ui_language: Set(None),
            security_stamp: Set(app::backend::auth::new_security_stamp()),
            role: Set(app::domain::UserRole::Member),
            terms_accepted_at: Set(None),
            suspended_at: Set(None),
        }
        .insert(&txn)
        .await?;
        profile::ActiveModel {
            user_id: Set(id),
            display_name: Set(name.into_inner()),
            show_name_publicly: Set(i % 5 != 4),
            organisation_name: Set(organisation.into_inner()),
            organisation_type: Set(organisation_type),
            role: Set(role.into_inner()),
            region: Set(region.into_inner()),
            language: Set(demo_language(&m.bio)),
            bio: Set(bio.into_inner()),
            experience: Set(String::new()),
            open_to_partners: Set(i % 4 != 3),
            in_matching: Set(true),
            contact_policy: Set(app::domain::ContactPolicy::Everyone),
            updated_at: Set(joined),
        }
        .insert(&txn)
        .await?;
        for (kind, list) in tags {
            set_profile_tags(&txn, id, kind, &list).await?;
        }
        refresh_profile_activity(&txn, id, joined).await?;
    }
    for (i, d) in demo.ideas.iter().enumerate() {
        let row = d.title.as_str();
        let author = *ids
            .get(d.author.as_str())
            .ok_or_else(|| DbErr::Custom(format!("demo idea {row}: no member {}", &d.author)))?;
        let title = parsed(row, "title", IdeaTitle::parse(&d.title))?;
        let teaser = parsed(row, "teaser", Teaser::parse(&d.teaser))?;
        let description = parsed(row, "description", Description::parse(&d.description))?;
        let topics = parsed(row, "topics", TagList::parse(&d.topics))?;
        let seeks = parsed(row, "seeks", TagList::parse(&d.seeks))?;
        let id = Uuid::new_v4();
        let at = now - Duration::hours(6 * (demo.ideas.len() - i) as i64);
        let model = idea::ActiveModel {
            id: Set(id),
            author_id: Set(author),
            language: Set(demo_language(&format!("{} {}", &d.title, &d.teaser))),
            title: Set(title.into_inner()),
            teaser: Set(teaser.into_inner()),
            description: Set(description.into_inner()),
            maturity: Set(if d.concrete {
                Maturity::ConcreteProposal
            } else {
                Maturity::RoughIdea
            }),
            status: Set(IdeaStatus::Published),
            revision: Set(1),
            group_size: Set(1),
            created_at: Set(at),
            updated_at: Set(at),
            declared_stage: Set(None),
            published_at: Set(Some(at)),
        }
        .insert(&txn)
        .await?;
        set_idea_tags(&txn, id, TagKind::Topic, &topics).await?;
        set_idea_tags(&txn, id, TagKind::Sought, &seeks).await?;
        refresh_idea_activity(&txn, id, at).await?;
        app::revisions::db::record(&txn, &model, author, at)
            .await
            .map_err(|e| DbErr::Custom(format!("demo idea {row}: {e}")))?;
    }
    demo_contacts(&txn, &ids, now).await?;
    demo_groups(&txn, &ids, now).await?;
    demo_calls(&txn, &ids, now).await?;
    demo_showcase(&txn, &ids, now).await?;
    demo_workshops(&txn, &ids, now).await?;
    txn.commit().await?;
    tracing::info!(
        members = demo.members.len(),
        ideas = demo.ideas.len(),
        "demo data loaded"
    );
    Ok(())
}

fn demo_language(text: &str) -> ContentLanguage {
    let padded = format!(" {} ", text.to_lowercase());
    let german = padded.contains(['ä', 'ö', 'ü', 'ß'])
        || [
            " und ", " für ", " der ", " die ", " das ", " mit ", " ein ", " eine ",
        ]
        .iter()
        .any(|w| padded.contains(w));
    if german {
        ContentLanguage::German
    } else {
        ContentLanguage::English
    }
}
