//! The arithmetic behind the analytics routes, kept free of HTTP and locking so each
//! formula can be checked against the reference's example numbers.
//!
//! The reference gives numbers, not formulas; every formula here is the one its numbers
//! imply (the unit tests replay them). Averages are whole seconds rounded half up;
//! percentages are rounded to two decimals and are 0 when there is nothing to divide by.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate, TimeDelta};
use serde_json::{Value, json};

use crate::model::{Call, Lead};

/// Whether a call counts as completed: the reference uses both words (DESIGN.md).
pub fn is_completed(status: &str) -> bool {
    matches!(status, "completed" | "ended")
}

/// `total / count` in whole seconds, rounded half up; 0 when there is nothing to average.
pub fn avg(total: u64, count: u64) -> u64 {
    if count == 0 {
        0
    } else {
        (2 * total + count) / (2 * count)
    }
}

/// Rounds to two decimals, as every percentage in the reference is.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// `part` as a percentage of `whole`, rounded; 0 when `whole` is 0.
pub fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        round2(part as f64 / whole as f64 * 100.0)
    }
}

/// Percent change from `last` to `this`. From nothing, any growth counts as 100 % and no
/// growth as 0 %, so the field is always a number.
pub fn change(this: u64, last: u64) -> f64 {
    if last == 0 {
        if this == 0 { 0.0 } else { 100.0 }
    } else {
        round2((this as f64 - last as f64) / last as f64 * 100.0)
    }
}

/// A number as a JavaScript server prints it: whole values without a fraction (`64`, not
/// `64.0`), which is how the reference shows them.
pub fn num(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}

/// Call counts of some set of calls. A call still in progress has no duration yet and
/// adds 0 seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CallTotals {
    pub total: u64,
    pub completed: u64,
    pub duration: u64,
}

impl CallTotals {
    /// Totals over `calls`.
    pub fn of<'a>(calls: impl IntoIterator<Item = &'a Call>) -> Self {
        let mut t = CallTotals::default();
        for c in calls {
            t.add(c);
        }
        t
    }

    /// Counts one more call.
    pub fn add(&mut self, c: &Call) {
        self.total += 1;
        if is_completed(&c.status) {
            self.completed += 1;
        }
        self.duration += u64::from(c.duration.unwrap_or(0));
    }

    /// Average duration in whole seconds over all calls (not only completed ones): the
    /// reference's 48200 s over 387 calls is 125.
    pub fn avg(&self) -> u64 {
        avg(self.duration, self.total)
    }
}

/// Lead counts by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LeadCounts {
    pub total: u64,
    pub new: u64,
    pub contacted: u64,
    pub qualified: u64,
    pub converted: u64,
    pub lost: u64,
}

impl LeadCounts {
    /// Counts over `leads`. A status outside the five still counts in `total`.
    pub fn of<'a>(leads: impl IntoIterator<Item = &'a Lead>) -> Self {
        let mut n = LeadCounts::default();
        for l in leads {
            n.total += 1;
            match l.status.as_str() {
                "new" => n.new += 1,
                "contacted" => n.contacted += 1,
                "qualified" => n.qualified += 1,
                "converted" => n.converted += 1,
                "lost" => n.lost += 1,
                _ => {}
            }
        }
        n
    }

    /// The dashboard's rate: leads at least qualified (the reference's 35.21 is 50/142).
    pub fn qualified_rate(&self) -> f64 {
        pct(self.qualified + self.converted, self.total)
    }

    /// Converted leads over all leads (the reference's 20.22 is 18/89).
    pub fn conversion_rate(&self) -> f64 {
        pct(self.converted, self.total)
    }
}

/// One stage of the conversion funnel.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    pub stage: &'static str,
    pub count: u64,
    pub rate_from_top: f64,
    pub dropoff_rate: f64,
}

/// The funnel new → contacted → qualified → converted. A stage counts every lead that
/// reached it, so later statuses count in earlier stages; lost leads leave the funnel.
pub fn funnel(n: &LeadCounts) -> Vec<Stage> {
    let counts = [
        ("new", n.total - n.lost),
        ("contacted", n.contacted + n.qualified + n.converted),
        ("qualified", n.qualified + n.converted),
        ("converted", n.converted),
    ];
    let mut prev: Option<u64> = None;
    counts
        .into_iter()
        .map(|(stage, count)| {
            let dropoff_rate = prev.map_or(0.0, |p| pct(p.saturating_sub(count), p));
            prev = Some(count);
            Stage {
                stage,
                count,
                rate_from_top: pct(count, n.total),
                dropoff_rate,
            }
        })
        .collect()
}

/// How the call timeline is bucketed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Day,
    /// Weeks start on Monday; the bucket is named after its Monday.
    Week,
}

/// One timeline bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub date: NaiveDate,
    pub totals: CallTotals,
    pub statuses: BTreeMap<String, u64>,
}

/// Calls bucketed by UTC day or week, oldest first; only buckets that have calls.
pub fn timeline<'a>(calls: impl IntoIterator<Item = &'a Call>, by: GroupBy) -> Vec<Bucket> {
    let mut buckets: BTreeMap<NaiveDate, Bucket> = BTreeMap::new();
    for c in calls {
        let day = c.created_at.0.date_naive();
        let date = match by {
            GroupBy::Day => day,
            GroupBy::Week => day - TimeDelta::days(i64::from(day.weekday().num_days_from_monday())),
        };
        let bucket = buckets.entry(date).or_insert_with(|| Bucket {
            date,
            totals: CallTotals::default(),
            statuses: BTreeMap::new(),
        });
        bucket.totals.add(c);
        *bucket.statuses.entry(c.status.clone()).or_insert(0) += 1;
    }
    buckets.into_values().collect()
}

/// Calls grouped by agent, busiest first (ties: the agent id, so the order is stable).
pub fn by_agent<'a>(calls: impl IntoIterator<Item = &'a Call>) -> Vec<(String, CallTotals)> {
    let mut map: HashMap<&str, CallTotals> = HashMap::new();
    for c in calls {
        map.entry(c.agent_id.as_str()).or_default().add(c);
    }
    let mut out: Vec<(String, CallTotals)> =
        map.into_iter().map(|(a, t)| (a.to_string(), t)).collect();
    out.sort_by(|a, b| b.1.total.cmp(&a.1.total).then_with(|| a.0.cmp(&b.0)));
    out
}

#[cfg(test)]
#[path = "stats_tests.rs"]
mod tests;
