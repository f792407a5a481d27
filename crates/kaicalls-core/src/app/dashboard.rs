//! The dashboard: KaiCalls' six analytics reports, read together and reused for a minute
//! (the analytics routes allow 120 requests a minute, and a user switching screens or
//! ranges must not spend them), with each panel counted from the offline copy when
//! KaiCalls cannot be reached or cannot answer the question asked.
//!
//! KaiCalls' reports cover every business of the key (only the agent report can be split,
//! by each agent's business), so with one business chosen out of several the totals, the
//! timeline, the funnel and the week come from the offline copy, saying so.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use kaicalls_api::models::{
    AgentAnalytics, AnalyticsFilter, BusinessAnalytics, CallAnalytics, Dashboard, Funnel, GroupBy,
    WeeklyReport,
};
use kaicalls_store::Collection;
use kaicalls_vocab::Code;

use super::Session;
use crate::error::AppError;
use crate::events::SyncPhase;
use crate::sync::is_unreachable;
use crate::views::{DashboardRequest, DashboardView, Grouping, OfflineWhy, Origin, Panel};

mod offline;
mod server;

/// How long KaiCalls' answers are reused.
const FRESH_FOR: Duration = Duration::from_secs(60);
/// The shortest gap between two readings, even when the user asks to refresh.
const REFRESH_GAP: Duration = Duration::from_secs(5);
/// The server's longest look-back.
const MAX_DAYS: u32 = 90;

/// One report as read, and when.
#[derive(Debug, Clone)]
pub(crate) struct Reading<T> {
    value: T,
    read_at: DateTime<Utc>,
}

/// The six reports of one window, each the last good reading.
#[derive(Debug, Clone, Default)]
struct Reports {
    dashboard: Option<Reading<Dashboard>>,
    calls: Option<Reading<CallAnalytics>>,
    funnel: Option<Reading<Funnel>>,
    agents: Option<Reading<AgentAnalytics>>,
    weekly: Option<Reading<WeeklyReport>>,
    businesses: Option<Reading<BusinessAnalytics>>,
}

/// What one report gave this time: a reading (maybe an older one, when asking again
/// failed), or why there is none.
type Got<T> = Result<Reading<T>, AppError>;

/// The six reports' outcomes, in the order the panels take them.
type Readings = (
    Got<Dashboard>,
    Got<CallAnalytics>,
    Got<Funnel>,
    Got<AgentAnalytics>,
    Got<WeeklyReport>,
    Got<BusinessAnalytics>,
);

/// KaiCalls' answers per window, so opening the dashboard again within a minute asks
/// nothing. The lock is held while reading, so two screens asking at once read once.
#[derive(Debug, Default)]
pub(crate) struct ReportMemo {
    windows: tokio::sync::Mutex<HashMap<(u32, Grouping), (Instant, Reports)>>,
}

/// Whether a panel is counted by KaiCalls or by the offline copy, before any is read.
/// `got` is `None` when KaiCalls was not asked this time; `unasked` then says why.
fn pick<T: Clone>(
    got: Option<&Got<T>>,
    scoped_out: bool,
    unasked: OfflineWhy,
) -> Result<Reading<T>, Choice> {
    match got {
        _ if scoped_out => Err(Choice::Offline(OfflineWhy::BusinessFilter)),
        None => Err(Choice::Offline(unasked)),
        Some(Ok(r)) => Ok(r.clone()),
        Some(Err(e)) if is_unreachable(e.code) => Err(Choice::Offline(OfflineWhy::Unreachable)),
        Some(Err(e)) => Err(Choice::Refused(e.clone())),
    }
}

/// Not KaiCalls' report: the offline copy, or the refusal that says why not.
enum Choice {
    Offline(OfflineWhy),
    Refused(AppError),
}

impl Session {
    /// The dashboard for `request`: every panel KaiCalls' where it can answer, the offline
    /// copy's where not, each marked.
    pub async fn dashboard(&self, request: DashboardRequest) -> Result<DashboardView, AppError> {
        let days = request.days.clamp(1, MAX_DAYS);
        let now = Utc::now();
        let reports = if request.at_hand {
            self.reports_at_hand(days, request.group_by)
        } else {
            Some(
                self.read_reports(days, request.group_by, request.refresh)
                    .await,
            )
        };
        // Not asked this time: offline is known from the sync, else KaiCalls is being asked.
        let unasked = if self.sync.status().phase == SyncPhase::Offline {
            OfflineWhy::Unreachable
        } else {
            OfflineWhy::Asking
        };
        let r = reports.as_ref();
        let reached = self.reached_businesses().await?.len();
        // The only business there is, chosen, is what KaiCalls' reports cover already.
        let scoped = request.business_id.is_some() && reached > 1;
        let offline = offline::Counter::new(self, &request, days, now).await?;

        Ok(DashboardView {
            days,
            business_id: request.business_id.clone(),
            totals: panel(
                pick(r.map(|r| &r.0), scoped, unasked),
                server::totals,
                || offline.totals(),
            )
            .await,
            timeline: panel(
                pick(r.map(|r| &r.1), scoped, unasked),
                |r| server::timeline(r, request.group_by, now),
                || offline.timeline(request.group_by),
            )
            .await,
            funnel: panel(
                pick(r.map(|r| &r.2), scoped, unasked),
                server::funnel,
                || offline.funnel(),
            )
            .await,
            agents: panel(
                pick(r.map(|r| &r.3), false, unasked),
                |r| server::agents(r, offline.agent_business(), request.business_id.as_deref()),
                || offline.agents(),
            )
            .await,
            weekly: panel(
                pick(r.map(|r| &r.4), scoped, unasked),
                server::weekly,
                || offline.weekly(),
            )
            .await,
            businesses: panel(
                pick(r.map(|r| &r.5), false, unasked),
                server::businesses,
                || offline.businesses(),
            )
            .await,
        })
    }

