//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use chrono::{DateTime, Duration, TimeZone, Utc};
use kaicalls_store::{Collection, SearchKind, SearchOptions, Store};
use serde_json::{Value, json};
use tempfile::TempDir;

/// A fresh store in its own temporary folder (kept alive by the returned `TempDir`).
pub fn fresh() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, outcome) = Store::open(dir.path(), "acct-1").expect("open");
    assert!(!outcome.rebuilt);
    (dir, store)
}

/// A JSON example from the API reference (`kaicalls-sandbox/fixtures/reference`).
pub fn fixture(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../kaicalls-sandbox/fixtures/reference")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).expect("fixture");
    serde_json::from_str(&text).expect("fixture json")
}

/// A second, raw connection to the same file, to look behind the store's back.
pub fn peek(store: &Store) -> rusqlite::Connection {
    rusqlite::Connection::open(store.path()).expect("raw connection")
}

/// How SQLite would run `sql` on the store's file: the `detail` column of
/// `EXPLAIN QUERY PLAN`, one step a line.
pub fn query_plan(store: &Store, sql: &str) -> Vec<String> {
    peek(store)
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("plan")
        .query_map([], |r| r.get(3))
        .expect("plan rows")
        .collect::<Result<_, _>>()
        .expect("plan steps")
}

/// SQLite's `data_version` as seen by `conn`: it changes when another connection commits
/// a change to the file, and only then.
pub fn data_version(conn: &rusqlite::Connection) -> i64 {
    conn.pragma_query_value(None, "data_version", |r| r.get(0))
        .expect("data_version")
}

/// A small corpus for the search tests: four transcripts, two calls, two leads.
pub fn seed(store: &mut Store) {
    let transcripts = [
        json!({"call_id": "t-estate", "agent_id": "a1", "agent_name": "Kai",
               "created_at": "2026-03-17T14:30:00Z",
               "summary": "Caller inquired about pricing for estate planning services.",
               "transcript": "Agent: Hello! How can I help you today?\nCaller: Hi, I'm looking for help with estate planning for my parents. What does a will cost?"}),
        json!({"call_id": "t-plumbing", "agent_id": "a2", "agent_name": "Ava",
               "created_at": "2026-03-16T09:00:00Z",
               "summary": "Leaking pipe under the sink; booked a plumber for Friday.",
               "transcript": "Agent: Thanks for calling Rapid Plumbing.\nCaller: My kitchen sink pipe is leaking everywhere."}),
        json!({"call_id": "t-dentist", "agent_id": "a1", "agent_name": "Kai",
               "created_at": "2026-03-15T11:00:00Z",
               "summary": "New patient appointment for a cleaning.",
               "transcript": "Agent: Smile Dental, how can I help?\nCaller: I'd like an appointment for a cleaning. José referred me. My e-mail is jose@example.com"}),
        json!({"call_id": "t-estate-brief", "agent_id": "a2", "agent_name": "Ava",
               "created_at": "2026-03-14T11:00:00Z",
               "summary": "Wrong number.",
               "transcript": "Caller: sorry, I was looking for the estate agent down the road. Agent: No problem, goodbye."}),
    ];
    store
        .upsert_many(Collection::Transcripts, &transcripts)
        .unwrap();
    store
        .upsert_many(
            Collection::Calls,
            &[
                json!({"id": "t-estate", "summary": "Caller inquired about pricing for estate planning services.", "created_at": "2026-03-17T14:30:00Z"}),
                json!({"id": "c-only", "summary": "Confirmed appointment with John for tomorrow at 2pm.", "agent_name": "Kai", "created_at": "2026-03-18T10:00:00Z"}),
            ],
        )
        .unwrap();
    store
        .upsert_many(
            Collection::Leads,
            &[
                json!({"id": "l-jane", "name": "Jane Doe", "email": "jane@example.com", "phone": "+15551234567",
                       "notes": "Interested in premium plan", "created_at": "2026-03-17T12:00:00Z", "agent_id": "a1"}),
                json!({"id": "l-zoe", "first_name": "Zoë", "last_name": "Müller",
                       "notes": "Wants estate planning quote", "created_at": "2026-03-10T12:00:00Z"}),
            ],
        )
        .unwrap();
}

/// (kind, id) of every hit for `q`, best first.
pub fn search(store: &Store, q: &str) -> Vec<(SearchKind, String)> {
    store
        .search(q, &SearchOptions::default())
        .unwrap()
        .into_iter()
        .map(|h| (h.kind, h.id))
        .collect()
}

/// 2026-03-`day` at `hour`:00 UTC.
pub fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, day, hour, 0, 0).unwrap()
}

/// RFC 3339 with a `Z`, as the server writes it.
pub fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Six calls over two agents, statuses and directions, 2–12 March 2026.
pub fn seed_calls(store: &mut Store) {
    let calls = [
        ("c1", "completed", "inbound", "a1", at(10, 9), 100),
        ("c2", "ended", "outbound", "a1", at(10, 15), 200),
        ("c3", "no-answer", "outbound", "a2", at(11, 9), 0),
        ("c4", "in_progress", "inbound", "a2", at(12, 23), 30),
        ("c5", "completed", "inbound", "a2", at(12, 1), 60),
        ("c6", "failed", "outbound", "a1", at(2, 9), 0),
    ];
    let items: Vec<Value> = calls
        .iter()
        .map(|(id, status, direction, agent, t, d)| {
            json!({"id": id, "status": status, "direction": direction, "agent_id": agent,
                   "created_at": iso(*t), "duration": d})
        })
        .collect();
    store.upsert_many(Collection::Calls, &items).unwrap();
}

/// The reference dashboard's 142 leads in the last 30 days, plus 3 older ones.
pub fn seed_leads(store: &mut Store, now: DateTime<Utc>) {
    // The reference dashboard's numbers: 45 new, 38 contacted, 32 qualified,
    // 18 converted, 9 lost = 142, plus 3 leads older than the 30-day window.
    let mut items = Vec::new();
    let plan = [
        ("new", 45),
        ("contacted", 38),
        ("qualified", 32),
        ("converted", 18),
        ("lost", 9),
    ];
    let mut n = 0;
    for (status, count) in plan {
        for _ in 0..count {
            let source = if n % 2 == 0 {
                "inbound_call"
            } else {
                "website"
            };
            let agent = if n % 3 == 0 { "a1" } else { "a2" };
            items.push(
                json!({"id": format!("l{n:03}"), "name": format!("Lead {n}"),
                "status": status, "source": source, "agent_id": agent,
                "created_at": iso(now - Duration::hours(n))}),
            );
            n += 1;
        }
    }
    for i in 0..3 {
        items.push(json!({"id": format!("old{i}"), "status": "New",
            "source": "website", "created_at": iso(now - Duration::days(40 + i))}));
    }
    store.upsert_many(Collection::Leads, &items).unwrap();
}
