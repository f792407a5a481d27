//! The dashboard's panels counted from the offline copy, by the server's rules (see
//! `kaicalls_store::Figures`), and marked with how current the records are. A panel over
//! records the copy has never received is unknown, never zero.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use kaicalls_store::{CallVolumeQuery, Collection, Figures, FunnelQuery, SyncState, Window};
use kaicalls_vocab::{Code, PipelineStage};

use super::CALLS_AND_LEADS;
use crate::app::Session;
use crate::cache::Cache;
use crate::error::AppError;
use crate::views::{
    DashboardRequest, FunnelData, FunnelStep, Grouping, OfflineWhy, Origin, Performance,
    TimelinePoint, Totals, WeekChange, WeekFigures, Weekly,
};

/// Counts panels for one dashboard request.
pub(super) struct Counter {
    cache: Cache,
    days: u32,
    now: DateTime<Utc>,
    utc_offset_minutes: i32,
    business_id: Option<String>,
    /// The businesses the key reaches (all in the copy when it names none).
    reach: Vec<String>,
    /// Each cached agent's business.
    agent_business: HashMap<String, Option<String>>,
    states: HashMap<Collection, SyncState>,
}

type Counted<T> = Result<(T, Origin), AppError>;

impl Counter {
    pub(super) async fn new(
        session: &Session,
        request: &DashboardRequest,
        days: u32,
        now: DateTime<Utc>,
    ) -> Result<Counter, AppError> {
        let (agents, states) = session
            .cache
            .read(|s| Ok((s.list_agents()?, s.sync_states()?)))
            .await?;
        Ok(Counter {
            cache: session.cache.clone(),
            days,
            now,
            utc_offset_minutes: request.utc_offset_minutes,
            business_id: request.business_id.clone(),
            reach: session.account.business_ids.clone(),
            agent_business: agents.into_iter().map(|a| (a.id, a.business_id)).collect(),
            states: states.into_iter().collect(),
        })
    }

    /// Each cached agent's business, to split KaiCalls' agent report by business.
    pub(super) fn agent_business(&self) -> &HashMap<String, Option<String>> {
        &self.agent_business
    }

    /// How current the records of `collections` are; unknown when one was never synced.
    fn origin(&self, collections: &[Collection]) -> Result<Origin, AppError> {
        let mut as_of: Option<DateTime<Utc>> = None;
        let mut partial = false;
        for c in collections {
            let state = self.states.get(c);
            let Some(at) = state.and_then(|s| s.last_success_at) else {
                return Err(AppError::new(
                    Code::NotCached,
                    format!(
                        "The offline copy has no {} yet; they are counted after the first sync \
                         with KaiCalls.",
                        c.as_str()
                    ),
                ));
            };
            as_of = Some(as_of.map_or(at, |a| a.min(at)));
            partial |= state.is_some_and(|s| !s.backfill_complete);
        }
        Ok(Origin::OfflineCopy {
            as_of: as_of.map(|t| t.to_rfc3339()),
            why: OfflineWhy::Unreachable,
            partial,
        })
    }

    fn window(&self, from: DateTime<Utc>, to: Option<DateTime<Utc>>) -> Window {
        Window {
            from,
            to,
            business_id: self.business_id.clone(),
        }
    }

    fn since(&self) -> DateTime<Utc> {
        self.now - Duration::days(i64::from(self.days))
    }

    pub(super) async fn totals(&self) -> Counted<Totals> {
        let origin = self.origin(CALLS_AND_LEADS)?;
        let window = self.window(self.since(), None);
        let (f, agents) = self
            .cache
            .read(move |s| Ok((s.window_figures(&window)?, s.agent_figures(&window)?.len())))
            .await?;
        let totals = Totals {
            calls: count(f.calls),
            completed: count(f.completed),
            total_duration_seconds: count(f.total_duration_seconds),
            avg_duration_seconds: f.avg_duration_seconds as f64,
            leads: count(f.leads),
            converted: count(f.converted),
            conversion_rate: f.conversion_rate,
            agents: agents as u64,
        };
        Ok((totals, origin))
    }

    pub(super) async fn timeline(&self, group_by: Grouping) -> Counted<Vec<TimelinePoint>> {
        let origin = self.origin(&[Collection::Calls])?;
        // The day `since` falls on too, as KaiCalls' timeline has it.
        let query = CallVolumeQuery {
            days: self.days + 1,
            now: self.now,
            utc_offset_minutes: self.utc_offset_minutes,
            agent_id: None,
            business_id: self.business_id.clone(),
        };
        let volume = self.cache.read(move |s| s.call_volume(&query)).await?;
        // (total, completed, duration) per bucket, oldest first.
        let mut buckets: BTreeMap<String, (i64, i64, i64)> = BTreeMap::new();
        for d in volume.days {
            let key = match group_by {
                Grouping::Day => d.date,
                Grouping::Week => monday_of(&d.date).unwrap_or(d.date),
            };
            let b = buckets.entry(key).or_default();
            b.0 += d.total;
            b.1 += d.completed;
            b.2 += d.total_duration_seconds;
        }
        let points = buckets
            .into_iter()
            .map(|(date, (total, completed, duration))| TimelinePoint {
                date,
                total: count(total),
                completed: count(completed),
                avg_duration_seconds: average(duration, total),
            })
            .collect();
        Ok((points, origin))
    }

