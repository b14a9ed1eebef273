//! The showcase: the stage an idea has reached, and what a group may say about it. The
//! early stages follow from facts (the group, its submissions, the jury's winners); the
//! late ones only the group can know, so it declares them.

use super::Invalid;
use super::choices::choice;
use serde::{Deserialize, Serialize};

choice!(
    /// Where an idea stands on its way from idea to effect (`domain::showcase`). The
    /// first four follow from facts; a group declares the last three.
    Stage {
        Idea = "idea",
        GroupFormed = "group_formed",
        Submitted = "submitted",
        // A winner of a contest or of project funding, public from the results date.
        Awarded = "awarded",
        InImplementation = "in_implementation",
        Completed = "completed",
        SuccessfulFailure = "successful_failure",
    }
);

/// Why a progress update was refused although the input was well-formed (Display is English, for
/// logs; `texts::refusal` says it in the member's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ShowcaseRefusal {
    #[error("An idea's progress is public: publish the idea first.")]
    ProgressNotPublic,
}

impl ShowcaseRefusal {
    pub fn status(self) -> u16 {
        match self {
            Self::ProgressNotPublic => 409,
        }
    }
}

/// What the platform knows about an idea, for `Stage::of`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageFacts {
    /// Members of the group, the owner included.
    pub group_size: i32,
    /// A submission every member approved, in any call, not withdrawn.
    pub submitted: bool,
    /// Marked a winner in a call whose results date has come.
    pub awarded: bool,
    /// What the group declared, if anything.
    pub declared: Option<Stage>,
}

impl Stage {
    /// The stage an idea is at: a declaration wins (a group can implement without a
    /// prize), otherwise the furthest stage the facts support.
    pub fn of(f: StageFacts) -> Stage {
        match f.declared {
            Some(s) if s.declarable() => s,
            _ if f.awarded => Stage::Awarded,
            _ if f.submitted => Stage::Submitted,
            _ if f.group_size >= 2 => Stage::GroupFormed,
            _ => Stage::Idea,
        }
    }

    /// Only the group knows these; every other stage follows from the facts.
    pub fn declarable(self) -> bool {
        matches!(
            self,
            Stage::InImplementation | Stage::Completed | Stage::SuccessfulFailure
        )
    }

    /// The showcase shows ideas that went into a call or further: the good examples, and
    /// the failures others learn from.
    pub fn in_showcase(self) -> bool {
        self >= Stage::Submitted
    }

    /// A stage as a group may declare it from a form ("" clears the declaration);
    /// a successful failure is declared with its retrospective, not here.
    pub fn parse_declared(raw: &str) -> Result<Option<Stage>, Invalid> {
        match raw.trim() {
            "" => Ok(None),
            k => match Stage::parse(k)? {
                s @ (Stage::InImplementation | Stage::Completed) => Ok(Some(s)),
                _ => Err(Invalid::UnknownChoice),
            },
        }
    }
}

impl PartialOrd for Stage {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Stage {
    /// Along the way in `ALL`'s order; a successful failure ends it like a completion.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let at = |s: &Stage| Stage::ALL.iter().position(|x| x == s).unwrap_or(0);
        at(self).cmp(&at(other))
    }
}

/// A link with a progress update: a web address, nothing a browser would run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebLink(String);

impl WebLink {
    pub const MAX: usize = 500;

    /// An empty field is no link.
    pub fn parse(raw: &str) -> Result<Option<Self>, Invalid> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        if raw.chars().count() > Self::MAX {
            return Err(Invalid::TooLong {
                max: Self::MAX,
                actual: raw.chars().count(),
            });
        }
        let url = url::Url::parse(raw).map_err(|_| Invalid::Link)?;
        if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none_or(str::is_empty) {
            return Err(Invalid::Link);
        }
        Ok(Some(WebLink(url.into())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(
        group_size: i32,
        submitted: bool,
        awarded: bool,
        declared: Option<Stage>,
    ) -> StageFacts {
        StageFacts {
            group_size,
            submitted,
            awarded,
            declared,
        }
    }

    #[test]
    fn the_stage_follows_the_facts_until_the_group_declares_one() {
        assert_eq!(Stage::of(facts(1, false, false, None)), Stage::Idea);
        assert_eq!(Stage::of(facts(2, false, false, None)), Stage::GroupFormed);
        assert_eq!(Stage::of(facts(2, true, false, None)), Stage::Submitted);
        assert_eq!(Stage::of(facts(3, true, true, None)), Stage::Awarded);
        assert_eq!(
            Stage::of(facts(1, false, false, Some(Stage::InImplementation))),
            Stage::InImplementation,
            "a group can implement without a prize"
        );
        assert_eq!(
            Stage::of(facts(2, true, true, Some(Stage::SuccessfulFailure))),
            Stage::SuccessfulFailure
        );
        assert_eq!(
            Stage::of(facts(2, true, false, Some(Stage::Awarded))),
            Stage::Submitted,
            "a stored fact-stage is not believed: the facts decide"
        );
    }

    #[test]
    fn the_showcase_starts_at_a_submission() {
        let shown: Vec<_> = Stage::ALL.iter().filter(|s| s.in_showcase()).collect();
        assert_eq!(shown.len(), 5);
        assert!(!Stage::GroupFormed.in_showcase());
        assert!(Stage::SuccessfulFailure > Stage::Awarded);
    }

    #[test]
    fn a_group_declares_only_what_it_alone_knows() {
        assert_eq!(Stage::parse_declared(""), Ok(None));
        assert_eq!(
            Stage::parse_declared("completed"),
            Ok(Some(Stage::Completed))
        );
        assert_eq!(
            Stage::parse_declared("awarded"),
            Err(Invalid::UnknownChoice),
            "a prize is the jury's to give"
        );
        assert_eq!(
            Stage::parse_declared("successful_failure"),
            Err(Invalid::UnknownChoice),
            "a failure comes with its retrospective"
        );
    }

    #[test]
    fn links_are_web_addresses() {
        assert_eq!(WebLink::parse("  "), Ok(None));
        assert_eq!(
            WebLink::parse("https://example.org/pilot")
                .unwrap()
                .unwrap()
                .as_str(),
            "https://example.org/pilot"
        );
        assert_eq!(WebLink::parse("javascript:alert(1)"), Err(Invalid::Link));
        assert_eq!(WebLink::parse("data:text/html,hi"), Err(Invalid::Link));
        assert_eq!(WebLink::parse("example.org"), Err(Invalid::Link));
        assert!(matches!(
            WebLink::parse(&format!("https://e.org/{}", "a".repeat(600))),
            Err(Invalid::TooLong { .. })
        ));
    }
}
