//! Calls as the calls screen, the call detail and the lead's call list show them.

use kaicalls_vocab::{CallState, Tone};
use serde::{Deserialize, Serialize};

use super::DateRange;
use crate::error::AppError;

/// Which way a call went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Someone called the business.
    Inbound,
    /// An agent called out.
    Outbound,
}

impl Direction {
    /// The direction a server spelling names; `None` for anything else.
    pub fn parse(text: &str) -> Option<Direction> {
        match text.trim().to_ascii_lowercase().as_str() {
            "inbound" => Some(Direction::Inbound),
            "outbound" => Some(Direction::Outbound),
            _ => None,
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        }
    }
}

/// A call, as lists and the detail pane show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CallView {
    /// The KaiCalls call id.
    pub id: String,
    /// What its status means.
    pub state: CallState,
    /// The status as KaiCalls spelled it (shown as is when `state` is `other`).
    pub status: Option<String>,
    /// Whether the call can still change (the detail pane follows it live).
    pub is_active: bool,
    /// How its status chip is coloured.
    pub tone: Tone,
    /// Inbound or outbound, once its details were read.
    pub direction: Option<Direction>,
    /// Length in seconds.
    pub duration_seconds: Option<i64>,
    /// The agent that handled it.
    pub agent_id: Option<String>,
    /// That agent's name at the time.
    pub agent_name: Option<String>,
    /// Its business.
    pub business_id: Option<String>,
    /// The linked lead.
    pub lead_id: Option<String>,
    /// The linked lead's name, from the offline copy.
    pub lead_name: Option<String>,
    /// The name given when dialling.
    pub customer_name: Option<String>,
    /// The number the call was with: the one dialled, or for an inbound call its lead's.
    pub number: Option<String>,
    /// The AI summary.
    pub summary: Option<String>,
    /// Whether a recording can be opened (`call_open_recording`).
    pub has_recording: bool,
    /// The recording's address, for copying.
    pub recording_url: Option<String>,
    /// Why it ended.
    pub ended_reason: Option<String>,
    /// When KaiCalls created it (RFC 3339, verbatim).
    pub created_at: Option<String>,
}

impl From<kaicalls_store::Call> for CallView {
    fn from(c: kaicalls_store::Call) -> Self {
        let state = c.status.as_deref().map_or(CallState::Other, CallState::of);
        CallView {
            id: c.id,
            state,
            is_active: state.is_active(),
            tone: state.tone(),
            status: c.status,
            direction: c.direction.as_deref().and_then(Direction::parse),
            duration_seconds: c.duration_seconds,
            agent_id: c.agent_id,
            agent_name: c.agent_name,
            business_id: c.business_id,
            lead_id: c.lead_id,
            lead_name: c.lead_name,
            customer_name: c.customer_name,
            number: c
                .to_number
                .filter(|n| !n.trim().is_empty())
                .or(c.lead_phone),
            summary: c.summary,
            has_recording: c.recording_url.is_some(),
            recording_url: c.recording_url,
            ended_reason: c.ended_reason,
            created_at: c.created_at,
        }
    }
}

/// A call's transcript.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TranscriptView {
    /// The call it belongs to.
    pub call_id: String,
    /// The agent's name.
    pub agent_name: Option<String>,
    /// Length in seconds.
    pub duration_seconds: Option<i64>,
    /// The AI summary.
    pub summary: Option<String>,
    /// The text, `Agent:` / `Caller:` lines.
    pub transcript: Option<String>,
    /// When the call was created (RFC 3339, verbatim).
    pub created_at: Option<String>,
}

impl From<kaicalls_store::Transcript> for TranscriptView {
    fn from(t: kaicalls_store::Transcript) -> Self {
        TranscriptView {
            call_id: t.call_id,
            agent_name: t.agent_name,
            duration_seconds: t.duration_seconds,
            summary: t.summary,
            transcript: t.transcript,
            created_at: t.created_at,
        }
    }
}

/// A call with its transcript, as far as the offline copy has them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CallDetail {
    /// The call.
    pub call: CallView,
    /// Its transcript, once the call has ended and sync fetched it.
    pub transcript: Option<TranscriptView>,
    /// The call's quality scores as KaiCalls rates them (`quality_dimensions`: 0–100 for
    /// professionalism, empathy, information gathering, resolution, and any other it
    /// sends), in the reference's order; empty until the details were read.
    pub quality: Vec<QualityScore>,
}

/// One quality dimension of a call.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct QualityScore {
    /// The dimension's key, e.g. `information_gathering`.
    pub dimension: String,
    /// Its score, 0–100.
    pub score: f64,
}

/// The reference's four dimensions, shown first and in this order.
const QUALITY_ORDER: [&str; 4] = [
    "professionalism",
    "empathy",
    "information_gathering",
    "resolution",
];

