//! Finds candidates through the tag indexes (never by scoring every profile): a bounded
//! number of the most recently active links per wanted tag, pre-scored with the score's
//! own weights in one statement; the best are handed to `score`.

use super::score::{self, Party, TagSet};
use super::{IdeaMatch, MatchesData, PersonMatch, SUGGESTIONS};
use crate::backend::entities::{idea, idea_tag, match_dismissal, profile, profile_tag, tag};
use crate::backend::sql::Sql;
use crate::backend::{AppState, Viewer, tags};
use crate::domain::{IdeaStatus, MatchTarget, Tag, TagKind};
use crate::error::AppError;
use crate::search::PersonCard;
use crate::shared::access::IdeaAccess;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect,
    Set,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Tag ids by kind, for candidate queries.
type TagIds = HashMap<TagKind, Vec<i64>>;

fn add(party: &mut Party, kind: TagKind, t: Tag) {
    let set: &mut TagSet = match kind {
        TagKind::Offered => &mut party.offered,
        TagKind::Sought => &mut party.sought,
        TagKind::Required => &mut party.required,
        TagKind::Interest | TagKind::Topic => &mut party.interests,
    };
    set.insert(t.slug, t.label);
}

/// A member as a matching party (with their tag ids), and as their card shows them.
struct Found {
    party: Party,
    ids: TagIds,
    in_matching: bool,
    card: PersonCard,
}

