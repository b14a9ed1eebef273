//! The idea contest and project funding: a call's schedule (stored in UTC, entered and
//! shown in the platform's time zone), and when a group's submission may change and when it counts.
//! The server's clock decides every "now" here, never the browser's.

use super::JuryRefusal;
use super::choices::choice;
use super::{FieldErrors, Group, Invalid};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

choice!(
    /// What a call invites: ideas for the annual contest, or applications for project
    /// funding (for concepts further along).
    CallKind {
        Contest = "contest",
        Funding = "funding",
    }
);

choice!(
    /// A question a call's form may ask, beside the title, teaser and description every
    /// submission carries. `Budget` is a whole number of euros up to the call's maximum.
    CallField {
        Problem = "problem",
        TargetGroup = "target_group",
        AiUse = "ai_use",
        CommonGood = "common_good",
        DataEthics = "data_ethics",
        Team = "team",
        Plan = "plan",
        Budget = "budget",
    }
);

/// Why a contest entry was refused although the input was well-formed (Display is English, for
/// logs; `texts::refusal` says it in the member's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ContestRefusal {
    #[error("This call does not take submissions yet.")]
    CallNotOpen,
    #[error("The submission deadline has passed.")]
    CallClosed,
    #[error("A submission needs a group of two to four members.")]
    GroupSize,
    #[error("This group has already entered this call.")]
    AlreadyEntered,
    #[error("The submission was changed in the meantime: read the new version, then approve it.")]
    SubmissionChanged,
    #[error("Only a published idea can be entered.")]
    IdeaNotPublished,
}

impl ContestRefusal {
    pub fn status(self) -> u16 {
        match self {
            Self::CallNotOpen
            | Self::CallClosed
            | Self::GroupSize
            | Self::AlreadyEntered
            | Self::SubmissionChanged
            | Self::IdeaNotPublished => 409,
        }
    }
}

/// Where a call stands at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    /// Announced; submissions open at `opens_at`.
    Upcoming,
    /// Groups submit, edit and withdraw until `closes_at`.
    Open,
    /// Submissions are frozen; the jury scores until `jury_until`, results follow.
    Jury,
    /// `results_at` has come: the winners are public.
    Decided,
}

/// A call's dates, in order: submissions open, close, the jury finishes, results appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub jury_until: DateTime<Utc>,
    pub results_at: DateTime<Utc>,
}

impl Schedule {
    /// The four dates as a call form sends them (Berlin wall-clock time), each error under
    /// its field's name.
    pub fn parse(
        opens_at: &str,
        closes_at: &str,
        jury_until: &str,
        results_at: &str,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let opens = errors.check("opens_at", local_input(opens_at));
        let closes = errors.check("closes_at", local_input(closes_at));
        let jury = errors.check("jury_until", local_input(jury_until));
        let results = errors.check("results_at", local_input(results_at));
        // Each date comes after the one before it (judged where both could be read).
        let later = |e: &mut FieldErrors,
                     field,
                     before: Option<DateTime<Utc>>,
                     after: Option<DateTime<Utc>>,
                     strictly: bool| {
            if let (Some(b), Some(a)) = (before, after)
                && (a < b || (strictly && a == b))
            {
                e.check::<()>(field, Err(Invalid::NotAfterPrevious));
            }
        };
        later(&mut errors, "closes_at", opens, closes, true);
        later(&mut errors, "jury_until", closes, jury, true);
        later(&mut errors, "results_at", jury, results, false);
        match (opens, closes, jury, results) {
            (Some(opens_at), Some(closes_at), Some(jury_until), Some(results_at))
                if errors.is_empty() =>
            {
                Ok(Self {
                    opens_at,
                    closes_at,
                    jury_until,
                    results_at,
                })
            }
            _ => Err(errors),
        }
    }

    pub fn phase(&self, now: DateTime<Utc>) -> Phase {
        if now < self.opens_at {
            Phase::Upcoming
        } else if now < self.closes_at {
            Phase::Open
        } else if now < self.results_at {
            Phase::Jury
        } else {
            Phase::Decided
        }
    }

    /// Whether a submission may be started, edited, approved or withdrawn at `now`: from
    /// the opening to the deadline, not one second after.
    pub fn may_change(&self, now: DateTime<Utc>) -> Result<(), ContestRefusal> {
        match self.phase(now) {
            Phase::Upcoming => Err(ContestRefusal::CallNotOpen),
            Phase::Open => Ok(()),
            Phase::Jury | Phase::Decided => Err(ContestRefusal::CallClosed),
        }
    }
}

