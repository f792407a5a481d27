//! Resource groups, one per section of the reference: `client.calls().create(..)`,
//! `client.leads().list(filter)`, ... Each holds a clone of the [`Client`](crate::Client)
//! (cheap: it is an `Arc`), so a group can be kept and its streams outlive the borrow.

mod account;
mod agents;
mod analytics;
mod calls;
mod evals;
mod leads;
mod mcp;
mod numbers;
mod sandbox;
mod sdr;
mod signup;
mod sms;
mod transcripts;
mod wait;
mod webhooks;

pub use account::Account;
pub use agents::Agents;
pub use analytics::Analytics;
pub use calls::Calls;
pub use evals::Evals;
pub use leads::Leads;
pub use mcp::{Mcp, READ_ONLY_TOOLS};
pub use numbers::Numbers;
pub use sandbox::Sandbox;
pub use sdr::Sdr;
pub use sms::Sms;
pub use transcripts::Transcripts;
pub use wait::WaitOptions;
pub use webhooks::Webhooks;

/// Declares a resource group: a struct holding the client, and its constructor.
macro_rules! group {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $name {
            client: crate::Client,
        }

        impl $name {
            pub(crate) fn new(client: crate::Client) -> Self {
                $name { client }
            }
        }
    };
}
pub(crate) use group;
