//! What the contest feature's choices and events are called, in the page's language.

use crate::domain::*;
use crate::i18n::*;
use crate::texts::is_one;

/// How long until `until`, in the two largest units: "3 days 4 hours", "5 hours 10 minutes",
/// "less than a minute".
pub fn countdown(
    l: Locale,
    now: chrono::DateTime<chrono::Utc>,
    until: chrono::DateTime<chrono::Utc>,
) -> String {
    let secs = (until - now).num_seconds().max(0);
    let (days, hours, minutes) = (secs / 86_400, secs % 86_400 / 3_600, secs % 3_600 / 60);
    let (days, hours, minutes) = (days as u64, hours as u64, minutes as u64);
    let d = || match is_one(l, days) {
        true => td_string!(l, date.days_1, count = days).to_string(),
        false => td_string!(l, date.days_n, count = days).to_string(),
    };
    let h = || match is_one(l, hours) {
        true => td_string!(l, date.hours_1, count = hours).to_string(),
        false => td_string!(l, date.hours_n, count = hours).to_string(),
    };
    let m = || match is_one(l, minutes) {
        true => td_string!(l, date.minutes_1, count = minutes).to_string(),
        false => td_string!(l, date.minutes_n, count = minutes).to_string(),
    };
    if days > 0 {
        format!("{} {}", d(), h())
    } else if hours > 0 {
        format!("{} {}", h(), m())
    } else if minutes > 0 {
        m()
    } else {
        td_string!(l, date.under_a_minute).to_string()
    }
}

pub fn call_kind(l: Locale, k: CallKind) -> &'static str {
    match k {
        CallKind::Contest => td_string!(l, choice.contest),
        CallKind::Funding => td_string!(l, choice.funding),
    }
}

pub fn phase(l: Locale, p: Phase) -> &'static str {
    match p {
        Phase::Upcoming => td_string!(l, calls.upcoming),
        Phase::Open => td_string!(l, calls.open),
        Phase::Jury => td_string!(l, calls.jury),
        Phase::Decided => td_string!(l, calls.decided),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339(s)
            .expect("timestamp")
            .with_timezone(&chrono::Utc)
    }

    #[test]
    fn a_countdown_names_what_is_left_in_the_language() {
        let deadline = at("2027-03-31T23:30:00Z");
        let now = at("2027-03-28T21:00:00Z");
        assert_eq!(countdown(Locale::en, now, deadline), "3 days 2 hours");
        assert_eq!(
            countdown(
                Locale::de,
                deadline - chrono::Duration::minutes(61),
                deadline
            ),
            "1 Stunde 1 Minute"
        );
        assert_eq!(
            countdown(Locale::en, deadline, deadline),
            "less than a minute"
        );

        assert_eq!(
            countdown(
                Locale::en,
                chrono::DateTime::UNIX_EPOCH,
                chrono::DateTime::UNIX_EPOCH + chrono::Duration::hours(25)
            ),
            "1 day 1 hour"
        );
    }
}
