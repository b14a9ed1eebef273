use super::Invalid;
use serde::{Deserialize, Serialize};

/// A closed set of choices stored by a stable key and shown by a label.
macro_rules! choice {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $key:literal : $label:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
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

choice!(
    /// The kinds of organisation the platform brings together (from the seed description).
    OrganisationType {
        Municipality = "municipality": "Municipality",
        Sme = "sme": "SME",
        PublicAdministration = "public_administration": "Public administration",
        TradeUnion = "trade_union": "Trade union",
        Association = "association": "Association / NGO",
        Startup = "startup": "Start-up",
        Research = "research": "Research",
        CivilSociety = "civil_society": "Civil society / individual",
        Other = "other": "Other",
    }
);

choice!(
    /// How far an idea has come.
    Maturity {
        RoughIdea = "rough_idea": "Rough idea",
        ConcreteProposal = "concrete_proposal": "Concrete proposal",
    }
);

choice!(
    /// Whether an idea is the author's private draft or visible in the market.
    IdeaStatus {
        Draft = "draft": "Draft",
        Published = "published": "Published",
    }
);

choice!(
    /// The language an idea is written in (the interface languages, for now).
    ContentLanguage {
        German = "de": "Deutsch",
        English = "en": "English",
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
