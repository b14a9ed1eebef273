use super::{GroupSummary, GroupView, GroupsOverview, InvitationView, InviteChoices, Person, Role};
use crate::backend::AppState;
use crate::backend::entities::{group_invitation as invitation, idea, idea_member, profile};
use crate::contacts::{join_group_talk, leave_group_talk};
use crate::domain::{Caller, Group, Invitation, InvitationStatus, NotificationKind};
use crate::domain::{ContactRefusal, GroupRefusal};
use crate::error::AppError;
use crate::notifications::db::{New, Notified, notify};
use crate::notifications::mail;
use crate::shared::access::IdeaAccess;
use crate::shared::ideas::{access, is_member};
use crate::shared::people::{blocked, names};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, SqlErr, TransactionTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

async fn load<C: ConnectionTrait>(db: &C, id: Uuid) -> Result<idea::Model, AppError> {
    crate::backend::memo::idea(db, id)
        .await?
        .ok_or(AppError::NotFound)
}

fn size(m: &idea::Model) -> u8 {
    u8::try_from(std::cmp::max(m.group_size, 1)).unwrap_or(u8::MAX)
}

/// The facts `domain::Group` decides on, for `person` and the idea's group.
async fn facts<C: ConnectionTrait>(
    db: &C,
    m: &idea::Model,
    person: Uuid,
    now: DateTime<Utc>,
) -> Result<Group, AppError> {
    let invited = invitation::Entity::find()
        .filter(invitation::Column::IdeaId.eq(m.id))
        .filter(invitation::Column::InviteeId.eq(person))
        .filter(invitation::Column::Status.eq(InvitationStatus::Pending))
        .filter(invitation::Column::ExpiresAt.gt(now))
        .count(db)
        .await?
        > 0;
    Ok(Group {
        size: size(m),
        is_member: person == m.author_id || is_member(db, m.id, person).await?,
        invited,
        blocked: blocked(db, m.author_id, person).await?,
    })
}

fn person(names: &HashMap<Uuid, String>, id: Uuid) -> Person {
    Person {
        id: id.to_string(),
        name: names.get(&id).cloned().unwrap_or_default(),
    }
}

/// Open invitations, each with the idea's title and the member on the other side. The
/// ideas in `known` (already read) are not read again.
async fn invitation_views<C: ConnectionTrait>(
    db: &C,
    rows: Vec<invitation::Model>,
    known: &[&idea::Model],
    other: impl Fn(&invitation::Model, &idea::Model) -> Uuid,
) -> Result<Vec<InvitationView>, AppError> {
    let mut ideas: HashMap<Uuid, idea::Model> =
        known.iter().map(|m| (m.id, (*m).clone())).collect();
    let unread: Vec<Uuid> = rows
        .iter()
        .map(|r| r.idea_id)
        .filter(|id| !ideas.contains_key(id))
        .collect();
    if !unread.is_empty() {
        ideas.extend(
            idea::Entity::find()
                .filter(idea::Column::Id.is_in(unread))
                .all(db)
                .await?
                .into_iter()
                .map(|m| (m.id, m)),
        );
    }
    let people: Vec<(usize, Uuid)> = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| ideas.get(&r.idea_id).map(|m| (i, other(r, m))))
        .collect();
    let names = names(db, people.iter().map(|(_, p)| *p)).await?;
    Ok(people
        .into_iter()
        .map(|(i, p)| {
            let r = &rows[i];
            InvitationView {
                id: r.id.to_string(),
                idea_id: r.idea_id.to_string(),
                idea_title: ideas[&r.idea_id].title.clone(),
                person: person(&names, p),
                expires_at: r.expires_at,
            }
        })
        .collect())
}

fn open_invitations() -> sea_orm::Select<invitation::Entity> {
    invitation::Entity::find()
        .filter(invitation::Column::Status.eq(InvitationStatus::Pending))
        .order_by_desc(invitation::Column::CreatedAt)
}