/// Members as matching parties and cards, members who left matching included: two
/// statements for any number.
async fn members<C: ConnectionTrait>(db: &C, ids: &[Uuid]) -> Result<HashMap<Uuid, Found>, DbErr> {
    let mut out: HashMap<Uuid, Found> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    for p in profile::Entity::find()
        .filter(profile::Column::UserId.is_in(ids.iter().copied()))
        .all(db)
        .await?
    {
        let party = Party {
            sector: Some(p.organisation_type),
            region: p.region.trim().to_owned(),
            open_to_partners: p.open_to_partners,
            ..Party::default()
        };
        let (user, in_matching) = (p.user_id, p.in_matching);
        let card = crate::search::db::card(p, Vec::new());
        out.insert(
            user,
            Found {
                party,
                ids: TagIds::new(),
                in_matching,
                card,
            },
        );
    }
    // Plain columns, not two models per link: a hundred members carry a thousand links.
    let links: Vec<(Uuid, TagKind, i64, String, String)> = profile_tag::Entity::find()
        .select_only()
        .columns([profile_tag::Column::UserId, profile_tag::Column::Kind])
        .columns([tag::Column::Id, tag::Column::Slug, tag::Column::Label])
        .inner_join(tag::Entity)
        .filter(profile_tag::Column::UserId.is_in(ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    for (user, kind, id, slug, label) in links {
        if let Some(found) = out.get_mut(&user) {
            found.ids.entry(kind).or_default().push(id);
            let t = tags::shown(slug, label);
            if kind == TagKind::Offered {
                found.card.offered.push(t.clone());
            }
            add(&mut found.party, kind, t);
        }
    }
    Ok(out)
}

fn ids_of(ids: &TagIds, kinds: &[TagKind]) -> Vec<i64> {
    kinds
        .iter()
        .flat_map(|k| ids.get(k).cloned().unwrap_or_default())
        .collect()
}

/// One kind of link to look up: candidates linked with `kind` to any of `tags`, each
/// link worth `weight` (the score's own weights, so the best pre-scored are the ones the
/// full score would rank high).
struct Want {
    kind: TagKind,
    tags: Vec<i64>,
    weight: f32,
}

/// What a seeker with these tags wants from a member: what they must have or would like
/// (offered), who wants what they offer (sought or required), shared topics (interests).
fn wants_from_members(
    required: Vec<i64>,
    sought: Vec<i64>,
    offered: &[i64],
    topics: Vec<i64>,
) -> Vec<Want> {
    vec![
        Want {
            kind: TagKind::Offered,
            tags: required,
            weight: score::REQUIRED,
        },
        Want {
            kind: TagKind::Offered,
            tags: sought,
            weight: score::SOUGHT,
        },
        Want {
            kind: TagKind::Required,
            tags: offered.to_vec(),
            weight: score::SEEKS_OFFERED,
        },
        Want {
            kind: TagKind::Sought,
            tags: offered.to_vec(),
            weight: score::SEEKS_OFFERED,
        },
        Want {
            kind: TagKind::Interest,
            tags: topics,
            weight: score::INTEREST,
        },
    ]
}

/// The candidates a query may return: members in matching, or published ideas of others.
enum Among {
    Members,
    IdeasNotBy(Uuid),
}

/// How many links one (kind, tag) contributes at most: its most recently active members
/// or ideas, read backwards from the `(kind, tag_id, active_at)` index of matchable links
/// (see `backend::tags`). A rare tag gives all it has; a tag half the platform carries
/// costs no more than this.
const PER_TAG: i64 = 300;
/// How many of the best pre-scored candidates are scored in full.
const CANDIDATES: usize = 100;

/// Candidates with the most weight of wanted links first, at most `CANDIDATES` of those
/// not excluded. One statement: a bounded list per wanted (kind, tag), summed per candidate.
async fn candidates<C: ConnectionTrait>(
    db: &C,
    among: Among,
    wants: &[Want],
    exclude: &HashSet<Uuid>,
) -> Result<Vec<Uuid>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    let (key, table) = match among {
        Among::Members => ("user_id", "profile_tags"),
        Among::IdeasNotBy(_) => ("idea_id", "idea_tags"),
    };
    sql.push("SELECT c.id FROM (");
    let mut lists = 0;
    for want in wants {
        for tag in &want.tags {
            if lists > 0 {
                sql.push(" UNION ALL ");
            }
            sql.push(&format!(
                "SELECT * FROM (SELECT {key} AS id, {:.3} AS w FROM {table} WHERE kind = ",
                want.weight
            ))
            .bind(want.kind.key())
            .push(" AND tag_id = ")
            .bind(*tag)
            .push(" AND active_at IS NOT NULL ORDER BY active_at DESC LIMIT ")
            .bind(PER_TAG)
            .push(&format!(") AS l{lists}"));
            lists += 1;
        }
    }
    if lists == 0 {
        return Ok(Vec::new());
    }
    sql.push(") AS c");
    if let Among::IdeasNotBy(me) = among {
        sql.push(" WHERE c.id NOT IN (SELECT id FROM ideas WHERE author_id = ")
            .bind(me)
            .push(")");
    }
    sql.push(" GROUP BY c.id ORDER BY SUM(c.w) DESC, c.id LIMIT ")
        .bind((CANDIDATES + exclude.len()) as i64);
    let found: Vec<Uuid> = db
        .query_all_raw(sql.statement())
        .await?
        .iter()
        .map(|r| r.try_get::<Uuid>("", "id"))
        .collect::<Result<_, _>>()?;
    Ok(found
        .into_iter()
        .filter(|id| !exclude.contains(id))
        .take(CANDIDATES)
        .collect())
}

async fn dismissed<C: ConnectionTrait>(
    db: &C,
    user: Uuid,
    kind: MatchTarget,
) -> Result<HashSet<Uuid>, DbErr> {
    Ok(match_dismissal::Entity::find()
        .select_only()
        .column(match_dismissal::Column::TargetId)
        .filter(match_dismissal::Column::UserId.eq(user))
        .filter(match_dismissal::Column::TargetKind.eq(kind))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// Scores candidate members for a seeker and turns the best into cards.
async fn rank_people<C: ConnectionTrait>(
    db: &C,
    seeker: &Party,
    candidates: Vec<Uuid>,
) -> Result<Vec<PersonMatch>, AppError> {
    let mut parties = members(db, &candidates).await?;
    let scored = score::rank(
        seeker,
        candidates
            .iter()
            .filter_map(|id| {
                let found = parties.get(id)?;
                found.in_matching.then(|| (*id, found.party.clone()))
            })
            .collect(),
        SUGGESTIONS,
    );
    // The cards come from the same reads: best first.
    Ok(scored
        .into_iter()
        .filter_map(|(id, fit)| {
            Some(PersonMatch {
                person: parties.remove(&id)?.card,
                reasons: fit.reasons,
            })
        })
        .collect())
}

/// `/me/matches`: people for the member, and ideas that need what they offer.
#[tracing::instrument(skip_all, fields(me = %me))]
pub async fn for_member(
    db: &DatabaseConnection,
    viewer: &Viewer,
    me: Uuid,
) -> Result<MatchesData, AppError> {
    let Some(Found {
        party,
        ids,
        in_matching,
        ..
    }) = members(db, &[me]).await?.remove(&me)
    else {
        return Err(AppError::NotFound);
    };
    let profile_empty = ids.is_empty();
    let mut exclude = dismissed(db, me, MatchTarget::Person).await?;
    exclude.insert(me);
    let blocked = crate::shared::people::blocked_either_way(db, me).await?;
    exclude.extend(blocked.iter().copied());
    let wants = wants_from_members(
        ids_of(&ids, &[TagKind::Required]),
        ids_of(&ids, &[TagKind::Sought]),
        &ids_of(&ids, &[TagKind::Offered]),
        ids_of(&ids, &[TagKind::Interest]),
    );
    let candidates = candidates(db, Among::Members, &wants, &exclude).await?;
    let people = rank_people(db, &party, candidates).await?;
    let ideas = ideas_for(db, viewer, me, &party, &ids, &blocked).await?;
    Ok(MatchesData {
        people,
        ideas,
        in_matching,
        profile_empty,
        invite_ideas: crate::groups::db::with_seats(db, me).await?,
    })
}

/// Published ideas (not the member's own) that seek what the member offers or are on
/// their topics.
async fn ideas_for(
    db: &DatabaseConnection,
    viewer: &Viewer,
    me: Uuid,
    my: &Party,
    ids: &TagIds,
    blocked: &[Uuid],
) -> Result<Vec<IdeaMatch>, AppError> {
    // The idea is the seeker: it must have or would like what the member offers.
    let offered = ids_of(ids, &[TagKind::Offered]);
    let wants = [
        Want {
            kind: TagKind::Required,
            tags: offered.clone(),
            weight: score::REQUIRED,
        },
        Want {
            kind: TagKind::Sought,
            tags: offered,
            weight: score::SOUGHT,
        },
        Want {
            kind: TagKind::Topic,
            tags: ids_of(ids, &[TagKind::Interest]),
            weight: score::INTEREST,
        },
    ];
    let skip = dismissed(db, me, MatchTarget::Idea).await?;
    let found = candidates(db, Among::IdeasNotBy(me), &wants, &skip).await?;
    // Scoring needs only each idea's author and tags; full rows are read for the chosen.
    let authors_of: HashMap<Uuid, Uuid> = idea::Entity::find()
        .select_only()
        .columns([idea::Column::Id, idea::Column::AuthorId])
        .filter(idea::Column::Id.is_in(found.iter().copied()))
        .filter(idea::Column::Status.eq(IdeaStatus::Published))
        .filter(idea::Column::AuthorId.ne(me))
        .filter(idea::Column::AuthorId.is_not_in(blocked.iter().copied()))
        .into_tuple::<(Uuid, Uuid)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let authors: Vec<Uuid> = authors_of.values().copied().collect();
    let authors = members(db, &authors).await?;
    let mut idea_tags = tags::idea_tags(db, &found).await?;
    let mut scored: Vec<(usize, score::Fit)> = Vec::new();
    for (i, id) in found.iter().enumerate() {
        let author = authors_of.get(id).and_then(|a| authors.get(a));
        let Some(party) = idea_party(author, idea_tags.remove(id)) else {
            continue;
        };
        if let Some(fit) = score::idea_fit(&party, my) {
            scored.push((i, fit));
        }
    }
    scored.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0)));
    scored.truncate(super::SUGGESTIONS);
    let chosen_ids: Vec<Uuid> = scored.iter().map(|(i, _)| found[*i]).collect();
    let mut fits: HashMap<Uuid, score::Fit> =
        scored.into_iter().map(|(i, fit)| (found[i], fit)).collect();
    let mut chosen = idea::Entity::find()
        .filter(idea::Column::Id.is_in(chosen_ids.iter().copied()))
        .all(db)
        .await?;
    chosen.sort_by_key(|r| chosen_ids.iter().position(|id| *id == r.id));
    let cards = crate::shared::ideas::cards(db, viewer, &chosen).await?;
    // A row deleted meanwhile is simply missing; reasons follow their idea.
    Ok(cards
        .into_iter()
        .zip(&chosen)
        .filter_map(|(idea, row)| {
            Some(IdeaMatch {
                idea,
                reasons: fits.remove(&row.id)?.reasons,
            })
        })
        .collect())
}

