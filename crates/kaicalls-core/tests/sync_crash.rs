//! Crash safety: a child process (`examples/sync_child.rs`) runs a sync pass on a cache
//! file and is killed with SIGKILL at random moments (seeded, so a failure replays), at
//! least 24 times. After every kill the file passes `PRAGMA integrity_check`, holds no
//! row the server does not have, and has no gap below its cursor; the next pass (run to
//! completion in a new child) converges to exactly the server's data.
//!
//! Most rounds start from an empty cache, so the kill lands in the first full download,
//! the longest phase; every third round continues a converged cache after new server
//! data arrived (calls, server edits) and a lead edit was queued, so the kill lands in an
//! incremental pass or the outbox replay. The sandbox runs here, with `--scale` data so a
//! pass lasts long enough to be interrupted, and rate limits off on both sides (speed).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod sync_common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use kaicalls_api::models::{LeadStatus, UpdateLead};
use kaicalls_api::{Client, SecretString};
use kaicalls_core::{Cache, EventBus, Outbox};
use kaicalls_sandbox::{SandboxConfig, Scale};
use kaicalls_store::{Collection, OutboxState, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use secrecy::ExposeSecret;
use serde_json::Value;
use sync_common::*;

const KILLS: usize = 24;
const SEED: u64 = 0x5EED_C0DE;

/// Builds the child with the cargo running this test and returns its path.
fn build_child() -> PathBuf {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.args([
        "build",
        "-p",
        "kaicalls-core",
        "--example",
        "sync_child",
        "--message-format=json",
    ]);
    if !cfg!(debug_assertions) {
        cmd.arg("--release");
    }
    let out = cmd.stderr(Stdio::inherit()).output().expect("cargo runs");
    assert!(out.status.success(), "the child builds");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|m| m["target"]["name"] == "sync_child")
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
        .expect("cargo names the child's executable")
}

fn spawn(child: &Path, base_url: &str, key: &SecretString, dir: &Path) -> Child {
    Command::new(child)
        .args([base_url, dir.to_str().unwrap(), ACCOUNT, "0"])
        .env("KAICALLS_API_KEY", key.expose_secret())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("child starts")
}

