//! `POST /api/v1/signup`, on the client itself: it needs no key.

use crate::client::Client;
use crate::error::Result;
use crate::models::{SignupRequest, SignupResponse};
use crate::transport::Request;

impl Client {
    /// Creates a whole account: business, owner key (every scope), intake agent and a
    /// phone number. Sent without a key. Never retried once it may have reached
    /// KaiCalls (a second account would be made); limited to 5 an hour per IP.
    /// Continue with [`Client::with_api_key`] and the returned key.
    pub async fn signup(&self, request: SignupRequest) -> Result<SignupResponse> {
        let mut request = request;
        if let Some(phone) = &request.phone_forward_to {
            request.phone_forward_to = Some(self.phone(phone)?);
        }
        let req = Request::post("/api/v1/signup", &request)?.anonymous();
        self.send(req).await
    }
}
