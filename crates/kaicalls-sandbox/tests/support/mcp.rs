//! Helpers shared by the MCP test files: JSON-RPC requests and tool calls.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use kaicalls_sandbox::SandboxConfig;
use reqwest::Method;
use serde_json::{Value, json};

use super::common::{self, Env};

pub async fn demo() -> Env {
    Env::start_with(SandboxConfig {
        demo: true,
        ..common::fast_config()
    })
    .await
}

/// Sends one JSON-RPC request with the demo key and returns the whole response.
pub async fn rpc(env: &Env, method: &str, params: Value) -> Value {
    rpc_as(env, &env.key, method, params).await
}

pub async fn rpc_as(env: &Env, key: &str, method: &str, params: Value) -> Value {
    let body = json!({ "jsonrpc": "2.0", "id": 7, "method": method, "params": params });
    let (s, _, v) = env
        .raw(Some(key), Method::POST, "/api/mcp", Some(body))
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["jsonrpc"], "2.0");
    assert_eq!(v["id"], 7);
    v
}

/// Calls a tool over JSON-RPC, expecting a result; returns (isError, parsed text).
pub async fn tool(env: &Env, name: &str, arguments: Value) -> (bool, Value) {
    let v = rpc(
        env,
        "tools/call",
        json!({ "name": name, "arguments": arguments }),
    )
    .await;
    parse_result(&v["result"])
}

pub fn parse_result(result: &Value) -> (bool, Value) {
    assert_eq!(result["content"][0]["type"], "text", "{result}");
    let text = result["content"][0]["text"].as_str().unwrap();
    (
        result["isError"].as_bool().unwrap(),
        serde_json::from_str(text).unwrap(),
    )
}

/// Calls a tool through `POST /api/mcp/tools/call`.
pub async fn rest_tool(env: &Env, name: &str, arguments: Value) -> (bool, Value) {
    let (s, v) = env
        .post(
            "/api/mcp/tools/call",
            json!({ "name": name, "arguments": arguments }),
        )
        .await;
    assert_eq!(s, 200, "{v}");
    parse_result(&v)
}

pub fn rpc_error_code(v: &Value) -> i64 {
    assert!(v["error"]["code"].is_i64(), "no JSON-RPC error in {v}");
    v["error"]["code"].as_i64().unwrap()
}

pub fn urlencode(s: &str) -> String {
    s.replace('+', "%2B").replace(':', "%3A")
}