/// The numeric scores of a call's `quality_dimensions` object; anything not a number in
/// 0–100 is left out rather than shown wrong.
pub(crate) fn quality_of(raw: &serde_json::Value) -> Vec<QualityScore> {
    let Some(dims) = raw.get("quality_dimensions").and_then(|d| d.as_object()) else {
        return Vec::new();
    };
    let mut scores: Vec<QualityScore> = dims
        .iter()
        .filter_map(|(k, v)| {
            let score = v.as_f64().filter(|s| (0.0..=100.0).contains(s))?;
            Some(QualityScore {
                dimension: k.clone(),
                score,
            })
        })
        .collect();
    let rank = |d: &str| {
        QUALITY_ORDER
            .iter()
            .position(|k| *k == d)
            .unwrap_or(QUALITY_ORDER.len())
    };
    scores.sort_by(|a, b| {
        rank(&a.dimension)
            .cmp(&rank(&b.dimension))
            .then(a.dimension.cmp(&b.dimension))
    });
    scores
}

/// Filters of the calls screen; `None` means any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct CallFilter {
    /// Only calls in this state (`other` cannot be filtered on).
    pub state: Option<CallState>,
    /// Only inbound or outbound calls.
    pub direction: Option<Direction>,
    /// Only this agent's calls.
    pub agent_id: Option<String>,
    /// Only calls linked to this lead.
    pub lead_id: Option<String>,
    /// Only this business's calls (the top bar's business).
    pub business_id: Option<String>,
    /// Creation window.
    pub created: DateRange,
}

impl TryFrom<CallFilter> for kaicalls_store::CallFilter {
    type Error = AppError;

    fn try_from(f: CallFilter) -> Result<Self, AppError> {
        let status = match f.state {
            None => None,
            Some(state) => Some(
                state
                    .folded()
                    .ok_or_else(|| {
                        AppError::new(
                            kaicalls_vocab::Code::InvalidInput,
                            "Calls can be filtered by a known status only.",
                        )
                    })?
                    .to_owned(),
            ),
        };
        Ok(kaicalls_store::CallFilter {
            business_id: f.business_id,
            status,
            direction: f.direction.map(|d| d.as_str().to_owned()),
            agent_id: f.agent_id,
            lead_id: f.lead_id,
            created: f.created.into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        to: Option<&str>,
        lead_phone: Option<&str>,
        status: Option<&str>,
    ) -> kaicalls_store::Call {
        kaicalls_store::Call {
            id: "c1".into(),
            conversation_id: None,
            status: status.map(Into::into),
            direction: Some("Inbound".into()),
            duration_seconds: None,
            agent_id: None,
            agent_name: None,
            business_id: None,
            lead_id: None,
            to_number: to.map(Into::into),
            customer_name: None,
            summary: None,
            recording_url: None,
            ended_reason: None,
            created_at: None,
            raw: serde_json::Value::Null,
            lead_name: None,
            lead_phone: lead_phone.map(Into::into),
        }
    }

    #[test]
    fn the_number_is_the_dialled_one_else_the_leads() {
        let number = |to, lead| CallView::from(row(to, lead, None)).number;
        assert_eq!(
            number(Some("+1512"), Some("+1737")).as_deref(),
            Some("+1512")
        );
        assert_eq!(number(None, Some("+1737")).as_deref(), Some("+1737"));
        assert_eq!(number(Some(" "), Some("+1737")).as_deref(), Some("+1737"));
        assert_eq!(number(None, None), None);
    }

    #[test]
    fn statuses_are_folded_once_here() {
        let view = CallView::from(row(None, None, Some("in_progress")));
        assert_eq!(
            (view.state, view.is_active, view.tone),
            (CallState::InProgress, true, Tone::Live)
        );
        assert_eq!(
            view.status.as_deref(),
            Some("in_progress"),
            "the spelling is kept for display"
        );
        assert_eq!(view.direction, Some(Direction::Inbound));
        let unknown = CallView::from(row(None, None, None));
        assert_eq!(
            (unknown.state, unknown.is_active),
            (CallState::Other, false)
        );
    }
}

#[cfg(test)]
mod quality_tests {
    use super::quality_of;
    use serde_json::json;

    #[test]
    fn reads_the_reference_dimensions_in_order_and_drops_what_is_not_a_score() {
        let raw = json!({"quality_dimensions": {
            "resolution": 90, "empathy": 88, "warmth": 70.5, "professionalism": 92,
            "information_gathering": 95, "broken": "high", "too_big": 140
        }});
        let got: Vec<(String, f64)> = quality_of(&raw)
            .into_iter()
            .map(|q| (q.dimension, q.score))
            .collect();
        assert_eq!(
            got,
            [
                ("professionalism".to_string(), 92.0),
                ("empathy".to_string(), 88.0),
                ("information_gathering".to_string(), 95.0),
                ("resolution".to_string(), 90.0),
                ("warmth".to_string(), 70.5),
            ]
        );
        assert!(quality_of(&json!({})).is_empty());
        assert!(quality_of(&json!({"quality_dimensions": null})).is_empty());
    }
}
