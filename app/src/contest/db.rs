use super::input::RawEntry;
use super::{Approval, CallView, CallsOverview, EntryOption, EntryStatus, SubmissionView};
use crate::backend::AppState;
use crate::backend::entities::{
    call, idea, idea_member, juror, submission, submission_approval as approval,
    submission_version as version,
};
use crate::domain::ContestRefusal;
use crate::domain::contest::{counts_as_submitted, fields_from_text};
use crate::domain::{CallKind, Group, IdeaStatus, NotificationKind, Phase};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::notifications::db::{New, Notified, notify};
use crate::shared::Person;
use crate::shared::calls::{load_call, summary};
use crate::shared::people::names;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    SqlErr, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The calls in three lists: open (nearest deadline first), upcoming (soonest first), past
/// (latest first). A platform holds a few calls a year: all of them are read.
#[tracing::instrument(skip_all)]
pub async fn list(state: &AppState, l: Locale, admin: bool) -> Result<CallsOverview, AppError> {
    let now = state.clock.now();
    let calls = call::Entity::find()
        .order_by_asc(call::Column::ClosesAt)
        .all(&state.db)
        .await?;
    let (mut open, mut upcoming, mut past) = (Vec::new(), Vec::new(), Vec::new());
    for c in &calls {
        let s = summary(c, l, now);
        match s.phase {
            Phase::Open => open.push(s),
            Phase::Upcoming => upcoming.push(s),
            Phase::Jury | Phase::Decided => past.push(s),
        }
    }
    upcoming.sort_by_key(|s| s.opens_at);
    past.reverse();
    Ok(CallsOverview {
        open,
        upcoming,
        past,
        admin,
    })
}

/// The ideas whose group `me` belongs to (owned or joined).
async fn ideas_of<C: ConnectionTrait>(db: &C, me: Uuid) -> Result<Vec<idea::Model>, AppError> {
    let joined = idea_member::Entity::find()
        .filter(idea_member::Column::UserId.eq(me))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.idea_id);
    Ok(idea::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(idea::Column::Id.is_in(joined))
                .add(idea::Column::AuthorId.eq(me)),
        )
        .order_by_desc(idea::Column::UpdatedAt)
        .all(db)
        .await?)
}

/// The group of an idea: its owner first, then the others as they joined.
pub async fn group_of<C: ConnectionTrait>(db: &C, m: &idea::Model) -> Result<Vec<Uuid>, AppError> {
    let mut members = vec![m.author_id];
    members.extend(
        idea_member::Entity::find()
            .filter(idea_member::Column::IdeaId.eq(m.id))
            .order_by_asc(idea_member::Column::JoinedAt)
            .all(db)
            .await?
            .into_iter()
            .map(|r| r.user_id),
    );
    Ok(members)
}

/// Whether this idea may enter a call now (`None`: it may).
fn entry_refusal(c: &call::Model, m: &idea::Model, now: DateTime<Utc>) -> Option<ContestRefusal> {
    if let Err(r) = c.schedule().may_change(now) {
        return Some(r);
    }
    if m.status != IdeaStatus::Published {
        return Some(ContestRefusal::IdeaNotPublished);
    }
    let size = u8::try_from(m.group_size).unwrap_or(0);
    (!(Group::MIN..=Group::MAX).contains(&size)).then_some(ContestRefusal::GroupSize)
}

/// What a funding application starts from: the counted version of the idea's latest
/// contest entry, and that contest (`None`: the idea itself). Nothing is typed twice.
async fn contest_entry<C: ConnectionTrait>(
    db: &C,
    idea: Uuid,
) -> Result<Option<(version::Model, call::Model)>, AppError> {
    let counted = submission::Entity::find()
        .filter(submission::Column::IdeaId.eq(idea))
        .filter(submission::Column::SubmittedVersion.is_not_null())
        .order_by_desc(submission::Column::SubmittedAt)
        .all(db)
        .await?;
    for s in counted {
        let Some(c) = call::Entity::find_by_id(s.call_id)
            .one(db)
            .await?
            .filter(|c| c.kind == CallKind::Contest)
        else {
            continue;
        };
        let v = s.submitted_version.unwrap_or_default();
        if let Some(v) = version::Entity::find_by_id((s.id, v)).one(db).await? {
            return Ok(Some((v, c)));
        }
    }
    Ok(None)
}

