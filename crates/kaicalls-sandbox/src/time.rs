//! Timestamps as the API shows them, and the clock that keeps them unique.
//!
//! List endpoints page with `after = created_at of the last item`, so two records with
//! the same `created_at` could make a page boundary skip one of them. The sandbox hands
//! out strictly increasing microsecond timestamps, which makes the cursor exact.

use chrono::{DateTime, SecondsFormat, SubsecRound, TimeDelta, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A UTC instant, serialized as RFC 3339 with microseconds and a `Z` suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ts(pub DateTime<Utc>);

impl Ts {
    /// The current wall-clock time at microsecond precision, the precision of the API's
    /// text form, so a timestamp and its text round-trip exactly (cursors depend on it).
    /// Not made unique; use [`Clock::tick`] for records.
    pub fn now() -> Self {
        Ts(Utc::now().trunc_subsecs(6))
    }

    /// Parses what a client sends back as a cursor or date filter: any RFC 3339 value,
    /// or a bare `YYYY-MM-DD` date (midnight UTC).
    pub fn parse(s: &str) -> Option<Self> {
        if let Ok(t) = DateTime::parse_from_rfc3339(s.trim()) {
            return Some(Ts(t.with_timezone(&Utc).trunc_subsecs(6)));
        }
        chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|dt| Ts(dt.and_utc()))
    }

    /// RFC 3339 text, as in API responses.
    pub fn to_rfc3339(self) -> String {
        self.0.to_rfc3339_opts(SecondsFormat::Micros, true)
    }

    /// This instant moved by `secs` (negative goes back).
    pub fn plus_secs(self, secs: i64) -> Self {
        Ts(self.0 + TimeDelta::seconds(secs))
    }

    /// This instant moved by `ms` milliseconds.
    pub fn plus_millis(self, ms: i64) -> Self {
        Ts(self.0 + TimeDelta::milliseconds(ms))
    }

    /// This instant moved by `us` microseconds.
    pub fn plus_micros(self, us: i64) -> Self {
        Ts(self.0 + TimeDelta::microseconds(us))
    }

    /// Seconds from `earlier` to `self` (negative if `earlier` is later).
    pub fn secs_since(self, earlier: Ts) -> i64 {
        (self.0 - earlier.0).num_seconds()
    }

    /// Unix seconds.
    pub fn unix(self) -> i64 {
        self.0.timestamp()
    }
}

impl Serialize for Ts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_rfc3339())
    }
}

impl<'de> Deserialize<'de> for Ts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ts::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("invalid timestamp {s:?}")))
    }
}

/// Hands out strictly increasing timestamps for new records.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Clock {
    last: Ts,
}

impl Default for Clock {
    fn default() -> Self {
        Clock {
            last: Ts(DateTime::<Utc>::UNIX_EPOCH),
        }
    }
}

impl Clock {
    /// Now, or one microsecond after the last value handed out, whichever is later.
    pub fn tick(&mut self) -> Ts {
        let now = Ts::now();
        let next = if now > self.last {
            now
        } else {
            Ts(self.last.0 + TimeDelta::microseconds(1))
        };
        self.last = next;
        next
    }

    /// Records that a timestamp was used elsewhere (seeded history), so later ticks
    /// stay above it.
    pub fn observe(&mut self, t: Ts) {
        if t > self.last {
            self.last = t;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_strictly_increasing_and_round_trip() {
        let mut clock = Clock::default();
        let mut prev = clock.tick();
        for _ in 0..1000 {
            let t = clock.tick();
            assert!(t > prev);
            assert_eq!(Ts::parse(&t.to_rfc3339()), Some(t));
            prev = t;
        }
    }

    #[test]
    fn parses_dates_and_offsets() {
        assert!(Ts::parse("2026-03-17").is_some());
        assert_eq!(
            Ts::parse("2026-03-17T14:30:00+02:00"),
            Ts::parse("2026-03-17T12:30:00Z")
        );
        assert!(Ts::parse("yesterday").is_none());
    }
}
