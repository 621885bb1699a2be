//! Timestamps as text: one spelling for card states, the store and JSON.
//!
//! Times are UTC, RFC 3339, to the millisecond, with a `Z`: `2025-03-01T09:30:00.250Z`.
//! Every such string has the same width, so sorting the text sorts the times, which lets the
//! store compare and order them in SQL.

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};

/// `time` to the millisecond, the precision everything here keeps.
pub fn to_millis(time: DateTime<Utc>) -> DateTime<Utc> {
    time.trunc_subsecs(3)
}

/// The stored spelling of `time` (sub-millisecond digits dropped).
pub fn format_timestamp(time: DateTime<Utc>) -> String {
    to_millis(time).to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Reads any RFC 3339 time back, as UTC.
pub fn parse_timestamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|time| time.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn timestamps_have_one_sortable_spelling() {
        let time = Utc.with_ymd_and_hms(2025, 3, 1, 9, 30, 0).unwrap();
        assert_eq!(format_timestamp(time), "2025-03-01T09:30:00.000Z");
        assert_eq!(parse_timestamp("2025-03-01T09:30:00.000Z"), Some(time));
        assert_eq!(parse_timestamp("2025-03-01T10:30:00+01:00"), Some(time));
        assert_eq!(parse_timestamp("yesterday"), None);
        let later = time + chrono::Duration::milliseconds(1500);
        assert!(format_timestamp(time) < format_timestamp(later));
        assert_eq!(format_timestamp(later), "2025-03-01T09:30:01.500Z");
    }
}
