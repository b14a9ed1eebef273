//! The jury: which submissions a juror may see and score, the scale, a call's weights, and
//! how the scores of several jurors become a ranking with its disagreements.

use super::Invalid;
use super::choices::choice;
use serde::{Deserialize, Serialize};

choice!(
    /// What the jury scores a submission on, 1 to 5 each; a call weighs them.
    Criterion {
        CommonGood = "common_good",
        Innovation = "innovation",
        Feasibility = "feasibility",
        Responsibility = "responsibility",
    }
);

choice!(
    /// Why a juror does not see a submission.
    Conflict {
        // They are in the group.
        InGroup = "in_group",
        // They name the same organisation as a member of the group.
        SameOrganisation = "same_organisation",
        // They have exchanged messages with a member of the group.
        Talked = "talked",
        // They declared a conflict of interest.
        Declared = "declared",
    }
);

/// Why a juror's step was refused although the input was well-formed (Display is English, for
/// logs; `texts::refusal` says it in the member's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum JuryRefusal {
    #[error("The jury starts scoring after the submission deadline.")]
    JuryNotStarted,
    #[error("The jury phase of this call has ended.")]
    JuryClosed,
    #[error("This member is already on the jury.")]
    AlreadyJuror,
}

impl JuryRefusal {
    pub fn status(self) -> u16 {
        match self {
            Self::JuryNotStarted | Self::JuryClosed | Self::AlreadyJuror => 409,
        }
    }
}

/// What is known about a juror and a submission's group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JurorFacts {
    pub in_group: bool,
    pub same_organisation: bool,
    pub talked: bool,
    pub declared: bool,
}

impl JurorFacts {
    /// Every tie that keeps the juror from seeing and scoring the submission.
    pub fn ties(&self) -> Vec<Conflict> {
        [
            (self.in_group, Conflict::InGroup),
            (self.same_organisation, Conflict::SameOrganisation),
            (self.talked, Conflict::Talked),
            (self.declared, Conflict::Declared),
        ]
        .into_iter()
        .filter_map(|(tied, why)| tied.then_some(why))
        .collect()
    }

    /// Why the juror may neither see nor score the submission (`None`: they may).
    pub fn conflict(&self) -> Option<Conflict> {
        self.ties().first().copied()
    }
}

/// Legal forms that name no organisation of their own (German and a few English ones), as
/// words once dots, brackets and commas are gone: "e.V." is "ev", "gGmbH" is "ggmbh".
const LEGAL_FORMS: &[&str] = &[
    "ev",
    "ggmbh",
    "gmbh",
    "mbh",
    "ag",
    "gag",
    "kg",
    "kgaa",
    "ohg",
    "gbr",
    "ug",
    "eg",
    "se",
    "haftungsbeschränkt",
    "co",
    "&",
    "und",
    "ltd",
    "inc",
    "llc",
    "plc",
    "gemeinnützige",
];

/// An organisation's name as the jury compares it: case, spacing, punctuation and legal
/// forms ("Stadtwerke Musterstadt GmbH" is "stadtwerke musterstadt").
pub fn organisation_key(name: &str) -> String {
    let cleaned: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            '.' | ',' | '(' | ')' | '-' | '/' => ' ',
            c => c,
        })
        .collect();
    let raw: Vec<&str> = cleaned.split_whitespace().collect();
    // "e. V." is two words once the dots are gone.
    let mut words = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == "e" && raw.get(i + 1) == Some(&"v") {
            words.push("ev");
            i += 2;
        } else {
            words.push(raw[i]);
            i += 1;
        }
    }
    while words.len() > 1 && words.last().is_some_and(|w| LEGAL_FORMS.contains(w)) {
        words.pop();
    }
    words.join(" ")
}

/// Two organisations are the same when their names match as `organisation_key` compares
/// them; an empty name matches nothing.
pub fn same_organisation(a: &str, b: &str) -> bool {
    let (a, b) = (organisation_key(a), organisation_key(b));
    !a.is_empty() && a == b
}

/// A score on the scale 1 (weak) to 5 (excellent).
pub fn score(raw: &str) -> Result<u8, Invalid> {
    match raw.trim() {
        "" => Err(Invalid::Required),
        s => match s.parse::<u8>() {
            Ok(n @ 1..=5) => Ok(n),
            _ => Err(Invalid::OutOfScale),
        },
    }
}

/// A criterion's weight in a call: 0 (not scored) to 5.
pub fn weight(raw: &str) -> Result<u8, Invalid> {
    match raw.trim().parse::<u8>() {
        Ok(n @ 0..=5) => Ok(n),
        _ => Err(Invalid::OutOfScale),
    }
}

/// A call's weights as stored: "common_good:2,innovation:1"; criteria of weight 0 are left
/// out, unknown keys skipped.
pub fn weights_to_text(weights: &[(Criterion, u8)]) -> String {
    weights
        .iter()
        .filter(|(_, w)| *w > 0)
        .map(|(c, w)| format!("{}:{w}", c.key()))
        .collect::<Vec<_>>()
        .join(",")
}

pub fn weights_from_text(text: &str) -> Vec<(Criterion, u8)> {
    text.split(',')
        .filter_map(|pair| {
            let (k, w) = pair.split_once(':')?;
            Some((Criterion::parse(k).ok()?, weight(w).ok()?))
        })
        .filter(|(_, w)| *w > 0)
        .collect()
}

/// Jurors disagree strongly on a criterion when their scores lie this far apart.
pub const DISAGREEMENT: u8 = 3;

