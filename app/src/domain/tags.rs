use super::Invalid;
use serde::{Deserialize, Serialize};

/// A topic or expertise tag: a label as the member wrote it and a slug that identifies it,
/// so "Open Data" and "open data" are the same tag.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Tag {
    pub slug: String,
    pub label: String,
}

impl Tag {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let label = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let len = label.chars().count();
        let allowed = |c: char| c.is_alphanumeric() || " -+.&/".contains(c);
        if !(2..=40).contains(&len) || !label.chars().all(allowed) {
            return Err(Invalid::BadTag { tag: label });
        }
        // Slugs appear in URLs: keep letters and digits, fold everything else into "-".
        let slug = super::vocabulary::slug_of(&label);
        if slug.is_empty() {
            return Err(Invalid::BadTag { tag: label });
        }
        // A word of the curated vocabulary is its concept, in whichever language typed.
        let slug = super::vocabulary::canonical(&slug).to_owned();
        Ok(Self { slug, label })
    }
}

/// A set of tags typed as a comma-separated list (works without JavaScript).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagList(Vec<Tag>);

impl TagList {
    pub const MAX: usize = 12;

    /// Linear in the input: parsing stops at the first tag past the limit, so a huge
    /// field of short tags costs no more than thirteen tags do.
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let mut tags: Vec<Tag> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for part in raw.split([',', ';', '\n']) {
            if part.trim().is_empty() {
                continue;
            }
            let tag = Tag::parse(part)?;
            if seen.insert(tag.slug.clone()) {
                if tags.len() == Self::MAX {
                    return Err(Invalid::TooManyTags { max: Self::MAX });
                }
                tags.push(tag);
            }
        }
        Ok(Self(tags))
    }

    pub fn tags(&self) -> &[Tag] {
        &self.0
    }

    /// The list as a user would type it back into the form.
    pub fn to_input(&self) -> String {
        Self::input_of(&self.0)
    }

    /// Stored tags as a user would type them into the form.
    pub fn input_of(tags: &[Tag]) -> String {
        tags.iter()
            .map(|t| t.label.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_split_deduplicated_and_slugged() {
        let list = TagList::parse("Open Data,  open   data, Mobility; KI & Arbeit,,").unwrap();
        let slugs: Vec<_> = list.tags().iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs, ["open-data", "mobility", "ki-arbeit"]);
        // "Mobility" is the vocabulary's concept; a free tag keeps its own slug.
        assert_eq!(Tag::parse("Lastenräder").unwrap().slug, "lastenräder");
        assert_eq!(list.to_input(), "Open Data, Mobility, KI & Arbeit");
        assert!(TagList::parse("").unwrap().tags().is_empty());
        assert_eq!(
            Tag::parse("Bürgerbeteiligung").unwrap().slug,
            "participation"
        );
    }

    #[test]
    fn vocabulary_words_are_their_concept_in_either_language() {
        let de = Tag::parse("Vergaberecht").unwrap();
        let en = Tag::parse("Public Procurement").unwrap();
        assert_eq!(de.slug, "public-procurement");
        assert_eq!(en.slug, de.slug);
        // Two words for one concept in one list are one tag.
        let list = TagList::parse("Datenschutz, Privacy, Lastenrad").unwrap();
        let slugs: Vec<_> = list.tags().iter().map(|t| t.slug.as_str()).collect();
        assert_eq!(slugs, ["data-protection", "lastenrad"]);
    }

    #[test]
    fn bad_tags_are_rejected() {
        assert!(TagList::parse("<script>").is_err());
        assert!(TagList::parse("a").is_err());
        assert!(
            TagList::parse("++").is_err(),
            "a tag needs a letter or digit"
        );
        assert!(TagList::parse(&"x".repeat(41)).is_err());
        let many = (0..13)
            .map(|i| format!("tag{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(TagList::parse(&many), Err(Invalid::TooManyTags { max: 12 }));
    }

    #[test]
    fn a_huge_field_of_tags_stops_at_the_limit() {
        // 256 KiB of distinct short tags: refused after the thirteenth, not compared pairwise.
        let huge = (0..40_000)
            .map(|i| format!("t{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(TagList::parse(&huge), Err(Invalid::TooManyTags { max: 12 }));
        // Repeating one tag many times is still one tag.
        let same = vec!["Open Data"; 20_000].join(",");
        assert_eq!(TagList::parse(&same).unwrap().tags().len(), 1);
    }
}
