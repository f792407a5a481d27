//! Leads as the leads screen, the lead detail and its form show them.

use kaicalls_vocab::{LeadField, PipelineStage, Tone};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{DateRange, raw_text};

/// A lead as the user left it (pending offline edits laid over the server's copy).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LeadView {
    /// The lead id.
    pub id: String,
    /// Full name (or first and last joined).
    pub name: Option<String>,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Its pipeline stage; `None` for a missing or unknown status.
    pub stage: Option<PipelineStage>,
    /// The status as spelled (shown as is when `stage` is `None`).
    pub status: Option<String>,
    /// How its status chip is coloured.
    pub tone: Tone,
    /// Where it came from (`inbound_call`, `website`, …).
    pub source: Option<String>,
    /// The agent that captured it.
    pub agent_id: Option<String>,
    /// That agent's name.
    pub agent_name: Option<String>,
    /// Its business.
    pub business_id: Option<String>,
    /// Internal notes.
    pub notes: Option<String>,
    /// AI score 0–100.
    pub score: Option<i64>,
    /// Street address.
    pub address: Option<String>,
    /// City.
    pub city: Option<String>,
    /// State.
    pub state: Option<String>,
    /// ZIP code.
    pub zip: Option<String>,
    /// When KaiCalls created it (RFC 3339, verbatim).
    pub created_at: Option<String>,
    /// When KaiCalls last changed it (RFC 3339, verbatim).
    pub updated_at: Option<String>,
    /// Offline edits still waiting to be sent.
    pub pending_edits: u32,
}

impl From<kaicalls_store::Lead> for LeadView {
    fn from(l: kaicalls_store::Lead) -> Self {
        let stage = l.status.as_deref().and_then(PipelineStage::parse);
        LeadView {
            address: raw_text(&l.raw, "address"),
            city: raw_text(&l.raw, "city"),
            state: raw_text(&l.raw, "state"),
            zip: raw_text(&l.raw, "zip"),
            id: l.id,
            name: l.name,
            first_name: l.first_name,
            last_name: l.last_name,
            email: l.email,
            phone: l.phone,
            stage,
            status: l.status,
            tone: stage.map_or(Tone::Neutral, PipelineStage::tone),
            source: l.source,
            agent_id: l.agent_id,
            agent_name: l.agent_name,
            business_id: l.business_id,
            notes: l.notes,
            score: l.score,
            created_at: l.created_at,
            updated_at: l.updated_at,
            pending_edits: u32::try_from(l.pending_edits).unwrap_or(u32::MAX),
        }
    }
}

/// One field an edit changes; `None` clears it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FieldChange {
    /// The field.
    pub field: LeadField,
    /// Its new value.
    pub value: Option<String>,
}

/// An edit the lead form sends: only the fields the user changed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LeadEdit {
    /// The lead.
    pub id: String,
    /// What changed.
    pub changes: Vec<FieldChange>,
}

impl LeadEdit {
    /// The PATCH body fields (a status folded to its stage's spelling).
    pub(crate) fn fields(&self) -> Map<String, Value> {
        self.changes
            .iter()
            .map(|c| {
                let value = match (c.field, c.value.as_deref()) {
                    (LeadField::Status, Some(s)) => Value::String(
                        PipelineStage::parse(s)
                            .map_or_else(|| s.trim().to_lowercase(), |p| p.as_str().to_owned()),
                    ),
                    (_, Some(v)) => Value::String(v.to_owned()),
                    (_, None) => Value::Null,
                };
                (c.field.as_str().to_owned(), value)
            })
            .collect()
    }
}

/// An offline edit waiting to be sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PendingEdit {
    /// The outbox entry (edits are sent in this order).
    pub id: i64,
    /// What it changes.
    pub changes: Vec<FieldChange>,
    /// When the user made it (RFC 3339).
    pub created_at: String,
    /// Failed attempts to send it so far.
    pub attempts: u32,
    /// The last failure to send it, in words.
    pub error: Option<String>,
}

impl From<kaicalls_store::OutboxEntry> for PendingEdit {
    fn from(e: kaicalls_store::OutboxEntry) -> Self {
        PendingEdit {
            id: e.id,
            changes: e
                .fields
                .iter()
                .filter_map(|(key, value)| {
                    Some(FieldChange {
                        field: LeadField::parse(key)?,
                        value: value.as_str().map(str::to_owned),
                    })
                })
                .collect(),
            created_at: e.created_at.to_rfc3339(),
            attempts: u32::try_from(e.attempts).unwrap_or(u32::MAX),
            error: e.error,
        }
    }
}

/// One lead with its pending edits.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LeadDetail {
    /// The lead, edits laid over.
    pub lead: LeadView,
    /// Edits still waiting to be sent, oldest first.
    pub pending: Vec<PendingEdit>,
}

impl From<crate::outbox::LeadAsEdited> for LeadDetail {
    fn from(v: crate::outbox::LeadAsEdited) -> Self {
        LeadDetail {
            lead: v.lead.into(),
            pending: v.pending.into_iter().map(PendingEdit::from).collect(),
        }
    }
}

/// Filters of the leads screen; `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LeadFilter {
    /// Only leads at this stage.
    pub stage: Option<PipelineStage>,
    /// Only leads from this source.
    pub source: Option<String>,
    /// Only this agent's leads.
    pub agent_id: Option<String>,
    /// Only this business's leads (the top bar's business).
    pub business_id: Option<String>,
    /// Creation window.
    pub created: DateRange,
}

impl From<LeadFilter> for kaicalls_store::LeadFilter {
    fn from(f: LeadFilter) -> Self {
        kaicalls_store::LeadFilter {
            business_id: f.business_id,
            status: f.stage.map(|s| s.as_str().to_owned()),
            source: f.source,
            agent_id: f.agent_id,
            created: f.created.into(),
        }
    }
}

/// Leads at one stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StageCount {
    /// The stage.
    pub stage: PipelineStage,
    /// How many leads are at it.
    pub count: i64,
}

/// Leads per pipeline stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct PipelineView {
    /// Every stage, in pipeline order.
    pub stages: Vec<StageCount>,
    /// Leads with a missing or unknown status.
    pub other: i64,
    /// All leads counted.
    pub total: i64,
}

impl From<kaicalls_store::PipelineCounts> for PipelineView {
    fn from(c: kaicalls_store::PipelineCounts) -> Self {
        let count = |stage| match stage {
            PipelineStage::New => c.new,
            PipelineStage::Contacted => c.contacted,
            PipelineStage::Qualified => c.qualified,
            PipelineStage::Converted => c.converted,
            PipelineStage::Lost => c.lost,
        };
        PipelineView {
            stages: PipelineStage::ALL
                .into_iter()
                .map(|stage| StageCount {
                    stage,
                    count: count(stage),
                })
                .collect(),
            other: c.other,
            total: c.total,
        }
    }
}
