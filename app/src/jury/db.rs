use super::ties::{conflicts, submitted};
use super::{
    CriterionScore, JuryView, Queue, QueueItem, RankItem, Ranking, Results, Review, Tie, Winner,
};
use crate::backend::AppState;
use crate::backend::entities::{
    call, juror, juror_conflict, juror_tie, score, submission, submission_version as version, user,
};
use crate::domain::JuryRefusal;
use crate::domain::contest::fields_from_text;
use crate::domain::jury::{summarise, weights_from_text};
use crate::domain::{
    AuditAction, Conflict, Criterion, Email, FieldErrors, Invalid, LongText, NotificationKind,
};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::notifications::db::{New, Notified, notify};
use crate::shared::Person;
use crate::shared::audit::Entry;
use crate::shared::calls::{load_call, summary};
use crate::shared::people::names;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, Set, SqlErr, TransactionTrait,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

async fn is_juror<C: ConnectionTrait>(db: &C, call: Uuid, me: Uuid) -> Result<bool, AppError> {
    Ok(juror::Entity::find_by_id((call, me))
        .one(db)
        .await?
        .is_some())
}

#[tracing::instrument(skip_all, fields(call = %call))]
pub async fn jury(state: &AppState, call: Uuid) -> Result<JuryView, AppError> {
    let db = &state.db;
    load_call(db, call).await?;
    let ids: Vec<Uuid> = juror::Entity::find()
        .filter(juror::Column::CallId.eq(call))
        .order_by_asc(juror::Column::AppointedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|j| j.user_id)
        .collect();
    let names = names(db, ids.iter().copied()).await?;
    Ok(JuryView {
        call_id: call.to_string(),
        jurors: ids
            .into_iter()
            .map(|u| Person {
                id: u.to_string(),
                name: names.get(&u).cloned().unwrap_or_default(),
            })
            .collect(),
    })
}

#[tracing::instrument(skip_all, fields(admin = %admin, call = %call))]
pub async fn appoint(
    state: &AppState,
    admin: Uuid,
    call: Uuid,
    email: &Email,
) -> Result<Uuid, AppError> {
    let db = &state.db;
    let now = state.clock.now();
    load_call(db, call).await?;
    let member = user::Entity::find()
        .filter(user::Column::Email.eq(email.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::invalid("email", Invalid::NoSuchMember))?;
    let notified = db
        .transaction::<_, Notified, AppError>(|txn| {
            Box::pin(async move {
                let row = juror::ActiveModel {
                    call_id: Set(call),
                    user_id: Set(member.id),
                    appointed_at: Set(now),
                };
                match row.insert(txn).await {
                    Ok(_) => {}
                    Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                        return Err(JuryRefusal::AlreadyJuror.into());
                    }
                    Err(e) => return Err(e.into()),
                }
                // What ties the new juror to the entries that count already stays.
                let entries = submitted(txn, call).await?;
                super::ties::record_ties(txn, member.id, &entries, now).await?;
                let entry = Entry::about_record(AuditAction::JurorAppointed, call, "")
                    .with_member(member.id);
                crate::shared::audit::record(txn, admin, entry, now).await?;
                let told = New {
                    to: member.id,
                    kind: NotificationKind::JurorAppointed,
                    actor: admin,
                    idea: None,
                    link: format!("/jury/{call}"),
                };
                notify(txn, now, [told]).await
            })
        })
        .await?;
    crate::notifications::mail::after_change(state, notified).await;
    Ok(member.id)
}

