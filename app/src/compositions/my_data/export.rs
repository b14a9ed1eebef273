//! "Export my data": everything the platform holds about a member, as one JSON document
//! (served by `server/src/export.rs` at `/me/data.json`). Each section is the member's rows
//! of one table as stored, so nothing is left out by a view's choice of fields; only
//! secrets (the password hash, the security stamp, hashed e-mail tokens) stay behind.

use crate::backend::entities::{
    block, comment, contact_request, conversation_member, digest, feedback, group_invitation, idea,
    idea_member, idea_revision, idea_tag, juror, juror_conflict, juror_tie, match_dismissal,
    message, notification, notification_setting, profile, profile_tag, progress_update, report,
    retrospective, score, submission, submission_approval, submission_version, tag, unmerged_edit,
    user, workshop_signup,
};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Condition;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::{Map, Value, json};
use uuid::Uuid;

/// The sections of an export, in the order the document lists them.
pub const SECTIONS: &[&str] = &[
    "account",
    "profile",
    "profile_tags",
    "ideas",
    "idea_tags",
    "idea_revisions",
    "unmerged_edits",
    "group_memberships",
    "invitations",
    "contact_requests",
    "blocks",
    "conversations",
    "messages",
    "comments",
    "match_dismissals",
    "notifications",
    "notification_settings",
    "digests",
    "submissions",
    "submission_versions",
    "submission_approvals",
    "jury_appointments",
    "jury_conflicts",
    "jury_ties",
    "scores",
    "progress_updates",
    "retrospectives",
    "workshop_signups",
    "feedback",
    "reports",
    "tags",
];

fn rows<T: Serialize>(rows: T) -> Result<Value, AppError> {
    serde_json::to_value(rows).map_err(|e| {
        tracing::error!(error = %e, "export");
        AppError::Internal
    })
}

/// Everything about `me`, at `now`.
#[tracing::instrument(skip_all, fields(me = %me))]
pub async fn everything<C: ConnectionTrait>(
    db: &C,
    me: Uuid,
    now: DateTime<Utc>,
) -> Result<Value, AppError> {
    let mut out = Map::new();
    account(db, me, now, &mut out).await?;
    let (idea_ids, tag_ids) = ideas(db, me, &mut out).await?;
    let group_ideas = groups_and_contacts(db, me, idea_ids, &mut out).await?;
    conversations(db, me, &mut out).await?;
    heard(db, me, &mut out).await?;
    contest(db, me, group_ideas, &mut out).await?;
    the_rest(db, me, &mut out).await?;
    // The words behind the tag ids above.
    out.insert(
        "tags".into(),
        rows(
            tag::Entity::find()
                .filter(tag::Column::Id.is_in(tag_ids))
                .all(db)
                .await?,
        )?,
    );
    Ok(Value::Object(out))
}

