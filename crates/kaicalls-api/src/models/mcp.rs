//! `POST /api/mcp`: the MCP JSON-RPC endpoint, with an API key as bearer token.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::common::Extra;

/// A JSON-RPC 2.0 request.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RpcRequest<'a> {
    pub jsonrpc: &'static str,
    pub id: u64,
    pub method: &'a str,
    pub params: Value,
}

/// A JSON-RPC 2.0 answer: `result` or `error`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct RpcResponse {
    #[serde(default)]
    pub result: Option<Value>,
    #[serde(default)]
    pub error: Option<RpcError>,
}

/// A JSON-RPC error object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RpcError {
    /// JSON-RPC code (-32601 unknown method, -32602 bad params, ...).
    pub code: i64,
    /// Explanation.
    pub message: String,
    /// Extra detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Value>,
}

/// `initialize` result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InitializeResult {
    /// MCP protocol version the server speaks.
    #[serde(
        default,
        rename = "protocolVersion",
        skip_serializing_if = "Option::is_none"
    )]
    pub protocol_version: Option<String>,
    /// Server name and version.
    #[serde(
        default,
        rename = "serverInfo",
        skip_serializing_if = "Option::is_none"
    )]
    pub server_info: Option<Value>,
    /// What the server supports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capabilities: Option<Value>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A tool the MCP server offers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    /// e.g. `list_agents`, `make_call`.
    pub name: String,
    /// What it does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// JSON Schema of its arguments.
    #[serde(
        default,
        rename = "inputSchema",
        skip_serializing_if = "Option::is_none"
    )]
    pub input_schema: Option<Value>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `tools/list` result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolsList {
    /// The tools.
    pub tools: Vec<Tool>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One block of a tool's output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolContent {
    /// Usually `text`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The text, for `text` blocks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Unknown fields, kept.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `tools/call` result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolResult {
    /// Output blocks.
    #[serde(default)]
    pub content: Vec<ToolContent>,
    /// True when the tool itself failed (the call reached it).
    #[serde(default, rename = "isError")]
    pub is_error: bool,
    /// Unknown fields (e.g. `structuredContent`), kept.
    #[serde(flatten)]
    pub extra: Extra,
}

impl ToolResult {
    /// The text blocks joined by newlines.
    pub fn text(&self) -> String {
        self.content
            .iter()
            .filter_map(|c| c.text.as_deref())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The output parsed as JSON: `structuredContent` when present, else the text.
    pub fn json(&self) -> Option<Value> {
        self.extra
            .get("structuredContent")
            .cloned()
            .or_else(|| serde_json::from_str(&self.text()).ok())
    }
}