/// An idea as a seeker: its topics and wanted expertise, its author's sector, region,
/// offers and openness.
fn idea_party(author: Option<&Found>, tags: Option<HashMap<TagKind, Vec<Tag>>>) -> Option<Party> {
    let author = &author?.party;
    let mut party = Party {
        sector: author.sector,
        region: author.region.clone(),
        open_to_partners: author.open_to_partners,
        offered: author.offered.clone(),
        ..Party::default()
    };
    for (kind, list) in tags.unwrap_or_default() {
        for t in list {
            add(&mut party, kind, t);
        }
    }
    Some(party)
}

/// People who could help with an idea: for its owner only.
#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn for_idea(
    db: &DatabaseConnection,
    me: Uuid,
    id: Uuid,
) -> Result<Vec<PersonMatch>, AppError> {
    let m = crate::backend::memo::idea(db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    IdeaAccess::of(
        crate::domain::Caller::Member(me),
        m.author_id,
        m.status,
        false,
    )
    .change()?;
    let authors = members(db, &[m.author_id]).await?;
    let Some(party) = idea_party(
        authors.get(&m.author_id),
        tags::idea_tags(db, &[id]).await?.remove(&id),
    ) else {
        return Ok(Vec::new());
    };
    let links: Vec<idea_tag::Model> = crate::backend::memo::idea_tags(db, id)
        .await?
        .into_iter()
        .map(|(link, _)| link)
        .collect();
    let of = |kinds: &[TagKind]| -> Vec<i64> {
        links
            .iter()
            .filter(|l| kinds.contains(&l.kind))
            .map(|l| l.tag_id)
            .collect()
    };
    let owner_offered = authors
        .get(&m.author_id)
        .map(|found| ids_of(&found.ids, &[TagKind::Offered]))
        .unwrap_or_default();
    let mut exclude = dismissed(db, me, MatchTarget::Person).await?;
    exclude.insert(m.author_id);
    exclude.extend(crate::shared::people::blocked_either_way(db, me).await?);
    let wants = wants_from_members(
        of(&[TagKind::Required]),
        of(&[TagKind::Sought]),
        &owner_offered,
        of(&[TagKind::Topic]),
    );
    let candidates = candidates(db, Among::Members, &wants, &exclude).await?;
    rank_people(db, &party, candidates).await
}

#[tracing::instrument(skip_all, fields(me = %me, target = %target))]
pub async fn dismiss(
    state: &AppState,
    me: Uuid,
    kind: MatchTarget,
    target: Uuid,
) -> Result<(), AppError> {
    match match_dismissal::Entity::insert(match_dismissal::ActiveModel {
        user_id: Set(me),
        target_kind: Set(kind),
        target_id: Set(target),
        created_at: Set(state.clock.now()),
    })
    .on_conflict(
        OnConflict::columns([
            match_dismissal::Column::UserId,
            match_dismissal::Column::TargetKind,
            match_dismissal::Column::TargetId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(&state.db)
    .await
    {
        Ok(_) | Err(DbErr::RecordNotInserted) => Ok(()),
        Err(e) => Err(e.into()),
    }
}