/// Removes a juror and the scores they gave in this call, with the admin's audit entry.
#[tracing::instrument(skip_all, fields(admin = %admin, call = %call, member = %member))]
pub async fn dismiss(
    state: &AppState,
    admin: Uuid,
    call: Uuid,
    member: Uuid,
) -> Result<(), AppError> {
    let now = state.clock.now();
    state
        .db
        .transaction::<_, (), AppError>(|txn| {
            Box::pin(async move {
                let gone = juror::Entity::delete_by_id((call, member))
                    .exec(txn)
                    .await?;
                if gone.rows_affected == 0 {
                    return Err(AppError::NotFound);
                }
                let entries = submission::Entity::find()
                    .filter(submission::Column::CallId.eq(call))
                    .all(txn)
                    .await?
                    .into_iter()
                    .map(|s| s.id);
                score::Entity::delete_many()
                    .filter(score::Column::UserId.eq(member))
                    .filter(score::Column::SubmissionId.is_in(entries))
                    .exec(txn)
                    .await?;
                let entry =
                    Entry::about_record(AuditAction::JurorDismissed, call, "").with_member(member);
                crate::shared::audit::record(txn, admin, entry, now).await?;
                Ok(())
            })
        })
        .await?;
    Ok(())
}

async fn counted_version<C: ConnectionTrait>(
    db: &C,
    s: &submission::Model,
) -> Result<version::Model, AppError> {
    let v = s.submitted_version.ok_or(AppError::NotFound)?;
    version::Entity::find_by_id((s.id, v))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The counted versions of many entries, in one query, by submission.
async fn counted_versions<C: ConnectionTrait>(
    db: &C,
    entries: &[submission::Model],
) -> Result<HashMap<Uuid, version::Model>, AppError> {
    let counted = entries
        .iter()
        .filter_map(|s| Some((s.id, s.submitted_version?)))
        .fold(Condition::any(), |any, (id, v)| {
            any.add(
                Condition::all()
                    .add(version::Column::SubmissionId.eq(id))
                    .add(version::Column::Version.eq(v)),
            )
        });
    if counted.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(version::Entity::find()
        .filter(counted)
        .all(db)
        .await?
        .into_iter()
        .map(|v| (v.submission_id, v))
        .collect())
}

#[tracing::instrument(skip_all, fields(me = %me, call = %call))]
pub async fn queue(state: &AppState, l: Locale, me: Uuid, call: Uuid) -> Result<Queue, AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let c = load_call(db, call).await?;
    if !is_juror(db, call, me).await? {
        return Err(AppError::NotFound);
    }
    let schedule = c.schedule();
    // Before the deadline entries still change: the jury sees none of them.
    let entries = if now < c.closes_at {
        Vec::new()
    } else {
        submitted(db, call).await?
    };
    let conflicts = conflicts(db, me, &entries).await?;
    let scored: HashSet<Uuid> = score::Entity::find()
        .filter(score::Column::UserId.eq(me))
        .filter(score::Column::SubmissionId.is_in(entries.iter().map(|s| s.id)))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.submission_id)
        .collect();
    let mut versions = counted_versions(db, &entries).await?;
    let mut items = Vec::new();
    for s in entries
        .iter()
        .filter(|s| conflicts.get(&s.id) == Some(&None))
    {
        let Some(v) = versions.remove(&s.id) else {
            continue;
        };
        items.push(QueueItem {
            submission_id: s.id.to_string(),
            title: v.title,
            teaser: v.teaser,
            scored: scored.contains(&s.id),
        });
    }
    Ok(Queue {
        call: summary(&c, l, now),
        scored: items.iter().filter(|i| i.scored).count(),
        items,
        closed: schedule.may_score(now).err(),
    })
}

/// The entry and its call, if `me` is a juror of the call without a conflict, after the
/// deadline; else not found (a juror learns nothing of entries they may not see).
async fn assigned<C: ConnectionTrait>(
    db: &C,
    me: Uuid,
    id: Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(submission::Model, call::Model), AppError> {
    let s = submission::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let c = load_call(db, s.call_id).await?;
    if s.submitted_version.is_none() || now < c.closes_at || !is_juror(db, c.id, me).await? {
        return Err(AppError::NotFound);
    }
    // A juror tied to the entry knows it exists: refused, not "not found".
    let conflict = conflicts(db, me, std::slice::from_ref(&s)).await?;
    if conflict.get(&s.id) != Some(&None) {
        return Err(AppError::Forbidden);
    }
    Ok((s, c))
}

#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn review(state: &AppState, l: Locale, me: Uuid, id: Uuid) -> Result<Review, AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let (s, c) = assigned(db, me, id, now).await?;
    let v = counted_version(db, &s).await?;
    let mine = score::Entity::find()
        .filter(score::Column::SubmissionId.eq(id))
        .filter(score::Column::UserId.eq(me))
        .all(db)
        .await?;
    let answers = v.answers_to(&fields_from_text(&c.fields));
    Ok(Review {
        call: summary(&c, l, now),
        submission_id: id.to_string(),
        title: v.title,
        teaser: v.teaser,
        description: v.description,
        answers,
        criteria: weights_from_text(&c.criteria)
            .into_iter()
            .map(|(criterion, weight)| {
                let given = mine.iter().find(|m| m.criterion == criterion.key());
                CriterionScore {
                    criterion,
                    weight,
                    score: given.and_then(|g| u8::try_from(g.score).ok()),
                    comment: given.map(|g| g.comment.clone()).unwrap_or_default(),
                }
            })
            .collect(),
        closed: c.schedule().may_score(now).err(),
    })
}