impl Schedule {
    /// Whether jurors may score at `now`: from the deadline until `jury_until`.
    pub fn may_score(&self, now: DateTime<Utc>) -> Result<(), JuryRefusal> {
        if now < self.closes_at {
            Err(JuryRefusal::JuryNotStarted)
        } else if now < self.jury_until {
            Ok(())
        } else {
            Err(JuryRefusal::JuryClosed)
        }
    }

    /// Whether the winners are public at `now`: from `results_at`, not before.
    pub fn results_public(&self, now: DateTime<Utc>) -> bool {
        now >= self.results_at
    }
}

/// A submission counts when every member of its group, at that moment two to four of them,
/// has approved the same version: one member cannot submit for all.
pub fn counts_as_submitted<T: PartialEq>(
    members: &[T],
    approved: &[T],
) -> Result<bool, ContestRefusal> {
    let size = u8::try_from(members.len()).unwrap_or(u8::MAX);
    if !(Group::MIN..=Group::MAX).contains(&size) {
        return Err(ContestRefusal::GroupSize);
    }
    Ok(members.iter().all(|m| approved.contains(m)))
}

/// The calls' questions as stored: their keys, comma-separated, in the order of `CallField`.
pub fn fields_to_text(fields: &[CallField]) -> String {
    CallField::ALL
        .iter()
        .filter(|f| fields.contains(f))
        .map(|f| f.key())
        .collect::<Vec<_>>()
        .join(",")
}

/// The stored list back; an unknown key is skipped (a field retired by a later version).
pub fn fields_from_text(text: &str) -> Vec<CallField> {
    text.split(',')
        .filter_map(|k| CallField::parse(k).ok())
        .collect()
}

/// The format of `<input type="datetime-local">`, which a person fills in the platform's
/// time zone.
const LOCAL_INPUT: &str = "%Y-%m-%dT%H:%M";

/// A date and time as a person on the platform means it ("2027-03-31T18:00", or with a space),
/// as the instant it names. The hour skipped when clocks go forward does not exist; of the
/// hour repeated when they go back, the first is meant.
pub fn local_input(raw: &str) -> Result<DateTime<Utc>, Invalid> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(Invalid::Required);
    }
    let normal = raw.replacen(' ', "T", 1);
    let local = NaiveDateTime::parse_from_str(&normal, LOCAL_INPUT)
        .or_else(|_| NaiveDateTime::parse_from_str(&normal, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| Invalid::DateTime)?;
    super::time_zone::platform()
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or(Invalid::NoSuchTime)
}

/// An instant as a date-time input in the platform's zone shows it.
pub fn local_input_value(t: &DateTime<Utc>) -> String {
    t.with_timezone(&super::time_zone::platform())
        .format(LOCAL_INPUT)
        .to_string()
}

/// The most a call may award: ten million euros.
pub const MAX_EUROS: i64 = 10_000_000;

