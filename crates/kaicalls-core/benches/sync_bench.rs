//! How much a first full sync costs over merely paging the same data through the client.
//!
//! ```sh
//! cargo bench -p kaicalls-core --bench sync_bench                  # 10k calls, 5k leads
//! cargo bench -p kaicalls-core --bench sync_bench -- 2000 1000     # other sizes
//! ```
//!
//! An in-process sandbox holds `calls` completed calls (each with a transcript) and
//! `leads` leads; rate limits are off on both sides, so the network, JSON and SQLite are
//! all that is measured. For each of three rounds it times:
//!
//! - **paging**: every page of calls, leads and transcripts (and the three small lists)
//!   through the client, transcripts beside calls and leads as the sync does, items kept
//!   for the write timing below;
//! - **sync**: `SyncEngine::sync_once` into an empty cache in a temp dir;
//!
//! and once, to show what the sync adds: **writing** the pages already fetched, one
//! `Cache::write_page` after another, into an empty cache. The target is sync ≤ 1.25 ×
//! paging (the sync overlaps fetching the next page with writing the current one).
//!
//! `-- --write-only` skips the sync rounds: one paging, then only the two write timings
//! (for profiling the store).
//!
//! `-- --reference-limits` runs one round with the reference's rate limits on both sides
//! instead (what a real account sees: transcripts are limited to 120 pages a minute).

use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use kaicalls_api::models::{CallFilter, LeadFilter, TranscriptFilter};
use kaicalls_api::{Client, RateLimits};
use kaicalls_core::{Cache, EventBus, Freshness, SyncConfig, SyncEngine};
use kaicalls_sandbox::{Sandbox, SandboxConfig, Scale};
use kaicalls_store::{Collection, Store, SyncState};
use serde_json::Value;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Every page of the three collections, as JSON, in the order fetched.
type Pages = Vec<(Collection, Vec<Value>)>;

fn values<T: serde::Serialize>(items: Vec<T>) -> Result<Vec<Value>, Error> {
    Ok(items
        .into_iter()
        .map(serde_json::to_value)
        .collect::<Result<_, _>>()?)
}

/// Pages everything once through the client; returns the pages and how many items.
/// Transcripts are paged beside calls and leads, as the engine's first sync does (each has
/// its own rate-limit budget), so the comparison is with the fastest plain paging.
async fn page_all(client: &Client) -> Result<(Pages, usize), Error> {
    client.agents().list().await?;
    client.numbers().list().await?;
    client.account().balance().await?;
    let lists = async {
        let mut pages = Vec::new();
        let mut calls = client
            .calls()
            .list(CallFilter::default().limit(100))
            .pages();
        while let Some(page) = calls.try_next().await? {
            pages.push((Collection::Calls, values(page.calls)?));
        }
        let mut leads = client
            .leads()
            .list(LeadFilter::default().limit(100))
            .pages();
        while let Some(page) = leads.try_next().await? {
            pages.push((Collection::Leads, values(page.leads)?));
        }
        Ok::<_, Error>(pages)
    };
    let transcripts = async {
        let mut pages = Vec::new();
        let filter = TranscriptFilter::default().limit(50).days(90);
        let mut transcripts = client.transcripts().list(filter).pages();
        while let Some(page) = transcripts.try_next().await? {
            pages.push((Collection::Transcripts, values(page.transcripts)?));
        }
        Ok::<_, Error>(pages)
    };
    let (mut pages, transcripts) = tokio::try_join!(lists, transcripts)?;
    pages.extend(transcripts);
    let items = pages.iter().map(|(_, p)| p.len()).sum();
    Ok((pages, items))
}

fn open_cache(dir: &std::path::Path) -> Result<Cache, Error> {
    let (store, _) = Store::open(dir, "bench")?;
    Ok(Cache::new(store, EventBus::default()))
}

/// CPU time (user + system) the whole process has used so far, from `/proc/self/stat`
/// (Linux; `None` elsewhere). On a loaded machine wall-clock times swing by a factor of
/// two; CPU time shows what a change saves.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    // Clock ticks; 100 a second on every Linux this runs on.
    Some(Duration::from_millis((utime + stime) * 10))
}

