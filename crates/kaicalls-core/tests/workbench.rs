//! The agent workbench against the sandbox: minimal PATCH bodies, the SMS prompt through
//! its own route, history across a restart, rollback, the eval gate flagging a
//! regression, bad input refused before sending, every documented agent and eval error
//! reaching the UI with its code, and a save that cannot reach KaiCalls losing nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod app_fixture;

use std::sync::Arc;

use app_fixture::{sign_in_form, signed_in};
use kaicalls_core::notify::RecordingNotifier;
use kaicalls_core::secrets::MemorySecretStore;
use kaicalls_core::vocab::Code;
use kaicalls_core::workbench::{
    AgentField, EvalEdit, JudgeKind, JudgeSpec, NewAgent, Severity, TurnSpec, VersionKind,
};

use kaicalls_core::{App, AppEvent, AppOptions, CoreEvent, KeyringHealth};
use kaicalls_sandbox::{SandboxConfig, SandboxHandle};
use kaicalls_testkit::fast_sandbox;
use secrecy::ExposeSecret;
use serde_json::{Value, json};

/// The sandbox's whole record of an agent, with every PATCH body it received.
async fn stored(sandbox: &SandboxHandle, agent_id: &str) -> Value {
    kaicalls_api::tls::http_client()
        .build()
        .unwrap()
        .get(format!("{}/sandbox/agents?id={agent_id}", sandbox.base_url))
        .bearer_auth(sandbox.demo_account.api_key.expose_secret())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn set_vapi_down(sandbox: &SandboxHandle, down: bool) {
    let ok = kaicalls_api::tls::http_client()
        .build()
        .unwrap()
        .put(format!("{}/sandbox/settings", sandbox.base_url))
        .bearer_auth(sandbox.demo_account.api_key.expose_secret())
        .json(&json!({ "vapi_down": down }))
        .send()
        .await
        .unwrap()
        .status()
        .is_success();
    assert!(ok);
}

fn patches(record: &Value) -> Vec<Value> {
    record["patches"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn only_changed_fields_are_sent_and_the_sms_prompt_takes_its_own_route() {
    let sandbox = fast_sandbox().await;
    let (_app, session) = signed_in(&sandbox).await;
    let id = sandbox.demo_account.agent_id.clone();

    let detail = session.agent(&id).await.unwrap();
    assert!(!detail.from_cache);
    assert!(!detail.settings.inbound_prompt.is_empty());
    let mut next = detail.settings.clone();
    next.outbound_prompt = format!(
        "{}\nAlways confirm the callback number.",
        next.outbound_prompt
    );
    next.outbound_first_message = "Hey {{name}}, it's Kai from Smith & Lee.".into();
    next.vapi_config = r#"{ "silenceTimeoutSeconds": 20 }"#.into();
    next.sms_prompt = "Reply briefly and offer a consultation.".into();

    let review = session.review_agent(&id, next.clone()).await.unwrap();
    let fields: Vec<_> = review
        .changes
        .iter()
        .map(|c| (c.field, c.key.clone()))
        .collect();
    assert_eq!(
        fields,
        [
            (AgentField::OutboundPrompt, None),
            (AgentField::OutboundFirstMessage, None),
            (AgentField::SmsPrompt, None),
            (AgentField::VapiConfig, Some("silenceTimeoutSeconds".into())),
        ]
    );
    assert!(review.touches_prompt && review.can_save);
    let added: Vec<_> = review.changes[0]
        .lines
        .iter()
        .filter(|l| l.kind != kaicalls_core::workbench::DiffKind::Same)
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(added, ["Always confirm the callback number."]);

    let saved = session
        .save_agent(&id, next.clone(), Some("Consultation focus".into()))
        .await
        .unwrap();
    assert!(saved.partial_failure.is_none());
    assert!(saved.version.mismatch.is_empty(), "{:?}", saved.version);
    let record = stored(&sandbox, &id).await;
    assert_eq!(
        patches(&record),
        [json!({
            "id": id,
            "outbound_prompt": next.outbound_prompt,
            "outbound_first_message": next.outbound_first_message,
            "vapi_config": { "silenceTimeoutSeconds": 20 },
        })],
        "the PATCH held exactly the changed fields; the SMS prompt went elsewhere"
    );
    assert_eq!(record["sms_prompt"], json!(next.sms_prompt));
    let audit = record["audit"].as_array().unwrap();
    assert!(
        audit
            .iter()
            .any(|a| a["field"] == "sms_prompt" && a["reason"] == "Consultation focus")
    );

    // The editor now shows the saved values, vapi_config included (known from history).
    let after = session.agent(&id).await.unwrap();
    assert_eq!(after.settings.outbound_prompt, next.outbound_prompt);
    assert!(after.settings.vapi_config.contains("silenceTimeoutSeconds"));
    // Saving the same again sends nothing.
    let err = session
        .save_agent(&id, after.settings, None)
        .await
        .unwrap_err();
    assert_eq!(err.code, Code::InvalidEdit);
    assert_eq!(patches(&stored(&sandbox, &id).await).len(), 1);
}

#[tokio::test]
async fn history_survives_a_restart_and_a_rollback_sends_only_what_it_restores() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = Arc::new(MemorySecretStore::new());
    let new_app = || {
        App::new(
            AppOptions {
                sandbox: false,
                version: "0.0.0-test".into(),
            },
            dir.path().to_path_buf(),
            secrets.clone(),
            KeyringHealth {
                backend: "memory",
                problem: None,
            },
            Arc::new(RecordingNotifier::new()),
        )
        .unwrap()
    };
    let sandbox = fast_sandbox().await;
    let id = sandbox.demo_account.agent_id.clone();
    let first = new_app();
    first
        .sign_in(sign_in_form(&sandbox, "Sandbox"))
        .await
        .unwrap();
    let session = first.session().await.unwrap();
    let original = session.agent(&id).await.unwrap().settings;
    let mut one = original.clone();
    one.first_message = "Thanks for calling Smith & Lee Law, this is Kai.".into();
    let v1 = session
        .save_agent(&id, one.clone(), None)
        .await
        .unwrap()
        .version;
    let mut two = one.clone();
    two.name = "Kai (front desk)".into();
    session.save_agent(&id, two, None).await.unwrap();
    // A draft left open survives the restart too.
    let mut draft = one.clone();
    draft.sms_llm = "gpt-4.1-mini".into();
    session.save_agent_draft(&id, draft.clone()).await.unwrap();
    drop(session);
    first.shutdown().await;
    drop(first);

    let again = new_app();
    again.startup().await.unwrap().expect("the account reopens");
    let session = again.session().await.unwrap();
    let history = session.agent_history(&id).await.unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].id, v1.id);
    assert_eq!(history[1].changes[0].before, original.first_message);
    assert_eq!(session.agent_draft(&id).await.unwrap(), Some(draft));

    let review = session.review_rollback(&id, v1.id).await.unwrap();
    let fields: Vec<_> = review.changes.iter().map(|c| c.field).collect();
    assert_eq!(fields, [AgentField::FirstMessage]);
    let rolled = session.rollback_agent(&id, v1.id).await.unwrap().version;
    assert_eq!(
        (rolled.kind, rolled.rollback_of),
        (VersionKind::Rollback, Some(v1.id))
    );
    let record = stored(&sandbox, &id).await;
    assert_eq!(record["first_message"], json!(original.first_message));
    assert_eq!(
        record["name"],
        json!("Kai (front desk)"),
        "the later change stays"
    );
    assert_eq!(
        patches(&record).last(),
        Some(&json!({ "id": id, "first_message": original.first_message }))
    );
    again.shutdown().await;
}