/// The account row, without its password hash and tokens.
async fn account<C: ConnectionTrait>(
    db: &C,
    me: Uuid,
    now: DateTime<Utc>,
    out: &mut Map<String, Value>,
) -> Result<(), AppError> {
    let u = user::Entity::find_by_id(me)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    out.insert(
        "exported_at".into(),
        json!(now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
    );
    out.insert(
        "account".into(),
        json!({
            "id": u.id,
            "email": u.email,
            "email_verified_at": u.email_verified_at,
            "created_at": u.created_at,
            "ui_language": u.ui_language,
            "role": u.role,
            "terms_accepted_at": u.terms_accepted_at,
            "suspended_at": u.suspended_at,
        }),
    );
    out.insert(
        "profile".into(),
        rows(profile::Entity::find_by_id(me).one(db).await?)?,
    );
    Ok(())
}

/// The profile and the member's ideas with their tags and revisions: the ideas' ids and
/// the tags named.
async fn ideas<C: ConnectionTrait>(
    db: &C,
    me: Uuid,
    out: &mut Map<String, Value>,
) -> Result<(Vec<Uuid>, Vec<i64>), AppError> {
    let profile_tags = profile_tag::Entity::find()
        .filter(profile_tag::Column::UserId.eq(me))
        .all(db)
        .await?;
    let ideas = idea::Entity::find()
        .filter(idea::Column::AuthorId.eq(me))
        .order_by_asc(idea::Column::CreatedAt)
        .all(db)
        .await?;
    let idea_ids: Vec<Uuid> = ideas.iter().map(|i| i.id).collect();
    let idea_tags = idea_tag::Entity::find()
        .filter(idea_tag::Column::IdeaId.is_in(idea_ids.clone()))
        .all(db)
        .await?;
    let mut tag_ids: Vec<i64> = profile_tags
        .iter()
        .map(|t| t.tag_id)
        .chain(idea_tags.iter().map(|t| t.tag_id))
        .collect();
    tag_ids.sort_unstable();
    tag_ids.dedup();
    out.insert("profile_tags".into(), rows(profile_tags)?);
    out.insert("ideas".into(), rows(ideas)?);
    out.insert("idea_tags".into(), rows(idea_tags)?);
    out.insert(
        "idea_revisions".into(),
        rows(
            idea_revision::Entity::find()
                .filter(
                    Condition::any()
                        .add(idea_revision::Column::EditorId.eq(me))
                        .add(idea_revision::Column::IdeaId.is_in(idea_ids.clone())),
                )
                .order_by_asc(idea_revision::Column::CreatedAt)
                .all(db)
                .await?,
        )?,
    );
    out.insert(
        "unmerged_edits".into(),
        rows(
            unmerged_edit::Entity::find()
                .filter(unmerged_edit::Column::UserId.eq(me))
                .all(db)
                .await?,
        )?,
    );
    Ok((idea_ids, tag_ids))
}

/// Groups, invitations, contact requests and blocks: the ideas of the member's groups.
async fn groups_and_contacts<C: ConnectionTrait>(
    db: &C,
    me: Uuid,
    idea_ids: Vec<Uuid>,
    out: &mut Map<String, Value>,
) -> Result<Vec<Uuid>, AppError> {
    let memberships = idea_member::Entity::find()
        .filter(idea_member::Column::UserId.eq(me))
        .all(db)
        .await?;
    // The groups the member is in: their own ideas and those they joined.
    let group_ideas: Vec<Uuid> = idea_ids
        .iter()
        .copied()
        .chain(memberships.iter().map(|m| m.idea_id))
        .collect();
    out.insert("group_memberships".into(), rows(memberships)?);
    out.insert(
        "invitations".into(),
        rows(
            group_invitation::Entity::find()
                .filter(
                    Condition::any()
                        .add(group_invitation::Column::InviterId.eq(me))
                        .add(group_invitation::Column::InviteeId.eq(me)),
                )
                .order_by_asc(group_invitation::Column::CreatedAt)
                .all(db)
                .await?,
        )?,
    );
    out.insert(
        "contact_requests".into(),
        rows(
            contact_request::Entity::find()
                .filter(
                    Condition::any()
                        .add(contact_request::Column::SenderId.eq(me))
                        .add(contact_request::Column::RecipientId.eq(me)),
                )
                .order_by_asc(contact_request::Column::CreatedAt)
                .all(db)
                .await?,
        )?,
    );
    out.insert(
        "blocks".into(),
        rows(
            block::Entity::find()
                .filter(block::Column::BlockerId.eq(me))
                .all(db)
                .await?,
        )?,
    );
    Ok(group_ideas)
}

/// The member's conversations and their messages.
async fn conversations<C: ConnectionTrait>(
    db: &C,
    me: Uuid,
    out: &mut Map<String, Value>,
) -> Result<(), AppError> {
    let conversations = conversation_member::Entity::find()
        .filter(conversation_member::Column::UserId.eq(me))
        .all(db)
        .await?;
    let conversation_ids: Vec<Uuid> = conversations.iter().map(|c| c.conversation_id).collect();
    out.insert("conversations".into(), rows(conversations)?);
    // Every message of the member's conversations: what they wrote and what they were sent,
    // except the words of others that moderation hid (the export says so in their place).
    let messages = message::Entity::find()
        .filter(message::Column::ConversationId.is_in(conversation_ids))
        .order_by_asc(message::Column::Id)
        .all(db)
        .await?;
    let held = crate::moderation::db::held_among(
        db,
        crate::domain::ReportTarget::Message,
        messages
            .iter()
            .filter(|m| m.author_id != me)
            .map(|m| m.id.to_string()),
    )
    .await?;
    let mut listed = Vec::with_capacity(messages.len());
    for m in messages {
        let hidden = held.contains(&m.id.to_string());
        let mut row = rows(m)?;
        if hidden {
            row["body"] = Value::Null;
            row["withheld"] = json!("hidden by moderation");
        }
        listed.push(row);
    }
    out.insert("messages".into(), Value::Array(listed));
    out.insert(
        "comments".into(),
        rows(
            comment::Entity::find()
                .filter(comment::Column::AuthorId.eq(me))
                .order_by_asc(comment::Column::CreatedAt)
                .all(db)
                .await?,
        )?,
    );
    Ok(())
}

/// Comments, dismissed matches, notifications and their settings and digests.
async fn heard<C: ConnectionTrait>(
    db: &C,
    me: Uuid,
    out: &mut Map<String, Value>,
) -> Result<(), AppError> {
    out.insert(
        "match_dismissals".into(),
        rows(
            match_dismissal::Entity::find()
                .filter(match_dismissal::Column::UserId.eq(me))
                .all(db)
                .await?,
        )?,
    );
    out.insert(
        "notifications".into(),
        rows(
            notification::Entity::find()
                .filter(notification::Column::UserId.eq(me))
                .order_by_asc(notification::Column::Id)
                .all(db)
                .await?,
        )?,
    );
    out.insert(
        "notification_settings".into(),
        rows(
            notification_setting::Entity::find()
                .filter(notification_setting::Column::UserId.eq(me))
                .all(db)
                .await?,
        )?,
    );
    out.insert(
        "digests".into(),
        rows(
            digest::Entity::find()
                .filter(digest::Column::UserId.eq(me))
                .all(db)
                .await?,
        )?,
    );
    Ok(())
}

/// The entries of the member's groups, their approvals, and the member's jury work.
async fn contest<C: ConnectionTrait>(
    db: &C,
    me: Uuid,
    group_ideas: Vec<Uuid>,
    out: &mut Map<String, Value>,
) -> Result<(), AppError> {
    let submissions = submission::Entity::find()
        .filter(submission::Column::IdeaId.is_in(group_ideas))
        .all(db)
        .await?;
    let submission_ids: Vec<Uuid> = submissions.iter().map(|s| s.id).collect();
    out.insert("submissions".into(), rows(submissions)?);
    out.insert(
        "submission_versions".into(),
        rows(
            submission_version::Entity::find()
                .filter(submission_version::Column::SubmissionId.is_in(submission_ids))
                .order_by_asc(submission_version::Column::EditedAt)
                .all(db)
                .await?,
        )?,
    );
    out.insert(
        "submission_approvals".into(),
        rows(
            submission_approval::Entity::find()
                .filter(submission_approval::Column::UserId.eq(me))
                .all(db)
                .await?,
        )?,
    );
    out.insert(
        "jury_appointments".into(),
        rows(
            juror::Entity::find()
                .filter(juror::Column::UserId.eq(me))
                .all(db)
                .await?,
        )?,
    );
    out.insert(
        "jury_conflicts".into(),
        rows(
            juror_conflict::Entity::find()
                .filter(juror_conflict::Column::UserId.eq(me))
                .all(db)
                .await?,
        )?,
    );
    out.insert(
        "jury_ties".into(),
        rows(
            juror_tie::Entity::find()
                .filter(juror_tie::Column::UserId.eq(me))
                .all(db)
                .await?,
        )?,
    );
    out.insert(
        "scores".into(),
        rows(
            score::Entity::find()
                .filter(score::Column::UserId.eq(me))
                .all(db)
                .await?,
        )?,
    );
    Ok(())
}

/// Progress, retrospectives, workshops, feedback and the reports the member made.
async fn the_rest<C: ConnectionTrait>(
    db: &C,
    me: Uuid,
    out: &mut Map<String, Value>,
) -> Result<(), AppError> {
    out.insert(
        "progress_updates".into(),
        rows(
            progress_update::Entity::find()
                .filter(progress_update::Column::AuthorId.eq(me))
                .all(db)
                .await?,
        )?,
    );
    out.insert(
        "retrospectives".into(),
        rows(
            retrospective::Entity::find()
                .filter(retrospective::Column::EditedBy.eq(me))
                .all(db)
                .await?,
        )?,
    );
    out.insert(
        "workshop_signups".into(),
        rows(
            workshop_signup::Entity::find()
                .filter(workshop_signup::Column::UserId.eq(me))
                .all(db)
                .await?,
        )?,
    );
    out.insert(
        "feedback".into(),
        rows(
            feedback::Entity::find()
                .filter(feedback::Column::UserId.eq(me))
                .order_by_asc(feedback::Column::CreatedAt)
                .all(db)
                .await?,
        )?,
    );
    // The reports the member made (not those about them: who reported stays private).
    out.insert(
        "reports".into(),
        rows(
            report::Entity::find()
                .filter(report::Column::ReporterId.eq(me))
                .order_by_asc(report::Column::CreatedAt)
                .all(db)
                .await?,
        )?,
    );
    Ok(())
}
