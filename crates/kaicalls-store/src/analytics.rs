//! Charts computed from the cache, so the dashboard still draws offline.
//!
//! The numbers follow the server's analytics routes (`/analytics/calls`,
//! `/analytics/funnel`) so the online and offline charts agree: a call counts as completed
//! when its status is `completed` or `ended`, the average duration is total duration over
//! all calls of the day, and funnel stages are cumulative (a converted lead has also been
//! new, contacted and qualified; lost leads are counted apart).

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use rusqlite::params_from_iter;
use serde::{Deserialize, Serialize};

use crate::Store;
use crate::error::Result;
use crate::query::{LeadFilter, Where, lead_where};

/// The longest window the charts ask for (the server's limit is 90 days).
pub const MAX_DAYS: u32 = 366;

/// Leads per pipeline status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineCounts {
    /// Status `new`.
    pub new: i64,
    /// Status `contacted`.
    pub contacted: i64,
    /// Status `qualified`.
    pub qualified: i64,
    /// Status `converted`.
    pub converted: i64,
    /// Status `lost`.
    pub lost: i64,
    /// Any other or missing status.
    pub other: i64,
    /// All leads counted.
    pub total: i64,
}

/// Which calls to chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallVolumeQuery {
    /// How many days, today included (1 to [`MAX_DAYS`]).
    pub days: u32,
    /// "Now", passed in so the chart is testable and consistent across one screen.
    pub now: DateTime<Utc>,
    /// The user's offset from UTC in minutes, so days break at local midnight.
    pub utc_offset_minutes: i32,
    /// Only this agent's calls.
    pub agent_id: Option<String>,
    /// Only this business's calls.
    pub business_id: Option<String>,
}

/// Calls of one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayVolume {
    /// Local date, `YYYY-MM-DD`.
    pub date: String,
    /// Every call of the day.
    pub total: i64,
    /// Calls that completed (`completed` or `ended`).
    pub completed: i64,
    /// Sum of durations in seconds.
    pub total_duration_seconds: i64,
    /// `total_duration_seconds / total`, rounded; 0 on a day without calls.
    pub avg_duration_seconds: i64,
}

/// Call volume per day, oldest day first, every day present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallVolume {
    /// One entry per day of the window, zeros included.
    pub days: Vec<DayVolume>,
    /// Totals over the window, in the same shape; its `date` is `first/last`
    /// (`2026-03-12/2026-03-18`).
    pub summary: DayVolume,
}

/// Which leads the funnel covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunnelQuery {
    /// Leads created in the last `days` days (1 to [`MAX_DAYS`]).
    pub days: u32,
    /// "Now".
    pub now: DateTime<Utc>,
    /// Only leads from this source.
    pub source: Option<String>,
    /// Only this business's leads.
    pub business_id: Option<String>,
}

/// One funnel stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunnelStage {
    /// `new`, `contacted`, `qualified` or `converted`.
    pub stage: String,
    /// Leads that reached this stage or a later one.
    pub count: i64,
    /// `count` as a percentage of all leads, two decimals.
    pub rate_from_top: f64,
    /// Percentage lost since the previous stage, two decimals (0 for the first).
    pub dropoff_rate: f64,
}

/// The lead funnel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Funnel {
    /// Every lead in the window.
    pub total_leads: i64,
    /// Leads marked lost.
    pub lost: i64,
    /// Stages new → contacted → qualified → converted.
    pub stages: Vec<FunnelStage>,
    /// The plain per-status counts behind the stages.
    pub by_status: PipelineCounts,
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

pub(crate) fn percent(part: i64, whole: i64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        round2(part as f64 * 100.0 / whole as f64)
    }
}

pub(crate) fn avg(total_duration: i64, total: i64) -> i64 {
    if total == 0 {
        0
    } else {
        (total_duration as f64 / total as f64).round() as i64
    }
}

impl Store {
    /// Leads per status, for the pipeline board's column headers.
    pub fn pipeline_counts(&self, filter: &LeadFilter) -> Result<PipelineCounts> {
        count_by_status(self, lead_where(filter))
    }

