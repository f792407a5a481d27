//! How much a first full sync costs over merely paging the same data through the client.
//!
//! ```sh
//! cargo bench -p kaicalls-core --bench sync_bench                       # both parts, ~3 min
//! cargo bench -p kaicalls-core --bench sync_bench -- --limits-off       # part 2 only, seconds
//! cargo bench -p kaicalls-core --bench sync_bench -- --reference-limits # part 1 only
//! cargo bench -p kaicalls-core --bench sync_bench -- 2000 1000          # other sizes
//! ```
//!
//! An in-process sandbox holds `calls` completed calls (each with a transcript) and
//! `leads` leads (10k and 5k by default). Each round times:
//!
//! - **paging**: every page of calls, leads and transcripts (and the three small lists)
//!   through the client, transcripts beside calls and leads as the sync does;
//! - **sync**: `SyncEngine::sync_once` into an empty cache in a temp dir.
//!
//! The bench has two parts:
//!
//! 1. **The sandbox as shipped**: the reference's rate limits on both sides, what every
//!    account sees against the real API. One round, paced by the limits (transcripts: 120
//!    pages a minute). The issue's target, sync ≤ 1.25 × paging, is judged here.
//! 2. **Rate limits off**: loopback, JSON and SQLite only, three rounds. This exposes what
//!    storing costs and has no target of its own; to show how far any SQLite cache could
//!    go it also times writing the pages already fetched three ways: through the cache
//!    (`Cache::write_page`, one page after another), straight into `Store::write_page`,
//!    and the **floor**: the same items as bare JSON rows (one table, no columns, no
//!    indexes) plus an FTS5 index of their text, in transactions of 10 pages as the sync
//!    batches them. `-- --write-only` skips the sync rounds (for profiling the store).

use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use kaicalls_api::models::{CallFilter, LeadFilter, TranscriptFilter};
use kaicalls_api::{Client, RateLimits};
use kaicalls_core::{Cache, EventBus, Freshness, SyncConfig, SyncEngine};
use kaicalls_sandbox::{Sandbox, SandboxConfig, SandboxHandle, Scale};
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

/// What one part of the bench measured.
struct Part {
    paging: Duration,
    sync: Option<Duration>,
}

impl Part {
    fn ratio(&self) -> Option<f64> {
        self.sync.map(|s| secs(s) / secs(self.paging))
    }
}

async fn start(calls: usize, leads: usize, limits: u32) -> Result<(SandboxHandle, Client), Error> {
    let seeding = Instant::now();
    let sandbox = Sandbox::start(SandboxConfig {
        seed: 7,
        scale: Some(Scale { calls, leads }),
        rate_limit_multiplier: limits,
        ..SandboxConfig::default()
    })
    .await?;
    println!(
        "  sandbox seeded with {calls} calls (+ transcripts) and {leads} leads in {:.1} s",
        secs(seeding.elapsed())
    );
    let client = Client::builder()
        .base_url(&sandbox.base_url)
        .api_key(sandbox.demo_account.api_key.clone())
        .rate_limits(RateLimits {
            multiplier: limits,
            ..RateLimits::default()
        })
        .build()?;
    Ok((sandbox, client))
}

/// One round: page everything, then sync it into an empty cache. Returns the times and
/// the pages fetched.
async fn round(
    client: &Client,
    round: usize,
    limited: bool,
) -> Result<(Duration, Duration, Pages), Error> {
    let (started, cpu) = (Instant::now(), cpu_time());
    let (pages, items) = page_all(client).await?;
    let page_time = started.elapsed();
    let page_cpu = cpu_since(cpu);

    let dir = tempfile::tempdir()?;
    let cache = open_cache(dir.path())?;
    let engine = SyncEngine::new(client.clone(), cache.clone(), SyncConfig::default()).await?;
    if limited {
        // Let the buckets (the client's and the sandbox's) refill after the paging.
        tokio::time::sleep(Duration::from_secs(61)).await;
    }
    let (started, cpu) = (Instant::now(), cpu_time());
    let report = engine.sync_once().await?;
    let sync_time = started.elapsed();
    let sync_cpu = cpu_since(cpu);
    let synced = report.calls.items + report.leads.items + report.transcripts.items;
    println!(
        "  round {round}: paging {items} items in {} pages: {:.2} s{page_cpu} | sync {synced} items: {:.2} s{sync_cpu} | ratio {:.2}",
        pages.len(),
        secs(page_time),
        secs(sync_time),
        secs(sync_time) / secs(page_time)
    );
    Ok((page_time, sync_time, pages))
}

/// Part 1: the reference's rate limits, one round.
async fn reference_limits(calls: usize, leads: usize) -> Result<Part, Error> {
    println!("part 1: the sandbox as shipped (reference rate limits), one round paced by them");
    let (sandbox, client) = start(calls, leads, 1).await?;
    let (paging, sync, _) = round(&client, 1, true).await?;
    sandbox.shutdown().await?;
    Ok(Part {
        paging,
        sync: Some(sync),
    })
}

