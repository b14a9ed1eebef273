//! Messages built from data in the interface language: errors, choices and dates. The
//! domain and error types stay language-free (their Display is English, for logs); what a
//! person reads comes from here.

use crate::domain::time_zone;
use crate::domain::{CallField, Criterion, Invalid, Maturity, OrganisationType, Refusal};
use crate::domain::{
    CommentRefusal, ContactRefusal, ContestRefusal, GroupRefusal, JuryRefusal, ModerationRefusal,
    ShowcaseRefusal, WorkshopRefusal,
};
use crate::error::AppError;
use crate::i18n::*;

/// The language the page is rendered in (fixed for a page: switching reloads it).
pub fn locale() -> Locale {
    use_i18n().get_locale_untracked()
}

pub fn invalid(l: Locale, e: &Invalid) -> String {
    match e {
        Invalid::Required => td_string!(l, invalid.required).to_string(),
        Invalid::TooLong { max, actual } => td_string!(
            l,
            invalid.too_long,
            max = number(l, *max as u64),
            actual = number(l, *actual as u64)
        )
        .to_string(),
        Invalid::TooShort { min } => {
            td_string!(l, invalid.too_short, min = number(l, *min as u64)).to_string()
        }
        Invalid::TooComplex { max } => {
            td_string!(l, invalid.too_complex, max = number(l, *max as u64)).to_string()
        }
        Invalid::TooLarge { max_kib } => {
            td_string!(l, invalid.too_large, max = number(l, *max_kib as u64)).to_string()
        }
        Invalid::ControlCharacters => td_string!(l, invalid.control).to_string(),
        Invalid::Email => td_string!(l, invalid.email).to_string(),
        Invalid::PasswordContainsEmail => {
            td_string!(l, invalid.password_contains_email).to_string()
        }
        Invalid::UnknownChoice => td_string!(l, invalid.unknown_choice).to_string(),
        Invalid::TooManyTags { max } => {
            td_string!(l, invalid.too_many_tags, max = *max).to_string()
        }
        Invalid::BadTag { tag } => td_string!(l, invalid.bad_tag, tag = tag).to_string(),
        Invalid::WrongPassword => td_string!(l, invalid.wrong_password).to_string(),
        Invalid::PasswordsDiffer => td_string!(l, invalid.passwords_differ).to_string(),
        Invalid::SameEmail => td_string!(l, invalid.same_email).to_string(),
        Invalid::TermsNotAccepted => td_string!(l, invalid.terms).to_string(),
        Invalid::Unresolved => td_string!(l, invalid.unresolved).to_string(),
        Invalid::DateTime => td_string!(l, invalid.date_time).to_string(),
        Invalid::NoSuchTime => td_string!(l, invalid.no_such_time).to_string(),
        Invalid::NotAfterPrevious => td_string!(l, invalid.not_after_previous).to_string(),
        Invalid::Amount => td_string!(l, invalid.amount).to_string(),
        Invalid::OutOfScale => td_string!(l, invalid.out_of_scale).to_string(),
        Invalid::NoSuchMember => td_string!(l, invalid.no_such_member).to_string(),
        Invalid::Link => td_string!(l, invalid.link).to_string(),
        Invalid::Capacity { max } => {
            td_string!(l, invalid.capacity, max = number(l, (*max).max(0) as u64)).to_string()
        }
        Invalid::BelowTaken { taken } => td_string!(
            l,
            invalid.below_taken,
            taken = number(l, (*taken).max(0) as u64)
        )
        .to_string(),
        Invalid::OverMax { max_cents } => {
            td_string!(l, invalid.over_max, max = prize(l, *max_cents)).to_string()
        }
    }
}

