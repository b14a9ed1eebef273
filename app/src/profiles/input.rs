//! The profile editor's fields as posted, and the one conversion into valid domain values.

use crate::domain::{
    ContactPolicy, ContentLanguage, DisplayName, FieldErrors, LongText, OrganisationType,
    ShortText, TagList,
};

/// The profile form as typed. Ticked checkboxes arrive as `true`.
#[derive(Debug, Clone, Default)]
pub struct ProfileFields {
    pub display_name: String,
    pub show_name_publicly: bool,
    pub organisation_name: String,
    pub organisation_type: String,
    pub role: String,
    pub region: String,
    pub bio: String,
    pub experience: String,
    pub open_to_partners: bool,
    /// Ticked "do not suggest me": the member leaves matching.
    pub hide_from_matching: bool,
    pub language: String,
    pub interests: String,
    pub offered: String,
    pub sought: String,
    /// Must-have expertise (`sought` is nice to have).
    pub required: String,
    /// Who may send contact requests (absent: unchanged).
    pub contact_policy: Option<String>,
}

/// A profile with every field valid.
#[derive(Debug, Clone)]
pub struct ValidProfile {
    pub display_name: DisplayName,
    pub show_name_publicly: bool,
    pub organisation_name: ShortText,
    pub organisation_type: OrganisationType,
    pub role: ShortText,
    pub region: ShortText,
    pub bio: LongText,
    pub experience: LongText,
    pub open_to_partners: bool,
    pub in_matching: bool,
    pub language: ContentLanguage,
    pub interests: TagList,
    pub offered: TagList,
    pub sought: TagList,
    pub required: TagList,
    pub contact_policy: Option<ContactPolicy>,
}

impl TryFrom<ProfileFields> for ValidProfile {
    /// Every field's error at once, so the form can show them all.
    type Error = FieldErrors;

    fn try_from(f: ProfileFields) -> Result<Self, FieldErrors> {
        let mut e = FieldErrors::default();
        let display_name = e.check("display_name", DisplayName::parse(&f.display_name));
        let organisation_name =
            e.check("organisation_name", ShortText::parse(&f.organisation_name));
        let organisation_type = e.check(
            "organisation_type",
            OrganisationType::parse(&f.organisation_type),
        );
        let role = e.check("role", ShortText::parse(&f.role));
        let region = e.check("region", ShortText::parse(&f.region));
        let bio = e.check("bio", LongText::parse(&f.bio));
        let experience = e.check("experience", LongText::parse(&f.experience));
        let language = e.check("language", ContentLanguage::parse(&f.language));
        let interests = e.check("interests", TagList::parse(&f.interests));
        let offered = e.check("offered", TagList::parse(&f.offered));
        let sought = e.check("sought", TagList::parse(&f.sought));
        let required = e.check("required", TagList::parse(&f.required));
        let contact_policy = match f.contact_policy.as_deref() {
            Some(raw) => e
                .check("contact_policy", ContactPolicy::parse(raw))
                .map(Some),
            None => Some(None),
        };
        let valid = (|| {
            Some(ValidProfile {
                display_name: display_name?,
                show_name_publicly: f.show_name_publicly,
                organisation_name: organisation_name?,
                organisation_type: organisation_type?,
                role: role?,
                region: region?,
                bio: bio?,
                experience: experience?,
                open_to_partners: f.open_to_partners,
                in_matching: !f.hide_from_matching,
                language: language?,
                interests: interests?,
                offered: offered?,
                sought: sought?,
                required: required?,
                contact_policy: contact_policy?,
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
        let errors = ValidProfile::try_from(ProfileFields {
            organisation_type: "guild".into(),
            language: "de".into(),
            interests: (1..=13)
                .map(|i| format!("t{i}"))
                .collect::<Vec<_>>()
                .join(","),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(errors.for_field("display_name"), Some(&Invalid::Required));
        assert_eq!(
            errors.for_field("organisation_type"),
            Some(&Invalid::UnknownChoice)
        );
        assert!(matches!(
            errors.for_field("interests"),
            Some(Invalid::TooManyTags { .. })
        ));
        assert_eq!(errors.for_field("region"), None);
    }
}
