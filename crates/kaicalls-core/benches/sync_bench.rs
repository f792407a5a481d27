//! What a first full sync costs over merely paging the same data through the client, and
//! how soon after sign-in the first screen of calls can be read from the cache.
//!
//! ```sh
//! cargo bench -p kaicalls-core --bench sync_bench                       # both parts, ~3 min
//! cargo bench -p kaicalls-core --bench sync_bench -- --reference-limits # part 1 only
//! cargo bench -p kaicalls-core --bench sync_bench -- --limits-off       # part 2 only, seconds
//! cargo bench -p kaicalls-core --bench sync_bench -- --limits-off --rounds 9 --detail
//! cargo bench -p kaicalls-core --bench sync_bench -- 2000 1000          # other sizes
//! KAICALLS_BENCH_TINY=1 cargo bench --profile dev -p kaicalls-core --bench sync_bench
//! ```
//!
//! An in-process sandbox holds `calls` completed calls (each with a transcript) and
//! `leads` leads (10k and 5k by default; 300 and 150 with `KAICALLS_BENCH_TINY=1`, which
//! also runs one round of everything). Figures go to `kaicalls-benchkit`
//! (`$KAICALLS_BENCH_REPORT`, see bench/README.md); the lines printed explain them.
//!
//! What is timed, always ours and its baseline in the same run:
//!
//! - **paging**: every page of calls, leads and transcripts (and the small lists) through
//!   the client, transcripts beside calls and leads as the sync does, items turned into
//!   JSON values as the sync turns them;
//! - **sync**: `SyncEngine::sync_once` into an empty cache in a temp dir, from the engine's
//!   start to the pass's end (in part 1 from sign-in, as the first screen below: opening
//!   the empty cache is a few milliseconds of it);
//! - **floor** (part 2): what any SQLite cache with search would have to spend on the same
//!   data: the same paging as above, *then* every fetched item stored as one bare JSON row
//!   (`id`, `raw`; no typed columns, no secondary indexes, no merging with a stored copy)
//!   plus an FTS5 row (the store's tokenizer) over the item's searchable text (`summary`,
//!   `transcript`, `name`, `notes`), with the store's journal settings, in transactions of
//!   10 pages (the most the sync puts in one). One sample is the fetch and the write
//!   timed together, so it compares like for like with the sync's total, which also
//!   fetches everything. The floor runs its two halves one after the other; the sync
//!   overlaps fetching with writing, which on a two-core machine hosting the sandbox too
//!   gains little, and a floor that overlapped them could only be lower;
//! - **first screen** (part 1): from sign-in (opening the empty cache, starting the
//!   engine and its first pass) to the moment the newest page of calls (100, the sync's
//!   page; the calls list shows the first of them) can be read from the cache through a
//!   second connection, as the UI would read it. Its baseline, shown for scale, is the
//!   time to fetch that first page through a fresh client.
//!
//! The two parts:
//!
//! 1. **The sandbox as shipped** (`--reference-limits`): the reference's rate limits on
//!    both sides, what every account sees against the real API; paced by the limits
//!    (transcripts: 120 pages a minute). Paging and the sync each run against a freshly
//!    started sandbox with a fresh client (so both start with full rate-limit buckets),
//!    one round by default. Figures `sync.reference_limits` (sync ÷ paging ≤ 1.25) and
//!    `sync.first_screen` (≤ 2 s; five samples, the first taken during the timed sync).
//! 2. **Rate limits off** (`--limits-off`): loopback, JSON and SQLite only, three rounds
//!    in rotating order (paging, sync, floor). Figures `sync.limits_off` (sync ÷ floor ≤
//!    1.5) and `sync.limits_off_paging` (sync ÷ paging, shown, not judged: what storing
//!    costs over fetching alone). `--detail` also times writing the fetched pages alone:
//!    through `Cache::write_page` page by page, straight into `Store::write_page`, and
//!    the floor's write without its FTS5 index.