/// One criterion's scores for one submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionResult {
    pub criterion: Criterion,
    pub mean: f64,
    /// Highest minus lowest score.
    pub spread: u8,
    pub count: usize,
}

/// The summary of one submission's scores: per criterion, and the weighted mean of the
/// criterion means (the ranking's order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub criteria: Vec<CriterionResult>,
    pub total: Option<f64>,
    /// Some criterion's scores lie `DISAGREEMENT` or more apart.
    pub disagreement: bool,
}

/// Summarises `scores` (criterion, score) of all jurors under `weights`.
pub fn summarise(weights: &[(Criterion, u8)], scores: &[(Criterion, u8)]) -> Summary {
    let mut criteria = Vec::new();
    let (mut sum, mut weight_sum) = (0.0, 0.0);
    for (c, w) in weights {
        let mine: Vec<u8> = scores
            .iter()
            .filter(|(k, _)| k == c)
            .map(|(_, s)| *s)
            .collect();
        if mine.is_empty() {
            continue;
        }
        let mean = mine.iter().map(|s| f64::from(*s)).sum::<f64>() / mine.len() as f64;
        let spread = mine.iter().max().unwrap_or(&0) - mine.iter().min().unwrap_or(&0);
        sum += mean * f64::from(*w);
        weight_sum += f64::from(*w);
        criteria.push(CriterionResult {
            criterion: *c,
            mean,
            spread,
            count: mine.len(),
        });
    }
    Summary {
        disagreement: criteria.iter().any(|c| c.spread >= DISAGREEMENT),
        total: (weight_sum > 0.0).then(|| sum / weight_sum),
        criteria,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_tie_to_the_group_is_a_conflict() {
        assert_eq!(JurorFacts::default().conflict(), None);
        let talked = JurorFacts {
            talked: true,
            ..Default::default()
        };
        assert_eq!(talked.conflict(), Some(Conflict::Talked));
        let all = JurorFacts {
            in_group: true,
            same_organisation: true,
            talked: true,
            declared: true,
        };
        assert_eq!(all.conflict(), Some(Conflict::InGroup));
        assert_eq!(
            all.ties().len(),
            4,
            "each tie is recorded, not only the first"
        );
        assert!(same_organisation("Stadt  Leipzig", "stadt leipzig"));
        // Legal forms and punctuation name no other organisation.
        assert!(same_organisation(
            "Digitalwerkstatt e.V.",
            "digitalwerkstatt"
        ));
        assert!(same_organisation(
            "Digitalwerkstatt e. V.",
            "Digitalwerkstatt EV"
        ));
        assert!(same_organisation("Datenküche gGmbH", "Datenküche GmbH"));
        assert!(same_organisation(
            "Muster UG (haftungsbeschränkt)",
            "Muster"
        ));
        assert!(same_organisation("Werk GmbH & Co. KG", "werk"));
        assert!(same_organisation(
            "Lernhilfe gemeinnützige GmbH",
            "Lernhilfe"
        ));
        assert!(!same_organisation("GmbH", "AG"));
        assert_eq!(
            organisation_key("  Stadtwerke   Musterstadt GmbH "),
            "stadtwerke musterstadt"
        );
        assert!(!same_organisation(
            "Stadtwerke Halle GmbH",
            "Stadtwerke Leipzig GmbH"
        ));
        assert!(!same_organisation("", ""));
        assert!(!same_organisation("Stadt Leipzig", "Stadt Halle"));
    }

    #[test]
    fn scores_are_one_to_five() {
        assert_eq!(score("1"), Ok(1));
        assert_eq!(score(" 5 "), Ok(5));
        assert_eq!(score("0"), Err(Invalid::OutOfScale));
        assert_eq!(score("6"), Err(Invalid::OutOfScale));
        assert_eq!(score("4.5"), Err(Invalid::OutOfScale));
        assert_eq!(score(""), Err(Invalid::Required));
        assert_eq!(weight("0"), Ok(0));
        assert_eq!(weight("9"), Err(Invalid::OutOfScale));
    }

    #[test]
    fn weights_round_trip_without_the_unweighted() {
        let w = [
            (Criterion::CommonGood, 2),
            (Criterion::Innovation, 0),
            (Criterion::Feasibility, 1),
        ];
        let text = weights_to_text(&w);
        assert_eq!(text, "common_good:2,feasibility:1");
        assert_eq!(
            weights_from_text(&text),
            vec![(Criterion::CommonGood, 2), (Criterion::Feasibility, 1)]
        );
        assert_eq!(weights_from_text("nonsense,innovation:7"), vec![]);
    }

    #[test]
    fn the_weighted_mean_ranks_and_a_wide_spread_is_flagged() {
        let w = [(Criterion::CommonGood, 3), (Criterion::Feasibility, 1)];
        let scores = [
            (Criterion::CommonGood, 5),
            (Criterion::CommonGood, 3),
            (Criterion::Feasibility, 1),
            (Criterion::Feasibility, 1),
            // A criterion the call does not weigh is ignored.
            (Criterion::Innovation, 5),
        ];
        let s = summarise(&w, &scores);
        assert_eq!(s.criteria.len(), 2);
        assert_eq!(s.criteria[0].mean, 4.0);
        assert_eq!(s.criteria[0].spread, 2);
        assert_eq!(s.total, Some((4.0 * 3.0 + 1.0) / 4.0));
        assert!(!s.disagreement);
        let s = summarise(
            &w,
            &[(Criterion::CommonGood, 1), (Criterion::CommonGood, 4)],
        );
        assert!(s.disagreement);
        assert_eq!(summarise(&w, &[]).total, None);
    }
}