/// Tells the rest of the group that a version of their entry waits for their approval.
async fn ask_approval<C: ConnectionTrait>(
    db: &C,
    entry: &submission::Model,
    members: &[Uuid],
    me: Uuid,
    now: DateTime<Utc>,
) -> Result<Notified, AppError> {
    let told: Vec<New> = members
        .iter()
        .map(|&to| New {
            to,
            kind: NotificationKind::ApprovalNeeded,
            actor: me,
            idea: Some(entry.idea_id),
            link: format!("/submissions/{}", entry.id),
        })
        .collect();
    notify(db, now, told).await
}

pub fn status_of(s: &submission::Model) -> EntryStatus {
    if s.submitted_version.is_some() {
        EntryStatus::Submitted
    } else if s.withdrawn_at.is_some() {
        EntryStatus::Withdrawn
    } else {
        EntryStatus::Draft
    }
}

#[tracing::instrument(skip_all, fields(id = %id))]
pub async fn view(
    state: &AppState,
    l: Locale,
    viewer: Option<Uuid>,
    admin: bool,
    id: Uuid,
) -> Result<CallView, AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let c = load_call(db, id).await?;
    let entries = match viewer {
        None => None,
        Some(me) => {
            let ideas = ideas_of(db, me).await?;
            let entered = submission::Entity::find()
                .filter(submission::Column::CallId.eq(id))
                .filter(submission::Column::IdeaId.is_in(ideas.iter().map(|m| m.id)))
                .all(db)
                .await?;
            let mut from_contest = HashMap::new();
            if c.kind == CallKind::Funding {
                for m in &ideas {
                    if let Some((_, contest)) = contest_entry(db, m.id).await? {
                        from_contest.insert(m.id, contest.title(l));
                    }
                }
            }
            Some(
                ideas
                    .iter()
                    .map(|m| {
                        let mine = entered.iter().find(|s| s.idea_id == m.id);
                        EntryOption {
                            idea_id: m.id.to_string(),
                            idea_title: m.title.clone(),
                            from_contest: from_contest.get(&m.id).cloned(),
                            submission: mine.map(|s| (s.id.to_string(), status_of(s))),
                            refusal: match mine {
                                Some(_) => None,
                                None => entry_refusal(&c, m, now),
                            },
                        }
                    })
                    .collect(),
            )
        }
    };
    let on_jury = match viewer {
        Some(me) => juror::Entity::find_by_id((id, me)).one(db).await?.is_some(),
        None => false,
    };
    let description = match l {
        Locale::de => &c.description_de,
        Locale::en => &c.description_en,
    };
    Ok(CallView {
        call: summary(&c, l, now),
        description_html: crate::backend::markdown::render(description),
        fields: fields_from_text(&c.fields),
        admin,
        juror: on_jury,
        entries,
        unconfirmed: false,
    })
}

/// Enters the idea's group into the call: a copy of the idea as version 1 (for a funding
/// call, of its latest counted contest entry, answers included, when it has one).
#[tracing::instrument(skip_all, fields(me = %me, call_id = %call_id, idea_id = %idea_id))]
pub async fn start(
    state: &AppState,
    me: Uuid,
    call_id: Uuid,
    idea_id: Uuid,
) -> Result<Uuid, AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let c = load_call(db, call_id).await?;
    let m = idea::Entity::find_by_id(idea_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    // Someone else's idea is "not found", whatever its status.
    let members = group_of(db, &m).await?;
    if !members.contains(&me) {
        return Err(AppError::NotFound);
    }
    if let Some(r) = entry_refusal(&c, &m, now) {
        return Err(r.into());
    }
    let (title, teaser, description, answers) = match c.kind {
        CallKind::Funding => contest_entry(db, idea_id).await?,
        CallKind::Contest => None,
    }
    .map_or(
        (m.title, m.teaser, m.description, "{}".to_owned()),
        |(v, _)| (v.title, v.teaser, v.description, v.answers),
    );
    let id = Uuid::new_v4();
    let notified = db
        .transaction::<_, Notified, AppError>(|txn| {
            Box::pin(async move {
                let entry = submission::ActiveModel {
                    id: Set(id),
                    call_id: Set(call_id),
                    idea_id: Set(idea_id),
                    current_version: Set(1),
                    submitted_version: Set(None),
                    submitted_at: Set(None),
                    withdrawn_at: Set(None),
                    winner: Set(false),
                    created_at: Set(now),
                };
                let entry = match entry.insert(txn).await {
                    Ok(entry) => entry,
                    // Two members starting at the same moment: the index refused the second.
                    Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                        return Err(ContestRefusal::AlreadyEntered.into());
                    }
                    Err(e) => return Err(e.into()),
                };
                version::ActiveModel {
                    submission_id: Set(id),
                    version: Set(1),
                    title: Set(title),
                    teaser: Set(teaser),
                    description: Set(description),
                    answers: Set(answers),
                    edited_by: Set(Some(me)),
                    edited_at: Set(now),
                }
                .insert(txn)
                .await?;
                ask_approval(txn, &entry, &members, me, now).await
            })
        })
        .await?;
    crate::notifications::mail::after_change(state, notified).await;
    Ok(id)
}

