//! The one place that turns text into search terms, for documents and queries alike and
//! on both databases: lower case, words of letters and digits, the Snowball stem of the
//! text's language, then accents folded ("Städte" → "stadt", "Straße" → "strass").
//! Both engines index these terms with no stemming of their own (FTS5 `unicode61`,
//! PostgreSQL `simple`), so SQLite and PostgreSQL find exactly the same things.

use crate::domain::ContentLanguage;
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

static GERMAN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::German));
static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// A query never looks for more terms than this (a 10,000-character query is cut, not
/// refused); a term is at most this long.
pub const MAX_QUERY_TERMS: usize = 12;
const MAX_TERM_CHARS: usize = 40;

fn stemmer(language: ContentLanguage) -> &'static Stemmer {
    match language {
        ContentLanguage::German => &GERMAN,
        ContentLanguage::English => &ENGLISH,
    }
}

/// Words: runs of letters and digits, lower-cased; everything else separates them, so no
/// character of a query ever reaches an engine's query syntax.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

/// Removes accents and umlauts after stemming (the German stemmer needs to see them).
fn fold(word: &str) -> String {
    word.replace('ß', "ss")
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .filter(|c| c.is_alphanumeric())
        .take(MAX_TERM_CHARS)
        .collect()
}

/// One word's term in a language.
pub fn term(word: &str, language: ContentLanguage) -> String {
    fold(&stemmer(language).stem(&word.replace('ß', "ss")))
}

/// A document's text as space-separated terms, stemmed in the document's language.
pub fn document(language: ContentLanguage, parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        for w in words(part) {
            let t = term(&w, language);
            if !t.is_empty() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&t);
            }
        }
    }
    out
}

/// A parsed query: each word may match any of its stems (the searcher's words may be in
/// either language), all words must match, the last one also as a prefix (typing "Verwal"
/// finds "Verwaltung").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub words: Vec<Vec<String>>,
    pub last_is_prefix: bool,
}

impl Query {
    /// `None` for a query without any word (empty, or punctuation only).
    pub fn parse(raw: &str) -> Option<Self> {
        let mut out: Vec<Vec<String>> = Vec::new();
        for w in words(raw).take(MAX_QUERY_TERMS) {
            let mut alternatives: Vec<String> = Vec::new();
            for l in ContentLanguage::ALL {
                let t = term(&w, *l);
                if !t.is_empty() && !alternatives.contains(&t) {
                    alternatives.push(t);
                }
            }
            if !alternatives.is_empty() && !out.contains(&alternatives) {
                out.push(alternatives);
            }
        }
        // A word being typed: only a prefix of three or more letters narrows usefully.
        let last_is_prefix = !raw.ends_with(char::is_whitespace)
            && out
                .last()
                .is_some_and(|a| a.iter().all(|t| t.chars().count() >= 3));
        (!out.is_empty()).then_some(Self {
            words: out,
            last_is_prefix,
        })
    }

    /// SQLite FTS5 syntax; every term is quoted (terms hold letters and digits only).
    /// `column` restricts the match to one column (anonymous visitors: the public text).
    pub fn fts5(&self, column: Option<&str>) -> String {
        let n = self.words.len();
        let groups: Vec<String> = self
            .words
            .iter()
            .enumerate()
            .map(|(i, alts)| {
                let star = if self.last_is_prefix && i + 1 == n {
                    " *"
                } else {
                    ""
                };
                let alts: Vec<String> = alts.iter().map(|t| format!("\"{t}\"{star}")).collect();
                format!("({})", alts.join(" OR "))
            })
            .collect();
        let expr = groups.join(" AND ");
        match column {
            Some(c) => format!("{{{c}}} : ({expr})"),
            None => expr,
        }
    }