#[tracing::instrument(skip_all, fields(me = %me, idea_id = %idea_id))]
pub async fn group(state: &AppState, me: Uuid, idea_id: Uuid) -> Result<GroupView, AppError> {
    let db = &state.db;
    let m = load(db, idea_id).await?;
    let access = access(db, Caller::Member(me), &m).await?.view()?;
    let members = crate::backend::memo::group_members(db, idea_id).await?;
    let role = match access {
        IdeaAccess::Owner => Role::Owner,
        IdeaAccess::GroupMember => Role::Member,
        _ => Role::Outsider,
    };
    let invited = if role == Role::Owner {
        open_invitations()
            .filter(invitation::Column::IdeaId.eq(idea_id))
            .filter(invitation::Column::ExpiresAt.gt(state.clock.now()))
            .all(db)
            .await?
    } else {
        Vec::new()
    };
    // Everyone's name at once (on a page, the invitations' names are then known).
    let everyone = members.iter().copied().chain([m.author_id]);
    let names = names(db, everyone.chain(invited.iter().map(|r| r.invitee_id))).await?;
    let invitations = invitation_views(db, invited, &[&m], |r, _| r.invitee_id).await?;
    Ok(GroupView {
        idea_id: idea_id.to_string(),
        owner: person(&names, m.author_id),
        members: members.iter().map(|u| person(&names, *u)).collect(),
        seats_left: Group::MAX.saturating_sub(size(&m)),
        role,
        invitations,
    })
}

#[tracing::instrument(skip_all, fields(me = %me))]
pub async fn mine(state: &AppState, me: Uuid) -> Result<GroupsOverview, AppError> {
    let db = &state.db;
    let rows = open_invitations()
        .filter(invitation::Column::InviteeId.eq(me))
        .filter(invitation::Column::ExpiresAt.gt(state.clock.now()))
        .all(db)
        .await?;
    let invitations = invitation_views(db, rows, &[], |_, m| m.author_id).await?;
    let joined = idea_member::Entity::find()
        .filter(idea_member::Column::UserId.eq(me))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.idea_id);
    let ideas = idea::Entity::find()
        .filter(
            idea::Column::Id.is_in(joined).or(idea::Column::AuthorId
                .eq(me)
                .and(idea::Column::GroupSize.gt(1))),
        )
        .order_by_desc(idea::Column::UpdatedAt)
        .all(db)
        .await?;
    let names = names(db, ideas.iter().map(|m| m.author_id)).await?;
    let groups = ideas
        .into_iter()
        .map(|m| GroupSummary {
            idea_id: m.id.to_string(),
            owner_name: names.get(&m.author_id).cloned().unwrap_or_default(),
            size: size(&m),
            owned: m.author_id == me,
            title: m.title,
        })
        .collect();
    Ok(GroupsOverview {
        invitations,
        groups,
    })
}

#[tracing::instrument(skip_all, fields(me = %me, person = %person))]
pub async fn options(state: &AppState, me: Uuid, person: Uuid) -> Result<InviteChoices, AppError> {
    let db = &state.db;
    if profile::Entity::find_by_id(person).count(db).await? == 0 {
        return Err(AppError::NotFound);
    }
    let mut ideas = Vec::new();
    if person != me {
        // Every idea of `me` is judged on the same few reads, whatever their number.
        let now = state.clock.now();
        let mine = idea::Entity::find()
            .filter(idea::Column::AuthorId.eq(me))
            .order_by_desc(idea::Column::UpdatedAt)
            .all(db)
            .await?;
        let ids: Vec<Uuid> = mine.iter().map(|m| m.id).collect();
        let invited: Vec<Uuid> = invitation::Entity::find()
            .select_only()
            .column(invitation::Column::IdeaId)
            .filter(invitation::Column::IdeaId.is_in(ids.clone()))
            .filter(invitation::Column::InviteeId.eq(person))
            .filter(invitation::Column::Status.eq(InvitationStatus::Pending))
            .filter(invitation::Column::ExpiresAt.gt(now))
            .into_tuple()
            .all(db)
            .await?;
        let member_of: Vec<Uuid> = idea_member::Entity::find()
            .select_only()
            .column(idea_member::Column::IdeaId)
            .filter(idea_member::Column::IdeaId.is_in(ids))
            .filter(idea_member::Column::UserId.eq(person))
            .into_tuple()
            .all(db)
            .await?;
        let blocked = !mine.is_empty() && blocked(db, me, person).await?;
        for m in mine {
            let group = Group {
                size: size(&m),
                is_member: member_of.contains(&m.id),
                invited: invited.contains(&m.id),
                blocked,
            };
            ideas.push((m.id.to_string(), m.title, group.may_invite().err()));
        }
    }
    Ok(InviteChoices {
        ideas,
        days: state.invitation_days,
    })
}