use std::time::{Duration, Instant};

use futures_util::TryStreamExt;
use kaicalls_api::models::{CallFilter, LeadFilter, TranscriptFilter};
use kaicalls_api::{Client, RateLimits};
use kaicalls_benchkit::{Budget, Figure};
use kaicalls_core::{Cache, EventBus, Freshness, SyncConfig, SyncEngine};
use kaicalls_sandbox::{Sandbox, SandboxConfig, SandboxHandle, Scale};
use kaicalls_store::{Collection, PageRequest, Store, SyncState};
use serde_json::Value;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// Every page of the three collections, as JSON, in the order fetched.
type Pages = Vec<(Collection, Vec<Value>)>;

/// Pages the floor writes in one transaction: the most the sync batches (`walk.rs`).
const FLOOR_BATCH_PAGES: usize = 10;

/// The calls page the first screen waits for: the sync's page size, the API's maximum.
const FIRST_PAGE: u32 = 100;

/// What this run measures.
struct Plan {
    calls: usize,
    leads: usize,
    /// Rounds of part 2 (paging, sync and floor each once per round).
    rounds_off: usize,
    /// Rounds of part 1 (paging and sync).
    rounds_reference: usize,
    /// First-screen samples of part 1 (the first from the timed sync).
    first_screens: usize,
    reference: bool,
    off: bool,
    detail: bool,
    tiny: bool,
}

impl Plan {
    fn from_env() -> Plan {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let flag = |name: &str| args.iter().any(|a| a == name);
        let value_of = |name: &str| {
            args.iter()
                .position(|a| a == name)
                .and_then(|i| args.get(i + 1))
                .and_then(|v| v.parse::<usize>().ok())
        };
        let tiny = kaicalls_benchkit::tiny();
        let rounds = value_of("--rounds");
        // Sizes are the bare numbers, not the one after `--rounds`.
        let after_rounds = |i: usize| i > 0 && args.get(i - 1).is_some_and(|p| p == "--rounds");
        let sizes: Vec<usize> = (0..args.len())
            .filter(|i| !after_rounds(*i))
            .filter_map(|i| args.get(i)?.parse().ok())
            .collect();
        let (calls, leads) = if tiny { (300, 150) } else { (10_000, 5_000) };
        Plan {
            calls: sizes.first().copied().unwrap_or(calls),
            leads: sizes.get(1).copied().unwrap_or(leads),
            rounds_off: rounds.unwrap_or(if tiny { 1 } else { 3 }).max(1),
            rounds_reference: rounds.unwrap_or(1).max(1),
            first_screens: if tiny { 1 } else { 5 },
            reference: !flag("--limits-off"),
            off: !flag("--reference-limits"),
            detail: flag("--detail"),
            tiny,
        }
    }

    fn reproduce(&self, part: &str) -> String {
        let base = "cargo bench -p kaicalls-core --bench sync_bench --";
        if self.tiny {
            format!("KAICALLS_BENCH_TINY=1 {base} {part}")
        } else {
            format!("{base} {part}")
        }
    }
}

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

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median_of(samples: &[f64]) -> f64 {
    kaicalls_benchkit::median(samples).unwrap_or(f64::NAN)
}

async fn start(calls: usize, leads: usize, limits: u32) -> Result<SandboxHandle, Error> {
    Ok(Sandbox::start(SandboxConfig {
        seed: 7,
        scale: Some(Scale { calls, leads }),
        rate_limit_multiplier: limits,
        ..SandboxConfig::default()
    })
    .await?)
}

/// A fresh client of `sandbox`: its own connections and full rate-limit buckets.
fn client(sandbox: &SandboxHandle, limits: u32) -> Result<Client, Error> {
    Ok(Client::builder()
        .base_url(&sandbox.base_url)
        .api_key(sandbox.demo_account.api_key.clone())
        .rate_limits(RateLimits {
            multiplier: limits,
            ..RateLimits::default()
        })
        .build()?)
}

