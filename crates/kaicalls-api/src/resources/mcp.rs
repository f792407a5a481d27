//! `POST /api/mcp`: JSON-RPC. Every method is a `POST`, but only `make_call` (and
//! tools this client does not know) can have an effect; the read-only methods are
//! retried like reads.

use std::sync::atomic::{AtomicU64, Ordering};

use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::group;
use crate::error::{Error, Result};
use crate::models::{InitializeResult, RpcRequest, RpcResponse, ToolResult, ToolsList};
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
        self.rpc("initialize", params, true).await
    }

    /// `tools/list`: the tools this key may use.
    pub async fn list_tools(&self) -> Result<ToolsList> {
        self.rpc("tools/list", json!({}), true).await
    }

    /// `tools/call`. Read-only tools are retried like reads; `make_call` is never
    /// retried once it may have reached KaiCalls.
    pub async fn call_tool(&self, name: &str, arguments: Value) -> Result<ToolResult> {
        let read_only = READ_ONLY_TOOLS.contains(&name);
        let params = json!({ "name": name, "arguments": arguments });
        self.rpc("tools/call", params, read_only).await
    }

    async fn rpc<T: DeserializeOwned>(
        &self,
        method: &str,
        params: Value,
        read_only: bool,
    ) -> Result<T> {
        let body = RpcRequest {
            jsonrpc: "2.0",
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            method,
            params,
        };
        let mut req = Request::post("/api/mcp", &body)?;
        if read_only {
            req = req.idempotent();
        }
        let answer: RpcResponse = self.client.send(req).await?;
        if let Some(error) = answer.error {
            return Err(Error::Mcp {
                rpc_code: error.code,
                message: error.message,
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
