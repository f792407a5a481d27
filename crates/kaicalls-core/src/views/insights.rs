//! Search hits and the analytics screen's numbers, both answered by the offline copy.

use kaicalls_vocab::PipelineStage;
use serde::{Deserialize, Serialize};

use super::PipelineView;

/// What a search hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    /// A transcript (its text or summary matched); the id is the call's.
    Transcript,
    /// The summary of a call that has no transcript in the offline copy.
    Call,
    /// A lead (name, notes, email or phone matched).
    Lead,
}

impl From<SearchKind> for kaicalls_store::SearchKind {
    fn from(k: SearchKind) -> Self {
        match k {
            SearchKind::Transcript => kaicalls_store::SearchKind::Transcript,
            SearchKind::Call => kaicalls_store::SearchKind::Call,
            SearchKind::Lead => kaicalls_store::SearchKind::Lead,
        }
    }
}

impl From<kaicalls_store::SearchKind> for SearchKind {
    fn from(k: kaicalls_store::SearchKind) -> Self {
        match k {
            kaicalls_store::SearchKind::Transcript => SearchKind::Transcript,
            kaicalls_store::SearchKind::Call => SearchKind::Call,
            kaicalls_store::SearchKind::Lead => SearchKind::Lead,
        }
    }
}

/// What the search box sends.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchRequest {
    /// The words typed (any text: quotes and operators are read as words).
    pub query: String,
    /// Kinds to search; empty for all.
    pub kinds: Vec<SearchKind>,
    /// Most hits to return.
    pub limit: u32,
}

/// One search hit, best first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SearchHitView {
    /// What matched.
    pub kind: SearchKind,
    /// The call id (transcripts and calls) or the lead id.
    pub id: String,
    /// A label: the agent's name for calls and transcripts, the lead's name.
    pub title: Option<String>,
    /// The best passage, each match between U+0002 and U+0003 (never HTML).
    pub snippet: String,
    /// When KaiCalls created the item (RFC 3339, verbatim).
    pub created_at: Option<String>,
}

impl From<kaicalls_store::SearchHit> for SearchHitView {
    fn from(h: kaicalls_store::SearchHit) -> Self {
        SearchHitView {
            kind: h.kind.into(),
            id: h.id,
            title: h.title,
            snippet: h.snippet,
            created_at: h.created_at,
        }
    }
}

/// Calls of one local day (or, as a summary, of the whole window).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DayVolume {
    /// Local date `YYYY-MM-DD` (the summary's is `first/last`).
    pub date: String,
    /// Every call.
    pub total: i64,
    /// Calls that completed.
    pub completed: i64,
    /// Sum of durations in seconds.
    pub total_duration_seconds: i64,
    /// Average duration in seconds (0 without calls).
    pub avg_duration_seconds: i64,
}

impl From<kaicalls_store::DayVolume> for DayVolume {
    fn from(d: kaicalls_store::DayVolume) -> Self {
        DayVolume {
            date: d.date,
            total: d.total,
            completed: d.completed,
            total_duration_seconds: d.total_duration_seconds,
            avg_duration_seconds: d.avg_duration_seconds,
        }
    }
}

/// Calls per local day, oldest first, every day present.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct VolumeView {
    /// One entry per day, zeros included.
    pub days: Vec<DayVolume>,
    /// Totals over the window.
    pub summary: DayVolume,
}

/// One stage of the lead funnel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FunnelStage {
    /// The stage (new, contacted, qualified, converted).
    pub stage: PipelineStage,
    /// Leads that reached it or a later one.
    pub count: i64,
    /// `count` as a percentage of all leads.
    pub rate_from_top: f64,
    /// Percentage lost since the stage before (0 for the first).
    pub dropoff_rate: f64,
}

/// The lead funnel.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FunnelView {
    /// Every lead in the window.
    pub total_leads: i64,
    /// Leads marked lost.
    pub lost: i64,
    /// Stages new → contacted → qualified → converted.
    pub stages: Vec<FunnelStage>,
    /// The plain counts per stage behind them.
    pub by_stage: PipelineView,
}

/// The analytics screen's data, from the offline copy.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Analytics {
    /// Calls per local day.
    pub calls: VolumeView,
    /// The lead funnel.
    pub funnel: FunnelView,
}

impl Analytics {
    pub(crate) fn of(volume: kaicalls_store::CallVolume, funnel: kaicalls_store::Funnel) -> Self {
        Analytics {
            calls: VolumeView {
                days: volume.days.into_iter().map(DayVolume::from).collect(),
                summary: volume.summary.into(),
            },
            funnel: FunnelView {
                total_leads: funnel.total_leads,
                lost: funnel.lost,
                stages: funnel
                    .stages
                    .into_iter()
                    .filter_map(|s| {
                        Some(FunnelStage {
                            stage: PipelineStage::parse(&s.stage)?,
                            count: s.count,
                            rate_from_top: s.rate_from_top,
                            dropoff_rate: s.dropoff_rate,
                        })
                    })
                    .collect(),
                by_stage: funnel.by_status.into(),
            },
        }
    }
}
