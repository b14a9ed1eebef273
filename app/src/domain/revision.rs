//! Co-drafting: an idea's content as one comparable value, and the rule that a text with
//! merge markers left in it is not saved.

use super::Invalid;
use super::choices::choice;
use serde::{Deserialize, Serialize};

choice!(
    /// The parts of an idea a revision records, in the editor's order.
    IdeaField {
        Title = "title",
        Teaser = "teaser",
        Description = "description",
        Topics = "topics",
        Required = "required",
        Sought = "sought",
        Maturity = "maturity",
        Language = "language",
    }
);

/// An idea's content as the editor holds it: what each revision records, what a stale
/// save keeps, and what a three-way merge combines. Tags are the editor's comma lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeaVersion {
    pub title: String,
    pub teaser: String,
    pub description: String,
    pub topics: String,
    pub required: String,
    pub sought: String,
    pub maturity: String,
    pub language: String,
}

impl IdeaVersion {
    pub fn get(&self, field: IdeaField) -> &str {
        match field {
            IdeaField::Title => &self.title,
            IdeaField::Teaser => &self.teaser,
            IdeaField::Description => &self.description,
            IdeaField::Topics => &self.topics,
            IdeaField::Required => &self.required,
            IdeaField::Sought => &self.sought,
            IdeaField::Maturity => &self.maturity,
            IdeaField::Language => &self.language,
        }
    }

    pub fn set(&mut self, field: IdeaField, value: String) {
        let slot = match field {
            IdeaField::Title => &mut self.title,
            IdeaField::Teaser => &mut self.teaser,
            IdeaField::Description => &mut self.description,
            IdeaField::Topics => &mut self.topics,
            IdeaField::Required => &mut self.required,
            IdeaField::Sought => &mut self.sought,
            IdeaField::Maturity => &mut self.maturity,
            IdeaField::Language => &mut self.language,
        };
        *slot = value;
    }

    /// The fields that differ from `older`, in the editor's order. Tag lists count as
    /// changed only if a tag was added or removed, not if they were reordered.
    pub fn changed_since(&self, older: &IdeaVersion) -> Vec<IdeaField> {
        IdeaField::ALL
            .iter()
            .copied()
            .filter(|f| {
                let (a, b) = (older.get(*f), self.get(*f));
                if is_tag_list(*f) {
                    tag_set(a) != tag_set(b)
                } else {
                    a != b
                }
            })
            .collect()
    }
}

/// Whether a field holds a comma-separated list of tags (merged as sets).
pub fn is_tag_list(field: IdeaField) -> bool {
    matches!(
        field,
        IdeaField::Topics | IdeaField::Required | IdeaField::Sought
    )
}

/// A tag list's tags, trimmed and compared without case, in their order.
pub fn tag_items(list: &str) -> Vec<&str> {
    list.split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect()
}

/// What identifies a tag of a list: its slug, a vocabulary word's concept ("Mobilität" and
/// "Mobility" are one tag, however a reader's language shows it).
pub fn tag_key(item: &str) -> String {
    let slug = super::vocabulary::slug_of(item);
    super::vocabulary::canonical(&slug).to_owned()
}

fn tag_set(list: &str) -> std::collections::BTreeSet<String> {
    tag_items(list).into_iter().map(tag_key).collect()
}

/// How a merge marks where two versions differ in the same place (as git does).
pub const MINE_MARKER: &str = "<<<<<<<";
pub const THEIRS_MARKER: &str = ">>>>>>>";
pub const SPLIT_MARKER: &str = "=======";

/// Whether a text still holds a merge's marker lines: such a text is not saved, so an
/// unresolved conflict never reaches the idea.
pub fn unresolved(text: &str) -> bool {
    text.lines()
        .any(|l| l.starts_with(MINE_MARKER) || l.starts_with(THEIRS_MARKER))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_concept_in_the_other_language_is_no_change() {
        let old = IdeaVersion {
            topics: "Mobilität, Open data".into(),
            ..Default::default()
        };
        let new = IdeaVersion {
            topics: "Mobility, Offene Daten".into(),
            ..Default::default()
        };
        assert!(new.changed_since(&old).is_empty());
    }

    #[test]
    fn reordered_tags_are_not_a_change_but_a_new_one_is() {
        let old = IdeaVersion {
            topics: "Mobility, Open data".into(),
            ..Default::default()
        };
        let mut new = IdeaVersion {
            topics: "open data,  Mobility".into(),
            ..Default::default()
        };
        assert!(new.changed_since(&old).is_empty());
        new.topics.push_str(", Health");
        new.title = "New".into();
        assert_eq!(
            new.changed_since(&old),
            vec![IdeaField::Title, IdeaField::Topics]
        );
    }

    #[test]
    fn marker_lines_are_unresolved_but_markdown_rules_are_not() {
        assert!(unresolved(
            "a\n<<<<<<< Yours\nb\n=======\nc\n>>>>>>> Current\n"
        ));
        assert!(unresolved(">>>>>>> left over"));
        // A setext heading underline is Markdown, not a marker.
        assert!(!unresolved("Heading\n=======\ntext"));
        assert!(!unresolved("> quoted <<< not at the start"));
    }
}
