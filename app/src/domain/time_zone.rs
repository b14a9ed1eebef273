//! The platform's time zone (configurable, Europe/Berlin by default): every time a person
//! reads or types is in it, whatever zone the server runs in. Stored times stay UTC.

use chrono_tz::Tz;
use std::sync::OnceLock;

static ZONE: OnceLock<Tz> = OnceLock::new();

/// Set once at server start from the configuration; later calls change nothing.
pub fn set(zone: Tz) {
    let _ = ZONE.set(zone);
}

/// The zone times are shown and entered in.
pub fn platform() -> Tz {
    ZONE.get().copied().unwrap_or(chrono_tz::Europe::Berlin)
}

/// A zone's name as people say it: its city ("Europe/Berlin" → "Berlin", "America/New_York"
/// → "New York").
pub fn city(zone: Tz) -> String {
    let name = zone.name();
    name.rsplit('/').next().unwrap_or(name).replace('_', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_zone_is_named_by_its_city() {
        assert_eq!(city(chrono_tz::Europe::Berlin), "Berlin");
        assert_eq!(city(chrono_tz::America::New_York), "New York");
        assert_eq!(city(chrono_tz::UTC), "UTC");
    }
}