/// The owner's ideas whose groups still have a seat: what a match card offers to invite
/// to, as (id, title), newest change first.
pub async fn with_seats<C: ConnectionTrait>(
    db: &C,
    owner: Uuid,
) -> Result<Vec<(String, String)>, AppError> {
    let with_seats = idea::Entity::find()
        .filter(idea::Column::AuthorId.eq(owner))
        .filter(idea::Column::GroupSize.lt(i32::from(Group::MAX)));
    crate::shared::ideas::choices(db, with_seats).await
}

#[tracing::instrument(skip_all, fields(me = %me, idea_id = %idea_id, person = %person))]
pub async fn invite(
    state: &AppState,
    me: Uuid,
    idea_id: Uuid,
    person: Uuid,
) -> Result<(), AppError> {
    let db = &state.db;
    let m = load(db, idea_id).await?;
    access(db, Caller::Member(me), &m).await?.change()?;
    if profile::Entity::find_by_id(person).count(db).await? == 0 {
        return Err(AppError::NotFound);
    }
    let now = state.clock.now();
    // An invitation left unanswered past its date no longer stands in the way of a new one.
    invitation::Entity::update_many()
        .col_expr(
            invitation::Column::Status,
            Expr::value(InvitationStatus::Expired),
        )
        .filter(invitation::Column::IdeaId.eq(idea_id))
        .filter(invitation::Column::InviteeId.eq(person))
        .filter(invitation::Column::Status.eq(InvitationStatus::Pending))
        .filter(invitation::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?;
    facts(db, &m, person, now).await?.may_invite()?;
    // The invitee's contact setting holds for invitations as for requests.
    crate::contacts::contact(db, me, person)
        .await?
        .may_invite()?;
    let per_day = state.contact_requests_per_day;
    let invitation = invitation::ActiveModel {
        id: Set(Uuid::new_v4()),
        idea_id: Set(idea_id),
        inviter_id: Set(me),
        invitee_id: Set(person),
        status: Set(InvitationStatus::Pending),
        created_at: Set(now),
        expires_at: Set(now + Duration::days(i64::from(state.invitation_days))),
        answered_at: Set(None),
    };
    let told = New {
        to: person,
        kind: NotificationKind::InvitationReceived,
        actor: me,
        idea: Some(idea_id),
        link: "/me/groups".to_owned(),
    };
    let notified = db
        .transaction::<_, Notified, AppError>(|txn| {
            Box::pin(async move {
                crate::contacts::claim_sender(txn, me).await?;
                match invitation.insert(txn).await {
                    Ok(_) => {}
                    // Sent twice at the same moment: the one-pending-per-member index refused
                    // the second.
                    Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                        return Err(GroupRefusal::Invited.into());
                    }
                    Err(e) => return Err(e.into()),
                }
                // Invitations count against the daily contact limit.
                crate::contacts::within_day(txn, me, now, per_day).await?;
                notify(txn, now, [told]).await
            })
        })
        .await?;
    mail::after_change(state, notified).await;
    Ok(())
}

