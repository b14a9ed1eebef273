//! The three-way merge of a save that started from an older revision: what only one side
//! changed is taken from that side; where both changed the same place, the member decides.

use crate::domain::revision::{MINE_MARKER, THEIRS_MARKER, is_tag_list, tag_items, tag_key};
use crate::domain::{IdeaField, IdeaVersion};

/// How the two sides are named in the description's conflict markers.
pub struct Labels<'a> {
    pub mine: &'a str,
    pub theirs: &'a str,
}

/// The merged content and the fields where both sides changed the same place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub version: IdeaVersion,
    pub conflicts: Vec<IdeaField>,
}

/// Merges `mine` (the member's save) and `theirs` (the idea as it is now), both made from
/// `base`. The description is merged line by line (diffy); a place both changed is kept
/// with both versions between marker lines, which the editor will not save until removed.
/// Tag lists are merged as sets (a tag either side added or removed is added or removed)
/// and never conflict. Any other field both sides changed differently keeps the member's
/// value and is reported, so the editor shows the current one beside it.
pub fn merge(
    base: &IdeaVersion,
    mine: &IdeaVersion,
    theirs: &IdeaVersion,
    labels: &Labels,
) -> Merged {
    let mut version = IdeaVersion::default();
    let mut conflicts = Vec::new();
    for field in IdeaField::ALL.iter().copied() {
        let (b, m, t) = (base.get(field), mine.get(field), theirs.get(field));
        let value = if field == IdeaField::Description {
            match text(b, m, t, labels) {
                Ok(merged) => merged,
                Err(marked) => {
                    conflicts.push(field);
                    marked
                }
            }
        } else if is_tag_list(field) {
            tags(b, m, t)
        } else if m == t || t == b {
            m.to_owned()
        } else if m == b {
            t.to_owned()
        } else {
            conflicts.push(field);
            m.to_owned()
        };
        version.set(field, value);
    }
    Merged { version, conflicts }
}

/// A line-wise three-way merge; `Err` holds the text with both sides of each conflict.
fn text(base: &str, mine: &str, theirs: &str, labels: &Labels) -> Result<String, String> {
    // diffy compares whole lines: every side ends with a line break, so a change to the
    // last line is a line like any other.
    let line = |s: &str| {
        let mut s = s.replace("\r\n", "\n");
        if !s.is_empty() && !s.ends_with('\n') {
            s.push('\n');
        }
        s
    };
    let (base, mine, theirs) = (line(base), line(mine), line(theirs));
    let mut options = diffy::MergeOptions::new();
    options.set_conflict_style(diffy::ConflictStyle::Merge);
    let tidy = |s: String| s.trim_end_matches('\n').to_owned();
    match options.merge(&base, &mine, &theirs) {
        Ok(merged) => Ok(tidy(merged)),
        Err(marked) => {
            // diffy names the sides "ours" and "theirs"; the member reads their own words.
            let named = marked
                .lines()
                .map(|l| {
                    if l.starts_with(MINE_MARKER) {
                        format!("{MINE_MARKER} {}", labels.mine)
                    } else if l.starts_with(THEIRS_MARKER) {
                        format!("{THEIRS_MARKER} {}", labels.theirs)
                    } else {
                        l.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            Err(named)
        }
    }
}

/// Tag lists as sets: today's tags, without those the member removed, plus those the
/// member added, in today's order with the additions last.
fn tags(base: &str, mine: &str, theirs: &str) -> String {
    let key = tag_key;
    let has = |list: &[&str], t: &str| list.iter().any(|x| key(x) == key(t));
    let (base, mine, theirs) = (tag_items(base), tag_items(mine), tag_items(theirs));
    let mut out: Vec<&str> = theirs
        .iter()
        .copied()
        // Kept unless the member removed it (in the base, no longer in the member's list).
        .filter(|t| !has(&base, t) || has(&mine, t))
        .collect();
    for t in &mine {
        if !has(&base, t) && !has(&out, t) {
            out.push(t);
        }
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const LABELS: Labels = Labels {
        mine: "Yours",
        theirs: "Current",
    };

    fn version(title: &str, description: &str, topics: &str) -> IdeaVersion {
        IdeaVersion {
            title: title.into(),
            teaser: "Teaser".into(),
            description: description.into(),
            topics: topics.into(),
            maturity: "rough_idea".into(),
            language: "en".into(),
            ..Default::default()
        }
    }

    #[test]
    fn changes_in_different_places_merge_without_asking() {
        let base = version("Benches", "Intro\n\nMiddle\n\nEnd", "Mobility");
        let mine = version(
            "Benches",
            "Intro, sharper\n\nMiddle\n\nEnd",
            "Mobility, Health",
        );
        let theirs = version(
            "Smart benches",
            "Intro\n\nMiddle\n\nEnd, with a plan",
            "Mobility",
        );
        let m = merge(&base, &mine, &theirs, &LABELS);
        assert!(m.conflicts.is_empty());
        assert_eq!(m.version.title, "Smart benches");
        assert_eq!(
            m.version.description,
            "Intro, sharper\n\nMiddle\n\nEnd, with a plan"
        );
        assert_eq!(m.version.topics, "Mobility, Health");
    }

    #[test]
    fn the_same_place_changed_twice_is_left_to_the_member() {
        let base = version("Benches", "Intro\nEnd", "");
        let mine = version("Seats", "Mine\nEnd", "");
        let theirs = version("Benches for all", "Theirs\nEnd", "");
        let m = merge(&base, &mine, &theirs, &LABELS);
        assert_eq!(m.conflicts, vec![IdeaField::Title, IdeaField::Description]);
        assert_eq!(
            m.version.title, "Seats",
            "the member's own value stays in the field"
        );
        assert_eq!(
            m.version.description,
            "<<<<<<< Yours\nMine\n=======\nTheirs\n>>>>>>> Current\nEnd"
        );
        assert!(crate::domain::unresolved(&m.version.description));
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        let base = version("Benches", "A", "");
        let both = version("Benches!", "B", "");
        let m = merge(&base, &both, &both, &LABELS);
        assert!(m.conflicts.is_empty());
        assert_eq!(m.version, both);
    }

    #[test]
    fn tags_merge_as_sets() {
        // The member removed Health and added Data; meanwhile someone added Culture.
        assert_eq!(
            tags(
                "Mobility, Health",
                "mobility, Data",
                "Mobility, Health, Culture"
            ),
            "Mobility, Culture, Data"
        );
        // Removed on the other side stays removed.
        assert_eq!(tags("A1, B2", "A1, B2", "A1"), "A1");
    }
}
