//! The words every KaiCalls Desktop crate shares, kept in one place so they cannot drift
//! apart: the error [`Code`]s the UI branches on (with whether retrying can help), what a
//! call status means ([`CallState`]), and the lead pipeline's statuses and editable fields.
//!
//! It depends on nothing of the app, so the API client, the offline copy, the sandbox, the
//! core services and (through the generated bindings) the UI can all use it.

mod call;
mod code;
mod lead;

pub use call::{CallState, Tone, fold_call_status};
pub use code::{Code, Retry, UnknownCode};
pub use lead::{LeadField, PipelineStage};
