//! Finds candidates through the tag indexes (never by scoring every profile) and hands
//! them to `score`.

use super::score::{self, Party, TagSet};
use super::{IdeaMatch, MatchesData, PersonMatch, SUGGESTIONS};
use crate::backend::entities::{idea, idea_tag, match_dismissal, profile, profile_tag, tag, user};
use crate::backend::{AppState, Viewer, tags};
use crate::domain::{IdeaStatus, MatchTarget, Tag, TagKind};
use crate::error::AppError;
use crate::ideas::access::IdeaAccess;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// How many candidates (those sharing the most tags) are scored for one list.
const CANDIDATES: u64 = 300;

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

/// Members as matching parties (with their tag ids), members who left matching included.
async fn members<C: ConnectionTrait>(
    db: &C,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, (Party, TagIds, bool)>, DbErr> {
    let mut out: HashMap<Uuid, (Party, TagIds, bool)> = HashMap::new();
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
        out.insert(p.user_id, (party, TagIds::new(), p.in_matching));
    }
    for (link, t) in profile_tag::Entity::find()
        .filter(profile_tag::Column::UserId.is_in(ids.iter().copied()))
        .find_also_related(tag::Entity)
        .all(db)
        .await?
    {
        if let (Some(t), Some((party, ids, _))) = (t, out.get_mut(&link.user_id)) {
            ids.entry(link.kind).or_default().push(t.id);
            add(
                party,
                link.kind,
                Tag {
                    slug: t.slug,
                    label: t.label,
                },
            );
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

/// Members who offer what is wanted, want what is offered, or share topics: those with
/// the most such tags first. Only confirmed members who take part in matching.
async fn people_sharing_tags<C: ConnectionTrait>(
    db: &C,
    wanted: Vec<i64>,
    offered: Vec<i64>,
    topics: Vec<i64>,
    exclude: &HashSet<Uuid>,
) -> Result<Vec<Uuid>, DbErr> {
    let mut any = Condition::any();
    if !wanted.is_empty() {
        any = any.add(
            Condition::all()
                .add(profile_tag::Column::Kind.eq(TagKind::Offered))
                .add(profile_tag::Column::TagId.is_in(wanted)),
        );
    }
    if !offered.is_empty() {
        any = any.add(
            Condition::all()
                .add(profile_tag::Column::Kind.is_in([TagKind::Sought, TagKind::Required]))
                .add(profile_tag::Column::TagId.is_in(offered)),
        );
    }
    if !topics.is_empty() {
        any = any.add(
            Condition::all()
                .add(profile_tag::Column::Kind.eq(TagKind::Interest))
                .add(profile_tag::Column::TagId.is_in(topics)),
        );
    }
    if any.is_empty() {
        return Ok(Vec::new());
    }
    let found: Vec<Uuid> = profile_tag::Entity::find()
        .select_only()
        .column(profile_tag::Column::UserId)
        .filter(any)
        .group_by(profile_tag::Column::UserId)
        .order_by_desc(Expr::col(profile_tag::Column::TagId).count())
        .order_by_asc(profile_tag::Column::UserId)
        .limit(CANDIDATES + exclude.len() as u64)
        .into_tuple()
        .all(db)
        .await?;
    let found: Vec<Uuid> = found
        .into_iter()
        .filter(|id| !exclude.contains(id))
        .collect();
    // Unconfirmed accounts are not suggested.
    let confirmed: HashSet<Uuid> = user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .filter(user::Column::Id.is_in(found.iter().copied()))
        .filter(user::Column::EmailVerifiedAt.is_not_null())
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(found
        .into_iter()
        .filter(|id| confirmed.contains(id))
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
    let parties = members(db, &candidates).await?;
    let scored = score::rank(
        seeker,
        candidates
            .iter()
            .filter_map(|id| {
                let (party, _, in_matching) = parties.get(id)?;
                in_matching.then(|| (*id, party.clone()))
            })
            .collect(),
        SUGGESTIONS,
    );
    let ids: Vec<Uuid> = scored.iter().map(|(id, _)| *id).collect();
    let cards = crate::search::db::cards(db, &ids).await?;
    Ok(cards
        .into_iter()
        .zip(scored)
        .map(|(person, (_, fit))| PersonMatch {
            person,
            reasons: fit.reasons,
        })
        .collect())
}

/// `/me/matches`: people for the member, and ideas that need what they offer.
#[tracing::instrument(skip_all)]
pub async fn for_member(
    db: &DatabaseConnection,
    viewer: &Viewer,
    me: Uuid,
) -> Result<MatchesData, AppError> {
    let Some((party, ids, in_matching)) = members(db, &[me]).await?.remove(&me) else {
        return Err(AppError::NotFound);
    };
    let profile_empty = ids.is_empty();
    let mut exclude = dismissed(db, me, MatchTarget::Person).await?;
    exclude.insert(me);
    let candidates = people_sharing_tags(
        db,
        ids_of(&ids, &[TagKind::Required, TagKind::Sought]),
        ids_of(&ids, &[TagKind::Offered]),
        ids_of(&ids, &[TagKind::Interest]),
        &exclude,
    )
    .await?;
    let people = rank_people(db, &party, candidates).await?;
    let ideas = ideas_for(db, viewer, me, &party, &ids).await?;
    Ok(MatchesData {
        people,
        ideas,
        in_matching,
        profile_empty,
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
) -> Result<Vec<IdeaMatch>, AppError> {
    let offered = ids_of(ids, &[TagKind::Offered]);
    let interests = ids_of(ids, &[TagKind::Interest]);
    let mut any = Condition::any();
    if !offered.is_empty() {
        any = any.add(
            Condition::all()
                .add(idea_tag::Column::Kind.is_in([TagKind::Sought, TagKind::Required]))
                .add(idea_tag::Column::TagId.is_in(offered)),
        );
    }
    if !interests.is_empty() {
        any = any.add(
            Condition::all()
                .add(idea_tag::Column::Kind.eq(TagKind::Topic))
                .add(idea_tag::Column::TagId.is_in(interests)),
        );
    }
    if any.is_empty() {
        return Ok(Vec::new());
    }
    let skip = dismissed(db, me, MatchTarget::Idea).await?;
    let found: Vec<Uuid> = idea_tag::Entity::find()
        .select_only()
        .column(idea_tag::Column::IdeaId)
        .filter(any)
        .filter(
            idea_tag::Column::IdeaId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(idea::Column::Id)
                    .from(idea::Entity)
                    .and_where(idea::Column::Status.eq(IdeaStatus::Published.key()))
                    .and_where(idea::Column::AuthorId.ne(me))
                    .to_owned(),
            ),
        )
        .group_by(idea_tag::Column::IdeaId)
        .order_by_desc(Expr::col(idea_tag::Column::TagId).count())
        .order_by_asc(idea_tag::Column::IdeaId)
        .limit(CANDIDATES + skip.len() as u64)
        .into_tuple()
        .all(db)
        .await?;
    let found: Vec<Uuid> = found.into_iter().filter(|id| !skip.contains(id)).collect();
    let rows = idea::Entity::find()
        .filter(idea::Column::Id.is_in(found.iter().copied()))
        .all(db)
        .await?;
    let authors: Vec<Uuid> = rows.iter().map(|r| r.author_id).collect();
    let authors = members(db, &authors).await?;
    let mut idea_tags = tags::idea_tags(db, &found).await?;
    let mut scored: Vec<(usize, score::Fit)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let Some(party) = idea_party(authors.get(&r.author_id), idea_tags.remove(&r.id)) else {
            continue;
        };
        if let Some(fit) = score::idea_fit(&party, my) {
            scored.push((i, fit));
        }
    }
    scored.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0)));
    scored.truncate(super::SUGGESTIONS);
    let chosen: Vec<idea::Model> = scored.iter().map(|(i, _)| rows[*i].clone()).collect();
    let cards = crate::ideas::db::cards(db, viewer, &chosen).await?;
    Ok(cards
        .into_iter()
        .zip(scored)
        .map(|(idea, (_, fit))| IdeaMatch {
            idea,
            reasons: fit.reasons,
        })
        .collect())
}

/// An idea as a seeker: its topics and wanted expertise, its author's sector, region,
/// offers and openness.
fn idea_party(
    author: Option<&(Party, TagIds, bool)>,
    tags: Option<HashMap<TagKind, Vec<Tag>>>,
) -> Option<Party> {
    let (author, _, _) = author?;
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
#[tracing::instrument(skip_all)]
pub async fn for_idea(
    db: &DatabaseConnection,
    me: Uuid,
    id: Uuid,
) -> Result<Vec<PersonMatch>, AppError> {
    let m = idea::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    IdeaAccess::of(Some(me), m.author_id, m.status).change()?;
    let authors = members(db, &[m.author_id]).await?;
    let Some(party) = idea_party(
        authors.get(&m.author_id),
        tags::idea_tags(db, &[id]).await?.remove(&id),
    ) else {
        return Ok(Vec::new());
    };
    let links = idea_tag::Entity::find()
        .filter(idea_tag::Column::IdeaId.eq(id))
        .all(db)
        .await?;
    let of = |kinds: &[TagKind]| -> Vec<i64> {
        links
            .iter()
            .filter(|l| kinds.contains(&l.kind))
            .map(|l| l.tag_id)
            .collect()
    };
    let owner_offered = authors
        .get(&m.author_id)
        .map(|(_, ids, _)| ids_of(ids, &[TagKind::Offered]))
        .unwrap_or_default();
    let mut exclude = dismissed(db, me, MatchTarget::Person).await?;
    exclude.insert(m.author_id);
    let candidates = people_sharing_tags(
        db,
        of(&[TagKind::Required, TagKind::Sought]),
        owner_offered,
        of(&[TagKind::Topic]),
        &exclude,
    )
    .await?;
    rank_people(db, &party, candidates).await
}

#[tracing::instrument(skip_all)]
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