/// Accepts or declines an invitation to `me`; the idea it was for.
///
/// Every transaction here writes before it reads, so SQLite takes its write lock at the
/// start. The seat is taken by `UPDATE ideas SET group_size = group_size + 1 WHERE
/// group_size < 4`: of two members accepting the last seat at the same moment, PostgreSQL
/// makes the second wait for the first's row lock and re-checks the condition, so the
/// second finds the group full.
#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn answer(state: &AppState, me: Uuid, id: Uuid, accept: bool) -> Result<Uuid, AppError> {
    let now = state.clock.now();
    let (idea, notified) = state
        .db
        .transaction::<_, (Uuid, Notified), AppError>(|txn| {
            Box::pin(async move {
                let status = if accept {
                    InvitationStatus::Accepted
                } else {
                    InvitationStatus::Declined
                };
                let done = invitation::Entity::update_many()
                    .col_expr(invitation::Column::Status, Expr::value(status))
                    .col_expr(invitation::Column::AnsweredAt, Expr::value(now))
                    .filter(invitation::Column::Id.eq(id))
                    .filter(invitation::Column::InviteeId.eq(me))
                    .filter(invitation::Column::Status.eq(InvitationStatus::Pending))
                    .filter(invitation::Column::ExpiresAt.gt(now))
                    .exec(txn)
                    .await?;
                let r = invitation::Entity::find_by_id(id)
                    .one(txn)
                    .await?
                    .filter(|r| r.invitee_id == me)
                    .ok_or(AppError::NotFound)?;
                if done.rows_affected != 1 {
                    let stored = Invitation {
                        status: r.status,
                        expires_at: r.expires_at,
                    };
                    stored.may_answer(now)?;
                    return Err(ContactRefusal::Answered.into());
                }
                if !accept {
                    return Ok((r.idea_id, Notified::default()));
                }
                let seated = idea::Entity::update_many()
                    .col_expr(
                        idea::Column::GroupSize,
                        Expr::col(idea::Column::GroupSize).add(1),
                    )
                    .filter(idea::Column::Id.eq(r.idea_id))
                    .filter(idea::Column::GroupSize.lt(i32::from(Group::MAX)))
                    .exec(txn)
                    .await?;
                if seated.rows_affected != 1 {
                    return Err(GroupRefusal::GroupFull.into());
                }
                let joined = idea_member::ActiveModel {
                    idea_id: Set(r.idea_id),
                    user_id: Set(me),
                    joined_at: Set(now),
                }
                .insert(txn)
                .await;
                match joined {
                    Ok(_) => {}
                    Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                        return Err(GroupRefusal::AlreadyMember.into());
                    }
                    Err(e) => return Err(e.into()),
                }
                let owner = load(txn, r.idea_id).await?.author_id;
                for user in [owner, me] {
                    join_group_talk(txn, r.idea_id, user, now).await?;
                }
                let told = New {
                    to: owner,
                    kind: NotificationKind::InvitationAccepted,
                    actor: me,
                    idea: Some(r.idea_id),
                    link: format!("/ideas/{}#group", r.idea_id),
                };
                let notified = notify(txn, now, [told]).await?;
                Ok((r.idea_id, notified))
            })
        })
        .await?;
    mail::after_change(state, notified).await;
    Ok(idea)
}

/// Marks invitations past their date expired and tells whoever sent them; the number.
/// Run by the server's maintenance.
#[tracing::instrument(skip_all)]
pub async fn expire_due(state: &AppState) -> Result<usize, AppError> {
    let now = state.clock.now();
    let due = invitation::Entity::find()
        .filter(invitation::Column::Status.eq(InvitationStatus::Pending))
        .filter(invitation::Column::ExpiresAt.lte(now))
        .limit(1_000)
        .all(&state.db)
        .await?;
    let (mut expired, mut notified) = (0, Notified::default());
    for r in due {
        let done = state
            .db
            .transaction::<_, Option<Notified>, AppError>(|txn| {
                Box::pin(async move {
                    // Only one server marks it, and so only one tells.
                    let marked = invitation::Entity::update_many()
                        .col_expr(
                            invitation::Column::Status,
                            Expr::value(InvitationStatus::Expired),
                        )
                        .filter(invitation::Column::Id.eq(r.id))
                        .filter(invitation::Column::Status.eq(InvitationStatus::Pending))
                        .exec(txn)
                        .await?;
                    if marked.rows_affected != 1 {
                        return Ok(None);
                    }
                    let told = New {
                        to: r.inviter_id,
                        kind: NotificationKind::InvitationExpired,
                        actor: r.invitee_id,
                        idea: Some(r.idea_id),
                        link: format!("/ideas/{}#group", r.idea_id),
                    };
                    Ok(Some(notify(txn, now, [told]).await?))
                })
            })
            .await?;
        if let Some(done) = done {
            expired += 1;
            notified.0.extend(done.0);
        }
    }
    mail::after_change(state, notified).await;
    Ok(expired)
}

/// The owner takes back an open invitation; the idea it was for.
#[tracing::instrument(skip_all, fields(me = %me, id = %id))]
pub async fn withdraw(state: &AppState, me: Uuid, id: Uuid) -> Result<Uuid, AppError> {
    let db = &state.db;
    let r = invitation::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let m = load(db, r.idea_id).await?;
    access(db, Caller::Member(me), &m).await?.change()?;
    let now = state.clock.now();
    Invitation {
        status: r.status,
        expires_at: r.expires_at,
    }
    .may_answer(now)?;
    let done = invitation::Entity::update_many()
        .col_expr(
            invitation::Column::Status,
            Expr::value(InvitationStatus::Withdrawn),
        )
        .col_expr(invitation::Column::AnsweredAt, Expr::value(now))
        .filter(invitation::Column::Id.eq(id))
        .filter(invitation::Column::Status.eq(InvitationStatus::Pending))
        .exec(db)
        .await?;
    if done.rows_affected != 1 {
        return Err(ContactRefusal::Answered.into());
    }
    Ok(r.idea_id)
}