/// A submission with its call and idea, for a member of its group (anyone else: not found).
struct Loaded {
    entry: submission::Model,
    call: call::Model,
    members: Vec<Uuid>,
}

async fn load_for<C: ConnectionTrait>(db: &C, me: Uuid, id: Uuid) -> Result<Loaded, AppError> {
    let entry = submission::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let m = idea::Entity::find_by_id(entry.idea_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let members = group_of(db, &m).await?;
    if !members.contains(&me) {
        return Err(AppError::NotFound);
    }
    let call = load_call(db, entry.call_id).await?;
    Ok(Loaded {
        entry,
        call,
        members,
    })
}

#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn submission(
    state: &AppState,
    l: Locale,
    me: Uuid,
    id: Uuid,
) -> Result<SubmissionView, AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let Loaded {
        entry,
        call,
        members,
    } = load_for(db, me, id).await?;
    let v = version::Entity::find_by_id((id, entry.current_version))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let approved: Vec<Uuid> = approval::Entity::find()
        .filter(approval::Column::SubmissionId.eq(id))
        .filter(approval::Column::Version.eq(entry.current_version))
        .all(db)
        .await?
        .into_iter()
        .map(|a| a.user_id)
        .collect();
    let names = names(db, members.iter().copied().chain(v.edited_by)).await?;
    let person = |u: Uuid| Person {
        id: u.to_string(),
        name: names.get(&u).cloned().unwrap_or_default(),
    };
    let fields = fields_from_text(&call.fields);
    let answers = v.answers_to(&fields);
    Ok(SubmissionView {
        id: id.to_string(),
        call: summary(&call, l, now),
        fields,
        idea_id: entry.idea_id.to_string(),
        version: entry.current_version,
        title: v.title,
        teaser: v.teaser,
        description: v.description,
        answers,
        edited_by: v.edited_by.map(|u| person(u).name),
        edited_at: v.edited_at,
        approvals: members
            .iter()
            .map(|u| Approval {
                person: person(*u),
                approved: approved.contains(u),
            })
            .collect(),
        i_approved: approved.contains(&me),
        status: status_of(&entry),
        submitted_version: entry.submitted_version,
        submitted_at: entry.submitted_at,
        locked: call.schedule().may_change(now).err(),
    })
}

/// Takes the submission's row for this transaction (SQLite: the write lock; PostgreSQL:
/// the row lock), provided `version` is still the one being edited: a save and an approval
/// of the same submission happen one after the other, and a stale one is refused.
async fn claim<C: ConnectionTrait>(db: &C, id: Uuid, version: i32) -> Result<bool, AppError> {
    let res = submission::Entity::update_many()
        .col_expr(
            submission::Column::CurrentVersion,
            Expr::col(submission::Column::CurrentVersion),
        )
        .filter(submission::Column::Id.eq(id))
        .filter(submission::Column::CurrentVersion.eq(version))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Saves `raw` as the version after `base`; nothing is written if another member saved
/// since `base` (409) or the deadline has passed.
#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn save(
    state: &AppState,
    me: Uuid,
    id: Uuid,
    base: i32,
    raw: RawEntry,
) -> Result<(), AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let Loaded {
        call,
        entry,
        members,
    } = load_for(db, me, id).await?;
    call.schedule().may_change(now)?;
    let valid = raw.parse(&fields_from_text(&call.fields), call.max_amount_cents)?;
    let group = members.clone();
    let notified = db
        .transaction::<_, Notified, AppError>(|txn| {
            Box::pin(async move {
                let res = submission::Entity::update_many()
                    .col_expr(submission::Column::CurrentVersion, Expr::value(base + 1))
                    .filter(submission::Column::Id.eq(id))
                    .filter(submission::Column::CurrentVersion.eq(base))
                    .exec(txn)
                    .await?;
                if res.rows_affected == 0 {
                    return Err(ContestRefusal::SubmissionChanged.into());
                }
                version::ActiveModel {
                    submission_id: Set(id),
                    version: Set(base + 1),
                    title: Set(valid.title.into_inner()),
                    teaser: Set(valid.teaser.into_inner()),
                    description: Set(valid.description.into_inner()),
                    answers: Set(serde_json::Value::Object(valid.answers).to_string()),
                    edited_by: Set(Some(me)),
                    edited_at: Set(now),
                }
                .insert(txn)
                .await?;
                ask_approval(txn, &entry, &members, me, now).await
            })
        })
        .await?;
    tell_group(state, &group, me, id).await;
    crate::notifications::mail::after_change(state, notified).await;
    Ok(())
}

