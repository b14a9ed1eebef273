//! The matching rule: how well a candidate fits someone who looks for partners, and why.
//! A pure function of two parties, so it can be tested on hand-made cases and behaves the
//! same on both databases (they only find the candidates).

use crate::domain::{OrganisationType, Tag};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Tags by slug (the label is what reasons show).
pub type TagSet = BTreeMap<String, String>;

pub fn tag_set(tags: &[Tag]) -> TagSet {
    tags.iter()
        .map(|t| (t.slug.clone(), t.label.clone()))
        .collect()
}

/// One side of a match: a member, or an idea together with its author.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Party {
    pub sector: Option<OrganisationType>,
    /// As written; empty when not given (compared without regard to case).
    pub region: String,
    pub open_to_partners: bool,
    pub offered: TagSet,
    /// Expertise sought as a must-have.
    pub required: TagSet,
    /// Expertise sought as nice to have.
    pub sought: TagSet,
    /// AI topics (a member's interests, an idea's topics).
    pub interests: TagSet,
}

/// Why a candidate is suggested, said from the seeker's side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// The candidate offers expertise the seeker must have.
    OffersRequired(Vec<String>),
    /// The candidate offers expertise the seeker would like.
    OffersSought(Vec<String>),
    /// The candidate looks for expertise the seeker offers.
    SeeksOffered(Vec<String>),
    SharedInterests(Vec<String>),
    /// The candidate works in a sector the seeker is not from.
    OtherSector(OrganisationType),
    SameRegion(String),
    OpenToPartners,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fit {
    pub score: f32,
    /// Strongest first; never empty.
    pub reasons: Vec<Reason>,
}

/// Weights, in one place. Must-haves count most; what the candidate brings counts more
/// than what they look for; a fit in both directions is worth more than the sum of its
/// halves. A different sector multiplies what connects them (the platform exists to bring
/// sectors together), so it lifts a real fit but cannot outweigh real expertise.
pub(super) const REQUIRED: f32 = 5.0;
pub(super) const SOUGHT: f32 = 2.0;
pub(super) const SEEKS_OFFERED: f32 = 1.5;
const BOTH_WAYS: f32 = 1.5;
pub(super) const INTEREST: f32 = 1.0;
const MAX_INTERESTS_COUNTED: usize = 3;
const OTHER_SECTOR: f32 = 1.3;
const SAME_REGION: f32 = 1.0;
const OPEN: f32 = 1.0;
const CLOSED_FACTOR: f32 = 0.5;

fn shared(a: &TagSet, b: &TagSet) -> Vec<String> {
    a.iter()
        .filter(|(slug, _)| b.contains_key(*slug))
        .map(|(_, label)| label.clone())
        .collect()
}

/// How well `candidate` fits `seeker`; `None` when nothing of substance connects them
/// (no expertise either way, no shared topic): no reason, no suggestion.
pub fn fit(seeker: &Party, candidate: &Party) -> Option<Fit> {
    let required = shared(&candidate.offered, &seeker.required);
    let sought = shared(&candidate.offered, &seeker.sought);
    let seeks_offered = {
        let mut wanted = candidate.required.clone();
        wanted.extend(candidate.sought.clone());
        shared(&wanted, &seeker.offered)
    };
    let interests = shared(&candidate.interests, &seeker.interests);
    if required.is_empty() && sought.is_empty() && seeks_offered.is_empty() && interests.is_empty()
    {
        return None;
    }
    let gives = REQUIRED * required.len() as f32 + SOUGHT * sought.len() as f32;
    let takes = SEEKS_OFFERED * seeks_offered.len() as f32;
    let mut score = gives + takes;
    if gives > 0.0 && takes > 0.0 {
        score *= BOTH_WAYS;
    }
    score += INTEREST * interests.len().min(MAX_INTERESTS_COUNTED) as f32;

    let mut reasons = Vec::new();
    if !required.is_empty() {
        reasons.push(Reason::OffersRequired(required));
    }
    if !sought.is_empty() {
        reasons.push(Reason::OffersSought(sought));
    }
    if !seeks_offered.is_empty() {
        reasons.push(Reason::SeeksOffered(seeks_offered));
    }
    if !interests.is_empty() {
        reasons.push(Reason::SharedInterests(interests));
    }
    if let (Some(mine), Some(theirs)) = (seeker.sector, candidate.sector)
        && mine != theirs
        && theirs != OrganisationType::Other
    {
        score *= OTHER_SECTOR;
        reasons.push(Reason::OtherSector(theirs));
    }
    if !seeker.region.is_empty() && seeker.region.to_lowercase() == candidate.region.to_lowercase()
    {
        score += SAME_REGION;
        reasons.push(Reason::SameRegion(candidate.region.clone()));
    }
    if candidate.open_to_partners {
        score += OPEN;
        reasons.push(Reason::OpenToPartners);
    } else {
        score *= CLOSED_FACTOR;
    }
    Some(Fit { score, reasons })
}

/// How well an idea fits a member who might help with it: the idea (with its author's
/// sector, region and offers) is the seeker, and it is the author's openness that counts.
pub fn idea_fit(idea: &Party, member: &Party) -> Option<Fit> {
    let member = Party {
        open_to_partners: idea.open_to_partners,
        ..member.clone()
    };
    fit(idea, &member)
}