fn run_to_end(child: &Path, base_url: &str, key: &SecretString, dir: &Path) {
    let out = spawn(child, base_url, key, dir).wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the converging pass failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// SQLite's own full check, and FTS5's check of each search index against its table.
fn assert_intact(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(verdict, "ok");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    if version == 0 {
        // Killed before the schema's transaction committed: an empty database.
        return;
    }
    for fts in ["transcripts_fts", "calls_fts", "leads_fts"] {
        conn.execute(
            &format!("INSERT INTO {fts} ({fts}) VALUES ('integrity-check')"),
            [],
        )
        .unwrap_or_else(|e| panic!("{fts} is out of step: {e}"));
    }
    for table in ["calls", "leads", "transcripts"] {
        let dupes: i64 = conn
            .query_row(
                &format!("SELECT count(*) - count(DISTINCT id) FROM {table}"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(dupes, 0, "{table} has duplicates");
    }
}

fn at(text: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(text).unwrap().into()
}

/// Ids the cache must hold after a kill: every server item at or below the high-water
/// mark that the walk has passed (from the cursor's `after` up to the mark, plus
/// everything under a finished backfill or an incremental walk's `until`).
fn must_have(store: &Store, collection: Collection, server: &[(String, String)]) -> Vec<String> {
    let state = store.sync_state(collection).unwrap();
    let Some(hwm) = state.high_water_mark.as_deref().map(at) else {
        return Vec::new();
    };
    let position: Option<Value> = state
        .cursor
        .as_deref()
        .map(|c| serde_json::from_str(c).unwrap_or(Value::String(c.into())));
    let after = position
        .as_ref()
        .and_then(|p| p.get("after").and_then(Value::as_str).or(p.as_str()))
        .map(at);
    let until = position
        .as_ref()
        .and_then(|p| p.get("until").and_then(Value::as_str))
        .map(at);
    server
        .iter()
        .filter(|(_, created)| {
            let t = at(created);
            let walked = match after {
                Some(after) => t >= after && t <= hwm,
                None => state.backfill_complete && t <= hwm,
            };
            walked || until.is_some_and(|u| t <= u)
        })
        .map(|(id, _)| id.clone())
        .collect()
}

fn ids<T>(items: &[T], f: impl Fn(&T) -> (String, String)) -> Vec<(String, String)> {
    items.iter().map(f).collect()
}

/// After a kill: no row the server lacks, no gap below the cursor.
async fn assert_consistent_after_kill(client: &Client, store: &Store) {
    let calls = ids(&server_calls(client).await, |c| {
        (c.id.clone(), c.created_at.clone())
    });
    let leads = ids(&server_leads(client).await, |l| {
        (l.id.clone(), l.created_at.clone())
    });
    let transcripts = ids(&server_transcripts(client).await, |t| {
        (t.call_id.clone(), t.created_at.clone())
    });
    let cached_calls: HashSet<String> = cached_calls(store).into_iter().map(|c| c.id).collect();
    let cached_leads: HashSet<String> = cached_leads(store).into_iter().map(|l| l.id).collect();
    let cached_transcripts: HashSet<String> = cached_transcripts(store)
        .into_iter()
        .map(|t| t.call_id)
        .collect();
    let server_calls: HashSet<&String> = calls.iter().map(|(id, _)| id).collect();
    let server_leads: HashSet<&String> = leads.iter().map(|(id, _)| id).collect();
    assert!(
        cached_calls.iter().all(|id| server_calls.contains(id)),
        "a call the server lacks"
    );
    assert!(
        cached_leads.iter().all(|id| server_leads.contains(id)),
        "a lead the server lacks"
    );
    for (collection, server, cached) in [
        (Collection::Calls, &calls, &cached_calls),
        (Collection::Leads, &leads, &cached_leads),
        (Collection::Transcripts, &transcripts, &cached_transcripts),
    ] {
        let missing: Vec<String> = must_have(store, collection, server)
            .into_iter()
            .filter(|id| !cached.contains(id))
            .collect();
        assert!(
            missing.is_empty(),
            "{collection}: a gap below the cursor: {missing:?}"
        );
    }
}

/// Server changes between incremental rounds: a new caller, a lead edited elsewhere, and
/// a lead edit queued in the cache. Returns the queued edit's lead and status.
async fn new_activity(
    base_url: &str,
    key: &SecretString,
    client: &Client,
    dir: &Path,
    n: usize,
) -> (String, LeadStatus) {
    inbound_call(base_url, key, &format!("Crash Caller {n}")).await;
    let leads = server_leads(client).await;
    let edited = &leads[(n * 37) % leads.len()];
    client
        .leads()
        .update(UpdateLead::new(&edited.id).notes(format!("edited elsewhere {n}")))
        .await
        .unwrap();
    let target = &leads[(n * 53 + 7) % leads.len()];
    let status = if target.status == LeadStatus::Lost {
        LeadStatus::Qualified
    } else {
        LeadStatus::Lost
    };
    let (store, _) = Store::open(dir, ACCOUNT).unwrap();
    let outbox = Outbox::new(Cache::new(store, EventBus::default()));
    outbox
        .edit_lead(UpdateLead::new(&target.id).status(status.clone()))
        .await
        .unwrap();
    (target.id.clone(), status)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_at_random_points_never_corrupts_or_loses_data() {
    let child = tokio::task::spawn_blocking(build_child).await.unwrap();
    let sandbox = sandbox(SandboxConfig {
        seed: 51,
        scale: Some(Scale {
            calls: 1_200,
            leads: 600,
        }),
        rate_limit_multiplier: 0,
        ..SandboxConfig::fast()
    })
    .await;
    let key = sandbox.demo_account.api_key.clone();
    let client = client(&sandbox.base_url, &key, 0);
    let base = tempfile::tempdir().unwrap();
    let mut rng = StdRng::seed_from_u64(SEED);

    // How long an uninterrupted first pass takes here: only to spread the kill delays.
    let scratch = base.path().join("calibration");
    let started = Instant::now();
    run_to_end(&child, &sandbox.base_url, &key, &scratch);
    let full = started.elapsed();
    eprintln!("an uninterrupted first pass took {full:?}");
    let incremental_dir = scratch;
    let mut queued: Vec<(String, LeadStatus)> = Vec::new();

    let (mut kills, mut round, mut mid_walk) = (0, 0, 0);
    while kills < KILLS {
        round += 1;
        assert!(round < 200, "children kept finishing before the kill");
        let incremental = round % 3 == 0;
        let dir = if incremental {
            queued.push(
                new_activity(&sandbox.base_url, &key, &client, &incremental_dir, round).await,
            );
            incremental_dir.clone()
        } else {
            base.path().join(format!("round-{round}"))
        };
        let span = if incremental { full / 8 } else { full };
        let delay = span.mul_f64(rng.random_range(0.02..0.98));
        let mut process = spawn(&child, &sandbox.base_url, &key, &dir);
        tokio::time::sleep(delay).await;
        if process.try_wait().unwrap().is_some() {
            // It finished first: not a kill, but the round still has to converge.
            process.wait().unwrap();
        } else {
            process.kill().unwrap();
            process.wait().unwrap();
            kills += 1;
            eprintln!("kill {kills}: round {round} after {delay:?} (incremental: {incremental})");
            let file = dir.join(format!("{ACCOUNT}.sqlite3"));
            if file.exists() {
                assert_intact(&file);
                let (store, outcome) = Store::open(&dir, ACCOUNT).unwrap();
                assert!(!outcome.rebuilt, "the file was never damaged");
                assert_consistent_after_kill(&client, &store).await;
                let states = store.sync_states().unwrap();
                if states.iter().any(|(_, s)| s.cursor.is_some()) {
                    mid_walk += 1;
                }
            } else {
                // Killed before the child made its folder (a slow start on a loaded
                // machine): nothing on disk to check; the round still has to converge.
                assert!(
                    !incremental,
                    "the incremental cache was there before the child"
                );
                eprintln!("  (before the cache file existed)");
            }
        }

        // Calls placed in this or earlier rounds end first, so that the converging pass
        // sees the server at rest and can be compared with it exactly.
        let active = server_calls(&client)
            .await
            .into_iter()
            .filter(|c| c.status.is_active());
        for call in active {
            wait_final(&client, &call.id).await;
        }
        run_to_end(&child, &sandbox.base_url, &key, &dir);
        assert_intact(&dir.join(format!("{ACCOUNT}.sqlite3")));
        let (store, _) = Store::open(&dir, ACCOUNT).unwrap();
        for c in [
            Collection::Calls,
            Collection::Leads,
            Collection::Transcripts,
        ] {
            let state = store.sync_state(c).unwrap();
            assert!(
                state.backfill_complete && state.cursor.is_none(),
                "{c}: {state:?}"
            );
        }
        assert_cache_matches_server(&client, &store).await;
        if incremental {
            assert!(store.pending_edits().unwrap().is_empty());
            for (lead, status) in &queued {
                let server = client.leads().get(lead).await.unwrap();
                assert_eq!(&server.status, status, "the queued edit of {lead} landed");
            }
            let resolved = store
                .outbox_entry(i64::try_from(queued.len()).unwrap())
                .unwrap()
                .unwrap();
            assert_eq!(resolved.state, OutboxState::Applied, "{resolved:?}");
        }
    }
    eprintln!("{mid_walk} of {kills} kills left a walk half done");
    assert!(
        mid_walk >= 3,
        "too few kills interrupted a walk: {mid_walk}"
    );
    sandbox.shutdown().await.unwrap();
}