pub fn error(l: Locale, e: &AppError) -> String {
    match e {
        AppError::Invalid(fields) => {
            let mut out = td_string!(l, error.invalid).to_string();
            for f in &fields.0 {
                out.push(' ');
                out.push_str(&invalid(l, &f.error));
            }
            out
        }
        AppError::Unauthenticated => td_string!(l, error.unauthenticated).to_string(),
        AppError::Unverified => td_string!(l, error.unverified).to_string(),
        AppError::Forbidden => td_string!(l, error.forbidden).to_string(),
        AppError::NotFound => td_string!(l, error.not_found).to_string(),
        AppError::BadCredentials => td_string!(l, error.bad_credentials).to_string(),
        AppError::BadToken => td_string!(l, error.bad_token).to_string(),
        AppError::Stale => td_string!(l, error.stale).to_string(),
        AppError::GroupsChanged => td_string!(l, error.groups_changed).to_string(),
        AppError::BadRequest => td_string!(l, error.bad_request).to_string(),
        AppError::TooManyRequests { retry_after_secs } => {
            let secs = *retry_after_secs;
            let (secs, mins) = (secs.max(1), secs.div_ceil(60));
            match (secs < 90, is_one(l, if secs < 90 { secs } else { mins })) {
                (true, true) => td_string!(l, error.too_many_seconds_1).to_string(),
                (true, false) => td_string!(l, error.too_many_seconds_n, count = secs).to_string(),
                (false, true) => td_string!(l, error.too_many_minutes_1).to_string(),
                (false, false) => td_string!(l, error.too_many_minutes_n, count = mins).to_string(),
            }
        }
        AppError::Refused(r) => refusal(l, *r).to_string(),
        AppError::Offline => td_string!(l, error.offline).to_string(),
        AppError::Internal => td_string!(l, error.internal).to_string(),
        AppError::Unavailable => td_string!(l, error.unavailable).to_string(),
    }
}

/// Why a well-formed request was refused, for any feature's refusal.
pub fn refusal(l: Locale, r: impl Into<Refusal>) -> &'static str {
    match r.into() {
        Refusal::Contact(r) => match r {
            ContactRefusal::Yourself => td_string!(l, refusal.yourself),
            ContactRefusal::NotAccepting => td_string!(l, refusal.not_accepting),
            ContactRefusal::Pending => td_string!(l, refusal.pending),
            ContactRefusal::Connected => td_string!(l, refusal.connected),
            ContactRefusal::Answered => td_string!(l, refusal.answered),
            ContactRefusal::Blocked => td_string!(l, refusal.blocked),
            ContactRefusal::DailyLimit => td_string!(l, refusal.daily_limit),
        },
        Refusal::Group(r) => match r {
            GroupRefusal::GroupFull => td_string!(l, refusal.group_full),
            GroupRefusal::AlreadyMember => td_string!(l, refusal.already_member),
            GroupRefusal::Invited => td_string!(l, refusal.invited),
            GroupRefusal::Expired => td_string!(l, refusal.expired),
            GroupRefusal::Withdrawn => td_string!(l, refusal.withdrawn),
            GroupRefusal::OwnerStays => td_string!(l, refusal.owner_stays),
        },
        Refusal::Comment(r) => match r {
            CommentRefusal::NotPublished => td_string!(l, refusal.not_published),
            CommentRefusal::CommentDeleted => td_string!(l, refusal.comment_deleted),
        },
        Refusal::Contest(r) => match r {
            ContestRefusal::CallNotOpen => td_string!(l, refusal.call_not_open),
            ContestRefusal::CallClosed => td_string!(l, refusal.call_closed),
            ContestRefusal::GroupSize => td_string!(l, refusal.group_size),
            ContestRefusal::AlreadyEntered => td_string!(l, refusal.already_entered),
            ContestRefusal::SubmissionChanged => td_string!(l, refusal.submission_changed),
            ContestRefusal::IdeaNotPublished => td_string!(l, refusal.idea_not_published),
        },
        Refusal::Showcase(r) => match r {
            ShowcaseRefusal::ProgressNotPublic => td_string!(l, refusal.progress_not_public),
        },
        Refusal::Workshop(r) => match r {
            WorkshopRefusal::WorkshopStarted => td_string!(l, refusal.workshop_started),
            WorkshopRefusal::WorkshopNotForYou => td_string!(l, refusal.workshop_not_for_you),
            WorkshopRefusal::AlreadySignedUp => td_string!(l, refusal.already_signed_up),
            WorkshopRefusal::NotSignedUp => td_string!(l, refusal.not_signed_up),
        },
        Refusal::Moderation(r) => match r {
            ModerationRefusal::Suspended => td_string!(l, refusal.suspended),
            ModerationRefusal::OwnContent => td_string!(l, refusal.own_content),
            ModerationRefusal::AlreadyReported => td_string!(l, refusal.already_reported),
            ModerationRefusal::Held => td_string!(l, refusal.held),
        },
        Refusal::Jury(r) => match r {
            JuryRefusal::JuryNotStarted => td_string!(l, refusal.jury_not_started),
            JuryRefusal::JuryClosed => td_string!(l, refusal.jury_closed),
            JuryRefusal::AlreadyJuror => td_string!(l, refusal.already_juror),
        },
    }
}

