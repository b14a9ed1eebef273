//! A juror's ties to the entries of their call (in the group, same organisation, talked
//! with the group, a declared conflict), recorded when a juror is appointed and when an
//! entry counts; the queue leaves tied entries out (`domain::jury::JurorFacts`).

use crate::backend::entities::{
    conversation_member, idea, idea_member, juror, juror_conflict, juror_tie, profile, submission,
};
use crate::domain::Conflict;
use crate::domain::jury::{JurorFacts, same_organisation};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The submitted entries of a call (those that count), oldest first.
pub(super) async fn submitted<C: ConnectionTrait>(
    db: &C,
    call: Uuid,
) -> Result<Vec<submission::Model>, AppError> {
    Ok(submission::Entity::find()
        .filter(submission::Column::CallId.eq(call))
        .filter(submission::Column::SubmittedVersion.is_not_null())
        .order_by_asc(submission::Column::CreatedAt)
        .all(db)
        .await?)
}

/// For each entry, why `juror` may not see it (`None`: they may): a tie recorded when the
/// entry counted or the juror was appointed, else one that holds today. A few queries for
/// all entries together, whatever their number.
pub(super) async fn conflicts<C: ConnectionTrait>(
    db: &C,
    juror: Uuid,
    entries: &[submission::Model],
) -> Result<HashMap<Uuid, Option<Conflict>>, AppError> {
    let recorded: HashMap<Uuid, Conflict> = juror_tie::Entity::find()
        .filter(juror_tie::Column::UserId.eq(juror))
        .filter(juror_tie::Column::SubmissionId.is_in(entries.iter().map(|s| s.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.submission_id, t.reason))
        .collect();
    let today = facts(db, juror, entries).await?;
    Ok(entries
        .iter()
        .map(|s| {
            let now = today.get(&s.id).and_then(JurorFacts::conflict);
            (s.id, recorded.get(&s.id).copied().or(now))
        })
        .collect())
}

/// Records each tie between `juror` and `entries` that holds now (a declared conflict is
/// kept where it was declared), in the caller's transaction. Recorded ties stay: leaving
/// the group or deleting a conversation later removes none.
pub async fn record_ties<C: ConnectionTrait>(
    db: &C,
    juror: Uuid,
    entries: &[submission::Model],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let today = facts(db, juror, entries).await?;
    let rows: Vec<juror_tie::ActiveModel> = entries
        .iter()
        .flat_map(|s| {
            today
                .get(&s.id)
                .map(JurorFacts::ties)
                .unwrap_or_default()
                .into_iter()
                .filter(|why| *why != Conflict::Declared)
                .map(move |why| juror_tie::ActiveModel {
                    submission_id: Set(s.id),
                    user_id: Set(juror),
                    reason: Set(why),
                    recorded_at: Set(now),
                })
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    juror_tie::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([
                juror_tie::Column::SubmissionId,
                juror_tie::Column::UserId,
                juror_tie::Column::Reason,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// When an entry counts: its ties to every juror of its call, in the caller's transaction.
pub async fn record_entry_ties<C: ConnectionTrait>(
    db: &C,
    entry: &submission::Model,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let jurors: Vec<Uuid> = juror::Entity::find()
        .filter(juror::Column::CallId.eq(entry.call_id))
        .all(db)
        .await?
        .into_iter()
        .map(|j| j.user_id)
        .collect();
    for j in jurors {
        record_ties(db, j, std::slice::from_ref(entry), now).await?;
    }
    Ok(())
}

/// What ties `juror` to each entry's group today.
pub(super) async fn facts<C: ConnectionTrait>(
    db: &C,
    juror: Uuid,
    entries: &[submission::Model],
) -> Result<HashMap<Uuid, JurorFacts>, AppError> {
    let idea_ids: Vec<Uuid> = entries.iter().map(|s| s.idea_id).collect();
    let mut groups: HashMap<Uuid, Vec<Uuid>> = idea::Entity::find()
        .filter(idea::Column::Id.is_in(idea_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, vec![m.author_id]))
        .collect();
    for m in idea_member::Entity::find()
        .filter(idea_member::Column::IdeaId.is_in(idea_ids))
        .all(db)
        .await?
    {
        groups.entry(m.idea_id).or_default().push(m.user_id);
    }
    let people: HashSet<Uuid> = groups.values().flatten().copied().chain([juror]).collect();
    let organisations: HashMap<Uuid, String> = profile::Entity::find()
        .filter(profile::Column::UserId.is_in(people))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.user_id, p.organisation_name))
        .collect();
    let mine = conversation_member::Entity::find()
        .filter(conversation_member::Column::UserId.eq(juror))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.conversation_id);
    let talked: HashSet<Uuid> = conversation_member::Entity::find()
        .filter(conversation_member::Column::ConversationId.is_in(mine))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.user_id)
        .filter(|u| *u != juror)
        .collect();
    let declared: HashSet<Uuid> = juror_conflict::Entity::find()
        .filter(juror_conflict::Column::UserId.eq(juror))
        .filter(juror_conflict::Column::SubmissionId.is_in(entries.iter().map(|s| s.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.submission_id)
        .collect();
    let own = organisations.get(&juror).cloned().unwrap_or_default();
    Ok(entries
        .iter()
        .map(|s| {
            let group = groups.get(&s.idea_id).cloned().unwrap_or_default();
            let facts = JurorFacts {
                in_group: group.contains(&juror),
                same_organisation: group.iter().any(|m| {
                    same_organisation(&own, organisations.get(m).map_or("", String::as_str))
                }),
                talked: group.iter().any(|m| talked.contains(m)),
                declared: declared.contains(&s.id),
            };
            (s.id, facts)
        })
        .collect())
}