/// Takes `member` out of the group: themselves leaving, or the owner removing them.
#[tracing::instrument(skip_all, fields(me = %me, idea_id = %idea_id, member = %member))]
pub async fn remove(
    state: &AppState,
    me: Uuid,
    idea_id: Uuid,
    member: Uuid,
) -> Result<(), AppError> {
    let db = &state.db;
    let m = load(db, idea_id).await?;
    if member == m.author_id {
        return Err(if me == member {
            GroupRefusal::OwnerStays.into()
        } else {
            AppError::Forbidden
        });
    }
    if member != me {
        access(db, Caller::Member(me), &m).await?.change()?;
    }
    db.transaction::<_, (), AppError>(|txn| Box::pin(leave_in(txn, idea_id, member)))
        .await
        .map_err(AppError::from)
}

/// Takes `member` out of the idea's group, its conversation and its count, in the
/// caller's transaction.
pub async fn leave_in<C: ConnectionTrait>(
    txn: &C,
    idea_id: Uuid,
    member: Uuid,
) -> Result<(), AppError> {
    let gone = idea_member::Entity::delete_by_id((idea_id, member))
        .exec(txn)
        .await?;
    if gone.rows_affected != 1 {
        return Err(AppError::NotFound);
    }
    leave_group_talk(txn, idea_id, member).await?;
    idea::Entity::update_many()
        .col_expr(
            idea::Column::GroupSize,
            Expr::col(idea::Column::GroupSize).sub(1),
        )
        .filter(idea::Column::Id.eq(idea_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// The owner makes `member` the owner and stays in the group as a member.
/// The one hand-over, for a group's owner and for a member deleting their account: `from`
/// gives the idea to `to`, a member of its group, and takes `to`'s seat; what moderation
/// recorded against the idea (holds, reports) concerns its new owner from now on. In the
/// caller's transaction; `false` when `from` no longer owns it or `to` is not in the group,
/// and then the caller returns an error, so the transaction rolls back what was begun.
pub async fn pass_idea<C: ConnectionTrait>(
    txn: &C,
    idea_id: Uuid,
    from: Uuid,
    to: Uuid,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    use crate::backend::entities::{hold, report};
    use crate::domain::ReportTarget;
    let moved = idea::Entity::update_many()
        .col_expr(idea::Column::AuthorId, Expr::value(to))
        .filter(idea::Column::Id.eq(idea_id))
        .filter(idea::Column::AuthorId.eq(from))
        .exec(txn)
        .await?;
    if moved.rows_affected != 1 {
        return Ok(false);
    }
    let seat = idea_member::Entity::delete_by_id((idea_id, to))
        .exec(txn)
        .await?;
    if seat.rows_affected != 1 {
        return Ok(false);
    }
    idea_member::ActiveModel {
        idea_id: Set(idea_id),
        user_id: Set(from),
        joined_at: Set(now),
    }
    .insert(txn)
    .await?;
    let key = idea_id.to_string();
    hold::Entity::update_many()
        .col_expr(hold::Column::AuthorId, Expr::value(to))
        .filter(hold::Column::TargetKind.eq(ReportTarget::Idea))
        .filter(hold::Column::TargetId.eq(key.clone()))
        .exec(txn)
        .await?;
    report::Entity::update_many()
        .col_expr(report::Column::AuthorId, Expr::value(to))
        .filter(report::Column::TargetKind.eq(ReportTarget::Idea))
        .filter(report::Column::TargetId.eq(key))
        .exec(txn)
        .await?;
    Ok(true)
}

#[tracing::instrument(skip_all, fields(me = %me, idea_id = %idea_id, member = %member))]
pub async fn hand_over(
    state: &AppState,
    me: Uuid,
    idea_id: Uuid,
    member: Uuid,
) -> Result<(), AppError> {
    let db = &state.db;
    let m = load(db, idea_id).await?;
    access(db, Caller::Member(me), &m).await?.change()?;
    let now = state.clock.now();
    db.transaction::<_, (), AppError>(|txn| {
        Box::pin(async move {
            if pass_idea(txn, idea_id, me, member, now).await? {
                Ok(())
            } else {
                // Only a member of the group can take it over.
                Err(AppError::NotFound)
            }
        })
    })
    .await
    .map_err(AppError::from)?;
    // The idea's author name on public cards changes.
    state.public_pages.changed();
    Ok(())
}
