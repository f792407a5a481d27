//! Outbound calls, their simulated lifecycle, transcripts and the leads they create.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::{Env, assert_error};
use kaicalls_sandbox::SandboxConfig;
use serde_json::{Value, json};

#[tokio::test]
async fn a_call_walks_its_lifecycle_and_produces_transcript_and_lead() {
    let env = Env::start_with(SandboxConfig {
        call_duration: Duration::from_millis(1_500),
        ..common::fast_config()
    })
    .await;
    let (s, created) = env
        .post(
            "/api/v1/calls",
            json!({
                "agent_id": env.agent_id(),
                "to": "+15125559876",
                "customer_name": "John Smith",
                "context": "Confirm appointment for tomorrow at 2pm",
                "first_message": "Hey John, this is Kai from Smith & Lee — do you have a minute?"
            }),
        )
        .await;
    assert_eq!(s, 201, "{created}");
    assert_eq!(created["status"], "queued");
    assert_eq!(created["name"], "John Smith");
    assert_eq!(created["to"], "+15125559876");
    let id = created["id"].as_str().unwrap().to_string();

    let mut seen = Vec::new();
    let done = loop {
        let (_, c) = env.get(&format!("/api/v1/calls?id={id}")).await;
        let status = c["status"].as_str().unwrap().to_string();
        if seen.last() != Some(&status) {
            seen.push(status.clone());
        }
        if status == "completed" {
            break c;
        }
        tokio::time::sleep(Duration::from_millis(40)).await;
    };
    assert_eq!(seen, ["queued", "ringing", "in-progress", "completed"]);
    assert_eq!(done["direction"], "outbound");
    assert!(done["duration"].as_u64().unwrap() > 0);
    assert!(done["summary"].as_str().unwrap().contains("John Smith"));
    for dim in [
        "professionalism",
        "empathy",
        "information_gathering",
        "resolution",
    ] {
        assert!(done["quality_dimensions"][dim].as_u64().unwrap() <= 100);
    }

    // The recording is served by the sandbox itself.
    let recording = done["recording_url"].as_str().unwrap();
    let resp = env.http.get(recording).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "audio/wav");
    assert_eq!(&resp.bytes().await.unwrap()[..4], b"RIFF");

    // The transcript is built from the first message, the context and the name.
    let (_, t) = env.get("/api/v1/transcripts?limit=1").await;
    let t = &t["transcripts"][0];
    assert_eq!(t["call_id"], id.as_str());
    let text = t["transcript"].as_str().unwrap();
    assert!(
        text.starts_with("Agent: Hey John, this is Kai from Smith & Lee"),
        "{text}"
    );
    assert!(
        text.contains("Confirm appointment for tomorrow at 2pm"),
        "{text}"
    );

    // A new lead for the number, linked to the call.
    let lead_id = done["lead_id"].as_str().unwrap();
    let (_, lead) = env.get(&format!("/api/v1/leads?id={lead_id}")).await;
    assert_eq!(lead["phone"], "+15125559876");
    assert_eq!(lead["name"], "John Smith");
    assert_eq!(lead["first_name"], "John");
    assert_eq!(lead["source"], "outbound_call");

    // A second call to the same number updates that lead instead of creating another.
    let again = env
        .call_and_wait(json!({ "agent_id": env.agent_id(), "to": "+15125559876" }))
        .await;
    assert_eq!(again["lead_id"], lead_id);
    assert!(
        again["summary"].as_str().unwrap().contains("John Smith"),
        "enriched with the lead's name"
    );
    let (_, leads) = env.get("/api/v1/leads?phone=%2B15125559876").await;
    assert_eq!(leads["leads"].as_array().unwrap().len(), 1);
    assert_eq!(leads["leads"][0]["status"], "contacted");
}

#[tokio::test]
async fn magic_numbers_end_no_answer_failed_or_refuse_to_dial() {
    let env = Env::start().await;
    let agent = env.agent_id();
    let c = env
        .call_and_wait(json!({ "agent_id": agent, "to": "+15125550001" }))
        .await;
    assert_eq!(c["status"], "no-answer");
    assert_eq!(c["lead_id"], Value::Null);
    assert_eq!(c["recording_url"], Value::Null);
    let c = env
        .call_and_wait(json!({ "agent_id": agent, "to": "+15125550002" }))
        .await;
    assert_eq!(c["status"], "failed");
    let (s, v) = env
        .post(
            "/api/v1/calls",
            json!({ "agent_id": agent, "to": "+15125550009" }),
        )
        .await;
    assert_error(s, &v, 500, "call_failed");
    let (_, list) = env.get("/api/v1/calls").await;
    assert_eq!(
        list["calls"].as_array().unwrap().len(),
        2,
        "the refused dial created nothing"
    );
}