/// Replaces `me`'s scores of the entry; the call's id.
#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn score(
    state: &AppState,
    me: Uuid,
    id: Uuid,
    raw: [(Criterion, Option<String>, Option<String>); 4],
) -> Result<Uuid, AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let (_, c) = assigned(db, me, id, now).await?;
    c.schedule().may_score(now)?;
    let weights = weights_from_text(&c.criteria);
    let mut errors = FieldErrors::default();
    let mut rows = Vec::new();
    for (criterion, given, comment) in raw {
        if !weights.iter().any(|(k, _)| *k == criterion) {
            continue;
        }
        let (score_field, comment_field) = super::score_fields(criterion);
        let value = errors.check(
            score_field,
            crate::domain::jury::score(given.as_deref().unwrap_or_default()),
        );
        let comment = errors.check(
            comment_field,
            LongText::parse(comment.as_deref().unwrap_or_default()),
        );
        if let (Some(value), Some(comment)) = (value, comment) {
            rows.push(score::ActiveModel {
                submission_id: Set(id),
                user_id: Set(me),
                criterion: Set(criterion.key().to_owned()),
                score: Set(i16::from(value)),
                comment: Set(comment.into_inner()),
                scored_at: Set(now),
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    db.transaction::<_, (), AppError>(|txn| {
        Box::pin(async move {
            score::Entity::delete_many()
                .filter(score::Column::SubmissionId.eq(id))
                .filter(score::Column::UserId.eq(me))
                .exec(txn)
                .await?;
            score::Entity::insert_many(rows).exec(txn).await?;
            Ok(())
        })
    })
    .await?;
    Ok(c.id)
}

/// `me` declares a conflict with the entry; the call's id.
#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn declare(state: &AppState, me: Uuid, id: Uuid) -> Result<Uuid, AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let (_, c) = assigned(db, me, id, now).await?;
    db.transaction::<_, (), AppError>(|txn| {
        Box::pin(async move {
            score::Entity::delete_many()
                .filter(score::Column::SubmissionId.eq(id))
                .filter(score::Column::UserId.eq(me))
                .exec(txn)
                .await?;
            juror_conflict::ActiveModel {
                submission_id: Set(id),
                user_id: Set(me),
                declared_at: Set(now),
            }
            .insert(txn)
            .await?;
            Ok(())
        })
    })
    .await?;
    Ok(c.id)
}

#[tracing::instrument(skip_all, fields(call = %call))]
pub async fn ranking(state: &AppState, l: Locale, call: Uuid) -> Result<Ranking, AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let c = load_call(db, call).await?;
    let weights = weights_from_text(&c.criteria);
    let entries = if now < c.closes_at {
        Vec::new()
    } else {
        submitted(db, call).await?
    };
    let scores = score::Entity::find()
        .filter(score::Column::SubmissionId.is_in(entries.iter().map(|s| s.id)))
        .all(db)
        .await?;
    let mut versions = counted_versions(db, &entries).await?;
    let ties = juror_tie::Entity::find()
        .filter(juror_tie::Column::SubmissionId.is_in(entries.iter().map(|s| s.id)))
        .order_by_asc(juror_tie::Column::RecordedAt)
        .all(db)
        .await?;
    let declared = juror_conflict::Entity::find()
        .filter(juror_conflict::Column::SubmissionId.is_in(entries.iter().map(|s| s.id)))
        .all(db)
        .await?;
    let tie_names = names(
        db,
        ties.iter()
            .map(|t| t.user_id)
            .chain(declared.iter().map(|d| d.user_id)),
    )
    .await?;
    let tied = |id: Uuid| -> Vec<Tie> {
        let name = |u: &Uuid| tie_names.get(u).cloned().unwrap_or_default();
        ties.iter()
            .filter(|t| t.submission_id == id)
            .map(|t| Tie {
                juror: name(&t.user_id),
                reason: t.reason,
                since: t.recorded_at,
            })
            .chain(
                declared
                    .iter()
                    .filter(|d| d.submission_id == id)
                    .map(|d| Tie {
                        juror: name(&d.user_id),
                        reason: Conflict::Declared,
                        since: d.declared_at,
                    }),
            )
            .collect()
    };
    let mut items = Vec::new();
    for s in &entries {
        let Some(v) = versions.remove(&s.id) else {
            continue;
        };
        let mine: Vec<&score::Model> = scores.iter().filter(|x| x.submission_id == s.id).collect();
        let given: Vec<(Criterion, u8)> = mine
            .iter()
            .filter_map(|x| {
                Some((
                    Criterion::parse(&x.criterion).ok()?,
                    u8::try_from(x.score).ok()?,
                ))
            })
            .collect();
        items.push(RankItem {
            submission_id: s.id.to_string(),
            idea_id: s.idea_id.to_string(),
            title: v.title,
            summary: summarise(&weights, &given),
            jurors: mine.iter().map(|x| x.user_id).collect::<HashSet<_>>().len(),
            winner: s.winner,
            ties: tied(s.id),
        });
    }
    items.sort_by(|a, b| {
        b.summary
            .total
            .unwrap_or(-1.0)
            .total_cmp(&a.summary.total.unwrap_or(-1.0))
    });
    Ok(Ranking {
        call: summary(&c, l, now),
        weights,
        items,
    })
}

/// Marks or unmarks a submitted entry as a winner (after the deadline); the call's id.
#[tracing::instrument(skip_all, fields(admin = %admin, id = %id))]
pub async fn mark(state: &AppState, admin: Uuid, id: Uuid, winner: bool) -> Result<Uuid, AppError> {
    let db = &state.db;
    let s = submission::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|s| s.submitted_version.is_some())
        .ok_or(AppError::NotFound)?;
    let c = load_call(db, s.call_id).await?;
    if state.clock.now() < c.closes_at {
        return Err(JuryRefusal::JuryNotStarted.into());
    }
    let now = state.clock.now();
    let call = c.id;
    db.transaction::<_, (), AppError>(|txn| {
        Box::pin(async move {
            submission::ActiveModel {
                id: Set(id),
                winner: Set(winner),
                ..Default::default()
            }
            .update(txn)
            .await?;
            let detail = if winner { "winner" } else { "not a winner" };
            let entry = Entry::about_record(AuditAction::WinnerSet, call, detail);
            crate::shared::audit::record(txn, admin, entry, now).await
        })
    })
    .await?;
    state.public_pages.changed();
    Ok(call)
}

#[tracing::instrument(skip_all, fields(call = %call))]
pub async fn results(state: &AppState, l: Locale, call: Uuid) -> Result<Results, AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let c = load_call(db, call).await?;
    let published = c.schedule().results_public(now);
    let mut winners = Vec::new();
    if published {
        let entries: Vec<_> = submitted(db, call)
            .await?
            .into_iter()
            .filter(|s| s.winner)
            .collect();
        let mut versions = counted_versions(db, &entries).await?;
        for s in &entries {
            let Some(v) = versions.remove(&s.id) else {
                continue;
            };
            winners.push(Winner {
                idea_id: s.idea_id.to_string(),
                title: v.title,
                teaser: v.teaser,
            });
        }
    }
    Ok(Results {
        call: summary(&c, l, now),
        published,
        winners,
    })
}
