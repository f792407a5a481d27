//! `POST /api/mcp`: JSON-RPC. Every method is a `POST`, but only `make_call` (and
//! tools this client does not know) can have an effect; the read-only methods are
//! retried like reads.

use std::sync::atomic::{AtomicU64, Ordering};

use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::group;
use crate::error::{Error, Result};
use crate::limits::Class;
use crate::models::{InitializeResult, RpcRequest, RpcResponse, ToolResult, ToolsList};
use crate::response;
use crate::transport::Request;

group!(
    /// The MCP endpoint: `client.mcp()`.
    Mcp
);

/// Tools that only read, and so are safe to retry. Any other tool (`make_call`, or one
/// added later) is treated as able to act.
pub const READ_ONLY_TOOLS: &[&str] = &[
    "list_agents",
    "get_business_info",
    "list_recent_calls",
    "check_call_status",
    "get_transcript",
];

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl Mcp {
    /// The MCP handshake.
    pub async fn initialize(&self) -> Result<InitializeResult> {
        let params = json!({
            "protocolVersion": "2025-03-26",
            "capabilities": {},
            "clientInfo": { "name": "kaicalls-desktop", "version": env!("CARGO_PKG_VERSION") },
        });
        self.rpc("initialize", params, None).await
    }

    /// `tools/list`: the tools this key may use.
    pub async fn list_tools(&self) -> Result<ToolsList> {
        self.rpc("tools/list", json!({}), None).await
    }

    /// `tools/call`. Read-only tools are retried like reads; `make_call` (and any tool
    /// this client does not know) is never retried once it may have reached KaiCalls,
    /// and spends the 60-a-minute call budget. A tool's own failure (a call that could
    /// not be placed) is an `Ok` result with `is_error` set, as MCP defines it; a key
    /// without the tool's scope is `forbidden`.
    pub async fn call_tool(&self, name: &str, arguments: Value) -> Result<ToolResult> {
        let read_only = READ_ONLY_TOOLS.contains(&name);
        let params = json!({ "name": name, "arguments": arguments });
        self.rpc("tools/call", params, Some(read_only)).await
    }

    /// One JSON-RPC exchange. `tool_read_only`: `None` for methods other than
    /// `tools/call` (they only read).
    async fn rpc<T: DeserializeOwned>(
        &self,
        method: &str,
        params: Value,
        tool_read_only: Option<bool>,
    ) -> Result<T> {
        let body = RpcRequest {
            jsonrpc: "2.0",
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            method,
            params,
        };
        let req = Request::post("/api/mcp", &body)?;
        let req = match tool_read_only {
            Some(false) => req.limited_as(Class::CallsCreate),
            _ => req.idempotent(),
        };
        let answer: RpcResponse = self.client.send(req).await?;
        if let Some(error) = answer.error {
            // An API error carried in `data.code` (e.g. `forbidden`) keeps its own type,
            // so the UI handles it like the same error from a REST route.
            let api_code = error
                .data
                .as_ref()
                .and_then(|d| d.get("code"))
                .and_then(Value::as_str);
            return Err(match api_code {
                Some(code) => response::from_code(200, code.to_string(), error.message, None, None),
                None => Error::Mcp {
                    rpc_code: error.code,
                    message: error.message,
                },
            });
        }
        let result = answer.result.ok_or_else(|| Error::MalformedResponse {
            status: 200,
            detail: "a JSON-RPC answer with neither result nor error".into(),
        })?;
        serde_json::from_value(result).map_err(|e| Error::MalformedResponse {
            status: 200,
            detail: e.to_string(),
        })
    }
}
