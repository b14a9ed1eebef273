//! The audit log's writer: every admin action (roles, suspensions, moderation decisions,
//! calls, workshops, jurors, winners) is appended in the transaction that does it
//! (`record` takes the caller's connection). Admins read it at `/admin/audit`.

use crate::domain::AuditAction;
use crate::domain::moderation::Target;
use crate::error::AppError;
use chrono::{DateTime, Utc};

/// What an admin did, before it is written.
pub struct Entry {
    action: AuditAction,
    kind: Option<crate::domain::ReportTarget>,
    key: Option<String>,
    member: Option<uuid::Uuid>,
    detail: String,
}

impl Entry {
    /// An action on a member (role, suspension); `detail` without personal data.
    pub fn about_member(action: AuditAction, member: uuid::Uuid, detail: &str) -> Self {
        Self {
            action,
            kind: None,
            key: None,
            member: Some(member),
            detail: detail.to_owned(),
        }
    }

    /// A decision on reported content by `author`. A profile is named by its member only,
    /// so that deleting the member forgets it.
    pub fn about_content(action: AuditAction, t: Target, author: uuid::Uuid) -> Self {
        let key = match t {
            Target::Profile(_) => None,
            other => Some(other.key()),
        };
        Self {
            action,
            kind: Some(t.kind()),
            key,
            member: Some(author),
            detail: String::new(),
        }
    }

    /// An action on a call, workshop or other record of the platform's own (`id`), with a
    /// `detail` such as its title.
    pub fn about_record(action: AuditAction, id: uuid::Uuid, detail: &str) -> Self {
        Self {
            action,
            kind: None,
            key: Some(id.to_string()),
            member: None,
            detail: detail.to_owned(),
        }
    }

    /// Names the member concerned (a juror appointed, a winner's group owner).
    pub fn with_member(mut self, member: uuid::Uuid) -> Self {
        self.member = Some(member);
        self
    }
}

/// Appends `entry` by `actor`, in the caller's transaction.
pub async fn record<C: sea_orm::ConnectionTrait>(
    db: &C,
    actor: uuid::Uuid,
    entry: Entry,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    use crate::backend::entities::audit_entry;
    use sea_orm::{ActiveValue::NotSet, EntityTrait, Set};
    audit_entry::Entity::insert(audit_entry::ActiveModel {
        id: NotSet,
        actor_id: Set(Some(actor)),
        action: Set(entry.action),
        target_kind: Set(entry.kind),
        target_id: Set(entry.key),
        target_user_id: Set(entry.member),
        detail: Set(entry.detail),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}