/// Times paging everything once.
async fn time_paging(client: &Client) -> Result<(Duration, Pages), Error> {
    let (started, cpu) = (Instant::now(), cpu_time());
    let (pages, items) = page_all(client).await?;
    let took = started.elapsed();
    println!(
        "    paging {items} items in {} pages: {:.2} s{}",
        pages.len(),
        secs(took),
        cpu_since(cpu)
    );
    Ok((took, pages))
}

/// The ids of the newest page of calls, and how long fetching it took.
async fn first_calls_page(client: &Client) -> Result<(Duration, Vec<String>), Error> {
    let started = Instant::now();
    let page = client
        .calls()
        .list(CallFilter::default().limit(FIRST_PAGE))
        .send()
        .await?;
    let took = started.elapsed();
    Ok((took, page.calls.into_iter().map(|c| c.id).collect()))
}

/// Whether the cache behind `reader` shows `expected` as its first page of calls.
fn shows_first_page(reader: &Store, expected: &[String]) -> Result<bool, Error> {
    let page = reader.list_calls(
        &kaicalls_store::CallFilter::default(),
        &PageRequest::first(FIRST_PAGE),
    )?;
    Ok(page.items.len() == expected.len()
        && page.items.iter().zip(expected).all(|(c, id)| c.id == *id))
}

/// What one timed sync measured.
struct Synced {
    /// Sign-in to the end of the pass (`None` when the sync was stopped at the first screen).
    total: Option<Duration>,
    /// Sign-in to the first screen of calls readable from the cache.
    first_screen: Duration,
    /// Whether the first screen was readable before the pass ended.
    before_the_end: bool,
}

