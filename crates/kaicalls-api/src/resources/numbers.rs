//! `/api/v1/numbers`.

use super::group;
use crate::error::Result;
use crate::models::NumbersList;
use crate::transport::Request;

group!(
    /// Phone numbers: `client.numbers()`.
    Numbers
);

impl Numbers {
    /// Every number of the key's businesses (`numbers:read`).
    pub async fn list(&self) -> Result<NumbersList> {
        self.client.send(Request::get("/api/v1/numbers")).await
    }
}