/// Candidates ranked best first (ties: the order given, which the caller makes stable).
pub fn rank<T>(seeker: &Party, candidates: Vec<(T, Party)>, limit: usize) -> Vec<(T, Fit)> {
    let mut out: Vec<(T, Fit)> = candidates
        .into_iter()
        .filter_map(|(t, p)| fit(seeker, &p).map(|f| (t, f)))
        .collect();
    out.sort_by(|a, b| b.1.score.total_cmp(&a.1.score));
    out.truncate(limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrganisationType::*;

    fn tags(labels: &[&str]) -> TagSet {
        labels
            .iter()
            .map(|l| (l.to_lowercase().replace(' ', "-"), l.to_string()))
            .collect()
    }

    fn party(sector: OrganisationType, offered: &[&str], sought: &[&str]) -> Party {
        Party {
            sector: Some(sector),
            open_to_partners: true,
            offered: tags(offered),
            sought: tags(sought),
            ..Party::default()
        }
    }

    fn order(seeker: &Party, candidates: &[(&'static str, Party)]) -> Vec<&'static str> {
        rank(seeker, candidates.to_vec(), 10)
            .into_iter()
            .map(|(n, _)| n)
            .collect()
    }

    #[test]
    fn nothing_in_common_is_no_suggestion() {
        let me = party(Municipality, &["Procurement"], &["Machine Learning"]);
        let stranger = party(Startup, &["Marketing"], &["Funding"]);
        assert_eq!(
            fit(&me, &stranger),
            None,
            "another sector alone is no reason"
        );
    }

    #[test]
    fn both_directions_rank_above_one() {
        // A municipality seeks ML and offers open data.
        let me = party(Municipality, &["Open Data"], &["Machine Learning"]);
        let gives = party(Startup, &["Machine Learning"], &[]);
        let both = party(Startup, &["Machine Learning"], &["Open Data"]);
        let takes = party(Startup, &[], &["Open Data"]);
        assert_eq!(
            order(&me, &[("gives", gives), ("takes", takes), ("both", both)]),
            ["both", "gives", "takes"]
        );
    }

    #[test]
    fn a_must_have_outweighs_several_nice_to_haves() {
        let mut me = party(Association, &[], &["Design", "Writing"]);
        me.required = tags(&["Data Protection Law"]);
        let lawyer = party(Research, &["Data Protection Law"], &[]);
        let generalist = party(Research, &["Design", "Writing"], &[]);
        assert_eq!(
            order(
                &me,
                &[("generalist", generalist), ("lawyer", lawyer.clone())]
            ),
            ["lawyer", "generalist"]
        );
        let f = fit(&me, &lawyer).unwrap();
        assert_eq!(
            f.reasons[0],
            Reason::OffersRequired(vec!["Data Protection Law".into()])
        );
    }

    #[test]
    fn another_sector_beats_the_same_sector_at_equal_expertise() {
        let me = party(Municipality, &[], &["Machine Learning"]);
        let colleague = party(Municipality, &["Machine Learning"], &[]);
        let startup = party(Startup, &["Machine Learning"], &[]);
        assert_eq!(
            order(
                &me,
                &[("colleague", colleague), ("startup", startup.clone())]
            ),
            ["startup", "colleague"]
        );
        assert!(
            fit(&me, &startup)
                .unwrap()
                .reasons
                .contains(&Reason::OtherSector(Startup))
        );
    }

    #[test]
    fn region_counts_only_when_both_give_one() {
        let mut me = party(Sme, &[], &["Sensors"]);
        let mut near = party(Research, &["Sensors"], &[]);
        near.region = "leipzig".into();
        let far = party(Research, &["Sensors"], &[]);
        assert_eq!(
            fit(&me, &near).unwrap().score,
            fit(&me, &far).unwrap().score,
            "the seeker gave no region"
        );
        me.region = "leipzig".into();
        assert_eq!(order(&me, &[("far", far), ("near", near)]), ["near", "far"]);
    }

    #[test]
    fn people_closed_to_partners_rank_below_equal_open_ones() {
        let me = party(TradeUnion, &[], &["Machine Learning"]);
        let mut closed = party(Startup, &["Machine Learning"], &[]);
        closed.open_to_partners = false;
        let open = party(Startup, &["Machine Learning"], &[]);
        assert_eq!(
            order(&me, &[("closed", closed.clone()), ("open", open)]),
            ["open", "closed"]
        );
        assert!(
            !fit(&me, &closed)
                .unwrap()
                .reasons
                .contains(&Reason::OpenToPartners)
        );
    }

    #[test]
    fn a_must_have_outranks_a_shared_topic_whatever_the_sector_and_openness() {
        let mut me = party(Municipality, &[], &[]);
        me.required = tags(&["Machine Learning"]);
        me.interests = tags(&["Mobility"]);
        let mut colleague = party(Municipality, &["Machine Learning"], &[]);
        colleague.open_to_partners = false;
        let mut researcher = party(Research, &[], &[]);
        researcher.interests = tags(&["Mobility"]);
        assert_eq!(
            order(&me, &[("researcher", researcher), ("colleague", colleague)]),
            ["colleague", "researcher"]
        );
    }

    #[test]
    fn shared_topics_alone_are_a_reason_but_count_little() {
        let mut me = party(Association, &[], &["Sensors"]);
        me.interests = tags(&["Mobility", "Climate", "Health", "Education"]);
        let mut fan = party(Association, &[], &[]);
        fan.interests = me.interests.clone();
        let expert = party(Association, &["Sensors"], &[]);
        let f = fit(&me, &fan).unwrap();
        assert!(matches!(&f.reasons[0], Reason::SharedInterests(t) if t.len() == 4));
        // Four shared topics count as three: a little more than one nice-to-have expertise.
        assert_eq!(
            order(&me, &[("fan", fan), ("expert", expert)]),
            ["fan", "expert"]
        );
    }
}
