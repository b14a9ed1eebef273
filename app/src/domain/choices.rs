use super::Invalid;
use serde::{Deserialize, Serialize};

/// A closed set of choices stored by a stable key, declared beside the rules of its feature
/// (`choice!` is used across `domain`); this file keeps the ones several features share.
/// Labels live in the locale files (`texts.rs`, each feature's `labels.rs`), so each
/// language shows its own. On the server each is also a sea-orm
/// active enum: the column holds the key, and a stored value that is not one of the keys
/// is a database error, never a silent default.
macro_rules! choice {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $key:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        #[cfg_attr(feature = "ssr", sea_orm(rs_type = "String", db_type = "Text"))]
        pub enum $name {
            $(
                #[cfg_attr(feature = "ssr", sea_orm(string_value = $key))]
                $variant
            ),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            pub fn parse(raw: &str) -> Result<Self, Invalid> {
                match raw.trim() {
                    $($key => Ok($name::$variant),)+
                    "" => Err(Invalid::Required),
                    _ => Err(Invalid::UnknownChoice),
                }
            }
        }
    };
}
pub(crate) use choice;

choice!(
    /// The kinds of organisation the platform brings together (from the seed description).
    OrganisationType {
        Municipality = "municipality",
        Sme = "sme",
        PublicAdministration = "public_administration",
        TradeUnion = "trade_union",
        Association = "association",
        Startup = "startup",
        Research = "research",
        CivilSociety = "civil_society",
        Other = "other",
    }
);

choice!(
    /// How far an idea has come.
    Maturity {
        RoughIdea = "rough_idea",
        ConcreteProposal = "concrete_proposal",
    }
);

choice!(
    /// Whether an idea is the author's private draft, visible in the market, or held by
    /// moderation (out of every public list until an admin restores it; its owner and
    /// group still see it).
    IdeaStatus {
        Draft = "draft",
        Published = "published",
        Held = "held",
    }
);

choice!(
    /// The language an idea or a profile is written in (the interface languages, for now).
    ContentLanguage {
        German = "de",
        English = "en",
    }
);

choice!(
    /// How a tag is linked to a profile or an idea.
    TagKind {
        Topic = "topic",
        // Expertise wanted: nice to have (sought) or a must-have (required).
        Sought = "sought",
        Required = "required",
        Interest = "interest",
        Offered = "offered",
    }
);

choice!(
    /// What a dismissed matching suggestion was.
    MatchTarget {
        Person = "person",
        Idea = "idea",
    }
);

choice!(
    /// What an admin did, as the audit log records it.
    AuditAction {
        RoleChanged = "role_changed",
        Suspended = "suspended",
        Reinstated = "reinstated",
        ReportsDismissed = "reports_dismissed",
        ContentHidden = "content_hidden",
        CallSaved = "call_saved",
        WorkshopSaved = "workshop_saved",
        JurorAppointed = "juror_appointed",
        JurorDismissed = "juror_dismissed",
        WinnerSet = "winner_set",
        FeedbackRead = "feedback_read",
    }
);

impl ContentLanguage {
    /// The language's own name, the same in every interface language (shown with `lang`).
    pub fn endonym(self) -> &'static str {
        match self {
            ContentLanguage::German => "Deutsch",
            ContentLanguage::English => "English",
        }
    }
}

choice!(
    /// What a member may do beyond their own content. Admins are appointed by the server's
    /// command line (`server admin grant <email>`), never through the web.
    UserRole {
        Member = "member",
        Admin = "admin",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_round_trips_through_its_key() {
        for t in OrganisationType::ALL {
            assert_eq!(OrganisationType::parse(t.key()), Ok(*t));
        }
        for m in Maturity::ALL {
            assert_eq!(Maturity::parse(m.key()), Ok(*m));
        }
        assert_eq!(OrganisationType::ALL.len(), 9);
    }

    #[test]
    fn unknown_choices_are_rejected() {
        assert_eq!(Maturity::parse("finished"), Err(Invalid::UnknownChoice));
        assert_eq!(Maturity::parse(""), Err(Invalid::Required));
        assert_eq!(
            OrganisationType::parse("' OR 1=1 --"),
            Err(Invalid::UnknownChoice)
        );
    }
}
