//! `/sandbox/...`: routes only the KaiCalls-compatible sandbox serves (see
//! [`crate::models::InboundCall`]). Sandbox-only: KaiCalls itself has no such routes.

use super::group;
use crate::error::{Error, Result};
use crate::key::KeyKind;
use crate::models::{Call, InboundCall};
use crate::transport::Request;

group!(
    /// Sandbox-only routes: `client.sandbox()`.
    Sandbox
);

impl Sandbox {
    /// Someone calls the business: the sandbox starts an inbound call, which ends with a
    /// transcript and, for a new caller, a new lead delivered by webhook like a real one.
    /// Returns the call as `GET /calls?id=` shows it.
    ///
    /// Refused before sending (`key_refused`) unless the client holds a sandbox
    /// (`kc_test_`) key, which the client only ever sends to this machine. Not retried
    /// once sent: each request starts another call.
    pub async fn inbound_call(&self, call: InboundCall) -> Result<Call> {
        if self.client.key_kind() != Some(KeyKind::Test) {
            return Err(Error::key_refused(
                "simulated calls exist only in the sandbox, with a sandbox (kc_test_) key",
            ));
        }
        let mut call = call;
        if let Some(from) = call.from.take() {
            call.from = Some(self.client.phone(&from)?);
        }
        self.client
            .send(Request::post("/sandbox/inbound-call", &call)?)
            .await
    }
}