/// The headline of the error summary above a form.
pub fn error_summary(l: Locale, e: &AppError) -> String {
    match e {
        AppError::Invalid(_) => td_string!(l, error.summary_invalid).to_string(),
        other => error(l, other),
    }
}

pub fn organisation_type(l: Locale, t: OrganisationType) -> &'static str {
    match t {
        OrganisationType::Municipality => td_string!(l, choice.municipality),
        OrganisationType::Sme => td_string!(l, choice.sme),
        OrganisationType::PublicAdministration => td_string!(l, choice.public_administration),
        OrganisationType::TradeUnion => td_string!(l, choice.trade_union),
        OrganisationType::Association => td_string!(l, choice.association),
        OrganisationType::Startup => td_string!(l, choice.startup),
        OrganisationType::Research => td_string!(l, choice.research),
        OrganisationType::CivilSociety => td_string!(l, choice.civil_society),
        OrganisationType::Other => td_string!(l, choice.other),
    }
}

pub fn maturity(l: Locale, m: Maturity) -> &'static str {
    match m {
        Maturity::RoughIdea => td_string!(l, choice.rough_idea),
        Maturity::ConcreteProposal => td_string!(l, choice.concrete_proposal),
    }
}

/// "25 Nov 2026" / "25. Nov. 2026": the day in the platform's time zone.
pub fn date(l: Locale, ts: &chrono::DateTime<chrono::Utc>) -> String {
    day(l, ts.with_timezone(&time_zone::platform()).date_naive())
}

fn day(l: Locale, d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let months: &str = td_string!(l, date.months);
    let month = months
        .split(',')
        .nth(d.month0() as usize)
        .unwrap_or_default();
    td_string!(
        l,
        date.format,
        day = d.day(),
        month = month,
        year = d.year()
    )
    .to_string()
}

/// "25 Nov 2026, 14:05": when something happened (a message, a revision, an audit entry),
/// in the platform's time zone.
pub fn date_time(l: Locale, ts: &chrono::DateTime<chrono::Utc>) -> String {
    let local = ts.with_timezone(&time_zone::platform());
    td_string!(
        l,
        date.date_time,
        date = day(l, local.date_naive()),
        time = local.format("%H:%M").to_string()
    )
    .to_string()
}

/// "31 Mar 2027, 18:00 (Berlin time)" / "31. März 2027, 18:00 Uhr (Berlin)": a date that
/// people act by (a deadline, a workshop), with the zone named.
pub fn zoned_date_time(l: Locale, ts: &chrono::DateTime<chrono::Utc>) -> String {
    let zone = time_zone::platform();
    let local = ts.with_timezone(&zone);
    td_string!(
        l,
        date.zoned,
        date = day(l, local.date_naive()),
        time = local.format("%H:%M").to_string(),
        city = time_zone::city(zone)
    )
    .to_string()
}

/// The time zone's name for a form's hint: "Berlin (Europe/Berlin)".
pub fn zone_name() -> String {
    let zone = time_zone::platform();
    format!("{} ({})", time_zone::city(zone), zone.name())
}

/// A prize or budget: "20.000 €" / "€20,000" when whole, else with cents as `euros`.
pub fn prize(l: Locale, cents: i64) -> String {
    if cents % 100 != 0 {
        return euros(l, cents);
    }
    let whole = group(
        &(cents.unsigned_abs() / 100).to_string(),
        match l {
            Locale::de => '.',
            Locale::en => ',',
        },
    );
    let sign = if cents < 0 { "-" } else { "" };
    match l {
        Locale::de => format!("{sign}{whole} €"),
        Locale::en => format!("{sign}€{whole}"),
    }
}

