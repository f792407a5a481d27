//! What the UI receives: view types made for it, mapped from the offline copy's rows.
//!
//! The store's row structs are the cache's business (typed columns plus the raw JSON);
//! these are the screens'. Statuses arrive folded once, here, through the shared
//! vocabulary (a call's [`CallState`](kaicalls_vocab::CallState), whether it is active,
//! its [`Tone`](kaicalls_vocab::Tone); a lead's pipeline stage), so the UI never decides
//! what a spelling means, and a change of the cache's schema stops at the mapping below.
//! Nothing here carries a secret or the raw server JSON.

mod calls;
mod catalog;
mod dashboard;
mod inbox;
mod insights;
mod leads;
mod sdr;
mod usage;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub(crate) use calls::quality_of;
pub use calls::{CallDetail, CallFilter, CallView, Direction, QualityScore, TranscriptView};
pub use catalog::{AgentView, BusinessView, NumberView};
pub use dashboard::{
    DashboardRequest, DashboardView, FunnelData, FunnelStep, Grouping, OfflineWhy, Origin, Panel,
    Performance, TimelinePoint, Totals, WeekChange, WeekFigures, Weekly,
};
pub use inbox::InboxItemView;
pub use insights::{SearchHitView, SearchKind, SearchPageView, SearchRequest};
pub use leads::{
    FieldChange, LeadDetail, LeadEdit, LeadFilter, LeadView, PendingEdit, PipelineView, StageCount,
};
pub use sdr::{
    Count, SdrActionRequest, SdrActivityView, SdrConfigView, SdrLeadView, SdrPipelineView,
    SdrReportView, SdrResultView, SdrRunRequest, SdrRunView, SdrSegmentView,
};
pub use usage::{BusinessUsage, UsageRequest, UsageView};

/// Which page of a list to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PageRequest {
    /// How many items (1 to 500; more is read as 500).
    pub limit: u32,
    /// The `next` of the previous page; `None` for the first page.
    pub after: Option<String>,
}

impl From<PageRequest> for kaicalls_store::PageRequest {
    fn from(p: PageRequest) -> Self {
        kaicalls_store::PageRequest {
            limit: p.limit,
            after: p.after,
        }
    }
}

/// One page of a list, newest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Page<T> {
    /// The items.
    pub items: Vec<T>,
    /// The cursor of the next page, or `None` on the last one.
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// A store page with each row mapped to its view.
    pub(crate) fn of<R>(page: kaicalls_store::Page<R>, view: impl FnMut(R) -> T) -> Page<T> {
        Page {
            items: page.items.into_iter().map(view).collect(),
            next: page.next,
        }
    }
}

/// A window on creation time: `from` included, `to` excluded; either end may be open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct DateRange {
    /// Earliest instant included.
    pub from: Option<DateTime<Utc>>,
    /// First instant no longer included.
    pub to: Option<DateTime<Utc>>,
}

impl From<DateRange> for kaicalls_store::DateRange {
    fn from(d: DateRange) -> Self {
        kaicalls_store::DateRange {
            from: d.from,
            to: d.to,
        }
    }
}

/// A text field of a row's raw JSON (fields the cache keeps without a column).
pub(crate) fn raw_text(raw: &serde_json::Value, key: &str) -> Option<String> {
    raw.get(key)
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
}
