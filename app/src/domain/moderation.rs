//! The rules of moderation: when reports hide content, who may report what, and what an
//! admin's decision does.

use super::{HoldCause, Refusal};
use serde::{Deserialize, Serialize};

/// Content is held (hidden pending review) once this many different members have open
/// reports on it; `threshold` comes from the configuration (`reports_to_hide`), and 0
/// never hides by reports alone.
pub fn held_by_reports(open_reports: u64, threshold: u32) -> bool {
    threshold > 0 && open_reports >= u64::from(threshold)
}

/// Whether `reporter` may report content by `author`: not their own, and each piece once.
pub fn may_report(reporter_is_author: bool, already_reported: bool) -> Result<(), Refusal> {
    if reporter_is_author {
        Err(Refusal::OwnContent)
    } else if already_reported {
        Err(Refusal::AlreadyReported)
    } else {
        Ok(())
    }
}

/// An admin's decision on reported content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// The reports were unfounded: they close, and a hold they caused ends.
    Dismiss,
    /// The content stays hidden.
    Hide,
    /// Hidden, and its author suspended (which hides all their public content).
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

    /// The hold the content keeps afterwards: none when dismissed. A dismissal lifts only
    /// a hold the reports made; one from a suspension stays until the member is reinstated.
    pub fn hold_after(self, current: Option<HoldCause>) -> Option<HoldCause> {
        match (self, current) {
            (Decision::Dismiss, Some(HoldCause::Reports)) | (Decision::Dismiss, None) => None,
            (Decision::Dismiss, kept) => kept,
            (Decision::Hide, Some(HoldCause::Suspension)) => Some(HoldCause::Suspension),
            (Decision::Hide, _) => Some(HoldCause::Admin),
            (Decision::Suspend, _) => Some(HoldCause::Suspension),
        }
    }
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
        assert_eq!(may_report(true, false), Err(Refusal::OwnContent));
        assert_eq!(may_report(false, true), Err(Refusal::AlreadyReported));
        assert_eq!(may_report(false, false), Ok(()));
    }

    #[test]
    fn a_dismissal_lifts_only_what_reports_caused() {
        use HoldCause::*;
        assert_eq!(Decision::Dismiss.hold_after(Some(Reports)), None);
        assert_eq!(Decision::Dismiss.hold_after(None), None);
        assert_eq!(Decision::Dismiss.hold_after(Some(Admin)), Some(Admin));
        assert_eq!(
            Decision::Dismiss.hold_after(Some(Suspension)),
            Some(Suspension)
        );
        assert_eq!(Decision::Hide.hold_after(Some(Reports)), Some(Admin));
        assert_eq!(Decision::Hide.hold_after(None), Some(Admin));
        assert_eq!(Decision::Suspend.hold_after(None), Some(Suspension));
        assert_eq!(Decision::parse(" hide "), Some(Decision::Hide));
        assert_eq!(Decision::parse("delete"), None);
    }
}