    /// Calls per day over the last `days` days.
    pub fn call_volume(&self, query: &CallVolumeQuery) -> Result<CallVolume> {
        let days = query.days.clamp(1, MAX_DAYS);
        let offset = Duration::minutes(i64::from(query.utc_offset_minutes));
        let today = (query.now + offset).date_naive();
        let first = today - Days::new(u64::from(days - 1));
        let midnight_ms = |d: NaiveDate| {
            d.and_hms_opt(0, 0, 0)
                .map(|t| (t.and_utc() - offset).timestamp_millis())
                .unwrap_or_default()
        };
        let (sql, mut params) =
            volume_statement(query.agent_id.as_ref(), query.business_id.as_ref());
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let day = |date: String, (total, completed, duration): (i64, i64, i64)| DayVolume {
            date,
            total,
            completed,
            total_duration_seconds: duration,
            avg_duration_seconds: avg(duration, total),
        };
        let mut series = Vec::with_capacity(days as usize);
        for d in first.iter_days().take(days as usize) {
            let next = d.checked_add_days(Days::new(1));
            params[0] = midnight_ms(d).into();
            params[1] = next.map_or(i64::MAX, midnight_ms).into();
            let counts = stmt.query_row(params_from_iter(params.iter()), |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
            series.push(day(d.format("%Y-%m-%d").to_string(), counts));
        }
        let sums = series.iter().fold((0, 0, 0), |(t, c, s), d| {
            (t + d.total, c + d.completed, s + d.total_duration_seconds)
        });
        Ok(CallVolume {
            summary: day(format!("{first}/{today}"), sums),
            days: series,
        })
    }

    /// The lead funnel of leads created in the last `days` days.
    pub fn lead_funnel(&self, query: &FunnelQuery) -> Result<Funnel> {
        let days = i64::from(query.days.clamp(1, MAX_DAYS));
        let since = query.now - Duration::days(days);
        let filter = LeadFilter {
            source: query.source.clone(),
            business_id: query.business_id.clone(),
            created: crate::query::DateRange {
                from: Some(since),
                to: None,
            },
            ..LeadFilter::default()
        };
        let c = self.pipeline_counts(&filter)?;
        let reached = [
            ("new", c.new + c.contacted + c.qualified + c.converted),
            ("contacted", c.contacted + c.qualified + c.converted),
            ("qualified", c.qualified + c.converted),
            ("converted", c.converted),
        ];
        let mut previous: Option<i64> = None;
        let stages = reached
            .iter()
            .map(|(stage, count)| {
                let dropoff = previous.map_or(0.0, |p| percent(p - count, p));
                previous = Some(*count);
                FunnelStage {
                    stage: (*stage).to_owned(),
                    count: *count,
                    rate_from_top: percent(*count, c.total),
                    dropoff_rate: dropoff,
                }
            })
            .collect();
        Ok(Funnel {
            total_leads: c.total,
            lost: c.lost,
            stages,
            by_status: c,
        })
    }
}

/// One day's calls, completed calls and total duration; the first two parameters are the
/// day's bounds, filled in per day.
///
/// One aggregate per day over a covering index (`calls_by_time`, or `calls_by_agent` for
/// one agent; see migration 3) rather than one GROUP BY over the window: the index gives the
/// rows in time order either way, but GROUP BY sorted every call of the window again in a
/// temporary b-tree, half the time at 80k calls.
fn volume_statement(
    agent_id: Option<&String>,
    business_id: Option<&String>,
) -> (String, Vec<rusqlite::types::Value>) {
    let mut w = Where::default();
    w.add("created_ms >= ?", 0_i64);
    w.add("created_ms < ?", 0_i64);
    w.add_opt("agent_id = ?", agent_id);
    w.add_business(true, business_id);
    let sql = format!(
        "SELECT count(*), coalesce(sum(status_norm = 'completed'), 0), \
         coalesce(sum(duration), 0) FROM calls{}",
        w.sql()
    );
    (sql, w.params())
}

fn count_by_status(store: &Store, w: Where) -> Result<PipelineCounts> {
    let sql = format!(
        "SELECT status, count(*) FROM leads{} GROUP BY status",
        w.sql()
    );
    let mut stmt = store.conn.prepare_cached(&sql)?;
    let rows = stmt
        .query_map(params_from_iter(w.params()), |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, i64>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut c = PipelineCounts::default();
    for (status, n) in rows {
        c.total += n;
        match status.as_deref() {
            Some("new") => c.new += n,
            Some("contacted") => c.contacted += n,
            Some("qualified") => c.qualified += n,
            Some("converted") => c.converted += n,
            Some("lost") => c.lost += n,
            _ => c.other += n,
        }
    }
    Ok(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_volume_chart_reads_only_a_covering_index() {
        let dir = tempfile::tempdir().unwrap();
        let (store, _) = Store::open(dir.path(), "acct").unwrap();
        for agent in [None, Some("agent-1".to_owned())] {
            let (sql, params) = volume_statement(agent.as_ref(), None);
            let plan: Vec<String> = store
                .conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap()
                .query_map(params_from_iter(params), |r| r.get(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert!(
                plan.iter()
                    .any(|step| step.contains("USING COVERING INDEX")),
                "{agent:?}: {plan:?}"
            );
        }
    }
}
