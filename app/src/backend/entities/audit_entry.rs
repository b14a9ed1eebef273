use crate::domain::{AuditAction, ReportTarget};
use sea_orm::entity::prelude::*;

/// One admin action. The application only appends and reads; database triggers refuse
/// changes and deletions (a deleted member's id becomes NULL, nothing else changes).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The admin; `None` once their account is deleted.
    pub actor_id: Option<Uuid>,
    pub action: AuditAction,
    pub target_kind: Option<ReportTarget>,
    /// The content acted on (an idea's, comment's or message's key; never a member's id).
    pub target_id: Option<String>,
    /// The member acted on (role, suspension, a profile); `None` once deleted.
    pub target_user_id: Option<Uuid>,
    /// What changed, without personal data (a role's key, a call's title).
    pub detail: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
