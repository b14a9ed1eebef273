use super::Invalid;
use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

/// Length as a person counts it: "ü" is one character whether it is stored composed or as
/// u + combining diaeresis, and 👍🏽 is one character although it is two code points.
pub fn grapheme_len(s: &str) -> usize {
    s.graphemes(true).count()
}

/// Line ends as one character each, the way a browser's textarea holds them.
fn normalized(raw: &str) -> String {
    raw.replace("\r\n", "\n").replace('\r', "\n")
}

/// The length a text is measured by: characters (grapheme clusters) of what is kept, without
/// the spaces and line ends around it. The live counter counts the same way.
pub fn counted_len(raw: &str) -> usize {
    grapheme_len(normalized(raw).trim())
}

/// Code points a text may hold per character of its limit. A person's character (grapheme)
/// is one to four code points (ü decomposed, 👍🏽, 🇩🇪); more is combining-mark padding. The
/// database columns are sized by this bound (varchar counts code points), so no length that
/// passes here can overflow them.
pub const CODE_POINTS_PER_CHARACTER: usize = 4;

/// Trims, normalises line endings, and enforces length and (for single-line fields) the
/// absence of line breaks and control characters.
fn bounded(raw: &str, min: usize, max: usize, multiline: bool) -> Result<String, Invalid> {
    // Cheap bound first (4 bytes per code point at most), before any per-character work.
    let max_code_points = max * CODE_POINTS_PER_CHARACTER;
    if raw.len() > max_code_points * 4 + 64 {
        return Err(Invalid::TooComplex {
            max: max_code_points,
        });
    }
    let value = normalized(raw);
    let value = value.trim();
    if value.chars().count() > max_code_points {
        return Err(Invalid::TooComplex {
            max: max_code_points,
        });
    }
    let bad_char = |c: char| c.is_control() && !(multiline && (c == '\n' || c == '\t'));
    if value.chars().any(bad_char) {
        return Err(Invalid::ControlCharacters);
    }
    let len = grapheme_len(value);
    if len == 0 && min > 0 {
        return Err(Invalid::Required);
    }
    if len < min {
        return Err(Invalid::TooShort { min });
    }
    if len > max {
        return Err(Invalid::TooLong { max, actual: len });
    }
    Ok(value.to_owned())
}

