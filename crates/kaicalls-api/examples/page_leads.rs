//! Pages every lead through the client, for the client benchmark (`bench/client/run.py`),
//! which times the official Python SDK against the same sandbox.
//!
//! `KAICALLS_BENCH_KEY=<key> cargo run --release -p kaicalls-api --example page_leads -- <base_url> [rounds]`
//!
//! Prints one JSON line: `{"seconds": [...], "leads": N}`, one time per round, measured in
//! the process (start-up is not counted, on either side). Rate limits are off on the
//! client: the sandbox is started without them, and the figure is the client's own cost.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use futures_util::TryStreamExt;
use kaicalls_api::models::LeadFilter;
use kaicalls_api::{Client, RateLimits};
use secrecy::SecretString;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let base_url = args.next().expect("usage: page_leads <base_url> [rounds]");
    let rounds: usize = args
        .next()
        .map_or(1, |r| r.parse().expect("rounds is a number"));
    let key = std::env::var("KAICALLS_BENCH_KEY").expect("KAICALLS_BENCH_KEY holds the key");
    let client = Client::builder()
        .base_url(&base_url)
        .api_key(SecretString::from(key))
        .rate_limits(RateLimits {
            multiplier: 0,
            ..RateLimits::default()
        })
        .build()
        .expect("the client builds");
    let mut seconds = Vec::new();
    let mut leads = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        let mut pages = client
            .leads()
            .list(LeadFilter::default().limit(100))
            .pages();
        leads = 0;
        while let Some(page) = pages.try_next().await.expect("a page of leads") {
            leads += page.leads.len();
        }
        seconds.push(start.elapsed().as_secs_f64());
    }
    println!(
        "{}",
        serde_json::json!({ "seconds": seconds, "leads": leads })
    );
}
