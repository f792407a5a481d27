//! The event payloads KaiCalls sends, decoded strictly enough that an unknown or
//! malformed shape is refused at the door rather than half-ingested later.

use serde::{Deserialize, Serialize};

/// Why a verified body is still not an event we can ingest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The body is not UTF-8 JSON.
    #[error("the body is not valid JSON: {0}")]
    NotJson(String),
    /// The `event` names something this app does not know.
    #[error("unknown event type {0:?}")]
    UnknownEvent(String),
    /// The `X-KaiCalls-Event` header and the body disagree.
    #[error("the event header says {header:?} but the body says {body:?}")]
    HeaderMismatch {
        /// Value of the header.
        header: String,
        /// Value of the body's `event` field.
        body: String,
    },
    /// A known event without the fields it must have.
    #[error("malformed {event} payload: {reason}")]
    Malformed {
        /// The event type.
        event: String,
        /// What was wrong.
        reason: String,
    },
}

/// `lead.created`: a new lead, as much as the payload carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadCreated {
    /// Lead id.
    pub id: String,
    /// Full name, when known.
    #[serde(default)]
    pub name: Option<String>,
    /// Email, when known.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone, when known.
    #[serde(default)]
    pub phone: Option<String>,
    /// Where the lead came from (`inbound_call`, ...).
    #[serde(default)]
    pub source: Option<String>,
}

/// `lead.scored`: the AI's score for a lead.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadScored {
    /// Lead id.
    pub lead_id: String,
    /// Score 0–100.
    #[serde(default)]
    pub score: Option<f64>,
    /// `high`, `medium` or `low`.
    #[serde(default)]
    pub confidence: Option<String>,
    /// Why the score.
    #[serde(default)]
    pub explanation: Option<String>,
    /// Signals behind the score.
    #[serde(default)]
    pub factors: Vec<String>,
}

/// `call.completed`: a call ended with a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallCompleted {
    /// Call id.
    pub call_id: String,
    /// Final status (`completed` or `ended`).
    #[serde(default)]
    pub status: Option<String>,
    /// Talk time in seconds.
    #[serde(default)]
    pub duration: Option<f64>,
    /// The agent's display name.
    #[serde(default)]
    pub agent_name: Option<String>,
    /// Why the call ended.
    #[serde(default)]
    pub ended_reason: Option<String>,
    /// Where the recording is.
    #[serde(default)]
    pub recording_url: Option<String>,
    /// The AI's summary.
    #[serde(default)]
    pub summary: Option<String>,
}

/// The envelope of global webhooks: `{event, timestamp, business_id, data}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// When KaiCalls produced the event.
    pub timestamp: String,
    /// The business it belongs to.
    pub business_id: String,
    /// The event's own fields.
    pub data: T,
}

/// `call.failed` (per-call webhooks only): flat, with no envelope.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallFailed {
    /// Call id.
    pub call_id: String,
    /// `failed`, `no-answer`, ...
    #[serde(default)]
    pub status: Option<String>,
    /// Machine-readable reason (`no_answer`, ...).
    #[serde(default)]
    pub error: Option<String>,
    /// When KaiCalls produced the event.
    pub timestamp: String,
}

/// Every event the app ingests.
#[derive(Debug, Clone, PartialEq)]
pub enum WebhookEvent {
    /// `lead.created`
    LeadCreated(Envelope<LeadCreated>),
    /// `lead.scored`
    LeadScored(Envelope<LeadScored>),
    /// `call.completed`
    CallCompleted(Envelope<CallCompleted>),
    /// `call.failed`
    CallFailed(CallFailed),
}

impl WebhookEvent {
    /// The event's type name, as in `X-KaiCalls-Event`.
    pub fn name(&self) -> &'static str {
        match self {
            WebhookEvent::LeadCreated(_) => "lead.created",
            WebhookEvent::LeadScored(_) => "lead.scored",
            WebhookEvent::CallCompleted(_) => "call.completed",
            WebhookEvent::CallFailed(_) => "call.failed",
        }
    }

    /// When KaiCalls produced it (the payload's `timestamp`).
    pub fn timestamp(&self) -> &str {
        match self {
            WebhookEvent::LeadCreated(e) => &e.timestamp,
            WebhookEvent::LeadScored(e) => &e.timestamp,
            WebhookEvent::CallCompleted(e) => &e.timestamp,
            WebhookEvent::CallFailed(e) => &e.timestamp,
        }
    }

    /// The business, for enveloped events (`call.failed` carries none).
    pub fn business_id(&self) -> Option<&str> {
        match self {
            WebhookEvent::LeadCreated(e) => Some(&e.business_id),
            WebhookEvent::LeadScored(e) => Some(&e.business_id),
            WebhookEvent::CallCompleted(e) => Some(&e.business_id),
            WebhookEvent::CallFailed(_) => None,
        }
    }
}

