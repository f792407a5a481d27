//! How many items the first full download expects, for the progress bar.
//!
//! The API gives no totals, only pages newest first. After each page the backfill knows
//! how many items it has stored (`done`) and how far back in time they reach: from the
//! newest item (`top`) down to the oldest so far (`bottom`). It assumes the items it has
//! not seen yet are as dense in time as those it has, down to the oldest time the
//! collection can hold (`window_start`):
//!
//! ```text
//! total ≈ done + done × (bottom − window_start) / (top − bottom)
//! ```
//!
//! `window_start` is 90 days back for transcripts (the API's longest look-back), and for
//! calls and leads the older of "90 days back" and the oldest agent or number of the
//! account (nothing can be older than the account). The estimate is refined on every page
//! and becomes exact (`done`) when the last page arrives; it is at least `done + 1` while
//! pages remain. With too little history to measure a density (all items in the same
//! instant) the total is unknown (`None`) and the UI shows an indeterminate bar.

use chrono::{DateTime, Utc};

/// The expected total after `done` items reaching from `top` down to `bottom`, or `None`
/// when no density can be measured yet.
pub(crate) fn estimate_total(
    done: i64,
    top: DateTime<Utc>,
    bottom: DateTime<Utc>,
    window_start: DateTime<Utc>,
) -> Option<i64> {
    let covered = (top - bottom).num_milliseconds();
    if covered <= 0 || done <= 0 {
        return None;
    }
    let remaining = (bottom - window_start).num_milliseconds().max(0);
    let more = (done as f64) * (remaining as f64) / (covered as f64);
    let more = if more.is_finite() {
        more.round().min(1e15) as i64
    } else {
        0
    };
    Some(done.saturating_add(more.max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeDelta;

    #[test]
    fn extrapolates_density_over_the_window() {
        let top = Utc::now();
        let start = top - TimeDelta::days(90);
        // 100 items over the newest 9 days of 90: about 1000 in all.
        let total = estimate_total(100, top, top - TimeDelta::days(9), start);
        assert_eq!(total, Some(1000));
        // Half-way through a 10k collection.
        let total = estimate_total(5_000, top, top - TimeDelta::days(45), start);
        assert_eq!(total, Some(10_000));
    }

    #[test]
    fn past_the_window_it_only_promises_one_more() {
        let top = Utc::now();
        let start = top - TimeDelta::days(90);
        let total = estimate_total(700, top, top - TimeDelta::days(120), start);
        assert_eq!(total, Some(701));
    }

    #[test]
    fn unknown_without_a_time_span() {
        let top = Utc::now();
        assert_eq!(
            estimate_total(50, top, top, top - TimeDelta::days(90)),
            None
        );
        assert_eq!(
            estimate_total(0, top, top - TimeDelta::days(1), top - TimeDelta::days(90)),
            None
        );
    }
}
