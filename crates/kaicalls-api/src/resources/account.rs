//! `/api/v1/balance` and `/api/v1/usage`.

use super::group;
use crate::error::Result;
use crate::models::{Balance, Usage, UsageFilter};
use crate::transport::Request;

group!(
    /// Balance and usage: `client.account()`.
    Account
);

impl Account {
    /// Subscription status and minutes used, per business.
    pub async fn balance(&self) -> Result<Balance> {
        self.client.send(Request::get("/api/v1/balance")).await
    }

    /// The API usage log, newest first.
    pub async fn usage(&self, filter: UsageFilter) -> Result<Usage> {
        let req = Request::get("/api/v1/usage")
            .query("start", filter.start.as_deref())
            .query("end", filter.end.as_deref())
            .query("limit", filter.limit);
        self.client.send(req).await
    }
}