pub fn call_field(l: Locale, f: CallField) -> &'static str {
    match f {
        CallField::Problem => td_string!(l, choice.problem),
        CallField::TargetGroup => td_string!(l, choice.target_group),
        CallField::AiUse => td_string!(l, choice.ai_use),
        CallField::CommonGood => td_string!(l, choice.common_good),
        CallField::DataEthics => td_string!(l, choice.data_ethics),
        CallField::Team => td_string!(l, choice.team),
        CallField::Plan => td_string!(l, choice.plan),
        CallField::Budget => td_string!(l, choice.budget),
    }
}

pub fn criterion(l: Locale, c: Criterion) -> &'static str {
    match c {
        Criterion::CommonGood => td_string!(l, criterion.common_good),
        Criterion::Innovation => td_string!(l, criterion.innovation),
        Criterion::Feasibility => td_string!(l, criterion.feasibility),
        Criterion::Responsibility => td_string!(l, criterion.responsibility),
    }
}

/// Whether `n` takes the language's "one" form ("1 idea", "eine Freigabe") rather than
/// "other" ("2 ideas"), by CLDR's plural rules (ICU4X). Texts with a count have both keys,
/// `…_1` and `…_n` (leptos_i18n reserves `_one`/`_other` for its own plural feature).
pub fn is_one(l: Locale, n: u64) -> bool {
    use icu_plurals::{PluralCategory, PluralRules};
    thread_local! {
        static RULES: [Option<PluralRules>; 2] = [
            PluralRules::try_new_cardinal(icu_locale_core::langid!("de").into()).ok(),
            PluralRules::try_new_cardinal(icu_locale_core::langid!("en").into()).ok(),
        ];
    }
    let i = match l {
        Locale::de => 0,
        Locale::en => 1,
    };
    RULES.with(|rules| match &rules[i] {
        Some(r) => r.category_for(n) == PluralCategory::One,
        None => n == 1,
    })
}

/// A whole number with the language's digit grouping: "12.500" in German, "12,500" in English.
pub fn number(l: Locale, n: u64) -> String {
    let sep = match l {
        Locale::de => '.',
        Locale::en => ',',
    };
    group(&n.to_string(), sep)
}

/// An amount in euros from cents: "1.234,50 €" in German, "€1,234.50" in English (the way
/// funding sums are written in each language).
pub fn euros(l: Locale, cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let (whole, rest) = (cents.unsigned_abs() / 100, cents.unsigned_abs() % 100);
    match l {
        Locale::de => format!("{sign}{},{rest:02} €", group(&whole.to_string(), '.')),
        Locale::en => format!("{sign}€{}.{rest:02}", group(&whole.to_string(), ',')),
    }
}

