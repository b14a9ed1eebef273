use super::text::Query;
use super::{PEOPLE_PAGE_SIZE, PeopleData, PeopleFilter, PersonCard};
use crate::backend::entities::{profile, profile_tag, tag};
use crate::backend::sql::{self, Sql};
use crate::domain::{Tag, TagKind};
use crate::error::AppError;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

/// Members with a confirmed address, narrowed by the filter, best match first (else by name).
#[tracing::instrument(skip_all, fields(me = %me))]
pub async fn people(
    db: &DatabaseConnection,
    me: Uuid,
    f: &PeopleFilter,
    page: u64,
) -> Result<PeopleData, AppError> {
    let filters = |sql: &mut Sql| {
        sql.push(" AND u.email_verified_at IS NOT NULL AND p.user_id <> ")
            .bind(me);
        // Held profiles (and so suspended members) are not found. (A profile's hold names
        // its member as the author: the same key type as `p.user_id` on both databases.)
        sql.push(
            " AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.target_kind = 'profile' \
             AND h.author_id = p.user_id)",
        );
        // Neither side of a block sees the other. (NOT EXISTS, not NOT IN: PostgreSQL
        // guesses a NOT IN keeps a quarter of all members and plans a hash of them all.)
        sql.push(" AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = ")
            .bind(me)
            .push(" AND b.blocked_id = p.user_id) AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocked_id = ")
            .bind(me)
            .push(" AND b.blocker_id = p.user_id)");
        if let Some(o) = f.organisation_type {
            sql.push(" AND p.organisation_type = ").bind(o.key());
        }
        if let Some(r) = &f.region {
            sql::same_region(sql, "p.region", r);
        }
    };
    let joins = " JOIN profiles p ON p.user_id = s.user_id JOIN users u ON u.id = p.user_id";
    let (ids, total, more) = match f.q.as_deref().and_then(Query::parse) {
        Some(query) => {
            let window =
                super::ranked::ranked(db, &super::ranked::PEOPLE, &query, false, joins, filters)
                    .await?;
            let ids = window.page(page, PEOPLE_PAGE_SIZE).to_vec();
            (ids, window.total(), window.more)
        }
        // No words: everyone the filters leave, by name.
        None => {
            let from = "FROM profiles p JOIN users u ON u.id = p.user_id WHERE TRUE";
            let order = ("p.user_id AS id", "p.display_name, p.user_id");
            let (rows, total) =
                sql::browse(db, from, order, filters, (page, PEOPLE_PAGE_SIZE)).await?;
            let ids = rows
                .iter()
                .map(|r| r.try_get::<Uuid>("", "id"))
                .collect::<Result<_, _>>()?;
            (ids, total, false)
        }
    };
    Ok(PeopleData {
        people: cards(db, &ids).await?,
        page,
        pages: total.div_ceil(PEOPLE_PAGE_SIZE).max(1),
        total,
        more,
        filter: f.clone(),
    })
}

/// Cards for members, in the order given.
pub async fn cards<C: ConnectionTrait>(db: &C, ids: &[Uuid]) -> Result<Vec<PersonCard>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut offered: HashMap<Uuid, Vec<Tag>> = HashMap::new();
    for (link, t) in profile_tag::Entity::find()
        .filter(profile_tag::Column::UserId.is_in(ids.iter().copied()))
        .filter(profile_tag::Column::Kind.eq(TagKind::Offered))
        .find_also_related(tag::Entity)
        .all(db)
        .await?
    {
        if let Some(t) = t {
            offered
                .entry(link.user_id)
                .or_default()
                .push(crate::backend::tags::read(t));
        }
    }
    let mut rows = profile::Entity::find()
        .filter(profile::Column::UserId.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    rows.sort_by_key(|p| ids.iter().position(|id| *id == p.user_id));
    Ok(rows
        .into_iter()
        .map(|p| {
            let offered = offered.remove(&p.user_id).unwrap_or_default();
            card(p, offered)
        })
        .collect())
}

/// A member's card from their profile and offered expertise (for callers that read both).
pub fn card(p: profile::Model, offered: Vec<Tag>) -> PersonCard {
    PersonCard {
        id: p.user_id.to_string(),
        offered,
        display_name: p.display_name,
        organisation_name: p.organisation_name,
        organisation_type: p.organisation_type,
        role: p.role,
        region: p.region,
        open_to_partners: p.open_to_partners,
        language: p.language,
    }
}

/// How alike (see `text::similarity`) a published idea must be to count as similar.
pub const SIMILAR_AT_LEAST: f32 = 0.3;
const SIMILAR_SHOWN: usize = 5;
/// The best-ranked candidates from the index that the measure compares.
const SIMILAR_CANDIDATES: usize = 50;

/// Similar published ideas for an owner's idea. Candidates: ideas sharing any public term,
/// from the search index; the one Rust measure decides, so both databases agree.
#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn similar_ideas(
    db: &DatabaseConnection,
    viewer: &crate::backend::Viewer,
    me: Uuid,
    id: Uuid,
) -> Result<Vec<crate::shared::IdeaCard>, AppError> {
    use crate::backend::entities::{idea, idea_search};
    use crate::domain::IdeaStatus;
    let m = crate::backend::memo::idea(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    crate::shared::access::IdeaAccess::of(
        crate::domain::Caller::Member(me),
        m.author_id,
        m.status,
        false,
    )
    .change()?;
    let Some(own) = idea_search::Entity::find()
        .filter(idea_search::Column::IdeaId.eq(id))
        .one(db)
        .await?
    else {
        return Ok(Vec::new());
    };
    let mut terms: Vec<&str> = own.public_text.split(' ').filter(|t| t.len() > 2).collect();
    terms.sort_unstable();
    terms.dedup();
    terms.truncate(32);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    // Any of the terms, in the public text: one word with many alternatives.
    let any = Query {
        words: vec![terms.iter().map(|t| t.to_string()).collect()],
        last_is_prefix: false,
    };
    let joins = " JOIN ideas i ON i.id = s.idea_id";
    let window = super::ranked::ranked(db, &super::ranked::IDEAS, &any, true, joins, |sql| {
        sql.push(" AND i.status = ")
            .bind(IdeaStatus::Published.key())
            .push(" AND i.id <> ")
            .bind(id);
    })
    .await?;
    let best: Vec<Uuid> = window.ids.into_iter().take(SIMILAR_CANDIDATES).collect();
    let mut scored: Vec<(Uuid, f32)> = Vec::new();
    for other in idea_search::Entity::find()
        .filter(idea_search::Column::IdeaId.is_in(best))
        .all(db)
        .await?
    {
        let s = super::text::similarity(&own.public_text, &other.public_text);
        if s >= SIMILAR_AT_LEAST {
            scored.push((other.idea_id, s));
        }
    }
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.truncate(SIMILAR_SHOWN);
    let ids: Vec<Uuid> = scored.iter().map(|(id, _)| *id).collect();
    let mut rows = idea::Entity::find()
        .filter(idea::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?;
    rows.sort_by_key(|r| ids.iter().position(|id| *id == r.id));
    crate::shared::ideas::cards(db, viewer, &rows).await
}