fn cpu_since(start: Option<Duration>) -> String {
    match (start, cpu_time()) {
        (Some(a), Some(b)) => format!(" (cpu {:.2} s)", secs(b.saturating_sub(a))),
        _ => String::new(),
    }
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

async fn bench(calls: usize, leads: usize, limits: u32) -> Result<(), Error> {
    println!("seeding the sandbox with {calls} calls (+ transcripts) and {leads} leads ...");
    let seeding = Instant::now();
    let sandbox = Sandbox::start(SandboxConfig {
        seed: 7,
        scale: Some(Scale { calls, leads }),
        rate_limit_multiplier: limits,
        ..SandboxConfig::default()
    })
    .await?;
    println!("  seeded in {:.1} s", secs(seeding.elapsed()));
    let client = Client::builder()
        .base_url(&sandbox.base_url)
        .api_key(sandbox.demo_account.api_key.clone())
        .rate_limits(RateLimits {
            multiplier: limits,
            ..RateLimits::default()
        })
        .build()?;
    let write_only = std::env::args().any(|a| a == "--write-only");
    let rounds = if write_only {
        1
    } else if limits == 0 {
        3
    } else {
        println!("rate limits at the reference's values: one round, paced by the limits");
        1
    };

    let (mut paging, mut syncing) = (Vec::new(), Vec::new());
    let mut fetched = None;
    for round in 1..=rounds {
        let (started, cpu) = (Instant::now(), cpu_time());
        let (pages, items) = page_all(&client).await?;
        let page_time = started.elapsed();
        let page_cpu = cpu_since(cpu);
        paging.push(page_time);

        if write_only {
            fetched = Some(pages);
            break;
        }
        let dir = tempfile::tempdir()?;
        let cache = open_cache(dir.path())?;
        let engine = SyncEngine::new(client.clone(), cache.clone(), SyncConfig::default()).await?;
        if limits > 0 {
            // Let the buckets (the client's and the sandbox's) refill after the paging.
            tokio::time::sleep(Duration::from_secs(61)).await;
        }
        let (started, cpu) = (Instant::now(), cpu_time());
        let report = engine.sync_once().await?;
        let sync_time = started.elapsed();
        let sync_cpu = cpu_since(cpu);
        syncing.push(sync_time);
        let synced = report.calls.items + report.leads.items + report.transcripts.items;
        println!(
            "round {round}: paging {items} items in {} pages: {:.2} s{page_cpu} | sync {synced} items: {:.2} s{sync_cpu} | ratio {:.2}",
            pages.len(),
            secs(page_time),
            secs(sync_time),
            secs(sync_time) / secs(page_time)
        );
        fetched = Some(pages);
    }

    // What writing alone costs, for the same pages: through the cache (which compares
    // each item with its stored copy to announce changes) and straight into the store.
    let pages = fetched.unwrap_or_default();
    let written: usize = pages.iter().map(|(_, p)| p.len()).sum();
    let dir = tempfile::tempdir()?;
    let cache = open_cache(dir.path())?;
    let mut by_collection: Vec<(Collection, Duration)> = Vec::new();
    let (started, cpu) = (Instant::now(), cpu_time());
    for (collection, items) in pages.clone() {
        let t = Instant::now();
        cache
            .write_page(collection, items, SyncState::default(), Freshness::Backfill)
            .await?;
        match by_collection.iter_mut().find(|(c, _)| *c == collection) {
            Some((_, d)) => *d += t.elapsed(),
            None => by_collection.push((collection, t.elapsed())),
        }
    }
    let write_time = started.elapsed();
    let write_cpu = cpu_since(cpu);
    let file_size = std::fs::metadata(dir.path().join("bench.sqlite3"))?.len();
    let dir = tempfile::tempdir()?;
    let (mut store, _) = Store::open(dir.path(), "bench")?;
    let (started, cpu) = (Instant::now(), cpu_time());
    for (collection, items) in &pages {
        store.write_page(*collection, items, &SyncState::default())?;
    }
    let store_time = started.elapsed();
    let store_cpu = cpu_since(cpu);

    println!();
    let page = median(paging);
    println!("median paging:  {:.2} s", secs(page));
    let sync = (!write_only).then(|| median(syncing));
    if let Some(sync) = sync {
        println!("median sync:    {:.2} s", secs(sync));
    }
    println!(
        "writing alone:  {:.2} s{write_cpu} for {written} items ({:.0} items/s), cache file {:.1} MiB",
        secs(write_time),
        written as f64 / secs(write_time),
        file_size as f64 / (1024.0 * 1024.0)
    );
    for (collection, time) in by_collection {
        println!("  {collection}: {:.2} s", secs(time));
    }
    println!(
        "  the same pages straight into Store::write_page: {:.2} s{store_cpu}",
        secs(store_time)
    );
    if let Some(sync) = sync {
        let ratio = secs(sync) / secs(page);
        println!(
            "sync / paging:  {ratio:.2} (target <= 1.25: {})",
            if ratio <= 1.25 { "met" } else { "missed" }
        );
    }
    sandbox.shutdown().await?;
    Ok(())
}

fn main() -> Result<(), Error> {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .filter_map(|a| a.parse().ok())
        .collect();
    let calls = sizes.first().copied().unwrap_or(10_000);
    let leads = sizes.get(1).copied().unwrap_or(5_000);
    let limits = u32::from(std::env::args().any(|a| a == "--reference-limits"));
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(bench(calls, leads, limits))
}