/// Part 2: rate limits off, three rounds, then the write timings and the floor.
async fn limits_off(calls: usize, leads: usize, write_only: bool) -> Result<Part, Error> {
    println!("part 2: rate limits off (loopback, JSON and SQLite only)");
    let (sandbox, client) = start(calls, leads, 0).await?;
    let (mut paging, mut syncing) = (Vec::new(), Vec::new());
    let mut fetched = Pages::new();
    if write_only {
        let started = Instant::now();
        fetched = page_all(&client).await?.0;
        paging.push(started.elapsed());
    } else {
        for n in 1..=3 {
            let (page_time, sync_time, pages) = round(&client, n, false).await?;
            paging.push(page_time);
            syncing.push(sync_time);
            fetched = pages;
        }
    }
    sandbox.shutdown().await?;
    let part = Part {
        paging: median(paging),
        sync: (!write_only).then(|| median(syncing)),
    };
    println!("  median paging: {:.2} s", secs(part.paging));
    if let Some(sync) = part.sync {
        println!("  median sync:   {:.2} s", secs(sync));
    }
    write_timings(&fetched).await?;
    let floor = floor(&fetched)?;
    println!(
        "  floor: bare JSON rows {:.2} s{}; with FTS5 over their text {:.2} s{} = {:.2} x paging",
        secs(floor.bare.0),
        floor.bare.1,
        secs(floor.indexed.0),
        floor.indexed.1,
        secs(floor.indexed.0) / secs(part.paging)
    );
    Ok(part)
}

/// What writing alone costs, for the same pages: through the cache (which compares each
/// item with its stored copy to announce changes) and straight into the store.
async fn write_timings(pages: &Pages) -> Result<(), Error> {
    let written: usize = pages.iter().map(|(_, p)| p.len()).sum();
    let dir = tempfile::tempdir()?;
    let cache = open_cache(dir.path())?;
    let mut by_collection: Vec<(Collection, Duration)> = Vec::new();
    let (started, cpu) = (Instant::now(), cpu_time());
    for (collection, items) in pages.clone() {
        let t = Instant::now();
        cache
            .write_page(
                collection,
                items,
                Vec::new(),
                SyncState::default(),
                Freshness::Backfill,
            )
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
    for (collection, items) in pages {
        store.write_page(*collection, items, &SyncState::default())?;
    }
    let store_time = started.elapsed();
    let store_cpu = cpu_since(cpu);
    println!(
        "  writing alone, page by page: {:.2} s{write_cpu} for {written} items ({:.0} items/s), cache file {:.1} MiB",
        secs(write_time),
        written as f64 / secs(write_time),
        file_size as f64 / (1024.0 * 1024.0)
    );
    let parts: Vec<String> = by_collection
        .iter()
        .map(|(c, t)| format!("{c} {:.2} s", secs(*t)))
        .collect();
    println!("    {}", parts.join(", "));
    println!(
        "    the same pages straight into Store::write_page: {:.2} s{store_cpu}",
        secs(store_time)
    );
    Ok(())
}

/// Wall and CPU time of one floor variant.
type Timed = (Duration, String);

struct Floor {
    bare: Timed,
    indexed: Timed,
}

/// The least any SQLite cache with search could spend storing these pages: each item as
/// one JSON text row (no typed columns, no secondary indexes, no merging with a stored
/// copy), with the store's journal settings, in transactions of 10 pages; `indexed` adds
/// an FTS5 index (the store's tokenizer) over each item's searchable text.
fn floor(pages: &Pages) -> Result<Floor, Error> {
    const TEXT_KEYS: [&str; 4] = ["summary", "transcript", "name", "notes"];
    let run = |indexed: bool| -> Result<Timed, Error> {
        let dir = tempfile::tempdir()?;
        let conn = rusqlite::Connection::open(dir.path().join("floor.sqlite3"))?;
        conn.execute_batch(
            "PRAGMA journal_mode = wal; PRAGMA synchronous = normal; \
             CREATE TABLE item (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, raw TEXT NOT NULL); \
             CREATE VIRTUAL TABLE item_fts USING fts5 \
                 (text, tokenize = 'unicode61 remove_diacritics 2');",
        )?;
        let (started, cpu) = (Instant::now(), cpu_time());
        for batch in pages.chunks(10) {
            let tx = conn.unchecked_transaction()?;
            {
                let mut row = tx.prepare_cached("INSERT INTO item (id, raw) VALUES (?1, ?2)")?;
                let mut fts =
                    tx.prepare_cached("INSERT INTO item_fts (rowid, text) VALUES (?1, ?2)")?;
                for (collection, items) in batch {
                    for item in items {
                        let id = item.get("id").or_else(|| item.get("call_id"));
                        let id = format!("{collection}/{}", id.unwrap_or(&Value::Null));
                        let pk = row.insert(rusqlite::params![id, serde_json::to_string(item)?])?;
                        if indexed {
                            let text: Vec<&str> = TEXT_KEYS
                                .iter()
                                .filter_map(|k| item.get(*k).and_then(Value::as_str))
                                .collect();
                            fts.execute(rusqlite::params![pk, text.join("\n")])?;
                        }
                    }
                }
            }
            tx.commit()?;
        }
        Ok((started.elapsed(), cpu_since(cpu)))
    };
    Ok(Floor {
        bare: run(false)?,
        indexed: run(true)?,
    })
}

async fn bench(calls: usize, leads: usize) -> Result<(), Error> {
    let flag = |name: &str| std::env::args().any(|a| a == name);
    let write_only = flag("--write-only");
    let reference = !flag("--limits-off") && !write_only;
    let off = !flag("--reference-limits") || write_only;
    let shipped = if reference {
        Some(reference_limits(calls, leads).await?)
    } else {
        None
    };
    let unlimited = if off {
        Some(limits_off(calls, leads, write_only).await?)
    } else {
        None
    };

    println!();
    if let Some(ratio) = shipped.as_ref().and_then(Part::ratio) {
        println!(
            "sync / paging, the sandbox as shipped (reference rate limits): {ratio:.2} (target <= 1.25: {})",
            if ratio <= 1.25 { "met" } else { "missed" }
        );
    }
    if let Some(ratio) = unlimited.as_ref().and_then(Part::ratio) {
        println!(
            "sync / paging, rate limits off: {ratio:.2} (no target: what storing costs; compare the floor above)"
        );
    }
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
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(bench(calls, leads))
}