/// The group's other members' open submission pages show the change.
async fn tell_group(state: &AppState, members: &[Uuid], me: Uuid, id: Uuid) {
    let others: Vec<Uuid> = members.iter().copied().filter(|m| *m != me).collect();
    crate::shared::ideas::tell(state, &others, id).await;
}

/// `me` approves `version`; if now every member of a group of two to four has, that
/// version counts as submitted. A group of the wrong size cannot approve (nothing stored).
#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn approve(state: &AppState, me: Uuid, id: Uuid, version: i32) -> Result<(), AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let Loaded { call, members, .. } = load_for(db, me, id).await?;
    call.schedule().may_change(now)?;
    db.transaction::<_, (), AppError>(|txn| {
        Box::pin(async move {
            if !claim(txn, id, version).await? {
                return Err(ContestRefusal::SubmissionChanged.into());
            }
            let Loaded { entry, members, .. } = load_for(txn, me, id).await?;
            let mut approved: Vec<Uuid> = approval::Entity::find()
                .filter(approval::Column::SubmissionId.eq(id))
                .filter(approval::Column::Version.eq(version))
                .all(txn)
                .await?
                .into_iter()
                .map(|a| a.user_id)
                .collect();
            if !approved.contains(&me) {
                approved.push(me);
            }
            let complete = counts_as_submitted(&members, &approved)?;
            if approval::Entity::find_by_id((id, version, me))
                .one(txn)
                .await?
                .is_none()
            {
                approval::ActiveModel {
                    submission_id: Set(id),
                    version: Set(version),
                    user_id: Set(me),
                    approved_at: Set(now),
                }
                .insert(txn)
                .await?;
            }
            if complete && entry.submitted_version != Some(version) {
                submission::ActiveModel {
                    id: Set(id),
                    submitted_version: Set(Some(version)),
                    submitted_at: Set(Some(now)),
                    withdrawn_at: Set(None),
                    ..Default::default()
                }
                .update(txn)
                .await?;
                // Who is tied to the entry now stays recorded for its jury.
                crate::jury::ties::record_entry_ties(txn, &entry, now).await?;
            }
            Ok(())
        })
    })
    .await?;
    // The idea's stage on its public page follows what counts.
    state.public_pages.changed();
    tell_group(state, &members, me, id).await;
    Ok(())
}

/// Withdraws the submission: it no longer counts, and entering it again takes every
/// member's approval again.
#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn withdraw(state: &AppState, me: Uuid, id: Uuid) -> Result<(), AppError> {
    let db = &state.db;
    let now = state.clock.now();
    let Loaded {
        call,
        entry,
        members,
    } = load_for(db, me, id).await?;
    call.schedule().may_change(now)?;
    db.transaction::<_, (), AppError>(|txn| {
        Box::pin(async move {
            if !claim(txn, id, entry.current_version).await? {
                return Err(ContestRefusal::SubmissionChanged.into());
            }
            submission::ActiveModel {
                id: Set(id),
                submitted_version: Set(None),
                submitted_at: Set(None),
                withdrawn_at: Set(Some(now)),
                ..Default::default()
            }
            .update(txn)
            .await?;
            approval::Entity::delete_many()
                .filter(approval::Column::SubmissionId.eq(id))
                .filter(approval::Column::Version.eq(entry.current_version))
                .exec(txn)
                .await?;
            Ok(())
        })
    })
    .await?;
    // The idea's stage on its public page follows what counts.
    state.public_pages.changed();
    tell_group(state, &members, me, id).await;
    Ok(())
}
