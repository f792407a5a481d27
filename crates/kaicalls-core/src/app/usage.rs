//! Usage and balance: each business's plan, minutes and trial (`GET /api/v1/balance`, with
//! the trial's end kept from sign-up, which is the only answer that has it) and the key's
//! API request log (`GET /api/v1/usage`). Offline, the businesses come from the cache and
//! the log is unknown, never shown as empty.

use std::collections::HashMap;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use kaicalls_api::models::{SignupResponse, UsageFilter};
use kaicalls_store::{Collection, Window};
use serde_json::json;

use super::Session;
use crate::error::AppError;
use crate::sync::{is_unreachable, keep_balance};
use crate::views::{BusinessUsage, UsageRequest, UsageView};

/// The log's window and the most it shows (the reference's maximum page).
const LOG_DAYS: i64 = 30;
const LOG_LIMIT: u32 = 500;

/// Whole days from `now` to `end`, a started day counted as one: 1 means the trial ends
/// within a day, 0 that it ends now, negative that it has ended.
fn days_left(end: &str, now: DateTime<Utc>) -> Option<i64> {
    let end = DateTime::parse_from_rfc3339(end).ok()?.with_timezone(&Utc);
    let secs = (end - now).num_seconds();
    Some(secs.div_euclid(86_400) + i64::from(secs.rem_euclid(86_400) > 0))
}

impl Session {
    /// The usage screen: live when KaiCalls answers (the balance is kept for offline), the
    /// offline copy when it cannot be reached.
    pub async fn usage(&self) -> Result<UsageView, AppError> {
        let account = self.client.account();
        let since =
            (Utc::now() - Duration::days(LOG_DAYS)).to_rfc3339_opts(SecondsFormat::Secs, true);
        let filter = UsageFilter {
            start: Some(since),
            end: None,
            limit: Some(LOG_LIMIT),
        };
        let (balance, log) = tokio::join!(account.balance(), account.usage(filter));
        let from_cache = match balance {
            Ok(balance) => {
                keep_balance(&self.cache, balance).await?;
                false
            }
            Err(e) if is_unreachable(e.code()) => true,
            Err(e) => return Err(e.into()),
        };
        let (requests, requests_truncated) = match log {
            Ok(log) => (Some(log.usage), log.has_more),
            Err(e) if is_unreachable(e.code()) => (None, false),
            Err(e) => return Err(e.into()),
        };
        let businesses = self.kept_business_usage().await?;
        let requests: Option<Vec<UsageRequest>> = requests.map(|entries| {
            entries
                .into_iter()
                .map(|e| UsageRequest {
                    id: e.id,
                    method: e.method,
                    endpoint: e.endpoint,
                    status_code: e.status_code,
                    call_id: e.call_id,
                    cost_cents: e.cost_cents,
                    created_at: e.created_at,
                })
                .collect()
        });
        Ok(UsageView {
            cost_cents: requests
                .as_ref()
                .map(|r| r.iter().map(|e| e.cost_cents).sum()),
            calls_placed: requests.as_ref().map(|r| {
                let placed = r
                    .iter()
                    .filter(|e| e.method == "POST" && e.call_id.is_some())
                    .count();
                u32::try_from(placed).unwrap_or(u32::MAX)
            }),
            requests,
            requests_truncated,
            businesses,
            from_cache,
        })
    }

    /// Each business as the offline copy knows it (the last balance read, the trial from
    /// sign-up), with no request: for the trial warning the shell checks after a sync.
    pub async fn kept_business_usage(&self) -> Result<Vec<BusinessUsage>, AppError> {
        let now = Utc::now();
        let since = now - Duration::days(LOG_DAYS);
        // Calls per business from the offline copy; unknown until its calls were synced.
        let calls: Option<HashMap<String, u64>> = self
            .cache
            .read(move |s| {
                if s.sync_state(Collection::Calls)?.last_success_at.is_none() {
                    return Ok(None);
                }
                let window = Window {
                    from: since,
                    to: None,
                    business_id: None,
                };
                Ok(Some(
                    s.business_figures(&window)?
                        .into_iter()
                        .map(|b| (b.business_id, u64::try_from(b.figures.calls).unwrap_or(0)))
                        .collect(),
                ))
            })
            .await?;
        Ok(self
            .reached_businesses()
            .await?
            .into_iter()
            .map(|b| {
                let trial_ends_at = b.raw["trial_ends_at"].as_str().map(str::to_string);
                BusinessUsage {
                    calls_30_days: calls.as_ref().map(|c| c.get(&b.id).copied().unwrap_or(0)),
                    trial_days_left: trial_ends_at.as_deref().and_then(|t| days_left(t, now)),
                    trial_ends_at,
                    minutes_used: b.raw["minutes_used"].as_f64(),
                    phone_numbers: b.raw["phone_numbers"]
                        .as_u64()
                        .and_then(|n| u32::try_from(n).ok()),
                    subscription_status: b.subscription_status,
                    name: b.name,
                    id: b.id,
                }
            })
            .collect())
    }

    /// Keeps what sign-up alone tells about the new business (its name, trial end and
    /// number), so the usage screen can count the trial's days.
    pub(crate) async fn keep_signup(
        &self,
        name: &str,
        created: &SignupResponse,
    ) -> Result<(), AppError> {
        let item = json!({
            "business_id": created.business_id,
            "name": name,
            "trial_ends_at": created.trial_ends_at,
            "phone_number": created.phone_number,
        });
        self.cache
            .with(move |s| s.upsert(Collection::Businesses, &item))
            .await?;
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn days_left_counts_a_started_day_as_one() {
        let now = DateTime::parse_from_rfc3339("2026-04-10T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(days_left("2026-04-14T00:00:00.000Z", now), Some(4));
        assert_eq!(days_left("2026-04-11T12:00:00Z", now), Some(1));
        assert_eq!(days_left("2026-04-10T18:00:00Z", now), Some(1));
        assert_eq!(days_left("2026-04-10T12:00:00Z", now), Some(0));
        assert_eq!(days_left("2026-04-09T12:00:00Z", now), Some(-1));
        assert_eq!(days_left("not a date", now), None);
    }
}
