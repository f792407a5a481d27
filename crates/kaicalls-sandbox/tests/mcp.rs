//! `/api/mcp`: the JSON-RPC protocol (handshake, tool discovery, notifications, error
//! codes) and per-tool scopes. The tools' results are tested in `mcp_tools.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
#[path = "support/mcp.rs"]
mod support;

use common::{Env, assert_error};
use reqwest::Method;
use serde_json::{Value, json};
use support::{rpc, rpc_as, rpc_error_code};

#[tokio::test]
async fn initialize_and_list_tools() {
    let env = Env::start().await;
    // No scope is needed to connect and discover tools.
    let key = env.key_with_scopes(&["sms:read"]).await;
    let v = rpc_as(
        &env,
        &key,
        "initialize",
        json!({ "protocolVersion": "2025-06-18" }),
    )
    .await;
    assert_eq!(v["result"]["protocolVersion"], "2025-06-18");
    assert_eq!(v["result"]["capabilities"], json!({ "tools": {} }));
    assert_eq!(v["result"]["serverInfo"]["name"], "kaicalls");
    assert!(v["result"]["serverInfo"]["version"].is_string());

    let v = rpc_as(&env, &key, "tools/list", json!({})).await;
    let tools = v["result"]["tools"].as_array().unwrap();
    let names: Vec<&str> = tools.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "list_agents",
            "get_business_info",
            "list_recent_calls",
            "check_call_status",
            "get_transcript",
            "make_call"
        ]
    );
    for t in tools {
        assert!(t["description"].as_str().is_some_and(|d| !d.is_empty()));
        assert_eq!(t["inputSchema"]["type"], "object");
    }
    let make_call = &tools[5]["inputSchema"];
    assert_eq!(make_call["required"], json!(["agent_id", "to"]));

    // The REST helpers answer the same, GET or POST.
    let (s, _, rest) = env
        .raw(
            Some(&key),
            Method::POST,
            "/api/mcp/initialize",
            Some(json!({})),
        )
        .await;
    assert_eq!(s, 200);
    let (_, _, rpc_init) = env
        .raw(
            Some(&key),
            Method::POST,
            "/api/mcp",
            Some(json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize" })),
        )
        .await;
    assert_eq!(rest, rpc_init["result"]);
    for method in [Method::GET, Method::POST] {
        let (s, _, listed) = env
            .raw(Some(&key), method, "/api/mcp/tools/list", Some(json!({})))
            .await;
        assert_eq!(s, 200);
        assert_eq!(listed, v["result"]);
    }
}

#[tokio::test]
async fn notifications_ping_and_protocol_errors() {
    let env = Env::start().await;
    let note = json!({ "jsonrpc": "2.0", "method": "notifications/initialized" });
    let resp = env
        .http
        .post(env.url("/api/mcp"))
        .bearer_auth(&env.key)
        .json(&note)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 202);
    assert!(resp.bytes().await.unwrap().is_empty());

    let v = rpc(&env, "ping", json!({})).await;
    assert_eq!(v["result"], json!({}));

    let resp = env
        .http
        .post(env.url("/api/mcp"))
        .bearer_auth(&env.key)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let v: Value = resp.json().await.unwrap();
    assert_eq!(rpc_error_code(&v), -32700);
    assert_eq!(v["id"], Value::Null);

    let post = |body: Value| {
        let env = &env;
        async move {
            let (s, _, v) = env
                .raw(Some(&env.key), Method::POST, "/api/mcp", Some(body))
                .await;
            assert_eq!(s, 200, "{v}");
            v
        }
    };
    let batch = json!([{ "jsonrpc": "2.0", "id": 1, "method": "ping" }]);
    assert_eq!(rpc_error_code(&post(batch).await), -32600);
    assert_eq!(rpc_error_code(&post(json!("ping")).await), -32600);
    let no_version = json!({ "id": 1, "method": "ping" });
    assert_eq!(rpc_error_code(&post(no_version).await), -32600);
    let v = rpc(&env, "resources/list", json!({})).await;
    assert_eq!(rpc_error_code(&v), -32601);
    let v = rpc(&env, "tools/call", json!({ "name": "delete_everything" })).await;
    assert_eq!(rpc_error_code(&v), -32602);
    let v = rpc(&env, "tools/call", json!({})).await;
    assert_eq!(rpc_error_code(&v), -32602);
    let v = rpc(&env, "tools/call", json!({ "name": "check_call_status" })).await;
    assert_eq!(rpc_error_code(&v), -32602);
    assert_eq!(v["error"]["data"]["code"], "invalid_request");
    let bad = json!({ "name": "list_recent_calls", "arguments": { "limit": "ten" } });
    assert_eq!(rpc_error_code(&rpc(&env, "tools/call", bad).await), -32602);
    let bad = json!({ "name": "list_agents", "arguments": { "surprise": 1 } });
    assert_eq!(rpc_error_code(&rpc(&env, "tools/call", bad).await), -32602);
    let bad = json!({ "name": "make_call", "arguments": { "agent_id": env.agent_id(), "to": "5551234" } });
    assert_eq!(rpc_error_code(&rpc(&env, "tools/call", bad).await), -32602);

    // Authentication still applies.
    let (s, _, v) = env
        .raw(
            None,
            Method::POST,
            "/api/mcp",
            Some(json!({ "jsonrpc": "2.0", "id": 1, "method": "ping" })),
        )
        .await;
    assert_error(s, &v, 401, "unauthorized");
}

#[tokio::test]
async fn scopes_limit_tools() {
    let env = Env::start().await;
    let read_only = env.key_with_scopes(&["agents:read", "calls:read"]).await;
    let v = rpc_as(
        &env,
        &read_only,
        "tools/call",
        json!({ "name": "make_call", "arguments": { "agent_id": env.agent_id(), "to": "+15125550142" } }),
    )
    .await;
    assert_eq!(rpc_error_code(&v), -32003);
    assert_eq!(v["error"]["data"]["code"], "forbidden");
    let (s, _, v) = env
        .raw(
            Some(&read_only),
            Method::POST,
            "/api/mcp/tools/call",
            Some(json!({ "name": "make_call", "arguments": { "agent_id": env.agent_id(), "to": "+15125550142" } })),
        )
        .await;
    assert_error(s, &v, 403, "forbidden");
    let (_, calls) = env.get("/api/v1/calls").await;
    assert_eq!(calls["calls"], json!([]), "no call was placed");

    let v = rpc_as(
        &env,
        &read_only,
        "tools/call",
        json!({ "name": "list_agents" }),
    )
    .await;
    assert_eq!(v["result"]["isError"], false);

    let calls_only = env.key_with_scopes(&["calls:read"]).await;
    for name in ["list_agents", "get_business_info"] {
        let v = rpc_as(&env, &calls_only, "tools/call", json!({ "name": name })).await;
        assert_eq!(rpc_error_code(&v), -32003, "{name}");
    }
    let agents_only = env.key_with_scopes(&["agents:read"]).await;
    for name in ["list_recent_calls", "check_call_status", "get_transcript"] {
        let v = rpc_as(
            &env,
            &agents_only,
            "tools/call",
            json!({ "name": name, "arguments": { "call_id": "x" } }),
        )
        .await;
        assert_eq!(rpc_error_code(&v), -32003, "{name}");
    }
}