    /// The memo's six reports if they can be shown as current, without waiting for a
    /// reading under way (the memo is locked while KaiCalls is asked).
    fn reports_at_hand(&self, days: u32, group_by: Grouping) -> Option<Readings> {
        let windows = self.reports.windows.try_lock().ok()?;
        let (fetched, kept) = windows.get(&(days, group_by))?;
        self.reusable(*fetched, kept, false)
            .then(|| kept_all(kept.clone()))
    }

    /// Whether the reports read at `fetched` are shown again instead of asking.
    fn reusable(&self, fetched: Instant, kept: &Reports, refresh: bool) -> bool {
        let age = fetched.elapsed();
        let complete = kept.dashboard.is_some()
            && kept.calls.is_some()
            && kept.funnel.is_some()
            && kept.agents.is_some()
            && kept.weekly.is_some()
            && kept.businesses.is_some();
        // Once the sync has found KaiCalls unreachable, a reading from before is not shown
        // as current: the offline copy says how old it is.
        let offline = self.sync.status().phase == SyncPhase::Offline;
        complete && !offline && (age < REFRESH_GAP || (age < FRESH_FOR && !refresh))
    }

    /// The six reports, from the memo while fresh, else read again together; a report
    /// that fails keeps its last good reading where there is one.
    async fn read_reports(&self, days: u32, group_by: Grouping, refresh: bool) -> Readings {
        let mut windows = self.reports.windows.lock().await;
        let key = (days, group_by);
        let (fetched, kept) = windows
            .get(&key)
            .cloned()
            .unwrap_or((Instant::now() - FRESH_FOR * 2, Reports::default()));
        if self.reusable(fetched, &kept, refresh) {
            return kept_all(kept);
        }
        let api = self.client.analytics();
        let filter = AnalyticsFilter::default()
            .days(days)
            .group_by(match group_by {
                Grouping::Day => GroupBy::Day,
                Grouping::Week => GroupBy::Week,
            });
        let now = Utc::now();
        let (d, c, f, a, w, b) = tokio::join!(
            api.dashboard(&filter),
            api.calls(&filter),
            api.funnel(&filter),
            api.agents(&filter),
            api.weekly(),
            api.businesses(&filter),
        );
        let mut fresh = Reports::default();
        let got = (
            merge(d, kept.dashboard, &mut fresh.dashboard, now),
            merge(c, kept.calls, &mut fresh.calls, now),
            merge(f, kept.funnel, &mut fresh.funnel, now),
            merge(a, kept.agents, &mut fresh.agents, now),
            merge(w, kept.weekly, &mut fresh.weekly, now),
            merge(b, kept.businesses, &mut fresh.businesses, now),
        );
        windows.insert(key, (Instant::now(), fresh));
        got
    }
}

/// A report's outcome: the new reading (kept), else the last good one (kept), else the
/// failure.
fn merge<T: Clone>(
    result: kaicalls_api::Result<T>,
    last: Option<Reading<T>>,
    keep: &mut Option<Reading<T>>,
    now: DateTime<Utc>,
) -> Got<T> {
    let got = match (result, last) {
        (Ok(value), _) => Ok(Reading {
            value,
            read_at: now,
        }),
        (Err(e), _) if is_unreachable(e.code()) => Err(AppError::from(e)),
        (Err(_), Some(last)) => Ok(last),
        (Err(e), None) => Err(AppError::from(e)),
    };
    *keep = got.as_ref().ok().cloned();
    got
}

fn kept_all(r: Reports) -> Readings {
    let missing = || AppError::new(Code::NotCached, "KaiCalls has not answered yet.");
    (
        r.dashboard.ok_or_else(missing),
        r.calls.ok_or_else(missing),
        r.funnel.ok_or_else(missing),
        r.agents.ok_or_else(missing),
        r.weekly.ok_or_else(missing),
        r.businesses.ok_or_else(missing),
    )
}

/// One panel: KaiCalls' numbers, else the offline copy's, else why neither.
async fn panel<R, T, F, Fut>(
    choice: Result<Reading<R>, Choice>,
    from_server: impl FnOnce(&R) -> T,
    from_cache: F,
) -> Panel<T>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<(T, Origin), AppError>>,
{
    match choice {
        Ok(r) => Panel {
            origin: Origin::Server {
                read_at: r.read_at.to_rfc3339(),
            },
            data: Some(from_server(&r.value)),
        },
        Err(Choice::Refused(error)) => Panel {
            origin: Origin::Unknown { error },
            data: None,
        },
        Err(Choice::Offline(why)) => match from_cache().await {
            Ok((data, origin)) => Panel {
                origin: with_why(origin, why),
                data: Some(data),
            },
            Err(error) => Panel {
                origin: Origin::Unknown { error },
                data: None,
            },
        },
    }
}

fn with_why(origin: Origin, why: OfflineWhy) -> Origin {
    match origin {
        Origin::OfflineCopy { as_of, partial, .. } => Origin::OfflineCopy {
            as_of,
            why,
            partial,
        },
        other => other,
    }
}

/// The collections an offline panel counts.
pub(crate) const CALLS_AND_LEADS: &[Collection] = &[Collection::Calls, Collection::Leads];
