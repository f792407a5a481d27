//! The MCP JSON-RPC endpoint against the sandbox.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Env, expect_code, fast_wait};
use kaicalls_api::models::unknown_fields;
use serde_json::json;

#[tokio::test]
async fn initialize_list_and_call_tools() {
    let env = Env::start().await;
    let mcp = env.client.mcp();
    let init = mcp.initialize().await.unwrap();
    assert!(init.protocol_version.is_some());
    assert!(unknown_fields(&init).is_empty());

    let tools = mcp.list_tools().await.unwrap();
    let names: Vec<_> = tools.tools.iter().map(|t| t.name.as_str()).collect();
    for want in [
        "list_agents",
        "get_business_info",
        "list_recent_calls",
        "check_call_status",
        "get_transcript",
        "make_call",
    ] {
        assert!(names.contains(&want), "{want} in {names:?}");
    }
    assert!(tools.tools.iter().all(|t| t.input_schema.is_some()));

    let agents = mcp.call_tool("list_agents", json!({})).await.unwrap();
    assert!(!agents.is_error);
    assert!(agents.text().contains(env.agent_id()));

    // make_call places a real (simulated) call, once.
    let made = mcp
        .call_tool(
            "make_call",
            json!({ "agent_id": env.agent_id(), "to": "+15125552368" }),
        )
        .await
        .unwrap();
    assert!(!made.is_error, "{}", made.text());
    let call = made.json().unwrap();
    let id = call["id"]
        .as_str()
        .or(call["call_id"].as_str())
        .unwrap()
        .to_string();
    env.client
        .calls()
        .wait_with(&id, fast_wait())
        .await
        .unwrap();
    let status = mcp
        .call_tool("check_call_status", json!({ "call_id": id }))
        .await
        .unwrap();
    assert!(status.text().contains("completed"), "{}", status.text());
    let recent = mcp
        .call_tool("list_recent_calls", json!({ "limit": 5 }))
        .await
        .unwrap();
    assert!(recent.text().contains(&id));
    let stats = env.client.stats()["POST /api/mcp"];
    assert_eq!(stats.retries, 0);

    // A tool's own failure is a result flagged is_error, not a transport error.
    let failed = mcp
        .call_tool(
            "make_call",
            json!({ "agent_id": env.agent_id(), "to": "+15125550009" }),
        )
        .await
        .unwrap();
    assert!(failed.is_error);
}

#[tokio::test]
async fn mcp_errors() {
    let env = Env::start().await;
    let e = expect_code(
        env.client.mcp().call_tool("no_such_tool", json!({})).await,
        "mcp_error",
    );
    assert!(
        matches!(
            e,
            kaicalls_api::Error::Mcp {
                rpc_code: -32602,
                ..
            }
        ),
        "{e:?}"
    );
    let reader = env.client_with_scopes(&["agents:read"]).await;
    expect_code(
        reader
            .mcp()
            .call_tool(
                "make_call",
                json!({ "agent_id": env.agent_id(), "to": "+15125552368" }),
            )
            .await,
        "forbidden",
    );
}