    /// PostgreSQL `to_tsquery('simple', …)` syntax.
    pub fn tsquery(&self) -> String {
        let n = self.words.len();
        self.words
            .iter()
            .enumerate()
            .map(|(i, alts)| {
                let suffix = if self.last_is_prefix && i + 1 == n {
                    ":*"
                } else {
                    ""
                };
                let alts: Vec<String> = alts.iter().map(|t| format!("{t}{suffix}")).collect();
                format!("({})", alts.join(" | "))
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }

    /// Every term of the query, for comparing texts (see `similarity`).
    pub fn terms(&self) -> impl Iterator<Item = &String> {
        self.words.iter().flatten()
    }
}

/// How alike two texts are, from 0 to 1: the Dice coefficient of their sets of terms. The
/// one measure "similar ideas" uses on both databases, whatever index found the candidates.
pub fn similarity(a: &str, b: &str) -> f32 {
    use std::collections::HashSet;
    let a: HashSet<&str> = a.split(' ').filter(|t| t.len() > 2).collect();
    let b: HashSet<&str> = b.split(' ').filter(|t| t.len() > 2).collect();
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let shared = a.intersection(&b).count();
    2.0 * shared as f32 / (a.len() + b.len()) as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use ContentLanguage::{English, German};

    fn finds(query: &str, language: ContentLanguage, text: &str) -> bool {
        let doc = document(language, &[text]);
        let terms: Vec<&str> = doc.split(' ').collect();
        let q = Query::parse(&format!("{query} ")).unwrap();
        q.words
            .iter()
            .all(|alts| alts.iter().any(|t| terms.contains(&t.as_str())))
    }

    #[test]
    fn german_inflections_meet_at_one_stem() {
        assert!(finds("Städte", German, "KI für die Stadt"));
        assert!(finds("Stadt", German, "Smarte Städte"));
        assert!(finds("Verwaltungen", German, "Digitale Verwaltung"));
        assert!(finds("strasse", German, "Sichere Straße"));
        assert!(finds("Straße", German, "Strassenverkehr in der Strasse"));
        assert!(!finds("Verkehr", German, "Digitale Verwaltung"));
    }

    #[test]
    fn english_plurals_and_forms_meet_at_one_stem() {
        assert!(finds("cities", English, "A smart city"));
        assert!(finds("municipality", English, "Tools for municipalities"));
        assert!(finds("volunteering", English, "Volunteers wanted"));
        assert!(!finds("cities", English, "Public transport"));
    }

    #[test]
    fn a_word_may_be_searched_in_the_other_language() {
        // The searcher does not say which language the query is in: both stems count.
        assert!(finds("Städte", English, "Städte und Gemeinden"));
        assert!(finds("cities", German, "Smart cities für alle"));
    }

    #[test]
    fn query_syntax_never_reaches_the_engine() {
        for raw in [r#""*:()-^"#, "%", "_", "\"", "   "] {
            assert_eq!(Query::parse(raw), None, "{raw}");
        }
        let q = Query::parse(r#"NEAR(a b) OR "KI" AND -x* ^y"#).unwrap();
        let fts = q.fts5(Some("public_text"));
        assert!(fts.starts_with("{public_text} : ("));
        // Operators typed by the user are terms now, quoted like any other word.
        assert!(fts.contains("(\"near\")"));
        assert!(fts.contains("(\"or\")"));
        assert!(!q.tsquery().contains(['"', '\'', '!', '<']));
    }

    #[test]
    fn long_queries_are_cut_to_a_few_terms() {
        let q = Query::parse(&"Verwaltung Stadt ".repeat(5_000)).unwrap();
        assert_eq!(q.words.len(), 2, "repeated words count once");
        let q = Query::parse(&(0..1000).map(|i| format!("w{i} ")).collect::<String>()).unwrap();
        assert_eq!(q.words.len(), MAX_QUERY_TERMS);
    }

    #[test]
    fn the_last_word_is_a_prefix_while_it_is_being_typed() {
        let q = Query::parse("digitale Verwal").unwrap();
        assert!(q.last_is_prefix);
        assert!(q.fts5(None).ends_with("\"verwal\" *)"));
        assert!(q.tsquery().ends_with("verwal:*)"));
        assert!(!Query::parse("digitale Verwaltung ").unwrap().last_is_prefix);
    }

    #[test]
    fn similarity_is_one_for_the_same_text_and_zero_for_unrelated() {
        let a = document(
            German,
            &["KI-Assistent für Bürgeranfragen in der Verwaltung"],
        );
        let b = document(
            German,
            &["Ein KI-Assistent beantwortet Bürgeranfragen der Verwaltungen"],
        );
        let c = document(German, &["Radwege zählen mit Sensoren"]);
        assert!((similarity(&a, &a) - 1.0).abs() < f32::EPSILON);
        assert!(similarity(&a, &b) > 0.5, "{}", similarity(&a, &b));
        assert!(similarity(&a, &c) < 0.1);
        assert_eq!(similarity("", &a), 0.0);
    }
}
