//! KaiCalls' analytics reports mapped to the dashboard's panels.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use kaicalls_api::models::{
    AgentAnalytics, BusinessAnalytics, CallAnalytics, CallStats, Dashboard, Funnel, LeadStats,
    WeeklyReport,
};
use kaicalls_vocab::PipelineStage;

use super::offline::monday_of;
use crate::views::{
    FunnelData, FunnelStep, Grouping, Performance, TimelinePoint, Totals, WeekChange, WeekFigures,
    Weekly,
};

/// The dashboard's own `conversion_rate` counts qualified leads too (the reference's
/// 35.21 is (32 + 18) / 142); the panel's is converted over all, as every other rate on
/// the screen and offline, so it is worked out from the server's counts.
pub(super) fn totals(d: &Dashboard) -> Totals {
    let converted = d.leads.by_status.get("converted").copied().unwrap_or(0);
    Totals {
        calls: d.calls.total,
        completed: d.calls.completed,
        total_duration_seconds: d.calls.total_duration_seconds,
        avg_duration_seconds: d.calls.avg_duration_seconds,
        leads: d.leads.total,
        converted,
        conversion_rate: percent(converted, d.leads.total),
        agents: d.agents.total,
    }
}

/// KaiCalls lists only the days (or weeks) that had calls; the chart shows every one of
/// the window, from the period's start to `now`, so a quiet day reads as a quiet day.
pub(super) fn timeline(
    c: &CallAnalytics,
    group_by: Grouping,
    now: DateTime<Utc>,
) -> Vec<TimelinePoint> {
    let mut points: BTreeMap<String, TimelinePoint> = c
        .timeline
        .iter()
        .map(|b| {
            let point = TimelinePoint {
                date: b.date.clone(),
                total: b.total,
                completed: b.completed,
                avg_duration_seconds: b.avg_duration_seconds,
            };
            (b.date.clone(), point)
        })
        .collect();
    let first = DateTime::parse_from_rfc3339(&c.period.since)
        .map(|t| t.with_timezone(&Utc).date_naive())
        .unwrap_or_else(|_| (now - Duration::days(i64::from(c.period.days))).date_naive());
    for day in first.iter_days().take_while(|d| *d <= now.date_naive()) {
        let key = bucket(day, group_by);
        points.entry(key.clone()).or_insert(TimelinePoint {
            date: key,
            total: 0,
            completed: 0,
            avg_duration_seconds: 0.0,
        });
    }
    points.into_values().collect()
}

/// `part` of `whole` in percent, two decimals; 0 of nothing is 0.
fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 10_000.0 / whole as f64).round() / 100.0
    }
}

fn bucket(day: NaiveDate, group_by: Grouping) -> String {
    let date = day.format("%Y-%m-%d").to_string();
    match group_by {
        Grouping::Day => date,
        Grouping::Week => monday_of(&date).unwrap_or(date),
    }
}

pub(super) fn funnel(f: &Funnel) -> FunnelData {
    FunnelData {
        total_leads: f.total_leads,
        lost: f.lost,
        stages: f
            .funnel
            .iter()
            .filter_map(|s| {
                Some(FunnelStep {
                    stage: PipelineStage::parse(s.stage.as_str())?,
                    count: s.count,
                    rate_from_top: s.rate_from_top,
                    dropoff_rate: s.dropoff_rate,
                })
            })
            .collect(),
    }
}

/// Per agent; with a business chosen, only the agents the offline copy knows to be its.
pub(super) fn agents(
    a: &AgentAnalytics,
    agent_business: &HashMap<String, Option<String>>,
    business_id: Option<&str>,
) -> Vec<Performance> {
    a.agents
        .iter()
        .filter(|p| {
            business_id.is_none_or(|b| {
                agent_business.get(&p.agent_id).and_then(Option::as_deref) == Some(b)
            })
        })
        .map(|p| performance(&p.agent_id, p.agent_name.clone(), &p.calls, &p.leads))
        .collect()
}

pub(super) fn businesses(b: &BusinessAnalytics) -> Vec<Performance> {
    b.businesses
        .iter()
        .map(|p| performance(&p.business_id, p.business_name.clone(), &p.calls, &p.leads))
        .collect()
}

fn performance(
    id: &str,
    name: Option<String>,
    calls: &CallStats,
    leads: &LeadStats,
) -> Performance {
    Performance {
        id: id.to_owned(),
        name,
        calls: calls.total,
        completed: calls.completed,
        avg_duration_seconds: calls.avg_duration_seconds,
        leads: leads.total,
        converted: leads.converted,
        conversion_rate: leads.conversion_rate,
    }
}

pub(super) fn weekly(w: &WeeklyReport) -> Weekly {
    let week = |calls: &kaicalls_api::models::WeekCalls,
                leads: &kaicalls_api::models::WeekLeads| {
        WeekFigures {
            calls: calls.total,
            completed: calls.completed,
            avg_duration_seconds: calls.avg_duration_seconds,
            leads: leads.total,
            converted: leads.converted,
        }
    };
    Weekly {
        this_week: week(&w.calls.this_week, &w.leads.this_week),
        last_week: week(&w.calls.last_week, &w.leads.last_week),
        change: WeekChange {
            calls: w.calls.change.total,
            completed: w.calls.change.completed,
            avg_duration: w.calls.change.avg_duration,
            leads: w.leads.change.total,
            converted: w.leads.change.converted,
        },
    }
}
