//! Advice and workshops: who may sign up, who gets a seat and who waits, and when the
//! waiting list moves up. The server's clock decides "started".

use super::choices::choice;
use super::contest::local_input;
use super::{FieldErrors, Invalid};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

choice!(
    /// How a workshop is held.
    WorkshopFormat {
        Online = "online",
        OnSite = "on_site",
    }
);

choice!(
    /// Who may sign up for a workshop.
    Audience {
        Everyone = "everyone",
        // The groups whose submission counts in the workshop's call.
        CallGroups = "call_groups",
    }
);

choice!(
    /// A member's place at a workshop.
    SignupStatus {
        Confirmed = "confirmed",
        Waiting = "waiting",
    }
);

/// Why a sign-up was refused although the input was well-formed (Display is English, for
/// logs; `texts::refusal` says it in the member's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum WorkshopRefusal {
    #[error("This workshop has begun: sign-ups and cancellations are closed.")]
    WorkshopStarted,
    #[error("This workshop is for the groups of a call.")]
    WorkshopNotForYou,
    #[error("You are already signed up.")]
    AlreadySignedUp,
    #[error("You are not signed up for this workshop.")]
    NotSignedUp,
}

impl WorkshopRefusal {
    pub fn status(self) -> u16 {
        match self {
            Self::WorkshopStarted | Self::AlreadySignedUp | Self::NotSignedUp => 409,
            Self::WorkshopNotForYou => 403,
        }
    }
}

/// The most seats a workshop offers.
pub const MAX_CAPACITY: i32 = 500;

/// What is known when a member wants to sign up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SignupFacts {
    /// The workshop has begun (or is over).
    pub started: bool,
    /// Its audience includes this member (everyone, or a group of its call).
    pub invited: bool,
    pub signed_up: bool,
}

/// Whether the member may sign up now; the first reason against, else `Ok`.
pub fn may_sign_up(f: SignupFacts) -> Result<(), WorkshopRefusal> {
    if f.started {
        Err(WorkshopRefusal::WorkshopStarted)
    } else if !f.invited {
        Err(WorkshopRefusal::WorkshopNotForYou)
    } else if f.signed_up {
        Err(WorkshopRefusal::AlreadySignedUp)
    } else {
        Ok(())
    }
}

/// A seat while seats are left, else the waiting list.
pub fn seat(taken: i32, capacity: i32) -> SignupStatus {
    if taken < capacity {
        SignupStatus::Confirmed
    } else {
        SignupStatus::Waiting
    }
}

/// A workshop's times as its form sends them (Berlin wall-clock time): it ends after it
/// starts.
pub fn parse_times(
    starts_at: &str,
    ends_at: &str,
) -> Result<(DateTime<Utc>, DateTime<Utc>), FieldErrors> {
    let mut errors = FieldErrors::default();
    let starts = errors.check("starts_at", local_input(starts_at));
    let ends = errors.check("ends_at", local_input(ends_at));
    if let (Some(s), Some(e)) = (starts, ends)
        && e <= s
    {
        errors.check::<()>("ends_at", Err(Invalid::NotAfterPrevious));
    }
    match (starts, ends) {
        (Some(s), Some(e)) if errors.is_empty() => Ok((s, e)),
        _ => Err(errors),
    }
}

/// Seats as typed: a whole number from 1 to `MAX_CAPACITY`, and not fewer than the seats
/// already given (nobody loses a confirmed seat by an edit).
pub fn parse_capacity(raw: &str, taken: i32) -> Result<i32, Invalid> {
    let n: i32 = raw
        .trim()
        .parse()
        .map_err(|_| Invalid::Capacity { max: MAX_CAPACITY })?;
    if !(1..=MAX_CAPACITY).contains(&n) {
        return Err(Invalid::Capacity { max: MAX_CAPACITY });
    }
    if n < taken {
        return Err(Invalid::BelowTaken { taken });
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_may_sign_up() {
        let open = SignupFacts {
            started: false,
            invited: true,
            signed_up: false,
        };
        assert_eq!(may_sign_up(open), Ok(()));
        assert_eq!(
            may_sign_up(SignupFacts {
                started: true,
                ..open
            }),
            Err(WorkshopRefusal::WorkshopStarted)
        );
        assert_eq!(
            may_sign_up(SignupFacts {
                invited: false,
                ..open
            }),
            Err(WorkshopRefusal::WorkshopNotForYou)
        );
        assert_eq!(
            may_sign_up(SignupFacts {
                signed_up: true,
                ..open
            }),
            Err(WorkshopRefusal::AlreadySignedUp)
        );
    }

    #[test]
    fn a_full_workshop_puts_people_on_the_waiting_list() {
        assert_eq!(seat(0, 1), SignupStatus::Confirmed);
        assert_eq!(seat(19, 20), SignupStatus::Confirmed);
        assert_eq!(seat(20, 20), SignupStatus::Waiting);
    }

    #[test]
    fn capacity_is_a_whole_number_of_seats_not_below_those_given() {
        assert_eq!(parse_capacity(" 12 ", 0), Ok(12));
        assert!(parse_capacity("0", 0).is_err());
        assert!(parse_capacity("1.5", 0).is_err());
        assert!(parse_capacity("501", 0).is_err());
        assert_eq!(
            parse_capacity("3", 4),
            Err(Invalid::BelowTaken { taken: 4 })
        );
    }

    #[test]
    fn a_workshop_ends_after_it_starts() {
        assert!(parse_times("2027-03-01T10:00", "2027-03-01T12:00").is_ok());
        let e = parse_times("2027-03-01T10:00", "2027-03-01T10:00").unwrap_err();
        assert_eq!(e.for_field("ends_at"), Some(&Invalid::NotAfterPrevious));
        let e = parse_times("soon", "").unwrap_err();
        assert!(e.for_field("starts_at").is_some() && e.for_field("ends_at").is_some());
    }
}
