//! Every JSON example of the reference (the sandbox's fixture files) deserializes into
//! its model with no field left unmodelled, and serializes back to the same JSON.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use kaicalls_api::models::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../kaicalls-sandbox/fixtures/reference")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// Parses fixture `name` as `T`, checks nothing went to an `extra` map at any depth,
/// and that serializing gives the fixture back.
fn round_trip<T: DeserializeOwned + Serialize>(name: &str) -> T {
    let json = fixture(name);
    let parsed: T = serde_json::from_value(json.clone())
        .unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
    let unknown = unknown_fields(&parsed);
    assert!(unknown.is_empty(), "{name}: unmodelled fields {unknown:?}");
    let back = serde_json::to_value(&parsed).unwrap();
    assert_eq!(back, json, "{name} does not serialize back to itself");
    parsed
}

#[test]
fn every_fixture_is_covered() {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../kaicalls-sandbox/fixtures/reference");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".json")
                .map(str::to_string)
        })
        .collect();
    names.sort();
    let covered = COVERED.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let missing: Vec<_> = names.iter().filter(|n| !covered.contains(n)).collect();
    assert!(
        missing.is_empty(),
        "fixtures without a model test: {missing:?}"
    );
}

const COVERED: &[&str] = &[
    "agent_create",
    "agent_get",
    "agent_update",
    "agents_list",
    "analytics_agents",
    "analytics_businesses",
    "analytics_calls",
    "analytics_dashboard",
    "analytics_funnel",
    "analytics_weekly",
    "balance",
    "call_create",
    "call_get",
    "calls_list",
    "error",
    "eval_create",
    "eval_run_fanout",
    "eval_run_single",
    "event_call_completed",
    "event_call_failed",
    "event_lead_created",
    "event_lead_scored",
    "key_create",
    "key_revoke",
    "keys_list",
    "lead_get",
    "lead_update",
    "leads_list",
    "numbers_list",
    "sdr_action",
    "sdr_pipeline",
    "sdr_run",
    "signup",
    "sms_send",
    "sms_update_prompt",
    "transcripts_list",
    "usage",
    "webhook_get",
    "webhook_register",
];

#[test]
fn signup() {
    let s: SignupResponse = round_trip("signup");
    // The key is a secret: Debug never shows it.
    assert!(!format!("{s:?}").contains("kc_live_abc123"));
}

#[test]
fn agents() {
    round_trip::<AgentsList>("agents_list");
    let a: Agent = round_trip("agent_get");
    let prompts = a.prompts.unwrap();
    assert_eq!(
        prompts.outbound.unwrap().first_message.as_deref(),
        Some("Hey {{name}}, this is Kai from Smith Law.")
    );
    assert_eq!(a.voice.unwrap().voice_id.as_deref(), Some("voice-id-123"));
    assert_eq!(a.model.unwrap().temperature, Some(0.7));
    round_trip::<AgentCreated>("agent_create");
    let u: AgentUpdated = round_trip("agent_update");
    assert_eq!(u.updated_fields, ["inbound_prompt"]);
}

#[test]
fn numbers_calls_leads_transcripts() {
    round_trip::<NumbersList>("numbers_list");
    let c: CallCreated = round_trip("call_create");
    assert_eq!(c.status, CallStatus::Queued);
    let page: CallsPage = round_trip("calls_list");
    assert!(page.has_more);
    let call: Call = round_trip("call_get");
    assert!(call.status.is_final());
    let leads: LeadsPage = round_trip("leads_list");
    assert_eq!(leads.leads[0].status, LeadStatus::New);
    let lead: Lead = round_trip("lead_get");
    assert_eq!(lead.source_url, None);
    round_trip::<UpdatedLead>("lead_update");
    let t: TranscriptsPage = round_trip("transcripts_list");
    assert_eq!(t.transcripts[0].status, CallStatus::Ended);
}

#[test]
fn sms_evals_sdr() {
    round_trip::<SmsSent>("sms_send");
    round_trip::<SmsPromptUpdated>("sms_update_prompt");
    let e: Eval = round_trip("eval_create");
    assert_eq!(e.messages.as_deref(), Some(&[][..]));
    let run: EvalRun = round_trip("eval_run_single");
    assert_eq!(run.status, EvalRunStatus::Ended);
    let fan: EvalFanOut = round_trip("eval_run_fanout");
    assert_eq!(fan.failed, 1);
    let p: Pipeline = round_trip("sdr_pipeline");
    assert_eq!(p.leads[0].segment, SdrSegment::SpeedToLead);
    assert_eq!(p.leads[0].next_action, Some(SdrAction::Call));
    round_trip::<ActionResult>("sdr_action");
    round_trip::<PipelineRun>("sdr_run");
}

#[test]
fn analytics_and_account() {
    round_trip::<Dashboard>("analytics_dashboard");
    let calls: CallAnalytics = round_trip("analytics_calls");
    assert_eq!(calls.timeline[0].statuses["no-answer"], 2);
    let funnel: Funnel = round_trip("analytics_funnel");
    assert_eq!(funnel.funnel[3].dropoff_rate, 64.0);
    round_trip::<AgentAnalytics>("analytics_agents");
    round_trip::<WeeklyReport>("analytics_weekly");
    round_trip::<BusinessAnalytics>("analytics_businesses");
    round_trip::<Balance>("balance");
    round_trip::<Usage>("usage");
}

#[test]
fn webhooks_keys_and_events() {
    let r: WebhookRegistration = round_trip("webhook_register");
    assert!(!format!("{r:?}").contains("full-secret"));
    let w: WebhookConfig = round_trip("webhook_get");
    assert_eq!(w.events[0], WebhookEvent::LeadCreated);
    round_trip::<KeysList>("keys_list");
    let k: CreatedKey = round_trip("key_create");
    assert!(!format!("{k:?}").contains("abc123def456"));
    round_trip::<Ack>("key_revoke");
    // The webhook payloads are modelled once, by the receiver's crate
    // (`kaicalls-webhooks`, `event.rs`), which tests these same fixtures.
}

// `error` (the error envelope) is served through the client in tests/errors.rs,
// `the_reference_error_example_keeps_its_unknown_code`.

#[test]
fn unknown_fields_and_values_are_kept() {
    let mut json = fixture("call_get");
    json["status"] = "voicemail".into();
    json["brand_new_field"] = serde_json::json!({"nested": true});
    let call: Call = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(call.status, CallStatus::Other("voicemail".into()));
    assert!(call.status.is_final());
    assert_eq!(unknown_fields(&call), ["brand_new_field"]);
    assert_eq!(serde_json::to_value(&call).unwrap(), json);
}
