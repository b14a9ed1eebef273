//! The rules of moderation: when reports hide content, who may report what, and what an
//! admin's decision does.

use super::Invalid;
use super::choices::choice;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

choice!(
    /// What a member can report to the admins.
    ReportTarget {
        Idea = "idea",
        Profile = "profile",
        Comment = "comment",
        Message = "message",
    }
);

choice!(
    /// Where a report stands: waiting for an admin, dismissed, or upheld (the content
    /// stays hidden).
    ReportStatus {
        Open = "open",
        Dismissed = "dismissed",
        Upheld = "upheld",
    }
);

choice!(
    /// Why content is held (hidden pending review): enough open reports, an admin's
    /// decision, or its author's suspension.
    HoldCause {
        Reports = "reports",
        Admin = "admin",
        Suspension = "suspension",
    }
);

/// Why a report or a suspended member's step was refused although the input was well-formed (Display is English, for
/// logs; `texts::refusal` says it in the member's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ModerationRefusal {
    #[error("This account is suspended. If you think this is a mistake, write to the operator.")]
    Suspended,
    #[error("You cannot report your own content.")]
    OwnContent,
    #[error("You have already reported this; the admins will look at it.")]
    AlreadyReported,
    #[error("It is hidden pending review by the admins.")]
    Held,
}

impl ModerationRefusal {
    pub fn status(self) -> u16 {
        match self {
            Self::Suspended | Self::OwnContent => 403,
            Self::AlreadyReported | Self::Held => 409,
        }
    }
}

/// One piece of reportable content: ideas, profiles (by their member's id) and comments
/// have UUIDs, messages numbers. Stored as `kind` + `key()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    Idea(Uuid),
    Profile(Uuid),
    Comment(Uuid),
    Message(i64),
}

impl Target {
    /// A posted or stored (kind, key); `None` when the key is malformed (callers answer
    /// "not found").
    pub fn parse(kind: ReportTarget, raw: &str) -> Option<Self> {
        let raw = raw.trim();
        let uuid = || Uuid::parse_str(raw).ok();
        Some(match kind {
            ReportTarget::Idea => Self::Idea(uuid()?),
            ReportTarget::Profile => Self::Profile(uuid()?),
            ReportTarget::Comment => Self::Comment(uuid()?),
            ReportTarget::Message => Self::Message(raw.parse().ok()?),
        })
    }

    pub fn kind(self) -> ReportTarget {
        match self {
            Self::Idea(_) => ReportTarget::Idea,
            Self::Profile(_) => ReportTarget::Profile,
            Self::Comment(_) => ReportTarget::Comment,
            Self::Message(_) => ReportTarget::Message,
        }
    }

    pub fn key(self) -> String {
        match self {
            Self::Idea(id) | Self::Profile(id) | Self::Comment(id) => id.to_string(),
            Self::Message(n) => n.to_string(),
        }
    }
}

/// Content is held (hidden pending review) once this many different members have open
/// reports on it; `threshold` comes from the configuration (`reports_to_hide`), and 0
/// never hides by reports alone.
pub fn held_by_reports(open_reports: u64, threshold: u32) -> bool {
    threshold > 0 && open_reports >= u64::from(threshold)
}

/// Whether `reporter` may report content by `author`: not their own, and each piece once.
pub fn may_report(
    reporter_is_author: bool,
    already_reported: bool,
) -> Result<(), ModerationRefusal> {
    if reporter_is_author {
        Err(ModerationRefusal::OwnContent)
    } else if already_reported {
        Err(ModerationRefusal::AlreadyReported)
    } else {
        Ok(())
    }
}

/// An admin's decision on reported content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// The reports were unfounded: they close, and the hold they caused ends (an admin's
    /// or a suspension's stays).
    Dismiss,
    /// The content stays hidden, by the admin's decision.
    Hide,
    /// Hidden, and the member who owns it now suspended (which holds all their content).
    Suspend,
}

impl Decision {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "dismiss" => Some(Self::Dismiss),
            "hide" => Some(Self::Hide),
            "suspend" => Some(Self::Suspend),
            _ => None,
        }
    }

    /// What the decision does to the content's hold causes: the open reports are decided
    /// either way, so their cause goes; hiding adds the admin's, which only an admin lifts.
    /// Causes it does not name (a suspension, an earlier hide) stay.
    pub fn causes(self) -> (Option<HoldCause>, HoldCause) {
        match self {
            Decision::Dismiss => (None, HoldCause::Reports),
            Decision::Hide | Decision::Suspend => (Some(HoldCause::Admin), HoldCause::Reports),
        }
    }
}

/// The causes left after adding `add` and lifting `lift`: content is held while any is.
pub fn causes_after(
    current: &[HoldCause],
    add: Option<HoldCause>,
    lift: HoldCause,
) -> Vec<HoldCause> {
    let mut out: Vec<HoldCause> = current.iter().copied().filter(|c| *c != lift).collect();
    if let Some(a) = add
        && !out.contains(&a)
    {
        out.push(a);
    }
    out
}

/// The cause an admin is shown first: their own decision, then a suspension, then reports.
pub fn strongest(causes: &[HoldCause]) -> Option<HoldCause> {
    [HoldCause::Admin, HoldCause::Suspension, HoldCause::Reports]
        .into_iter()
        .find(|c| causes.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_threshold_hides_at_exactly_n_reports() {
        assert!(!held_by_reports(2, 3));
        assert!(held_by_reports(3, 3));
        assert!(held_by_reports(4, 3));
        // 0: reports alone never hide anything.
        assert!(!held_by_reports(100, 0));
    }

    #[test]
    fn nobody_reports_their_own_content_or_twice() {
        assert_eq!(may_report(true, false), Err(ModerationRefusal::OwnContent));
        assert_eq!(
            may_report(false, true),
            Err(ModerationRefusal::AlreadyReported)
        );
        assert_eq!(may_report(false, false), Ok(()));
    }

    #[test]
    fn causes_stack_and_each_decision_lifts_only_its_own() {
        use HoldCause::*;
        let (add, lift) = Decision::Dismiss.causes();
        assert!(causes_after(&[Reports], add, lift).is_empty());
        assert!(causes_after(&[], add, lift).is_empty());
        // An admin's hide and a suspension outlive a dismissal of the reports.
        assert_eq!(causes_after(&[Admin, Reports], add, lift), vec![Admin]);
        assert_eq!(causes_after(&[Suspension], add, lift), vec![Suspension]);
        let (add, lift) = Decision::Hide.causes();
        assert_eq!(causes_after(&[Reports], add, lift), vec![Admin]);
        assert_eq!(
            causes_after(&[Suspension, Reports], add, lift),
            vec![Suspension, Admin]
        );
        assert_eq!(Decision::Suspend.causes(), Decision::Hide.causes());
        // Reinstating lifts the suspension alone: an admin's hide stays.
        assert_eq!(
            causes_after(&[Admin, Suspension], None, Suspension),
            vec![Admin]
        );
        assert_eq!(strongest(&[Reports, Suspension]), Some(Suspension));
        assert_eq!(strongest(&[Reports, Admin]), Some(Admin));
        assert_eq!(strongest(&[]), None);
        assert_eq!(Decision::parse(" hide "), Some(Decision::Hide));
        assert_eq!(Decision::parse("delete"), None);
    }
}