#[tokio::test]
async fn a_lost_answer_still_places_the_call() {
    let env = Env::start().await;
    let agent = env.agent_id();
    let sent = env
        .http
        .post(env.url("/api/v1/calls"))
        .bearer_auth(&env.key)
        .json(&json!({ "agent_id": agent, "to": "+15125550010" }))
        .send()
        .await;
    assert!(sent.is_err(), "no answer arrives: {sent:?}");
    let (_, list) = env.get("/api/v1/calls").await;
    let calls = list["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 1, "the call was placed all the same");
    let ledger = env.sb.ledger();
    let post = ledger
        .iter()
        .find(|e| e.method == "POST" && e.path == "/api/v1/calls")
        .unwrap();
    assert!(post.handler_ran);
}

#[tokio::test]
async fn call_input_errors() {
    let env = Env::start().await;
    let agent = env.agent_id();
    let cases = [
        (json!({ "to": "+15125551234" }), 400, "invalid_request"),
        (json!({ "agent_id": agent }), 400, "invalid_request"),
        (
            json!({ "agent_id": agent, "to": "512-555-1234" }),
            400,
            "validation_error",
        ),
        (
            json!({ "agent_id": agent, "to": "+15125551234", "max_duration": 5 }),
            400,
            "validation_error",
        ),
        (
            json!({ "agent_id": agent, "to": "+15125551234", "webhook_url": "not a url" }),
            400,
            "validation_error",
        ),
        (
            json!({ "agent_id": agent, "to": "+15125551234", "name": 42 }),
            400,
            "validation_error",
        ),
        (
            json!({ "agent_id": "nope", "to": "+15125551234" }),
            404,
            "not_found",
        ),
        (
            json!({ "agent_id": agent, "to": "+15125551234", "lead_id": "nope" }),
            404,
            "not_found",
        ),
    ];
    for (body, status, code) in cases {
        let (s, v) = env.post("/api/v1/calls", body.clone()).await;
        assert_error(s, &v, status, code);
    }
    let (s, v) = env.get("/api/v1/calls?id=nope").await;
    assert_error(s, &v, 404, "not_found");
    let (s, v) = env.get("/api/v1/calls?limit=many").await;
    assert_error(s, &v, 400, "validation_error");
    let (s, v) = env.get("/api/v1/calls?after=yesterday").await;
    assert_error(s, &v, 400, "validation_error");
}

/// Pages through a list endpoint with `after`, collecting ids.
async fn collect(env: &Env, path: &str, key: &str, id_field: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = match &after {
            Some(a) => format!("{path}{sep}after={}", urlencode(a)),
            None => path.to_string(),
        };
        let (s, v) = env.get(&url).await;
        assert_eq!(s, 200, "{v}");
        let items = v[key].as_array().unwrap();
        for item in items {
            ids.push(item[id_field].as_str().unwrap().to_string());
        }
        if !v["has_more"].as_bool().unwrap() {
            return ids;
        }
        after = Some(
            items.last().unwrap()["created_at"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
}

fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}

#[tokio::test]
async fn lists_page_newest_first_without_gaps_or_duplicates() {
    let env = Env::start_with(SandboxConfig {
        demo: true,
        ..common::fast_config()
    })
    .await;
    let all = collect(&env, "/api/v1/calls?limit=100", "calls", "id").await;
    let small = collect(&env, "/api/v1/calls?limit=7", "calls", "id").await;
    assert!(all.len() > 300, "demo has 90 days of calls: {}", all.len());
    assert_eq!(all, small);
    assert_eq!(all.iter().collect::<BTreeSet<_>>().len(), all.len());
    // Newest first.
    let (_, first) = env.get("/api/v1/calls?limit=100").await;
    let times: Vec<&str> = first["calls"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["created_at"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] > w[1]));
    // limit is capped at 100.
    let (_, capped) = env.get("/api/v1/calls?limit=1000").await;
    assert_eq!(capped["calls"].as_array().unwrap().len(), 100);

    // Filters.
    let (_, agents) = env.get("/api/v1/agents").await;
    let ava = agents["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "Ava")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let by_agent = collect(
        &env,
        &format!("/api/v1/calls?agent_id={ava}&limit=50"),
        "calls",
        "id",
    )
    .await;
    assert!(!by_agent.is_empty() && by_agent.len() < all.len());
    let (_, v) = env
        .get(&format!(
            "/api/v1/calls?agent_id={ava}&status=no-answer&limit=100"
        ))
        .await;
    for c in v["calls"].as_array().unwrap() {
        assert_eq!(c["agent_id"], ava.as_str());
        assert_eq!(c["status"], "no-answer");
    }

    let leads = collect(&env, "/api/v1/leads?limit=33", "leads", "id").await;
    assert!(leads.len() >= 200);
    let mut by_status = 0;
    for status in ["new", "contacted", "qualified", "converted", "lost"] {
        let ids = collect(
            &env,
            &format!("/api/v1/leads?status={status}"),
            "leads",
            "id",
        )
        .await;
        assert!(!ids.is_empty(), "demo has {status} leads");
        by_status += ids.len();
    }
    assert_eq!(by_status, leads.len());

    let transcripts = collect(
        &env,
        "/api/v1/transcripts?days=90&limit=50",
        "transcripts",
        "call_id",
    )
    .await;
    let recent = collect(&env, "/api/v1/transcripts", "transcripts", "call_id").await;
    assert!(recent.len() < transcripts.len(), "days defaults to 30");
    let (_, v) = env.get("/api/v1/transcripts?limit=500").await;
    assert_eq!(
        v["transcripts"].as_array().unwrap().len(),
        50,
        "limit max is 50"
    );
}

#[tokio::test]
async fn lead_filters_and_updates() {
    let env = Env::start_with(SandboxConfig {
        demo: true,
        ..common::fast_config()
    })
    .await;
    let (_, v) = env.get("/api/v1/leads?limit=1").await;
    let lead = v["leads"][0].clone();
    let id = lead["id"].as_str().unwrap();
    let (_, by_email) = env
        .get(&format!(
            "/api/v1/leads?email={}",
            lead["email"].as_str().unwrap()
        ))
        .await;
    assert!(
        by_email["leads"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["email"] == lead["email"])
    );
    let (_, by_source) = env.get("/api/v1/leads?source=referral&limit=100").await;
    assert!(
        by_source["leads"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["source"] == "referral")
    );

    let (s, patched) = env
        .patch("/api/v1/leads", json!({ "id": id, "status": "qualified", "notes": "Ready for follow-up call", "city": "Austin" }))
        .await;
    assert_eq!(s, 200, "{patched}");
    assert_eq!(patched["status"], "qualified");
    assert_eq!(patched["notes"], "Ready for follow-up call");
    assert!(patched["updated_at"].as_str().unwrap() > lead["updated_at"].as_str().unwrap());
    let (_, detail) = env.get(&format!("/api/v1/leads?id={id}")).await;
    assert_eq!(detail["city"], "Austin");
    assert_eq!(
        detail["name"], lead["name"],
        "fields not sent are not touched"
    );

    let (_, renamed) = env
        .patch(
            "/api/v1/leads",
            json!({ "id": id, "first_name": "Janet", "last_name": "Doe" }),
        )
        .await;
    assert_eq!(renamed["name"], "Janet Doe");

    for (body, code) in [
        (json!({ "id": id, "status": "won" }), "validation_error"),
        (json!({ "id": id, "email": "nope" }), "validation_error"),
        (json!({ "id": id, "phone": "12" }), "validation_error"),
        (json!({ "status": "lost" }), "invalid_request"),
    ] {
        let (s, v) = env.patch("/api/v1/leads", body).await;
        assert_error(s, &v, 400, code);
    }
    let (s, v) = env
        .patch("/api/v1/leads", json!({ "id": "nope", "status": "lost" }))
        .await;
    assert_error(s, &v, 404, "not_found");
    let (s, v) = env.get("/api/v1/leads?status=won").await;
    assert_error(s, &v, 400, "validation_error");
    let (s, v) = env.get("/api/v1/leads?id=nope").await;
    assert_error(s, &v, 404, "not_found");
}

#[tokio::test]
async fn a_simulated_inbound_call_creates_a_new_lead() {
    let env = Env::start().await;
    let (s, call) = env
        .post("/sandbox/inbound-call", json!({ "from": "+15125554321", "name": "Jane Doe", "reason": "I was in a car accident" }))
        .await;
    assert_eq!(s, 201, "{call}");
    assert_eq!(call["direction"], "inbound");
    let id = call["id"].as_str().unwrap();
    let done = env.wait_call(id, |c| c["status"] == "completed").await;
    let (_, lead) = env
        .get(&format!(
            "/api/v1/leads?id={}",
            done["lead_id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(lead["name"], "Jane Doe");
    assert_eq!(lead["source"], "inbound_call");
    assert_eq!(lead["status"], "new");
    let (_, t) = env.get("/api/v1/transcripts?limit=1").await;
    assert!(
        t["transcripts"][0]["transcript"]
            .as_str()
            .unwrap()
            .contains("car accident")
    );
}
