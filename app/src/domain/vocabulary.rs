//! The curated vocabulary: topics and kinds of expertise as concepts with a German and an
//! English label and common synonyms. On a bilingual platform "Vergaberecht" and "Public
//! procurement" are one thing: a tag typed as any of a concept's words is stored as the
//! concept (`Tag::parse`), so matching and search meet across languages, and every member
//! reads the concept in their own language. Words that are no concept stay free tags.

use std::collections::HashMap;
use std::sync::LazyLock;

pub struct Concept {
    /// The concept's tag slug (stable: stored and in URLs).
    pub slug: &'static str,
    pub de: &'static str,
    pub en: &'static str,
    /// Other words for it, in either language.
    pub also: &'static [&'static str],
}

impl Concept {
    /// The label in a language ("de" or "en").
    pub fn label(&self, lang: &str) -> &'static str {
        if lang == "de" { self.de } else { self.en }
    }
}

macro_rules! concepts {
    ($( $slug:literal: $de:literal / $en:literal $(, $also:literal)* ;)*) => {
        &[$(Concept { slug: $slug, de: $de, en: $en, also: &[$($also),*] }),*]
    };
}

pub const CONCEPTS: &[Concept] = concepts! {
    "public-administration": "Verwaltung" / "Public administration", "Öffentliche Verwaltung", "Verwaltungsprozesse", "Administration";
    "public-services": "Öffentliche Dienstleistungen" / "Public services", "Bürgerservice", "Daseinsvorsorge";
    "public-procurement": "Vergaberecht" / "Public procurement", "Vergabe", "Öffentliche Beschaffung", "Procurement", "Beschaffung";
    "mobility": "Mobilität" / "Mobility", "Verkehr", "Transport";
    "open-data": "Offene Daten" / "Open Data", "Open Government Data";
    "language": "Sprache" / "Language", "Sprachtechnologie", "Natural language processing", "NLP";
    "accessibility": "Barrierefreiheit" / "Accessibility", "Barrierearmut", "A11y";
    "inclusion": "Inklusion" / "Inclusion", "Teilhabe";
    "work": "Arbeit" / "Work", "Arbeitswelt", "Future of work";
    "climate-protection": "Klimaschutz" / "Climate protection", "Klima", "Climate";
    "environment": "Umwelt" / "Environment", "Umweltschutz";
    "participation": "Bürgerbeteiligung" / "Participation", "Beteiligung", "Partizipation", "Civic participation";
    "ethics": "Ethik" / "Ethics", "KI-Ethik", "AI ethics";
    "fairness": "Fairness" / "Fairness", "Algorithmic fairness", "Bias";
    "explainable-ai": "Erklärbare KI" / "Explainable AI", "XAI", "Erklärbarkeit";
    "care": "Pflege" / "Care", "Altenpflege", "Nursing";
    "social-services": "Soziale Dienste" / "Social services", "Sozialwesen";
    "social-work": "Soziale Arbeit" / "Social work", "Sozialarbeit";
    "data-protection": "Datenschutz" / "Data protection", "Privacy", "DSGVO", "GDPR", "Privatsphäre";
    "machine-learning": "Maschinelles Lernen" / "Machine Learning", "ML";
    "data-engineering": "Datenaufbereitung" / "Data engineering", "Datenengineering";
    "co-determination": "Mitbestimmung" / "Co-determination", "Betriebsrat", "Works council";
    "further-training": "Weiterbildung" / "Further training", "Fortbildung", "Qualifizierung", "Upskilling";
    "software-development": "Softwareentwicklung" / "Software development", "Programmierung";
    "ux-research": "UX-Forschung" / "UX research", "Nutzerforschung", "User research";
    "education": "Bildung" / "Education";
    "health": "Gesundheit" / "Health", "Gesundheitswesen", "Healthcare";
    "energy": "Energie" / "Energy", "Energiewende";
};

/// A label's slug: letters and digits, everything else folded into "-" (how tags are
/// identified, so "Open Data" and "open data" are one).
pub fn slug_of(label: &str) -> String {
    let mut slug = String::new();
    for c in label.to_lowercase().chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// Every word's slug → its concept.
static BY_WORD: LazyLock<HashMap<String, &'static Concept>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for c in CONCEPTS {
        map.insert(c.slug.to_owned(), c);
        for word in [c.de, c.en].iter().chain(c.also) {
            map.insert(slug_of(word), c);
        }
    }
    map
});

/// The concept a tag's slug names, by any of its words.
pub fn concept_of(slug: &str) -> Option<&'static Concept> {
    BY_WORD.get(slug).copied()
}

/// The slug a tag is stored under: its concept's, else its own.
pub fn canonical(slug: &str) -> &str {
    concept_of(slug).map_or(slug, |c| c.slug)
}

/// The slugs other than the concept's own that name a concept (what older tags may hold).
pub fn synonyms() -> impl Iterator<Item = (String, &'static Concept)> {
    BY_WORD
        .iter()
        .filter(|(slug, c)| slug.as_str() != c.slug)
        .map(|(slug, c)| (slug.clone(), *c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_names_one_concept() {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for c in CONCEPTS {
            assert_eq!(slug_of(c.slug), c.slug, "a concept's slug is a slug");
            for word in [c.slug, c.de, c.en].iter().chain(c.also) {
                let s = slug_of(word);
                if let Some(other) = seen.insert(s.clone(), c.slug) {
                    assert_eq!(other, c.slug, "{word:?} names two concepts");
                }
            }
        }
    }

    #[test]
    fn both_languages_and_synonyms_meet_in_one_concept() {
        let c = concept_of(&slug_of("Vergaberecht")).unwrap();
        assert_eq!(c.slug, "public-procurement");
        assert_eq!(
            concept_of(&slug_of("public procurement")).unwrap().slug,
            c.slug
        );
        assert_eq!(c.label("de"), "Vergaberecht");
        assert_eq!(c.label("en"), "Public procurement");
        assert_eq!(canonical("dsgvo"), "data-protection");
        assert_eq!(
            canonical("lastenrad"),
            "lastenrad",
            "a free tag stays itself"
        );
    }
}