    pub(super) async fn funnel(&self) -> Counted<FunnelData> {
        let origin = self.origin(&[Collection::Leads])?;
        let query = FunnelQuery {
            days: self.days,
            now: self.now,
            source: None,
            business_id: self.business_id.clone(),
        };
        let f = self.cache.read(move |s| s.lead_funnel(&query)).await?;
        let stages = f
            .stages
            .into_iter()
            .filter_map(|s| {
                Some(FunnelStep {
                    stage: PipelineStage::parse(&s.stage)?,
                    count: count(s.count),
                    rate_from_top: s.rate_from_top,
                    dropoff_rate: s.dropoff_rate,
                })
            })
            .collect();
        let data = FunnelData {
            total_leads: count(f.total_leads),
            lost: count(f.lost),
            stages,
        };
        Ok((data, origin))
    }

    pub(super) async fn agents(&self) -> Counted<Vec<Performance>> {
        let origin = self.origin(CALLS_AND_LEADS)?;
        let window = self.window(self.since(), None);
        let rows = self.cache.read(move |s| s.agent_figures(&window)).await?;
        let rows = rows
            .into_iter()
            .map(|a| performance(a.agent_id, a.name, &a.figures))
            .collect();
        Ok((rows, origin))
    }

    pub(super) async fn weekly(&self) -> Counted<Weekly> {
        let origin = self.origin(CALLS_AND_LEADS)?;
        let week_ago = self.now - Duration::days(7);
        let this = self.window(week_ago, None);
        let last = self.window(week_ago - Duration::days(7), Some(week_ago));
        let (this, last) = self
            .cache
            .read(move |s| Ok((s.window_figures(&this)?, s.window_figures(&last)?)))
            .await?;
        let week = |f: &Figures| WeekFigures {
            calls: count(f.calls),
            completed: count(f.completed),
            avg_duration_seconds: f.avg_duration_seconds as f64,
            leads: count(f.leads),
            converted: count(f.converted),
        };
        let change = WeekChange {
            calls: Some(change(this.calls, last.calls)),
            completed: Some(change(this.completed, last.completed)),
            avg_duration: Some(change(this.avg_duration_seconds, last.avg_duration_seconds)),
            leads: Some(change(this.leads, last.leads)),
            converted: Some(change(this.converted, last.converted)),
        };
        let data = Weekly {
            this_week: week(&this),
            last_week: week(&last),
            change,
        };
        Ok((data, origin))
    }

    pub(super) async fn businesses(&self) -> Counted<Vec<Performance>> {
        let origin = self.origin(CALLS_AND_LEADS)?;
        let window = self.window(self.since(), None);
        let rows = self
            .cache
            .read(move |s| s.business_figures(&window))
            .await?;
        let rows = rows
            .into_iter()
            .filter(|b| self.reach.is_empty() || self.reach.contains(&b.business_id))
            .map(|b| performance(b.business_id, b.name, &b.figures))
            .collect();
        Ok((rows, origin))
    }
}

fn performance(id: String, name: Option<String>, f: &Figures) -> Performance {
    Performance {
        id,
        name,
        calls: count(f.calls),
        completed: count(f.completed),
        avg_duration_seconds: f.avg_duration_seconds as f64,
        leads: count(f.leads),
        converted: count(f.converted),
        conversion_rate: f.conversion_rate,
    }
}

/// SQLite counts are never negative; a negative one would be a bug, shown as 0.
fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn average(total: i64, n: i64) -> f64 {
    if n == 0 {
        0.0
    } else {
        (total as f64 / n as f64).round()
    }
}

/// The percent change from `last` to `this`, two decimals, by the server's rule: from 0
/// it is 0 when this is 0 too, else 100.
pub(super) fn change(this: i64, last: i64) -> f64 {
    if last == 0 {
        if this == 0 { 0.0 } else { 100.0 }
    } else {
        ((this - last) as f64 * 10_000.0 / last as f64).round() / 100.0
    }
}

/// The Monday of the week `date` (`YYYY-MM-DD`) falls in.
pub(super) fn monday_of(date: &str) -> Option<String> {
    let d = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    let monday = d - Duration::days(i64::from(d.weekday().num_days_from_monday()));
    Some(monday.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_and_weeks_follow_the_servers_rules() {
        assert_eq!(change(87, 72), 20.83);
        assert_eq!(change(0, 0), 0.0);
        assert_eq!(change(3, 0), 100.0);
        assert_eq!(change(1, 4), -75.0);
        assert_eq!(monday_of("2026-03-18").as_deref(), Some("2026-03-16"));
        assert_eq!(monday_of("2026-03-16").as_deref(), Some("2026-03-16"));
        assert_eq!(monday_of("2026-03-15").as_deref(), Some("2026-03-09"));
        assert_eq!(monday_of("March"), None);
    }
}
