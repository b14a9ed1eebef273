//! The idea editor's fields as posted, and the one conversion into valid domain values.

use super::{ContentLanguage, Description, FieldErrors, IdeaTitle, Maturity, TagList, Teaser};

/// The editor's text fields, as typed (the field names are the form's).
#[derive(Debug, Clone, Default)]
pub struct IdeaFields {
    pub title: String,
    pub teaser: String,
    pub description: String,
    pub topics: String,
    pub sought: String,
    /// Must-have expertise (`sought` is nice to have).
    pub required: String,
    pub maturity: String,
    pub language: String,
}

/// An idea's content with every field valid.
#[derive(Debug, Clone)]
pub struct ValidIdea {
    pub title: IdeaTitle,
    pub teaser: Teaser,
    pub description: Description,
    pub topics: TagList,
    pub sought: TagList,
    pub required: TagList,
    pub maturity: Maturity,
    pub language: ContentLanguage,
}

impl TryFrom<IdeaFields> for ValidIdea {
    /// Every field's error at once, so the form can show them all.
    type Error = FieldErrors;

    fn try_from(f: IdeaFields) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let title = e.check("title", IdeaTitle::parse(&f.title));
        let teaser = e.check("teaser", Teaser::parse(&f.teaser));
        // A merge's marker lines left in the text are a conflict nobody decided yet.
        let description = e.check(
            "description",
            Description::parse(&f.description).and_then(|d| {
                if super::unresolved(d.as_str()) {
                    Err(super::Invalid::Unresolved)
                } else {
                    Ok(d)
                }
            }),
        );
        let topics = e.check("topics", TagList::parse(&f.topics));
        let sought = e.check("sought", TagList::parse(&f.sought));
        let required = e.check("required", TagList::parse(&f.required));
        let maturity = e.check("maturity", Maturity::parse(&f.maturity));
        let language = e.check("language", ContentLanguage::parse(&f.language));
        let valid = (|| {
            Some(ValidIdea {
                title: title?,
                teaser: teaser?,
                description: description?,
                topics: topics?,
                sought: sought?,
                required: required?,
                maturity: maturity?,
                language: language?,
            })
        })();
        valid.filter(|_| e.is_empty()).ok_or(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Invalid;

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let errors = ValidIdea::try_from(IdeaFields {
            teaser: "x".repeat(281),
            maturity: "finished".into(),
            language: "tlh".into(),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(errors.for_field("title"), Some(&Invalid::Required));
        assert!(matches!(
            errors.for_field("teaser"),
            Some(Invalid::TooLong { .. })
        ));
        assert_eq!(errors.for_field("maturity"), Some(&Invalid::UnknownChoice));
        assert_eq!(errors.for_field("language"), Some(&Invalid::UnknownChoice));
        assert_eq!(errors.for_field("description"), None);
    }

    #[test]
    fn a_description_with_merge_markers_left_is_refused() {
        let errors = ValidIdea::try_from(IdeaFields {
            title: "Open benches".into(),
            teaser: "Benches.".into(),
            description: "Intro\n<<<<<<< Yours\nmine\n=======\ntheirs\n>>>>>>> Current".into(),
            maturity: "rough_idea".into(),
            language: "en".into(),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(errors.for_field("description"), Some(&Invalid::Unresolved));
    }

    #[test]
    fn a_complete_form_converts() {
        let valid = ValidIdea::try_from(IdeaFields {
            title: "Open benches".into(),
            teaser: "Benches that tell you where to rest.".into(),
            topics: "Mobilität, Open Data".into(),
            maturity: "rough_idea".into(),
            language: "de".into(),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(valid.topics.tags().len(), 2);
        assert_eq!(valid.language, ContentLanguage::German);
    }
}