/// Signs in on an empty cache in `dir` (opens it, starts the engine, runs a pass) and
/// watches, through a second connection, for the newest page of calls (`expected`) to
/// be readable. With `to_the_end` false, the pass is stopped once it is.
async fn sync_watching(
    client: &Client,
    dir: &std::path::Path,
    expected: &[String],
    to_the_end: bool,
) -> Result<Synced, Error> {
    let started = Instant::now();
    let (store, _) = Store::open(dir, "bench")?;
    let reader = store.connect_again()?;
    let cache = Cache::new(store, EventBus::default());
    let engine = SyncEngine::new(client.clone(), cache, SyncConfig::default()).await?;
    let pass = tokio::spawn(async move { engine.sync_once().await });
    let first_screen = loop {
        if shows_first_page(&reader, expected)? {
            break started.elapsed();
        }
        if pass.is_finished() && !shows_first_page(&reader, expected)? {
            return Err("the sync ended without the newest page of calls in the cache".into());
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    };
    let before_the_end = !pass.is_finished();
    let total = if to_the_end {
        pass.await??;
        Some(started.elapsed())
    } else {
        pass.abort();
        let _ = pass.await;
        None
    };
    Ok(Synced {
        total,
        first_screen,
        before_the_end,
    })
}

/// Part 1: the reference's rate limits. Returns nothing; reports its figures.
async fn reference_limits(plan: &Plan) -> Result<(), Error> {
    println!(
        "part 1: the sandbox as shipped (reference rate limits), {} round(s) paced by them",
        plan.rounds_reference
    );
    let (mut paging, mut syncing) = (Vec::new(), Vec::new());
    let (mut screens, mut first_pages) = (Vec::new(), Vec::new());
    for round in 1..=plan.rounds_reference {
        println!("  round {round}:");
        let sandbox = start(plan.calls, plan.leads, 1).await?;
        let (took, _) = time_paging(&client(&sandbox, 1)?).await?;
        paging.push(secs(took));
        sandbox.shutdown().await?;

        let sandbox = start(plan.calls, plan.leads, 1).await?;
        let (first_page, expected) = first_calls_page(&client(&sandbox, 1)?).await?;
        let dir = tempfile::tempdir()?;
        let cpu = cpu_time();
        let synced = sync_watching(&client(&sandbox, 1)?, dir.path(), &expected, true).await?;
        let total = synced.total.unwrap_or_default();
        println!(
            "    sync: {:.2} s{} | first screen of calls after {:.0} ms{} | ratio {:.2}",
            secs(total),
            cpu_since(cpu),
            ms(synced.first_screen),
            if synced.before_the_end {
                ""
            } else {
                " (only at the end!)"
            },
            secs(total) / secs(took),
        );
        syncing.push(secs(total));
        screens.push(ms(synced.first_screen));
        first_pages.push(ms(first_page));
        sandbox.shutdown().await?;
    }
    // More first screens, each signing in afresh against a fresh sandbox (full buckets),
    // stopped once the screen is readable.
    while screens.len() < plan.first_screens {
        let sandbox = start(plan.calls, plan.leads, 1).await?;
        let (first_page, expected) = first_calls_page(&client(&sandbox, 1)?).await?;
        let dir = tempfile::tempdir()?;
        let synced = sync_watching(&client(&sandbox, 1)?, dir.path(), &expected, false).await?;
        println!(
            "  first screen: {:.0} ms (fetching the page alone: {:.0} ms)",
            ms(synced.first_screen),
            ms(first_page)
        );
        screens.push(ms(synced.first_screen));
        first_pages.push(ms(first_page));
        sandbox.shutdown().await?;
    }
    let ratio = median_of(&syncing) / median_of(&paging);
    println!(
        "  sync / paging at reference limits: {ratio:.2} (budget <= 1.25: {})",
        if ratio <= 1.25 { "met" } else { "missed" }
    );
    Figure::new(
        "sync.reference_limits",
        "Initial sync vs paging, reference rate limits",
        "s",
        syncing,
        ("paging the same data through the client", paging),
        Budget::RatioAtMost(1.25),
    )
    .reproduce(&plan.reproduce("--reference-limits"))
    .report()?;
    Figure::new(
        "sync.first_screen",
        "Sign-in to the first screen of calls, reference rate limits",
        "ms",
        screens,
        ("fetching the first page of calls", first_pages),
        Budget::AtMost(2000.0),
    )
    .reproduce(&plan.reproduce("--reference-limits"))
    .report()?;
    Ok(())
}

/// Part 2: rate limits off; rounds of paging, sync and floor in rotating order.
async fn limits_off(plan: &Plan) -> Result<(), Error> {
    println!(
        "part 2: rate limits off (loopback, JSON and SQLite only), {} round(s)",
        plan.rounds_off
    );
    let sandbox = start(plan.calls, plan.leads, 0).await?;
    let client = client(&sandbox, 0)?;
    // One untimed paging first: connections and the sandbox's first answers warm, and the
    // pages for `--detail`.
    let (fetched, items) = page_all(&client).await?;
    println!(
        "  sandbox seeded with {} calls (+ transcripts) and {} leads: {items} items",
        plan.calls, plan.leads
    );
    let (mut paging, mut syncing, mut floors) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..plan.rounds_off {
        println!("  round {}:", round + 1);
        for step in 0..3 {
            match (round + step) % 3 {
                0 => paging.push(secs(time_paging(&client).await?.0)),
                1 => syncing.push(secs(time_sync(&client).await?)),
                _ => floors.push(secs(time_floor(&client).await?)),
            }
        }
    }
    sandbox.shutdown().await?;
    let (p, s, f) = (median_of(&paging), median_of(&syncing), median_of(&floors));
    println!(
        "  medians: paging {p:.2} s, sync {s:.2} s, floor {f:.2} s (= {:.2} x paging) | \
         sync / floor {:.2} (budget <= 1.5: {}), sync / paging {:.2}",
        f / p,
        s / f,
        if s / f <= 1.5 { "met" } else { "missed" },
        s / p
    );
    if plan.detail {
        write_timings(&fetched).await?;
        let bare = floor_write(&fetched, false)?;
        println!(
            "    the floor's write without its FTS5 index: {:.2} s{}",
            secs(bare.0),
            bare.1
        );
    }
    Figure::new(
        "sync.limits_off",
        "Initial sync vs the floor (paging + bare JSON rows + FTS5), rate limits off",
        "s",
        syncing.clone(),
        ("floor: paging + bare JSON rows and FTS5", floors),
        Budget::RatioAtMost(1.5),
    )
    .reproduce(&plan.reproduce("--limits-off"))
    .report()?;
    Figure::new(
        "sync.limits_off_paging",
        "Initial sync vs paging alone, rate limits off",
        "s",
        syncing,
        ("paging the same data through the client", paging),
        Budget::Shown,
    )
    .reproduce(&plan.reproduce("--limits-off"))
    .report()?;
    Ok(())
}

/// One sync into an empty cache, from the engine's start to the pass's end.
async fn time_sync(client: &Client) -> Result<Duration, Error> {
    let dir = tempfile::tempdir()?;
    let cache = open_cache(dir.path())?;
    let (started, cpu) = (Instant::now(), cpu_time());
    let engine = SyncEngine::new(client.clone(), cache, SyncConfig::default()).await?;
    let report = engine.sync_once().await?;
    let took = started.elapsed();
    let synced = report.calls.items + report.leads.items + report.transcripts.items;
    println!(
        "    sync {synced} items: {:.2} s{}",
        secs(took),
        cpu_since(cpu)
    );
    Ok(took)
}

/// One floor sample: paging everything, then the floor's write of it (see the module docs).
async fn time_floor(client: &Client) -> Result<Duration, Error> {
    let (started, cpu) = (Instant::now(), cpu_time());
    let (pages, _) = page_all(client).await?;
    let fetched = started.elapsed();
    let (write, _) = tokio::task::spawn_blocking(move || floor_write(&pages, true)).await??;
    let took = started.elapsed();
    println!(
        "    floor: {:.2} s{} (paging {:.2} s + writing {:.2} s)",
        secs(took),
        cpu_since(cpu),
        secs(fetched),
        secs(write)
    );
    Ok(took)
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

/// Wall time and CPU time (as printed) of one floor write.
type Timed = (Duration, String);

/// The least any SQLite cache with search could spend storing these pages: each item as
/// one JSON text row (no typed columns, no secondary indexes, no merging with a stored
/// copy), with the store's journal settings, in transactions of [`FLOOR_BATCH_PAGES`]
/// pages; `indexed` adds an FTS5 index (the store's tokenizer) over each item's
/// searchable text.
fn floor_write(pages: &Pages, indexed: bool) -> Result<Timed, Error> {
    const TEXT_KEYS: [&str; 4] = ["summary", "transcript", "name", "notes"];
    let dir = tempfile::tempdir()?;
    let conn = rusqlite::Connection::open(dir.path().join("floor.sqlite3"))?;
    conn.execute_batch(
        "PRAGMA journal_mode = wal; PRAGMA synchronous = normal; \
         CREATE TABLE item (pk INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, raw TEXT NOT NULL); \
         CREATE VIRTUAL TABLE item_fts USING fts5 \
             (text, tokenize = 'unicode61 remove_diacritics 2');",
    )?;
    let (started, cpu) = (Instant::now(), cpu_time());
    for batch in pages.chunks(FLOOR_BATCH_PAGES) {
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
}

async fn bench(plan: Plan) -> Result<(), Error> {
    println!(
        "sync bench: {} calls (+ transcripts), {} leads{}",
        plan.calls,
        plan.leads,
        if plan.tiny { " (tiny)" } else { "" }
    );
    if plan.reference {
        reference_limits(&plan).await?;
    }
    if plan.off {
        limits_off(&plan).await?;
    }
    Ok(())
}

fn main() -> Result<(), Error> {
    let plan = Plan::from_env();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(bench(plan))
}
