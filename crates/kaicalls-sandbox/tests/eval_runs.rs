//! `/api/v1/evals/run`: run lifecycle, polling, fan-out, and the simulated reply graded
//! by the exact, regex and ai judges, through real HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
#[path = "support/evals.rs"]
mod support;

use std::time::Duration;

use common::{Env, assert_error};
use kaicalls_sandbox::SandboxConfig;
use serde_json::{Value, json};
use support::{ai, create, judged, keys, run, user};

#[tokio::test]
async fn waiting_run_ends_with_judged_results() {
    let env = Env::start().await;
    let id = create(
        &env,
        "greeting",
        json!([
            user("Hi, is this the law office?"),
            judged("regex", "(?i)smith & lee")
        ]),
    )
    .await;
    let v = run(&env, &id).await;
    assert_eq!(
        keys(&v),
        ["passed", "results", "run_id", "status", "vapi_run_id"]
    );
    assert!(v["vapi_run_id"].as_str().unwrap().starts_with("vapi-run-"));
    assert_eq!(v["passed"], true);
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["status"], "pass");
    let messages = results[0]["messages"].as_array().unwrap();
    assert_eq!(messages[0], user("Hi, is this the law office?"));
    assert_eq!(messages[1]["role"], "assistant");
    let reply = messages[1]["content"].as_str().unwrap();
    assert!(
        reply.contains("Smith & Lee Law") && reply.contains("help"),
        "{reply}"
    );

    // Polling by either id shows the same stable result.
    let run_id = v["run_id"].as_str().unwrap();
    let (s, polled) = env.get(&format!("/api/v1/evals/run?run_id={run_id}")).await;
    assert_eq!(s, 200);
    assert_eq!(polled, v);
    let vapi = v["vapi_run_id"].as_str().unwrap();
    let (_, polled) = env
        .get(&format!("/api/v1/evals/run?vapi_run_id={vapi}"))
        .await;
    assert_eq!(polled, v);
}