macro_rules! text_type {
    ($(#[$doc:meta])* $name:ident, $min:expr, $max:expr, $multiline:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub struct $name(String);

        impl $name {
            pub const MIN: usize = $min;
            pub const MAX: usize = $max;

            pub fn parse(raw: &str) -> Result<Self, Invalid> {
                bounded(raw, $min, $max, $multiline).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_inner(self) -> String {
                self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

text_type!(
    /// The name a member is known by on the platform.
    DisplayName, 2, 60, false
);
text_type!(
    /// An idea's title: one line, shown everywhere the idea appears.
    IdeaTitle, 3, 120, false
);
text_type!(
    /// The public part of an idea: what anyone may read, at most 280 characters.
    Teaser, 1, 280, true
);
text_type!(
    /// An idea's full description (Markdown), for members only.
    Description, 0, 20_000, true
);
text_type!(
    /// An optional one-line profile field (organisation, role, region).
    ShortText, 0, 120, false
);
text_type!(
    /// An optional multi-line profile field (bio, experience).
    LongText, 0, 2_000, true
);
text_type!(
    /// The note with a contact request: who one is and why one writes.
    RequestNote, 1, 1_000, true
);
text_type!(
    /// A comment on an idea, or a reply to one.
    CommentBody, 1, 4_000, true
);
text_type!(
    /// A call's title, in one language.
    CallTitle, 3, 120, false
);
text_type!(
    /// A call's description (Markdown), in one language: public.
    CallText, 1, 20_000, true
);
text_type!(
    /// A submission's answer to one of its call's questions.
    Answer, 0, 5_000, true
);
text_type!(
    /// A group's progress update on its idea (Markdown): public.
    ProgressText, 1, 2_000, true
);
text_type!(
    /// One answer of a successful failure's retrospective (Markdown): public.
    RetroText, 1, 4_000, true
);
text_type!(
    /// Where a workshop takes place: an address, or for an online one its meeting link.
    Place, 0, 500, false
);
text_type!(
    /// One message in a conversation.
    MessageBody, 1, 4_000, true
);
text_type!(
    /// Why a member reports content to the admins.
    ReportReason, 3, 1_000, true
);
text_type!(
    /// What someone tells the platform's admins through the feedback form.
    FeedbackText, 3, 4_000, true
);

impl FeedbackText {
    /// What a feedback may weigh, whatever its characters (anyone may send one).
    pub const MAX_BYTES: usize = 16 * 1024;

    /// `parse`, and at most `MAX_BYTES` of UTF-8.
    pub fn parse_sized(raw: &str) -> Result<Self, Invalid> {
        if raw.trim().len() > Self::MAX_BYTES {
            return Err(Invalid::TooLarge {
                max_kib: Self::MAX_BYTES / 1024,
            });
        }
        Self::parse(raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counter_counts_what_the_server_keeps() {
        assert_eq!(counted_len("  Hallo\r\nWelt \n"), 10);
        // 280 characters and a trailing space: the counter says 280, and the server agrees.
        let typed = format!("{} ", "a".repeat(280));
        assert_eq!(counted_len(&typed), 280);
        assert!(Teaser::parse(&typed).is_ok());
        let over = format!("{}\n", "ü".repeat(281));
        assert_eq!(counted_len(&over), 281);
        assert_eq!(
            Teaser::parse(&over),
            Err(Invalid::TooLong {
                max: 280,
                actual: 281
            })
        );
    }

    #[test]
    fn feedback_weighs_at_most_16_kib() {
        // 2,000 characters of ten bytes each (a letter and three accents): few enough
        // characters, too many bytes.
        let heavy = "𝔸\u{301}\u{302}\u{303}".repeat(2_000);
        assert!(FeedbackText::parse(&heavy).is_ok());
        assert_eq!(
            FeedbackText::parse_sized(&heavy),
            Err(Invalid::TooLarge { max_kib: 16 })
        );
        assert!(FeedbackText::parse_sized("Bitte mehr Workshops.").is_ok());
    }

    #[test]
    fn teaser_of_280_characters_is_accepted_and_281_rejected() {
        let ok = "a".repeat(280);
        assert_eq!(Teaser::parse(&ok).unwrap().as_str().len(), 280);
        assert_eq!(
            Teaser::parse(&"a".repeat(281)),
            Err(Invalid::TooLong {
                max: 280,
                actual: 281
            })
        );
    }

    #[test]
    fn teaser_counts_umlauts_and_emoji_as_one_character_each() {
        // 280 × "ü" is 560 bytes but 280 characters.
        let umlauts = "ü".repeat(280);
        assert!(Teaser::parse(&umlauts).is_ok());
        // Decomposed ü (u + U+0308) still counts as one character.
        let decomposed = "u\u{0308}".repeat(280);
        assert!(Teaser::parse(&decomposed).is_ok());
        // 👍🏽 is two code points, one character; 281 of them are too many.
        let thumbs = "👍🏽".repeat(280);
        assert!(Teaser::parse(&thumbs).is_ok());
        assert_eq!(
            Teaser::parse(&"👍🏽".repeat(281)),
            Err(Invalid::TooLong {
                max: 280,
                actual: 281
            })
        );
        assert_eq!(grapheme_len("Grüße 😀"), 7);
    }

    #[test]
    fn teaser_is_trimmed_and_required() {
        assert_eq!(Teaser::parse("  hi  ").unwrap().as_str(), "hi");
        assert_eq!(Teaser::parse("   "), Err(Invalid::Required));
        assert_eq!(Teaser::parse(""), Err(Invalid::Required));
    }

    #[test]
    fn single_line_fields_reject_line_breaks_and_control_characters() {
        assert_eq!(
            IdeaTitle::parse("Two\nlines"),
            Err(Invalid::ControlCharacters)
        );
        assert_eq!(
            DisplayName::parse("Bell\u{7}"),
            Err(Invalid::ControlCharacters)
        );
        assert!(Description::parse("para one\r\n\r\npara two").is_ok());
        assert_eq!(
            Description::parse("a\r\nb").unwrap().as_str(),
            "a\nb",
            "line endings are normalised"
        );
    }

    #[test]
    fn title_bounds() {
        assert_eq!(IdeaTitle::parse("AI"), Err(Invalid::TooShort { min: 3 }));
        assert!(IdeaTitle::parse(&"x".repeat(120)).is_ok());
        assert!(IdeaTitle::parse(&"x".repeat(121)).is_err());
    }

    #[test]
    fn markup_and_sql_are_kept_as_plain_text() {
        // Escaping is the renderer's job; the domain keeps what the user typed.
        let t = IdeaTitle::parse("<script>alert(1)</script>'; DROP TABLE ideas; --").unwrap();
        assert!(t.as_str().contains("DROP TABLE"));
    }

    #[test]
    fn combining_mark_padding_is_bounded_by_code_points() {
        // One visible character carrying 1,000 combining marks: 1 grapheme, 2 KB.
        let padded = format!("a{}", "\u{0301}".repeat(1_000));
        assert_eq!(grapheme_len(&padded), 1);
        assert_eq!(
            IdeaTitle::parse(&format!("Title {padded}")),
            Err(Invalid::TooComplex { max: 480 })
        );
        // Four code points per character are fine (flags, skin tones, decomposed umlauts).
        assert!(IdeaTitle::parse(&"🇩🇪".repeat(120)).is_ok());
        // A huge value is refused before it is counted.
        assert_eq!(
            Teaser::parse(&"x".repeat(256 * 1024)),
            Err(Invalid::TooComplex { max: 1_120 })
        );
    }

    #[test]
    fn optional_fields_may_be_empty() {
        assert_eq!(ShortText::parse("  ").unwrap().as_str(), "");
        assert_eq!(Description::parse("").unwrap().as_str(), "");
        assert!(LongText::parse(&"x".repeat(2_001)).is_err());
    }
}
