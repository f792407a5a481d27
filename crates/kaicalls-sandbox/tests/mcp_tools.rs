//! The six MCP tools, over JSON-RPC and the REST helpers, checked against the REST API.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
#[path = "support/mcp.rs"]
mod support;

use common::{Env, assert_error};
use serde_json::{Value, json};
use support::{demo, rest_tool, tool, urlencode};

#[tokio::test]
async fn read_tools_return_real_data() {
    let env = demo().await;
    let (err, agents) = tool(&env, "list_agents", json!({})).await;
    assert!(!err);
    let agents = agents["agents"].as_array().unwrap();
    let (_, rest_agents) = env.get("/api/v1/agents").await;
    assert_eq!(
        agents.len(),
        rest_agents["agents"].as_array().unwrap().len()
    );
    let kai = agents
        .iter()
        .find(|a| a["id"] == json!(env.agent_id()))
        .unwrap();
    assert_eq!(kai["name"], "Kai");
    assert_eq!(kai["business_name"], "Smith & Lee Law");
    assert!(kai["phone_number"].as_str().unwrap().starts_with('+'));

    let (err, info) = tool(
        &env,
        "get_business_info",
        json!({ "business_id": env.business_id() }),
    )
    .await;
    assert!(!err);
    let biz = &info["businesses"][0];
    assert_eq!(biz["name"], "Smith & Lee Law");
    assert_eq!(biz["agent_count"], 2, "Kai and Ava");
    // Count the business's calls of the last 7 days through the REST API.
    let own_agents: Vec<Value> = rest_agents["agents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["business_id"] == json!(env.business_id()))
        .map(|a| a["id"].clone())
        .collect();
    let week_ago = chrono::Utc::now() - chrono::TimeDelta::days(7);
    let mut recent = 0;
    let mut after = String::new();
    'pages: loop {
        let (_, page) = env
            .get(&format!(
                "/api/v1/calls?limit=100&after={}",
                urlencode(&after)
            ))
            .await;
        let calls = page["calls"].as_array().unwrap();
        for c in calls {
            let at: chrono::DateTime<chrono::Utc> =
                c["created_at"].as_str().unwrap().parse().unwrap();
            if at < week_ago {
                break 'pages;
            }
            if own_agents.contains(&c["agent_id"]) {
                recent += 1;
            }
        }
        if !page["has_more"].as_bool().unwrap() {
            break;
        }
        after = calls.last().unwrap()["created_at"]
            .as_str()
            .unwrap()
            .to_string();
    }
    assert!(recent > 0);
    assert_eq!(biz["calls_last_7_days"], recent);
    let (_, all) = tool(&env, "get_business_info", json!({})).await;
    assert_eq!(all["businesses"].as_array().unwrap().len(), 2);
    let (err, v) = tool(&env, "get_business_info", json!({ "business_id": "nope" })).await;
    assert!(err);
    assert_eq!(v["error"]["code"], "not_found");

    let (_, listed) = tool(&env, "list_recent_calls", json!({})).await;
    let (_, rest) = env.get("/api/v1/calls?limit=10").await;
    assert_eq!(listed["calls"], rest["calls"]);
    let (_, listed) = tool(
        &env,
        "list_recent_calls",
        json!({ "limit": 500, "status": "completed", "agent_id": env.agent_id() }),
    )
    .await;
    let calls = listed["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 50, "limit is clamped to 50");
    assert!(
        calls
            .iter()
            .all(|c| c["status"] == "completed" && c["agent_id"] == json!(env.agent_id()))
    );

    let id = calls[0]["id"].as_str().unwrap();
    let (err, status) = tool(&env, "check_call_status", json!({ "call_id": id })).await;
    assert!(!err);
    let (_, detail) = env.get(&format!("/api/v1/calls?id={id}")).await;
    assert_eq!(status, detail);
    let (err, t) = tool(&env, "get_transcript", json!({ "call_id": id })).await;
    assert!(!err);
    assert_eq!(t["call_id"], id);
    assert!(t["transcript"].as_str().unwrap().contains("Agent:"));
    assert_eq!(t["summary"], detail["summary"]);

    let (err, v) = tool(&env, "check_call_status", json!({ "call_id": "nope" })).await;
    assert!(err);
    assert_eq!(v["error"]["code"], "not_found");
    let (err, v) = tool(&env, "get_transcript", json!({ "call_id": "nope" })).await;
    assert!(err);
    assert_eq!(v["error"]["code"], "not_found");
    let (_, failed) = tool(
        &env,
        "list_recent_calls",
        json!({ "status": "no-answer", "limit": 1 }),
    )
    .await;
    let no_answer = failed["calls"][0]["id"].as_str().unwrap();
    let (err, v) = tool(&env, "get_transcript", json!({ "call_id": no_answer })).await;
    assert!(err, "a call without a transcript: {v}");
    assert_eq!(v["error"]["code"], "not_found");
}

#[tokio::test]
async fn make_call_places_a_real_call() {
    let env = Env::start().await;
    let (err, call) = tool(
        &env,
        "make_call",
        json!({ "agent_id": env.agent_id(), "to": "+15125550142", "name": "Jane Doe",
                "context": "Confirm Tuesday's appointment" }),
    )
    .await;
    assert!(!err, "{call}");
    assert_eq!(call["status"], "queued");
    assert_eq!(call["to"], "+15125550142");
    assert_eq!(call["name"], "Jane Doe");
    let id = call["id"].as_str().unwrap();
    let (_, calls) = env.get("/api/v1/calls").await;
    assert_eq!(calls["calls"][0]["id"], id);
    let done = env.wait_call(id, |c| c["status"] == "completed").await;
    assert_eq!(done["direction"], "outbound");

    // The REST helper places calls too, and both show in the usage log with the call.
    let (err, second) = rest_tool(
        &env,
        "make_call",
        json!({ "agent_id": env.agent_id(), "to": "+15125550143" }),
    )
    .await;
    assert!(!err);
    let (_, calls) = env.get("/api/v1/calls").await;
    assert_eq!(calls["calls"][0]["id"], second["id"]);
    assert_eq!(calls["calls"][1]["id"], id);

    // Both requests are recorded as having placed their call.
    let (_, ledger) = env.get("/sandbox/ledger").await;
    let effects: Vec<(&str, &Value)> = ledger["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["side_effect"]["kind"] == "call")
        .map(|e| (e["path"].as_str().unwrap(), &e["side_effect"]["id"]))
        .collect();
    assert_eq!(
        effects,
        [
            ("/api/mcp", &json!(id)),
            ("/api/mcp/tools/call", &second["id"])
        ]
    );

    // Operation errors are tool results, not protocol errors.
    let (err, v) = tool(
        &env,
        "make_call",
        json!({ "agent_id": "nope", "to": "+15125550144" }),
    )
    .await;
    assert!(err);
    assert_eq!(v["error"]["code"], "not_found");
    let (err, v) = tool(
        &env,
        "make_call",
        json!({ "agent_id": env.agent_id(), "to": "+15125550009" }),
    )
    .await;
    assert!(err);
    assert_eq!(v["error"]["code"], "call_failed");
    let (_, calls) = env.get("/api/v1/calls").await;
    assert_eq!(
        calls["calls"].as_array().unwrap().len(),
        2,
        "failed tools placed nothing"
    );
}

#[tokio::test]
async fn rest_tool_call_forms_and_errors() {
    let env = demo().await;
    let (err, agents) = rest_tool(&env, "list_agents", json!({})).await;
    assert!(!err);
    assert_eq!(agents["agents"].as_array().unwrap().len(), 3);
    let (_, info) = rest_tool(&env, "get_business_info", json!({})).await;
    assert_eq!(info["businesses"].as_array().unwrap().len(), 2);
    let (_, calls) = rest_tool(&env, "list_recent_calls", json!({ "limit": 5 })).await;
    let calls = calls["calls"].as_array().unwrap();
    assert_eq!(calls.len(), 5);
    let completed = calls.iter().find(|c| c["status"] == "completed").unwrap();
    let id = completed["id"].as_str().unwrap();
    let (_, status) = rest_tool(&env, "check_call_status", json!({ "call_id": id })).await;
    assert_eq!(status["id"], id);
    let (_, t) = rest_tool(&env, "get_transcript", json!({ "call_id": id })).await;
    assert!(t["transcript"].is_string());
    let (err, v) = rest_tool(&env, "get_transcript", json!({ "call_id": "nope" })).await;
    assert!(err);
    assert_eq!(v["error"]["code"], "not_found");

    let (s, v) = env
        .post("/api/mcp/tools/call", json!({ "name": "no_such_tool" }))
        .await;
    assert_error(s, &v, 404, "not_found");
    let (s, v) = env
        .post("/api/mcp/tools/call", json!({ "arguments": {} }))
        .await;
    assert_error(s, &v, 400, "invalid_request");
    let (s, v) = env
        .post(
            "/api/mcp/tools/call",
            json!({ "name": "check_call_status" }),
        )
        .await;
    assert_error(s, &v, 400, "invalid_request");
    let (s, v) = env
        .post(
            "/api/mcp/tools/call",
            json!({ "name": "list_recent_calls", "arguments": { "limit": 0 } }),
        )
        .await;
    assert_error(s, &v, 400, "validation_error");
    let (s, v) = env
        .post(
            "/api/mcp/tools/call",
            json!({ "name": "list_recent_calls", "arguments": [] }),
        )
        .await;
    assert_error(s, &v, 400, "validation_error");
}
