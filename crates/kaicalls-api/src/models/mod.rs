//! Request and response types for every route of the reference.
//!
//! Response types keep fields they do not model in an `extra` map, so a newer server
//! never breaks parsing and nothing is lost when a value is stored and re-serialised.
//! Enums of server strings have an `Other(String)` arm for the same reason. Request
//! types serialise only the fields that are set.

mod account;
mod agents;
mod analytics;
mod calls;
mod common;
mod evals;
mod keys;
mod leads;
mod mcp;
mod numbers;
mod sandbox;
mod sdr;
mod signup;
mod sms;
mod transcripts;
mod webhooks;
mod weekly;

pub use account::*;
pub use agents::*;
pub use analytics::*;
pub use calls::*;
pub use common::{Ack, Extra, unknown_fields};
pub use evals::*;
pub use keys::*;
pub use leads::*;
pub use mcp::{InitializeResult, RpcError, Tool, ToolContent, ToolResult, ToolsList};
pub use numbers::*;
pub use sandbox::*;
pub use sdr::*;
pub use signup::*;
pub use sms::*;
pub use transcripts::*;
pub use webhooks::*;
pub use weekly::*;

pub(crate) use evals::RunEvalBody;
pub(crate) use mcp::{RpcRequest, RpcResponse};
pub(crate) use webhooks::RegisterWebhook;