/// Decodes a (verified) body. `header` is `X-KaiCalls-Event`, if sent; it must agree
/// with the body.
pub fn decode(header: Option<&str>, body: &[u8]) -> Result<WebhookEvent, DecodeError> {
    let text = std::str::from_utf8(body).map_err(|e| DecodeError::NotJson(e.to_string()))?;
    // Typed structs also accept JSON arrays; an event body is an object.
    if !text.trim_start().starts_with('{') {
        return Err(DecodeError::NotJson("the body is not a JSON object".into()));
    }
    // Two typed passes (the event name, then its shape) instead of building a `Value`
    // tree first: this runs on every delivery, and the tree's allocations cost more.
    let peek: Peek<'_> =
        serde_json::from_str(text).map_err(|e| DecodeError::NotJson(e.to_string()))?;
    let event = peek
        .event
        .ok_or_else(|| DecodeError::NotJson("no string `event` field".into()))?;
    // Borrowed from the body unless it had escapes: owned only for an error.
    let event: &str = &event;
    if let Some(header) = header.map(str::trim).filter(|h| !h.is_empty()) {
        if header != event {
            return Err(DecodeError::HeaderMismatch {
                header: header.to_string(),
                body: event.to_string(),
            });
        }
    }
    let malformed = |e: serde_json::Error| DecodeError::Malformed {
        event: event.to_string(),
        reason: e.to_string(),
    };
    match event {
        "lead.created" => serde_json::from_str(text)
            .map(WebhookEvent::LeadCreated)
            .map_err(malformed),
        "lead.scored" => serde_json::from_str(text)
            .map(WebhookEvent::LeadScored)
            .map_err(malformed),
        "call.completed" => serde_json::from_str(text)
            .map(WebhookEvent::CallCompleted)
            .map_err(malformed),
        "call.failed" => serde_json::from_str(text)
            .map(WebhookEvent::CallFailed)
            .map_err(malformed),
        _ => Err(DecodeError::UnknownEvent(event.to_string())),
    }
}

/// Just the `event` of a body; every other field is skipped without being stored.
#[derive(Deserialize)]
struct Peek<'a> {
    #[serde(borrow, default)]
    event: Option<std::borrow::Cow<'a, str>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/../kaicalls-sandbox/fixtures/reference/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn decodes_every_reference_example() {
        let e = decode(Some("lead.created"), &fixture("event_lead_created")).unwrap();
        assert_eq!(e.business_id(), Some("uuid-biz456"));
        match e {
            WebhookEvent::LeadCreated(l) => assert_eq!(l.data.name.as_deref(), Some("Jane Smith")),
            other => panic!("{other:?}"),
        }
        let e = decode(None, &fixture("event_lead_scored")).unwrap();
        assert!(matches!(e, WebhookEvent::LeadScored(ref s) if s.data.score == Some(82.0)));
        let e = decode(None, &fixture("event_call_completed")).unwrap();
        assert_eq!(e.name(), "call.completed");
        let e = decode(Some("call.failed"), &fixture("event_call_failed")).unwrap();
        assert_eq!(e.business_id(), None);
        assert_eq!(e.timestamp(), "2026-04-27T14:31:00Z");
    }

    /// This is the app's one model of the payloads: every field the reference's examples
    /// carry must land in a typed field, none silently dropped.
    #[test]
    fn models_every_field_of_the_reference_examples() {
        fn keys(value: &serde_json::Value) -> Vec<String> {
            let mut keys: Vec<String> = value
                .as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            keys.sort();
            keys
        }
        for name in [
            "event_lead_created",
            "event_lead_scored",
            "event_call_completed",
            "event_call_failed",
        ] {
            let body = fixture(name);
            let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
            let (outer, data) = match decode(None, &body).unwrap() {
                WebhookEvent::LeadCreated(e) => (
                    serde_json::to_value(&e).unwrap(),
                    serde_json::to_value(&e.data).unwrap(),
                ),
                WebhookEvent::LeadScored(e) => (
                    serde_json::to_value(&e).unwrap(),
                    serde_json::to_value(&e.data).unwrap(),
                ),
                WebhookEvent::CallCompleted(e) => (
                    serde_json::to_value(&e).unwrap(),
                    serde_json::to_value(&e.data).unwrap(),
                ),
                WebhookEvent::CallFailed(e) => {
                    (serde_json::to_value(&e).unwrap(), serde_json::Value::Null)
                }
            };
            // `event` is read by `decode` itself, not kept in the typed payload.
            let mut expected = keys(&json);
            expected.retain(|k| k != "event");
            assert_eq!(keys(&outer), expected, "{name}");
            if !data.is_null() {
                assert_eq!(keys(&data), keys(&json["data"]), "{name}");
            }
        }
    }

    #[test]
    fn refuses_what_it_cannot_ingest() {
        assert!(matches!(
            decode(None, b"\xff\xfe"),
            Err(DecodeError::NotJson(_))
        ));
        assert!(matches!(decode(None, b"[]"), Err(DecodeError::NotJson(_))));
        assert!(matches!(
            decode(None, br#"{"event":"lead.deleted"}"#),
            Err(DecodeError::UnknownEvent(_))
        ));
        assert!(matches!(
            decode(Some("call.completed"), &fixture("event_lead_created")),
            Err(DecodeError::HeaderMismatch { .. })
        ));
        assert!(matches!(
            decode(
                None,
                br#"{"event":"lead.created","timestamp":"t","business_id":"b","data":{}}"#
            ),
            Err(DecodeError::Malformed { .. })
        ));
    }
}
