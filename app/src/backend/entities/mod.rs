//! sea-orm entities: one file per table. The schema itself is created by the `migration`
//! crate; these mirror it. Relations are declared only where a query joins.

pub mod audit_entry;
pub mod block;
pub mod call;
pub mod comment;
pub mod contact_request;
pub mod conversation;
pub mod conversation_member;
pub mod digest;
pub mod email_token;
pub mod feedback;
pub mod group_invitation;
pub mod hold;
pub mod idea;
pub mod idea_member;
pub mod idea_revision;
pub mod idea_search;
pub mod idea_tag;
pub mod juror;
pub mod juror_conflict;
pub mod juror_tie;
pub mod match_dismissal;
pub mod message;
pub mod notification;
pub mod notification_setting;
pub mod profile;
pub mod profile_search;
pub mod profile_tag;
pub mod progress_update;
pub mod report;
pub mod retrospective;
pub mod score;
pub mod submission;
pub mod submission_approval;
pub mod submission_version;
pub mod tag;
pub mod unmerged_edit;
pub mod user;
pub mod workshop;
pub mod workshop_signup;

/// The join from `A`'s column `from` to `B`'s column `to`: the entities declare no
/// relations, so a read that takes two tables in one statement names its columns.
pub fn join_on<A: sea_orm::EntityTrait, B: sea_orm::EntityTrait>(
    from: A::Column,
    to: B::Column,
) -> sea_orm::RelationDef {
    A::belongs_to(B::default()).from(from).to(to).into()
}
