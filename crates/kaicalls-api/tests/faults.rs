//! 200 calls through 30 % injected faults: no call is ever placed twice, every
//! failure is a typed error, and every idempotent read gets through in the end.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use common::{MULTIPLIER, builder};
use futures_util::{StreamExt, TryStreamExt, stream};
use kaicalls_api::models::{CallFilter, CreateCall};
use kaicalls_api::{Error, RetryPolicy};
use kaicalls_sandbox::{Fault, FaultConfig, Sandbox, SandboxConfig};

const CALLS: usize = 200;
const CONCURRENCY: usize = 8;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_calls_through_thirty_percent_faults_are_never_placed_twice() {
    let started = Instant::now();
    let sb = Sandbox::start(SandboxConfig {
        seed: 7,
        faults: Some(FaultConfig {
            rate: 0.3,
            slow: Duration::from_millis(1500),
        }),
        rate_limit_multiplier: MULTIPLIER,
        call_duration: Duration::from_secs(2),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let client = builder(&sb.base_url)
        .api_key(sb.demo_account.api_key.clone())
        .timeout(Duration::from_millis(700))
        .retry(RetryPolicy {
            max_attempts: 12,
            base_delay: Duration::from_millis(50),
            max_delay: Duration::from_secs(1),
            max_elapsed: Duration::from_secs(60),
        })
        .build()
        .unwrap();
    let agent = sb.demo_account.agent_id.clone();

    // Place the calls.
    let outcomes: Vec<_> = stream::iter(0..CALLS)
        .map(|i| {
            let client = client.clone();
            let agent = agent.clone();
            async move {
                let to = format!("+1512555{:04}", 2000 + i);
                client.calls().create(CreateCall::new(agent, to)).await
            }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let placed_secs = started.elapsed().as_secs_f64();

    let mut ok_ids = Vec::new();
    let mut failures: BTreeMap<String, usize> = BTreeMap::new();
    for outcome in outcomes {
        match outcome {
            Ok(call) => ok_ids.push(call.id),
            Err(e) => {
                // Every failure is typed, and the unsafe ones say the call may exist.
                match &e {
                    Error::Internal { .. } | Error::RateLimited { .. } => {}
                    Error::Timeout {
                        may_have_taken_effect,
                    }
                    | Error::Transport {
                        may_have_taken_effect,
                        ..
                    } => assert!(*may_have_taken_effect, "{e:?}"),
                    other => panic!("unexpected failure kind: {other:?}"),
                }
                *failures.entry(e.code().to_string()).or_default() += 1;
            }
        }
    }

    // What the client sent: one attempt per call, no retry (loopback never fails to
    // connect, the only failure an unsafe request may be retried after).
    let stats = client.stats();
    let post = stats["POST /api/v1/calls"];
    assert_eq!(post.retries, 0, "{post:?}");
    assert_eq!(post.attempts, CALLS as u64);
    assert_eq!(post.successes as usize, ok_ids.len());

    // What reached the sandbox: every attempt exactly once.
    let ledger: Vec<_> = sb
        .ledger()
        .into_iter()
        .filter(|e| e.method == "POST" && e.path == "/api/v1/calls")
        .collect();
    assert_eq!(
        ledger.len() as u64,
        post.attempts,
        "one ledger entry per attempt"
    );
    let ran: Vec<_> = ledger.iter().filter(|e| e.handler_ran).collect();
    let created: Vec<_> = ran
        .iter()
        .filter_map(|e| e.side_effect.as_ref())
        .filter(|s| s.kind == "call")
        .map(|s| s.id.clone())
        .collect();
    let distinct: HashSet<_> = created.iter().collect();
    assert_eq!(distinct.len(), created.len(), "no call created twice");
    assert_eq!(
        created.len(),
        ran.len(),
        "every handler run placed one call"
    );
    let mut by_fault: BTreeMap<String, usize> = BTreeMap::new();
    for e in &ledger {
        let key = e.fault.map_or("none".to_string(), |f| format!("{f:?}"));
        *by_fault.entry(key).or_default() += 1;
    }
    // Calls the client never heard about: the handler ran, then the answer was lost.
    let orphans = ran
        .iter()
        .filter(|e| {
            matches!(
                e.fault,
                Some(Fault::ServerErrorAfter | Fault::Slow | Fault::Truncated | Fault::DropAfter)
            )
        })
        .count();
    assert_eq!(ok_ids.len() + orphans, created.len());

    // Reads: the list (every page) and each call by id, through the same faults.
    let listed: Vec<_> = client
        .calls()
        .list(CallFilter::default().limit(25))
        .stream()
        .try_collect()
        .await
        .expect("listing gets through the faults");
    assert_eq!(
        listed.len(),
        ran.len(),
        "the sandbox has exactly one call per handler run"
    );
    let listed_ids: HashSet<_> = listed.iter().map(|c| c.id.clone()).collect();
    assert_eq!(listed_ids, distinct.iter().map(|s| (*s).clone()).collect());
    let reads: Vec<_> = stream::iter(ok_ids.clone())
        .map(|id| {
            let client = client.clone();
            async move { client.calls().get(&id).await }
        })
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let read_failures: Vec<_> = reads.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(read_failures.is_empty(), "{read_failures:?}");

    let stats = client.stats();
    let gets = stats["GET /api/v1/calls"];
    eprintln!(
        "faults: {CALLS} calls in {placed_secs:.1} s; ok {}, failures {failures:?}; \
         ledger by fault {by_fault:?}; calls placed {} (orphans {orphans}); \
         reads: {} requests, {} attempts, {} retries, {} failures; total {:.1} s",
        ok_ids.len(),
        created.len(),
        gets.successes + gets.failures,
        gets.attempts,
        gets.retries,
        gets.failures,
        started.elapsed().as_secs_f64(),
    );
    assert!(
        gets.retries > 0,
        "faults hit some reads, and they were retried"
    );
    assert_eq!(gets.failures, 0);
}