/// Inserts `sep` between groups of three digits, counted from the right.
fn group(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A page title: the page's name and the site's. leptos_meta writes <title> text
/// unescaped, so angle brackets in user text become look-alike quotation marks.
pub fn page_title(l: Locale, name: &str) -> String {
    format!(
        "{} · {}",
        name.replace('<', "‹").replace('>', "›"),
        td_string!(l, site.title_suffix)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::FieldErrors;

    fn keys(prefix: &str, v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    keys(&format!("{prefix}{k}."), v, out);
                }
            }
            _ => out.push(prefix.trim_end_matches('.').to_owned()),
        }
    }

    fn all_keys(json: &str) -> Vec<String> {
        let mut out = Vec::new();
        keys(
            "",
            &serde_json::from_str(json).expect("valid JSON"),
            &mut out,
        );
        out.sort();
        out
    }

    #[test]
    fn both_languages_have_every_key() {
        let de = all_keys(include_str!("../locales/de.json"));
        let en = all_keys(include_str!("../locales/en.json"));
        let missing_en: Vec<_> = de.iter().filter(|k| !en.contains(k)).collect();
        let missing_de: Vec<_> = en.iter().filter(|k| !de.contains(k)).collect();
        assert!(missing_en.is_empty(), "missing in en.json: {missing_en:?}");
        assert!(missing_de.is_empty(), "missing in de.json: {missing_de:?}");
    }

    #[test]
    fn messages_are_translated_with_their_values() {
        let e = Invalid::TooLong {
            max: 280,
            actual: 281,
        };
        assert_eq!(
            invalid(Locale::en, &e),
            "At most 280 characters, this has 281."
        );
        assert_eq!(
            invalid(Locale::de, &e),
            "Höchstens 280 Zeichen, hier sind es 281."
        );
        let form = AppError::Invalid(FieldErrors::single("teaser", e));
        assert_eq!(
            error_summary(Locale::de, &form),
            "Bitte korrigieren Sie die markierten Felder."
        );
        assert_eq!(
            error(Locale::en, &AppError::BadCredentials),
            "E-mail address or password is not correct."
        );
    }

    #[test]
    fn every_choice_has_a_label_in_both_languages() {
        for l in [Locale::de, Locale::en] {
            for t in OrganisationType::ALL {
                assert!(!organisation_type(l, *t).is_empty());
            }
        }
        assert_eq!(
            organisation_type(Locale::de, OrganisationType::Municipality),
            "Kommune"
        );
        assert_eq!(
            maturity(Locale::en, Maturity::ConcreteProposal),
            "Concrete proposal"
        );
    }

    #[test]
    fn times_are_in_the_platform_zone_and_calls_count_down() {
        let at = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .expect("timestamp")
                .with_timezone(&chrono::Utc)
        };
        // 23:30 UTC on 31 March is already 1 April in Berlin (summer time).
        let deadline = at("2027-03-31T23:30:00Z");
        assert_eq!(
            zoned_date_time(Locale::en, &deadline),
            "1 Apr 2027, 01:30 (Berlin time)"
        );
        assert_eq!(
            zoned_date_time(Locale::de, &deadline),
            "1. Apr. 2027, 01:30 Uhr (Berlin)"
        );
        // Everything else is in the same zone, unnamed: a message at 23:30 UTC is from
        // the next day in Berlin.
        assert_eq!(date_time(Locale::en, &deadline), "1 Apr 2027, 01:30");
        assert_eq!(date(Locale::de, &deadline), "1. Apr. 2027");
        for l in [Locale::de, Locale::en] {
            for f in CallField::ALL {
                assert!(!call_field(l, *f).is_empty());
            }
        }
    }

    #[test]
    fn dates_follow_the_language() {
        let ts = chrono::DateTime::parse_from_rfc3339("2026-03-05T10:00:00Z")
            .expect("timestamp")
            .with_timezone(&chrono::Utc);
        assert_eq!(date(Locale::en, &ts), "5 Mar 2026");
        assert_eq!(date(Locale::de, &ts), "5. März 2026");
    }

    #[test]
    fn counts_take_the_language_s_plural_form_and_grouping() {
        assert!(is_one(Locale::en, 1) && is_one(Locale::de, 1));
        assert!(!is_one(Locale::en, 0) && !is_one(Locale::de, 2));
        let wait = |secs| {
            error(
                Locale::en,
                &AppError::TooManyRequests {
                    retry_after_secs: secs,
                },
            )
        };
        assert!(wait(1).contains("wait a second"), "{}", wait(1));
        assert!(wait(30).contains("wait 30 seconds"));
        assert!(wait(120).contains("wait 2 minutes"));
        // Numbers in errors are grouped as in the hints.
        let e = Invalid::TooLong {
            max: 4000,
            actual: 4001,
        };
        assert_eq!(
            invalid(Locale::en, &e),
            "At most 4,000 characters, this has 4,001."
        );
        assert_eq!(
            invalid(Locale::de, &e),
            "Höchstens 4.000 Zeichen, hier sind es 4.001."
        );
    }

    #[test]
    fn numbers_and_euros_follow_the_language() {
        assert_eq!(number(Locale::de, 0), "0");
        assert_eq!(number(Locale::de, 999), "999");
        assert_eq!(number(Locale::de, 20_000), "20.000");
        assert_eq!(number(Locale::en, 1_234_567), "1,234,567");
        assert_eq!(euros(Locale::de, 123_450), "1.234,50 €");
        assert_eq!(prize(Locale::de, 2_000_000), "20.000 €");
        assert_eq!(prize(Locale::en, 2_000_000), "€20,000");
        assert_eq!(prize(Locale::en, 2_000_050), "€20,000.50");
        assert_eq!(euros(Locale::en, 123_450), "€1,234.50");
        assert_eq!(euros(Locale::de, 5), "0,05 €");
        assert_eq!(euros(Locale::en, -250_000_000), "-€2,500,000.00");
    }
}