#[tokio::test]
async fn run_without_waiting_then_poll_until_ended() {
    let env = Env::start_with(SandboxConfig {
        eval_duration: Duration::from_millis(600),
        ..common::fast_config()
    })
    .await;
    let id = create(
        &env,
        "price",
        json!([
            user("How much do you charge?"),
            judged("regex", "can't quote fees")
        ]),
    )
    .await;
    let (s, v) = env
        .post("/api/v1/evals/run", json!({ "eval_id": id, "wait": false }))
        .await;
    assert_eq!(s, 200, "{v}");
    assert!(
        matches!(v["status"].as_str(), Some("queued" | "in-progress")),
        "{v}"
    );
    assert_eq!(v["passed"], Value::Null);
    assert_eq!(v["results"], json!([]));
    let run_id = v["run_id"].as_str().unwrap().to_string();
    let mut seen = vec![v["status"].as_str().unwrap().to_string()];
    let ended = loop {
        let (s, p) = env.get(&format!("/api/v1/evals/run?run_id={run_id}")).await;
        assert_eq!(s, 200, "{p}");
        let status = p["status"].as_str().unwrap().to_string();
        if seen.last() != Some(&status) {
            seen.push(status.clone());
        }
        if status == "ended" {
            break p;
        }
        assert_eq!(p["passed"], Value::Null, "hidden until ended");
        assert!(seen.len() < 4 && p["results"] == json!([]), "{p}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    };
    assert_eq!(ended["passed"], true);
    assert_eq!(ended["results"][0]["status"], "pass");
    // Statuses only move forward.
    let order = ["queued", "in-progress", "ended"];
    let idx: Vec<usize> = seen
        .iter()
        .map(|s| order.iter().position(|o| o == s).unwrap())
        .collect();
    assert!(idx.windows(2).all(|w| w[0] < w[1]), "{seen:?}");

    // A zero wait cap answers at once, with the run still in flight.
    let (s, v) = env
        .post(
            "/api/v1/evals/run",
            json!({ "eval_id": id, "max_wait_ms": 0 }),
        )
        .await;
    assert_eq!(s, 200);
    assert_ne!(v["status"], "ended", "{v}");
}

#[tokio::test]
async fn run_errors() {
    let env = Env::start().await;
    let id = create(&env, "x", json!([user("Hi"), judged("regex", ".")])).await;
    let (s, v) = env.post("/api/v1/evals/run", json!({})).await;
    assert_error(s, &v, 400, "invalid_request");
    let (s, v) = env
        .post(
            "/api/v1/evals/run",
            json!({ "eval_id": id, "max_wait_ms": -1 }),
        )
        .await;
    assert_error(s, &v, 400, "validation_error");
    let (s, v) = env
        .post("/api/v1/evals/run", json!({ "eval_id": id, "wait": "yes" }))
        .await;
    assert_error(s, &v, 400, "validation_error");
    let (s, v) = env
        .post(
            "/api/v1/evals/run",
            json!({ "eval_id": id, "agent_id": "other" }),
        )
        .await;
    assert_error(s, &v, 400, "validation_error");
    let (s, v) = env
        .post("/api/v1/evals/run", json!({ "eval_id": "nope" }))
        .await;
    assert_error(s, &v, 404, "not_found");
    let (s, v) = env
        .post("/api/v1/evals/run", json!({ "agent_id": "nope" }))
        .await;
    assert_error(s, &v, 404, "not_found");
    // A huge cap is clamped, not refused.
    let (s, v) = env
        .post(
            "/api/v1/evals/run",
            json!({ "eval_id": id, "max_wait_ms": 10_000_000 }),
        )
        .await;
    assert_eq!((s, v["status"].as_str()), (200, Some("ended")), "{v}");

    for q in ["", "?run_id=nope", "?vapi_run_id=nope", "?agent_id=nope"] {
        let (s, v) = env.get(&format!("/api/v1/evals/run{q}")).await;
        if q.is_empty() {
            assert_error(s, &v, 400, "invalid_request");
        } else {
            assert_error(s, &v, 404, "not_found");
        }
    }
}

#[tokio::test]
async fn judges_pass_and_fail_for_real() {
    let env = Env::start().await;
    let cases = [
        // exact: the greeting reply is known text; one character off fails.
        (
            user("Hello"),
            judged(
                "exact",
                "Hello! You've reached Smith & Lee Law, this is Kai. How can I help you today?",
            ),
            true,
        ),
        (
            user("Hello"),
            judged(
                "exact",
                "Hello! You've reached Smith & Lee Law, this is Kai.",
            ),
            false,
        ),
        (
            user("Can I book an appointment?"),
            judged("regex", "(?i)appointment.*email"),
            true,
        ),
        (
            user("Can I book an appointment?"),
            judged("regex", "(?i)jones law"),
            false,
        ),
        (
            user("I'd like a consultation"),
            ai("Pass if it says \"consultation\" and \"email\"."),
            true,
        ),
        (
            user("I'd like a consultation"),
            ai("Pass if it mentions \"refund\"."),
            false,
        ),
        (
            user("Who is this?"),
            ai("Pass if the assistant offers to help."),
            true,
        ),
        (
            user("What are your fees?"),
            ai("Pass only if it states \"$250\"."),
            false,
        ),
    ];
    for (turn, assistant, want) in cases {
        let id = create(&env, "judge", json!([turn.clone(), assistant.clone()])).await;
        let v = run(&env, &id).await;
        assert_eq!(v["passed"], want, "{assistant} on {turn}: {v}");
        assert_eq!(
            v["results"][0]["status"],
            if want { "pass" } else { "fail" }
        );
    }

    // Two assistant turns: one failing turn fails the run, and each reply answers the
    // user message before it.
    let id = create(
        &env,
        "two turns",
        json!([
            user("Hi, is this Smith & Lee?"),
            judged("regex", "Smith & Lee Law"),
            user("How much per hour?"),
            judged("regex", "\\$\\d+"),
        ]),
    )
    .await;
    let v = run(&env, &id).await;
    assert_eq!(v["passed"], false);
    let messages = v["results"][0]["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 4);
    assert!(
        messages[3]["content"]
            .as_str()
            .unwrap()
            .starts_with("I can't quote fees")
    );

    // The reply follows the agent: renaming it changes the greeting.
    env.patch(
        "/api/v1/agents",
        json!({ "id": env.agent_id(), "name": "Robin" }),
    )
    .await;
    let id = create(
        &env,
        "renamed",
        json!([user("Hello"), judged("regex", "this is Robin")]),
    )
    .await;
    assert_eq!(run(&env, &id).await["passed"], true);
}

#[tokio::test]
async fn fan_out_over_the_demo_scenarios() {
    let env = Env::start_with(SandboxConfig {
        demo: true,
        ..common::fast_config()
    })
    .await;
    let (_, list) = env
        .get(&format!("/api/v1/evals?agent_id={}", env.agent_id()))
        .await;
    assert_eq!(list["evals"].as_array().unwrap().len(), 3);
    let (s, v) = env
        .post("/api/v1/evals/run", json!({ "agent_id": env.agent_id() }))
        .await;
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        keys(&v),
        ["completed", "failed", "passed", "results", "total"]
    );
    assert_eq!(
        (&v["total"], &v["completed"], &v["passed"], &v["failed"]),
        (&json!(3), &json!(3), &json!(2), &json!(1))
    );
    let outcome: Vec<(&str, bool)> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(
                keys(r),
                [
                    "eval_id",
                    "name",
                    "passed",
                    "run_id",
                    "status",
                    "vapi_run_id"
                ]
            );
            assert_eq!(r["status"], "ended");
            (r["name"].as_str().unwrap(), r["passed"].as_bool().unwrap())
        })
        .collect();
    assert_eq!(
        outcome,
        [
            ("greeting.identifies_firm", true),
            ("intake.asks_for_email", true),
            ("price.no_quote", false),
        ]
    );

    // The request is recorded as having started a run.
    let (_, ledger) = env.get("/sandbox/ledger").await;
    let last = ledger["entries"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["path"], "/api/v1/evals/run");
    assert_eq!(last["side_effect"]["kind"], "eval_run");
    assert_eq!(last["side_effect"]["id"], v["results"][0]["run_id"]);

    // Every run is listed for the agent, newest first, with its eval and time.
    let (s, runs) = env
        .get(&format!("/api/v1/evals/run?agent_id={}", env.agent_id()))
        .await;
    assert_eq!(s, 200);
    let runs = runs["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 3);
    assert_eq!(runs[0]["run_id"], v["results"][2]["run_id"]);
    assert_eq!(runs[0]["eval_id"], v["results"][2]["eval_id"]);
    assert_eq!(runs[0]["passed"], false);
    assert!(runs[0]["created_at"].as_str().unwrap() > runs[2]["created_at"].as_str().unwrap());
    assert_eq!(
        keys(&runs[0]),
        [
            "created_at",
            "eval_id",
            "passed",
            "results",
            "run_id",
            "status",
            "vapi_run_id"
        ]
    );

    // Fan-out without waiting reports nothing completed yet.
    let (_, v) = env
        .post(
            "/api/v1/evals/run",
            json!({ "agent_id": env.agent_id(), "wait": false }),
        )
        .await;
    assert_eq!(
        (&v["total"], &v["completed"]),
        (&json!(3), &json!(0)),
        "{v}"
    );
    assert!(
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["passed"].is_null())
    );
}

#[tokio::test]
async fn runs_list_keeps_the_fifty_most_recent() {
    let env = Env::start_with(SandboxConfig {
        eval_duration: Duration::ZERO,
        ..common::fast_config()
    })
    .await;
    let id = create(&env, "x", json!([user("Hi"), judged("regex", ".")])).await;
    let mut last = String::new();
    for _ in 0..52 {
        let v = run(&env, &id).await;
        last = v["run_id"].as_str().unwrap().to_string();
    }
    let (_, runs) = env
        .get(&format!("/api/v1/evals/run?agent_id={}", env.agent_id()))
        .await;
    let runs = runs["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 50);
    assert_eq!(runs[0]["run_id"], last.as_str());
}