/// The eval progress events for `agent` (done, total) until one says all are done.
async fn eval_progress(
    events: &mut tokio::sync::broadcast::Receiver<AppEvent>,
    agent: &str,
) -> Vec<(u32, u32)> {
    let mut seen = Vec::new();
    while let Ok(Ok(event)) =
        tokio::time::timeout(std::time::Duration::from_secs(10), events.recv()).await
    {
        if let AppEvent::Core(CoreEvent::EvalProgress {
            agent_id,
            done,
            total,
        }) = event
            && agent_id == agent
        {
            seen.push((done, total));
            if done == total {
                break;
            }
        }
    }
    seen
}

fn scenario(name: &str, pattern: &str) -> EvalEdit {
    EvalEdit {
        id: None,
        name: name.into(),
        description: "The greeting names the firm.".into(),
        turns: vec![TurnSpec {
            role: "assistant".into(),
            content: String::new(),
            judge: Some(JudgeSpec {
                kind: JudgeKind::Regex,
                content: pattern.into(),
                model: String::new(),
            }),
        }],
    }
}

#[tokio::test]
async fn the_eval_gate_flags_a_change_that_breaks_a_passing_scenario() {
    let sandbox = fast_sandbox().await;
    let (f, session) = signed_in(&sandbox).await;
    let id = sandbox.demo_account.agent_id.clone();
    let eval = session
        .save_eval(&id, scenario("greeting.names_firm", "Smith & Lee"))
        .await
        .unwrap();
    assert_eq!(eval.turns.as_ref().map(Vec::len), Some(1));
    let mut events = f.app.subscribe();
    let baseline = session.run_evals(&id, None, None).await.unwrap();
    // The window is told as each scenario ends, so it can show progress.
    assert_eq!(eval_progress(&mut events, &id).await, [(0, 1), (1, 1)]);
    assert_eq!((baseline.passed, baseline.failed), (1, 0), "{baseline:?}");
    let turn = &baseline.results[0].turns[0];
    assert_eq!(turn.passed, Some(true));
    assert!(
        turn.content.contains("Smith & Lee"),
        "the agent's actual words"
    );

    let mut next = session.agent(&id).await.unwrap().settings;
    next.first_message = "Hello! How can I help you today?".into();
    let saved = session.save_agent(&id, next, None).await.unwrap();
    assert!(
        saved.gate_due,
        "a prompt changed and the agent has scenarios"
    );
    let gated = session.run_gate(&id, saved.version.id).await.unwrap();
    assert!(gated.regressed);
    let evals = gated.evals.unwrap();
    assert_eq!(evals.regressions, ["greeting.names_firm"]);
    assert_eq!(evals.results[0].passed_before, Some(true));
    assert!(
        evals.results[0].turns[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("does not match")
    );
    assert!(
        session.agent(&id).await.unwrap().regressed,
        "flagged on the agent"
    );
    let listed = session.agents().await.unwrap();
    assert!(
        listed.iter().any(|a| a.id == id && a.regressed),
        "and in the list"
    );

    // Both runs are kept, newest first; the gate's is tied to the change it ran for.
    let past = session.eval_run_history(&id).await.unwrap();
    let seen: Vec<_> = past
        .iter()
        .map(|r| (r.name.as_deref(), r.passed, r.version_id))
        .collect();
    assert_eq!(
        seen,
        [
            (
                Some("greeting.names_firm"),
                Some(false),
                Some(saved.version.id)
            ),
            (Some("greeting.names_firm"), Some(true), None),
        ]
    );
    assert!(
        past.iter()
            .all(|r| r.run_id.is_some() && r.eval_id == Some(eval.id.clone()))
    );

    // Off: a prompt change no longer asks for a run.
    session.set_eval_gate(&id, false).await.unwrap();
    let mut next = session.agent(&id).await.unwrap().settings;
    next.first_message = "Hi! Smith & Lee Law, how can I help?".into();
    assert!(!session.save_agent(&id, next, None).await.unwrap().gate_due);
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let sandbox = fast_sandbox().await;
    let (_app, session) = signed_in(&sandbox).await;
    let id = sandbox.demo_account.agent_id.clone();
    let base = session.agent(&id).await.unwrap().settings;

    let mut huge = base.clone();
    huge.outbound_prompt = "Call {{name}} back. ".repeat(15_000);
    let mut bad_json = base.clone();
    bad_json.vapi_config =
        "{\n  \"endCallMessage\": \"Bye\"\n  \"silenceTimeoutSeconds\": 20\n}".into();
    let mut wrong_type = base.clone();
    wrong_type.vapi_config = r#"{ "endCallPhrases": "goodbye" }"#.into();
    let mut no_name = base.clone();
    no_name.name = "  ".into();
    for (form, field) in [
        (huge, AgentField::OutboundPrompt),
        (bad_json, AgentField::VapiConfig),
        (wrong_type, AgentField::VapiConfig),
        (no_name, AgentField::Name),
    ] {
        let review = session.review_agent(&id, form.clone()).await.unwrap();
        assert!(!review.can_save);
        let p = review
            .problems
            .iter()
            .find(|p| p.severity == Severity::Error)
            .unwrap();
        assert_eq!(p.field, field, "{p:?}");
        let err = session.save_agent(&id, form, None).await.unwrap_err();
        assert_eq!(err.code, Code::InvalidInput);
        assert_eq!(err.message, p.message);
    }
    let review = session
        .review_agent(&id, {
            let mut s = base.clone();
            s.vapi_config =
                "{\n  \"endCallMessage\": \"Bye\"\n  \"silenceTimeoutSeconds\": 20\n}".into();
            s
        })
        .await
        .unwrap();
    assert_eq!(review.problems[0].line, Some(3), "the syntax error's line");
    let mut unknown = base.clone();
    unknown.outbound_first_message = "Hi {{first_name}}".into();
    let review = session.review_agent(&id, unknown).await.unwrap();
    assert!(review.can_save, "an unknown variable is a warning");
    assert!(
        review
            .problems
            .iter()
            .any(|p| p.severity == Severity::Warning && p.message.contains("first_name"))
    );
    assert!(
        patches(&stored(&sandbox, &id).await).is_empty(),
        "nothing reached KaiCalls"
    );
}

#[tokio::test]
async fn agent_and_eval_errors_reach_the_ui_with_their_codes_and_lose_nothing() {
    // The reference's rate limits on, as KaiCalls has them.
    let sandbox = kaicalls_testkit::sandbox(SandboxConfig::fast()).await;
    let (_app, session) = signed_in(&sandbox).await;
    let id = sandbox.demo_account.agent_id.clone();
    let base = session.agent(&id).await.unwrap().settings;

    // not_found: an agent that does not exist.
    let err = session.agent("no-such-agent").await.unwrap_err();
    assert_eq!(err.code, Code::NotFound);

    // vapi_error mid-save: nothing is recorded as saved, the draft stays.
    let mut next = base.clone();
    next.inbound_prompt = format!("{} Be brief.", next.inbound_prompt);
    session.save_agent_draft(&id, next.clone()).await.unwrap();
    set_vapi_down(&sandbox, true).await;
    let err = session
        .save_agent(&id, next.clone(), None)
        .await
        .unwrap_err();
    assert_eq!(err.code, Code::VapiError);
    assert!(!err.message.is_empty());
    assert!(session.agent_history(&id).await.unwrap().is_empty());
    assert_eq!(session.agent_draft(&id).await.unwrap(), Some(next.clone()));
    let err = session
        .save_eval(&id, scenario("x", "y"))
        .await
        .unwrap_err();
    assert_eq!(err.code, Code::VapiError);
    set_vapi_down(&sandbox, false).await;
    session.save_agent(&id, next, None).await.unwrap();
    assert_eq!(
        session.agent_draft(&id).await.unwrap(),
        None,
        "saved: the draft is gone"
    );

    // invalid_input before sending: a bad regex, an empty scenario name.
    let err = session
        .save_eval(&id, scenario("x", "("))
        .await
        .unwrap_err();
    assert_eq!(err.code, Code::InvalidInput);
    let err = session
        .save_eval(&id, scenario(" ", "y"))
        .await
        .unwrap_err();
    assert_eq!(err.code, Code::InvalidInput);

    // not_found for evals, and rate_limited after 30 creates in a minute.
    let err = session.eval("no-such-eval").await.unwrap_err();
    assert_eq!(err.code, Code::NotFound);
    let business = session.agent(&id).await.unwrap().business_id;
    // rate_limited: this app paces itself under 30 creates a minute, so the limit is
    // reached when another tool with the same key used it up first.
    let other = kaicalls_api::tls::http_client().build().unwrap();
    for n in 0..30 {
        other
            .post(format!("{}/api/v1/agents", sandbox.base_url))
            .bearer_auth(sandbox.demo_account.api_key.expose_secret())
            .json(&json!({ "business_id": business, "name": format!("Other {n}"), "system_prompt": "Hi" }))
            .send()
            .await
            .unwrap();
    }
    let err = session
        .create_agent(NewAgent {
            business_id: business.clone(),
            settings: base.clone(),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code, Code::RateLimited);
    assert!(!err.may_have_taken_effect, "a 429 created nothing");
    let err = session
        .create_agent(NewAgent {
            business_id: "not-mine".into(),
            settings: base,
        })
        .await
        .unwrap_err();
    assert!(
        matches!(err.code, Code::NotFound | Code::RateLimited),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_new_agent_answers_for_a_business_the_key_reaches_with_the_documented_defaults() {
    let sandbox = fast_sandbox().await;
    let (_app, session) = signed_in(&sandbox).await;
    let businesses = session.businesses().await.unwrap();
    assert_eq!(
        businesses.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(),
        [sandbox.demo_account.business_id.as_str()],
        "the picker offers the key's one business"
    );

    let mut settings = session
        .agent(&sandbox.demo_account.agent_id)
        .await
        .unwrap()
        .settings;
    settings.name = "Night line".into();
    settings.inbound_prompt = "You answer after hours for Smith & Lee Law.".into();
    settings.first_message.clear();
    settings.model.clear();
    settings.voice_provider.clear();
    settings.voice_id.clear();
    let created = session
        .create_agent(NewAgent {
            business_id: businesses[0].id.clone(),
            settings,
        })
        .await
        .unwrap();
    assert_eq!(created.name, "Night line");
    assert_eq!(created.business_id, sandbox.demo_account.business_id);
    assert_eq!(
        created.settings.first_message, "Hello! How can I help you today?",
        "the reference's default opening"
    );
    assert_eq!(created.settings.model, "gpt-4.1");
    assert_eq!(created.settings.temperature, Some(0.7));
    let record = stored(&sandbox, &created.id).await;
    assert_eq!(record["name"], "Night line", "{record}");
}

#[tokio::test]
async fn a_save_that_cannot_reach_kaicalls_keeps_the_draft_and_records_nothing() {
    let sandbox = fast_sandbox().await;
    let (_app, session) = signed_in(&sandbox).await;
    let id = sandbox.demo_account.agent_id.clone();
    let mut next = session.agent(&id).await.unwrap().settings;
    next.outbound_prompt = format!("{} Confirm the callback number.", next.outbound_prompt);
    session.save_agent_draft(&id, next.clone()).await.unwrap();

    sandbox.shutdown().await.unwrap();
    let err = session
        .save_agent(&id, next.clone(), None)
        .await
        .unwrap_err();
    assert_eq!(err.code, Code::Offline, "{err:?}");
    assert!(!err.message.is_empty());
    assert!(
        session.agent_history(&id).await.unwrap().is_empty(),
        "nothing is recorded as saved"
    );
    assert_eq!(session.agent_draft(&id).await.unwrap(), Some(next));
    // The agent still opens, from the offline copy, marked as such.
    let offline = session.agent(&id).await.unwrap();
    assert!(offline.from_cache);
}
