//! What a viewer may do with an idea, decided in one place for every page and server
//! function (view, edit, publish, delete). Jurors and admins join here later.

use crate::domain::{Caller, IdeaStatus};
use crate::error::AppError;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum IdeaAccess {
    /// Someone else's draft: as far as this viewer can tell, it does not exist.
    Hidden,
    /// A visitor: title, teaser, topics and the author's public name.
    Teaser,
    /// A member (confirmed address): also the description, what the idea seeks and the
    /// author.
    Member,
    /// A member of the idea's group: sees it as a draft too, and edits it with the owner.
    GroupMember,
    /// The author: everything, the right to edit, publish and delete, and the group.
    Owner,
}

impl IdeaAccess {
    /// `in_group` whether the caller belongs to the idea's group (`idea_members`). An
    /// account whose address is not confirmed owns its ideas and reads others' as a visitor.
    pub fn of(caller: Caller, author: Uuid, status: IdeaStatus, in_group: bool) -> Self {
        match caller {
            c if c.id() == Some(author) => IdeaAccess::Owner,
            Caller::Member(_) if in_group => IdeaAccess::GroupMember,
            // Drafts and ideas held by moderation.
            _ if status != IdeaStatus::Published => IdeaAccess::Hidden,
            Caller::Member(_) => IdeaAccess::Member,
            Caller::Unconfirmed(_) | Caller::Visitor => IdeaAccess::Teaser,
        }
    }

    /// Reading the page: everyone but `Hidden`.
    pub fn view(self) -> Result<Self, AppError> {
        match self {
            IdeaAccess::Hidden => Err(AppError::NotFound),
            other => Ok(other),
        }
    }

    /// The members-only part: description, sought expertise, link to the author.
    pub fn reads_description(self) -> bool {
        self >= IdeaAccess::Member
    }

    /// Editing the text: the owner and the group.
    pub fn edit(self) -> Result<(), AppError> {
        match self {
            IdeaAccess::Owner | IdeaAccess::GroupMember => Ok(()),
            IdeaAccess::Hidden => Err(AppError::NotFound),
            _ => Err(AppError::Forbidden),
        }
    }

    /// Publishing, deleting and managing the group. A hidden draft stays "not found".
    pub fn change(self) -> Result<(), AppError> {
        match self {
            IdeaAccess::Owner => Ok(()),
            IdeaAccess::Hidden => Err(AppError::NotFound),
            _ => Err(AppError::Forbidden),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::IdeaAccess::{self, *};
    use crate::domain::Caller;
    use crate::domain::IdeaStatus::{Draft, Held, Published};
    use crate::error::AppError;
    use uuid::Uuid;

    #[test]
    fn who_sees_and_changes_what() {
        let (author, other) = (Uuid::new_v4(), Uuid::new_v4());
        assert_eq!(
            IdeaAccess::of(Caller::Member(author), author, Draft, false),
            Owner
        );
        assert_eq!(
            IdeaAccess::of(Caller::Member(author), author, Published, false),
            Owner
        );
        assert_eq!(
            IdeaAccess::of(Caller::Member(other), author, Draft, false),
            Hidden
        );
        assert_eq!(
            IdeaAccess::of(Caller::Visitor, author, Draft, false),
            Hidden
        );
        assert_eq!(
            IdeaAccess::of(Caller::Member(other), author, Published, false),
            Member
        );
        assert_eq!(
            IdeaAccess::of(Caller::Visitor, author, Published, false),
            Teaser
        );
        // Held by moderation: gone for everyone but the owner and the group.
        assert_eq!(IdeaAccess::of(Caller::Visitor, author, Held, false), Hidden);
        assert_eq!(
            IdeaAccess::of(Caller::Member(other), author, Held, false),
            Hidden
        );
        assert_eq!(
            IdeaAccess::of(Caller::Member(author), author, Held, false),
            Owner
        );
        assert_eq!(
            IdeaAccess::of(Caller::Member(other), author, Held, true),
            GroupMember
        );
        assert_eq!(
            IdeaAccess::of(Caller::Member(other), author, Draft, true),
            GroupMember
        );
        assert_eq!(
            IdeaAccess::of(Caller::Visitor, author, Published, true),
            Teaser
        );

        // Not confirmed yet: their own ideas, others' as a visitor sees them.
        let fresh = Caller::Unconfirmed(other);
        assert_eq!(IdeaAccess::of(fresh, other, Draft, false), Owner);
        assert_eq!(IdeaAccess::of(fresh, author, Published, false), Teaser);
        assert_eq!(IdeaAccess::of(fresh, author, Draft, true), Hidden);

        assert_eq!(Hidden.view(), Err(AppError::NotFound));
        assert!(!Teaser.reads_description());
        assert!(Member.reads_description() && Owner.reads_description());
        assert_eq!(Hidden.change(), Err(AppError::NotFound));
        assert_eq!(Teaser.change(), Err(AppError::Forbidden));
        assert_eq!(Member.change(), Err(AppError::Forbidden));
        assert_eq!(Owner.change(), Ok(()));

        assert!(GroupMember.reads_description());
        assert_eq!(GroupMember.edit(), Ok(()));
        assert_eq!(Owner.edit(), Ok(()));
        assert_eq!(Member.edit(), Err(AppError::Forbidden));
        assert_eq!(Hidden.edit(), Err(AppError::NotFound));
        assert_eq!(
            GroupMember.change(),
            Err(AppError::Forbidden),
            "only the owner publishes, deletes and manages the group"
        );
    }
}