/// A whole number of euros as typed ("20000", "20.000", "20,000 €"), in cents. Thousands
/// separators of either language are allowed (a group of three digits after each); cents
/// ("12,50") are not asked for and refused rather than misread.
pub fn euros_input(raw: &str, max_euros: i64) -> Result<i64, Invalid> {
    let raw = raw.trim().trim_matches('€').trim();
    if raw.is_empty() {
        return Err(Invalid::Required);
    }
    if raw.len() > 20 {
        return Err(Invalid::Amount);
    }
    let mut groups = raw.split(['.', ',', ' ', '\u{a0}', '\u{202f}']);
    let first = groups.next().unwrap_or_default();
    let mut digits = first.to_owned();
    for g in groups {
        if g.len() != 3 {
            return Err(Invalid::Amount);
        }
        digits.push_str(g);
    }
    if first.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(Invalid::Amount);
    }
    let euros: i64 = digits.parse().map_err(|_| Invalid::Amount)?;
    if euros > max_euros {
        return Err(Invalid::OverMax {
            max_cents: max_euros * 100,
        });
    }
    Ok(euros * 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn schedule() -> Schedule {
        Schedule::parse(
            "2027-03-01T09:00",
            "2027-03-31 18:00",
            "2027-04-30T18:00",
            "2027-05-15T12:00",
        )
        .unwrap()
    }

    #[test]
    fn berlin_time_is_stored_as_utc() {
        let s = schedule();
        // Winter time (UTC+1) before 28 March 2027, summer time (UTC+2) after.
        assert_eq!(s.opens_at, at("2027-03-01T08:00:00Z"));
        assert_eq!(s.closes_at, at("2027-03-31T16:00:00Z"));
        assert_eq!(local_input_value(&s.closes_at), "2027-03-31T18:00");
        // 02:30 on the last Sunday of March does not exist; 02:30 in October is twice.
        assert_eq!(local_input("2027-03-28T02:30"), Err(Invalid::NoSuchTime));
        assert_eq!(
            local_input("2027-10-31T02:30"),
            Ok(at("2027-10-31T00:30:00Z"))
        );
        assert_eq!(local_input("31.03.2027"), Err(Invalid::DateTime));
        assert_eq!(local_input(" "), Err(Invalid::Required));
    }

    #[test]
    fn dates_come_in_order() {
        let e = Schedule::parse(
            "2027-03-01T09:00",
            "2027-03-01T09:00",
            "2027-02-01T00:00",
            "2027-01-01T00:00",
        )
        .unwrap_err();
        assert_eq!(e.for_field("closes_at"), Some(&Invalid::NotAfterPrevious));
        assert_eq!(e.for_field("jury_until"), Some(&Invalid::NotAfterPrevious));
        assert_eq!(e.for_field("results_at"), Some(&Invalid::NotAfterPrevious));
        let e = Schedule::parse("", "x", "2027-02-01T00:00", "2027-01-01T00:00").unwrap_err();
        assert_eq!(e.for_field("opens_at"), Some(&Invalid::Required));
        assert_eq!(e.for_field("closes_at"), Some(&Invalid::DateTime));
    }

    #[test]
    fn submissions_change_from_the_opening_until_the_deadline_not_a_second_after() {
        let s = schedule();
        let second = chrono::Duration::seconds(1);
        assert_eq!(
            s.may_change(s.opens_at - second),
            Err(ContestRefusal::CallNotOpen)
        );
        assert_eq!(s.may_change(s.opens_at), Ok(()));
        assert_eq!(s.may_change(s.closes_at - second), Ok(()));
        assert_eq!(s.may_change(s.closes_at), Err(ContestRefusal::CallClosed));
        assert_eq!(s.phase(s.closes_at + second), Phase::Jury);
        assert_eq!(s.phase(s.results_at - second), Phase::Jury);
        assert_eq!(s.phase(s.results_at), Phase::Decided);
    }

    #[test]
    fn the_jury_scores_between_the_deadline_and_its_end_and_results_wait_for_their_date() {
        let s = schedule();
        let second = chrono::Duration::seconds(1);
        assert_eq!(
            s.may_score(s.closes_at - second),
            Err(JuryRefusal::JuryNotStarted)
        );
        assert_eq!(s.may_score(s.closes_at), Ok(()));
        assert_eq!(s.may_score(s.jury_until - second), Ok(()));
        assert_eq!(s.may_score(s.jury_until), Err(JuryRefusal::JuryClosed));
        assert!(!s.results_public(s.results_at - second));
        assert!(s.results_public(s.results_at));
    }

    #[test]
    fn a_submission_counts_when_all_of_two_to_four_approved() {
        assert_eq!(
            counts_as_submitted(&[1], &[1]),
            Err(ContestRefusal::GroupSize)
        );
        assert_eq!(
            counts_as_submitted(&[1, 2, 3, 4, 5], &[1, 2, 3, 4, 5]),
            Err(ContestRefusal::GroupSize)
        );
        assert_eq!(counts_as_submitted(&[1, 2], &[1]), Ok(false));
        assert_eq!(counts_as_submitted(&[1, 2], &[2, 1]), Ok(true));
        assert_eq!(counts_as_submitted(&[1, 2, 3], &[1, 2, 9]), Ok(false));
    }

    #[test]
    fn euros_are_whole_and_bounded() {
        assert_eq!(euros_input("20000", MAX_EUROS), Ok(2_000_000));
        assert_eq!(euros_input("20.000 €", MAX_EUROS), Ok(2_000_000));
        assert_eq!(euros_input("€20,000", MAX_EUROS), Ok(2_000_000));
        assert_eq!(euros_input("12,50", MAX_EUROS), Err(Invalid::Amount));
        assert_eq!(euros_input("1.000.000", MAX_EUROS), Ok(100_000_000));
        assert_eq!(euros_input("-5", MAX_EUROS), Err(Invalid::Amount));
        assert_eq!(euros_input("", MAX_EUROS), Err(Invalid::Required));
        assert_eq!(
            euros_input("20001", 20_000),
            Err(Invalid::OverMax {
                max_cents: 2_000_000
            })
        );
        assert_eq!(
            euros_input("9".repeat(40).as_str(), MAX_EUROS),
            Err(Invalid::Amount)
        );
    }

    #[test]
    fn fields_round_trip_in_a_fixed_order() {
        let text = fields_to_text(&[CallField::Budget, CallField::Problem]);
        assert_eq!(text, "problem,budget");
        assert_eq!(
            fields_from_text(&text),
            vec![CallField::Problem, CallField::Budget]
        );
        assert_eq!(fields_from_text(""), vec![]);
    }
}
