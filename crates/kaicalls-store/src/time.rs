//! Timestamps: the server's strings kept verbatim, plus Unix milliseconds for sorting.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Milliseconds since the Unix epoch, now.
pub(crate) fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// Parses the timestamp shapes the server has been seen to send. Anything unparseable
/// sorts as the epoch (0): the item is still cached, just listed last, instead of a single
/// odd timestamp blocking a whole sync page.
pub(crate) fn parse_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.timestamp_millis());
    }
    // Postgres-style "2026-03-17 12:00:00+00" and offset-less forms, read as UTC.
    for fmt in ["%Y-%m-%d %H:%M:%S%.f%#z", "%Y-%m-%dT%H:%M:%S%.f%#z"] {
        if let Ok(t) = DateTime::parse_from_str(text, fmt) {
            return Some(t.timestamp_millis());
        }
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, fmt) {
            return Some(t.and_utc().timestamp_millis());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc().timestamp_millis())
}

/// The inverse of `timestamp_millis`, for values this store wrote itself.
pub(crate) fn from_ms(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_shapes_parse_to_the_same_instant() {
        let a = parse_ms("2026-02-15T14:30:00Z");
        assert_eq!(a, parse_ms("2026-02-15T14:30:00.000Z"));
        assert_eq!(a, parse_ms("2026-02-15 14:30:00+00"));
        assert_eq!(a, parse_ms("2026-02-15T16:30:00+02:00"));
        assert_eq!(a, parse_ms("2026-02-15T14:30:00"));
        assert_eq!(parse_ms("2026-02-15"), parse_ms("2026-02-15T00:00:00Z"));
        assert_eq!(parse_ms("..."), None);
        assert!(parse_ms("2026-02-15T14:30:00.500Z") > a);
    }
}
