//! The small lists (agents, numbers, businesses): fetched whole and mirrored with the
//! store's `replace_all`, so an agent deleted on the server disappears here too.
//!
//! Businesses come from `GET /api/v1/balance`, the one route listing every business of
//! the key with its subscription status. It has no names: while a business has none, the
//! per-business analytics report (which has them) is asked once; names other answers
//! brought, such as signup's, are kept because the store merges rather than overwrites.
//!
//! A key without the scope for one of these lists (`forbidden`) leaves that list as it
//! is instead of failing the whole pass: calls and leads matter more than agent names.

use chrono::Utc;
use kaicalls_api::Client;
use kaicalls_api::models::{AnalyticsFilter, Balance};
use kaicalls_store::Collection;
use kaicalls_vocab::Code;
use serde::Serialize;
use serde_json::{Value, json};

use crate::cache::Cache;
use crate::error::{CoreError, Result};
use crate::sync::sources::to_values;

/// What mirroring the small lists did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ListsReport {
    /// Agents listed by the server.
    pub agents: usize,
    /// Phone numbers listed by the server.
    pub numbers: usize,
    /// Businesses listed by the server.
    pub businesses: usize,
    /// Rows removed because the server no longer lists them.
    pub removed: usize,
    /// Lists the key may not read (`forbidden`), left untouched.
    pub skipped: Vec<String>,
}

/// `Ok(None)` for a list the key may not read.
fn allowed<T>(result: kaicalls_api::Result<T>) -> Result<Option<T>> {
    match result {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.code() == Code::Forbidden => Ok(None),
        Err(e) => Err(CoreError::Api(e)),
    }
}

async fn mirror(cache: &Cache, collection: Collection, items: Vec<Value>) -> Result<usize> {
    cache
        .with(move |s| {
            let mut state = s.sync_state(collection)?;
            state.last_success_at = Some(Utc::now());
            Ok(s.replace_all(collection, &items, &state)?.removed)
        })
        .await
}

/// Names the cached businesses that have none, from the analytics report. Asked only
/// while one is unnamed, so normally once per account; a key without analytics access,
/// or any failure, leaves them named by id (the names are a courtesy, not the sync's job).
async fn name_businesses(client: &Client, cache: &Cache) -> Result<()> {
    let known = cache.read(|s| s.list_businesses()).await?;
    if known.iter().all(|b| b.name.is_some()) {
        return Ok(());
    }
    let report = match client
        .analytics()
        .businesses(&AnalyticsFilter::default())
        .await
    {
        Ok(report) => report,
        Err(e) => {
            tracing::info!(code = e.code().as_str(), "business names not read: {e}");
            return Ok(());
        }
    };
    let named: Vec<Value> = report
        .businesses
        .into_iter()
        .filter(|b| {
            known
                .iter()
                .any(|k| k.id == b.business_id && k.name.is_none())
        })
        .filter_map(|b| {
            let name = b.business_name?;
            Some(json!({ "business_id": b.business_id, "name": name }))
        })
        .collect();
    if !named.is_empty() {
        cache
            .with(move |s| s.upsert_many(Collection::Businesses, &named))
            .await?;
    }
    Ok(())
}

/// Mirrors the businesses a balance answer lists (the sync's pass and the usage screen's
/// refresh keep them the same way); answers how many rows it removed.
pub(crate) async fn keep_balance(cache: &Cache, balance: Balance) -> Result<usize> {
    mirror(
        cache,
        Collection::Businesses,
        to_values(balance.businesses)?,
    )
    .await
}

/// Fetches the three lists at once and mirrors each.
pub(crate) async fn mirror_lists(client: &Client, cache: &Cache) -> Result<ListsReport> {
    let (agents, numbers, account) = (client.agents(), client.numbers(), client.account());
    let (agents, numbers, balance) = tokio::join!(agents.list(), numbers.list(), account.balance());
    let mut report = ListsReport::default();
    match allowed(agents)? {
        Some(list) => {
            report.agents = list.agents.len();
            report.removed += mirror(cache, Collection::Agents, to_values(list.agents)?).await?;
        }
        None => report.skipped.push("agents".into()),
    }
    match allowed(numbers)? {
        Some(list) => {
            report.numbers = list.numbers.len();
            report.removed += mirror(cache, Collection::Numbers, to_values(list.numbers)?).await?;
        }
        None => report.skipped.push("numbers".into()),
    }
    match allowed(balance)? {
        Some(list) => {
            report.businesses = list.businesses.len();
            report.removed += keep_balance(cache, list).await?;
            name_businesses(client, cache).await?;
        }
        None => report.skipped.push("businesses".into()),
    }
    Ok(report)
}
