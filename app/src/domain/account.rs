use super::Invalid;
use serde::{Deserialize, Serialize};

/// An e-mail address, trimmed and lower-cased so that one person has one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub const MAX: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() {
            return Err(Invalid::Required);
        }
        if value.chars().count() > Self::MAX {
            return Err(Invalid::Email);
        }
        let (local, domain) = value.rsplit_once('@').ok_or(Invalid::Email)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if local_ok && domain_ok {
            Ok(Self(value))
        } else {
            Err(Invalid::Email)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: long rather than complicated (NIST SP 800-63B): 10 to 128 characters,
/// any characters, not built from the e-mail address.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

impl Password {
    pub const MIN: usize = 10;
    pub const MAX: usize = 128;

    pub fn parse(raw: &str, email: Option<&Email>) -> Result<Self, Invalid> {
        let len = raw.chars().count();
        if len == 0 {
            return Err(Invalid::Required);
        }
        if len < Self::MIN || raw.trim().is_empty() {
            return Err(Invalid::TooShort { min: Self::MIN });
        }
        if len > Self::MAX {
            return Err(Invalid::TooLong {
                max: Self::MAX,
                actual: len,
            });
        }
        if let Some(email) = email {
            let local = email.as_str().split('@').next().unwrap_or_default();
            let lower = raw.to_lowercase();
            if lower.contains(email.as_str()) || (local.len() >= 4 && lower.contains(local)) {
                return Err(Invalid::PasswordContainsEmail);
            }
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// What becomes of an idea that has a group when its owner deletes their account: another
/// member of the group takes it over, or it is removed with its group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum IdeaFate {
    HandOver(String),
    Remove,
}

impl IdeaFate {
    /// The value the form posts for "remove the idea"; any other is a member's id.
    pub const REMOVE: &'static str = "remove";

    /// The member's choice for one idea, posted as `fate[<idea>]`: "remove", or the id of
    /// one of the group's other `members`. No choice is no consent to either.
    pub fn parse(choice: Option<&str>, members: &[String]) -> Result<Self, Invalid> {
        match choice.map(str::trim) {
            None | Some("") => Err(Invalid::Required),
            Some(Self::REMOVE) => Ok(Self::Remove),
            Some(id) if members.iter().any(|m| m == id) => Ok(Self::HandOver(id.to_owned())),
            Some(_) => Err(Invalid::UnknownChoice),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised() {
        assert_eq!(
            Email::parse("  Anna.Schmidt@Example.ORG ")
                .unwrap()
                .as_str(),
            "anna.schmidt@example.org"
        );
        assert!(Email::parse("jürgen@münchen.de").is_ok());
    }

    #[test]
    fn malformed_emails_are_rejected() {
        for bad in [
            "",
            "plain",
            "@example.org",
            "anna@",
            "anna@localhost",
            "anna@@example.org",
            "an na@example.org",
            "anna@exa mple.org",
            "anna..b@example.org",
            "<script>@example.org",
            "anna@example..org",
            "x'; DROP TABLE users;--@example.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be rejected");
        }
        assert_eq!(Email::parse(""), Err(Invalid::Required));
        let long = format!("{}@example.org", "a".repeat(250));
        assert!(Email::parse(&long).is_err());
    }

    #[test]
    fn password_policy() {
        let email = Email::parse("anna.schmidt@example.org").unwrap();
        assert_eq!(
            Password::parse("short", Some(&email)),
            Err(Invalid::TooShort { min: 10 })
        );
        assert_eq!(
            Password::parse("          ", None),
            Err(Invalid::TooShort { min: 10 })
        );
        assert!(Password::parse("correct horse battery", Some(&email)).is_ok());
        assert!(
            Password::parse(&"ä".repeat(10), None).is_ok(),
            "counts characters"
        );
        assert!(Password::parse(&"x".repeat(129), None).is_err());
        assert_eq!(
            Password::parse("Anna.Schmidt2024!", Some(&email)),
            Err(Invalid::PasswordContainsEmail)
        );
        assert_eq!(Password::parse("", None), Err(Invalid::Required));
    }

    #[test]
    fn password_debug_does_not_leak() {
        let p = Password::parse("correct horse battery", None).unwrap();
        assert!(!format!("{p:?}").contains("horse"));
    }
}

/// Registration needs the terms of use accepted: the form's checkbox, ticked (`on`).
pub fn accept_terms(ticked: Option<&str>) -> Result<(), Invalid> {
    match ticked.map(str::trim) {
        Some("on" | "yes" | "true") => Ok(()),
        _ => Err(Invalid::TermsNotAccepted),
    }
}

#[cfg(test)]
mod consent_tests {
    use super::*;

    #[test]
    fn only_a_ticked_box_accepts_the_terms() {
        assert_eq!(accept_terms(Some("on")), Ok(()));
        for not in [None, Some(""), Some("off"), Some("no")] {
            assert_eq!(accept_terms(not), Err(Invalid::TermsNotAccepted));
        }
    }

    #[test]
    fn an_ideas_fate_is_a_member_of_its_group_or_its_removal() {
        let members = ["m1".to_owned(), "m2".to_owned()];
        assert_eq!(
            IdeaFate::parse(Some("m2"), &members),
            Ok(IdeaFate::HandOver("m2".into()))
        );
        assert_eq!(
            IdeaFate::parse(Some(" remove "), &members),
            Ok(IdeaFate::Remove)
        );
        assert_eq!(IdeaFate::parse(None, &members), Err(Invalid::Required));
        assert_eq!(IdeaFate::parse(Some(""), &members), Err(Invalid::Required));
        // Someone outside the group cannot be handed the idea.
        assert_eq!(
            IdeaFate::parse(Some("stranger"), &members),
            Err(Invalid::UnknownChoice)
        );
    }
}

/// Who is asking, as the access rules see it (the server's `backend::Viewer` makes it):
/// a visitor, an account whose address is not confirmed yet (its own things only), or a
/// member of the community.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caller {
    Visitor,
    Unconfirmed(uuid::Uuid),
    Member(uuid::Uuid),
}

impl Caller {
    /// The account, confirmed or not.
    pub fn id(self) -> Option<uuid::Uuid> {
        match self {
            Caller::Unconfirmed(id) | Caller::Member(id) => Some(id),
            Caller::Visitor => None,
        }
    }

    pub fn is_member(self) -> bool {
        matches!(self, Caller::Member(_))
    }
}
