//! Evals against the sandbox: CRUD, single and fan-out runs, polling.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{Env, expect_code, fast_wait};
use kaicalls_api::models::{
    CreateEval, EvalMessage, EvalRunStatus, JudgePlan, RunOptions, RunRef, UpdateEval,
    unknown_fields,
};
use serde_json::json;

fn scenario(env: &Env, name: &str, plan: JudgePlan) -> CreateEval {
    CreateEval {
        agent_id: env.agent_id().to_string(),
        business_id: env.business_id().to_string(),
        name: name.to_string(),
        description: Some("Agent confirms the firm name when asked.".into()),
        messages: vec![
            EvalMessage::user("Hi, is this the law office?"),
            EvalMessage::assistant(plan),
        ],
    }
}

#[tokio::test]
async fn create_list_get_update_delete() {
    let env = Env::start().await;
    let evals = env.client.evals();
    let created = evals
        .create(scenario(
            &env,
            "greeting.identifies_firm",
            JudgePlan::ai("Pass if it helps."),
        ))
        .await
        .unwrap();
    assert!(
        unknown_fields(&created).is_empty(),
        "{:?}",
        unknown_fields(&created)
    );
    assert_eq!(created.messages.as_ref().map(Vec::len), Some(2));

    let list = evals.list(Some(env.agent_id())).await.unwrap();
    let listed = list.evals.iter().find(|e| e.id == created.id).unwrap();
    assert!(listed.messages.is_none(), "the list omits messages");
    assert!(unknown_fields(&list).is_empty());
    assert!(!evals.list(None).await.unwrap().evals.is_empty());

    let got = evals.get(&created.id).await.unwrap();
    let plan = got.messages.unwrap()[1].judge_plan.clone().unwrap();
    assert_eq!(plan.kind.as_str(), "ai");
    assert_eq!(
        plan.model.unwrap().messages[0].content.as_deref(),
        Some("Pass if it helps.")
    );

    let updated = evals
        .update(UpdateEval {
            id: created.id.clone(),
            name: Some("greeting.renamed".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(updated.name, "greeting.renamed");
    assert_eq!(updated.description, created.description);

    let deleted = evals.delete(&created.id).await.unwrap();
    assert!(deleted.success);
    expect_code(evals.get(&created.id).await, "not_found");
    // Deleting again: the first attempt was not retried, so this is a real not_found.
    expect_code(evals.delete(&created.id).await, "not_found");
}

#[tokio::test]
async fn runs_block_fan_out_and_poll() {
    let env = Env::start().await;
    let evals = env.client.evals();
    let pass = evals
        .create(scenario(
            &env,
            "greets",
            JudgePlan::regex("(?i)hello|hi|law"),
        ))
        .await
        .unwrap();
    let fail = evals
        .create(scenario(&env, "exact", JudgePlan::exact("Nope, never.")))
        .await
        .unwrap();

    // Blocking single run.
    let run = evals.run(&pass.id, RunOptions::default()).await.unwrap();
    assert_eq!(run.status, EvalRunStatus::Ended);
    assert_eq!(run.passed, Some(true));
    assert!(!run.results.is_empty());
    assert!(
        unknown_fields(&run).is_empty(),
        "{:?}",
        unknown_fields(&run)
    );

    // Non-blocking run, then polled until it ends.
    let started = evals
        .run(
            &fail.id,
            RunOptions {
                wait: Some(false),
                max_wait_ms: None,
            },
        )
        .await
        .unwrap();
    assert!(!started.status.is_final());
    let ended = evals.wait_run(&started.run_id, fast_wait()).await.unwrap();
    assert_eq!(ended.passed, Some(false));
    let by_vapi = evals
        .get_run(&RunRef::Vapi(ended.vapi_run_id.clone().unwrap()))
        .await
        .unwrap();
    assert_eq!(by_vapi.run_id, ended.run_id);

    // Fan-out over every scenario of the agent.
    let fan = evals
        .run_agent(env.agent_id(), RunOptions::default())
        .await
        .unwrap();
    assert_eq!(fan.total, 2);
    assert_eq!((fan.passed, fan.failed), (1, 1));
    assert!(unknown_fields(&fan).is_empty());

    let recent = evals.recent_runs(env.agent_id()).await.unwrap();
    assert_eq!(recent.runs.len(), 4);
    assert!(recent.runs.iter().all(|r| r.eval_id.is_some()));
    assert!(
        unknown_fields(&recent).is_empty(),
        "{:?}",
        unknown_fields(&recent)
    );
}

#[tokio::test]
async fn documented_eval_errors() {
    let env = Env::start().await;
    let evals = env.client.evals();
    expect_code(evals.get("nope").await, "not_found");
    expect_code(evals.run("nope", RunOptions::default()).await, "not_found");
    expect_code(
        evals.get_run(&RunRef::Run("nope".into())).await,
        "not_found",
    );
    let mut bad = scenario(&env, "bad", JudgePlan::regex("(unclosed"));
    expect_code(evals.create(bad.clone()).await, "validation_error");
    bad.messages.clear();
    expect_code(evals.create(bad).await, "validation_error");
    let reader = env.client_with_scopes(&["evals:read"]).await;
    expect_code(
        reader
            .evals()
            .create(scenario(&env, "x", JudgePlan::exact("x")))
            .await,
        "forbidden",
    );
    let calls_only = env.client_with_scopes(&["calls:read"]).await;
    expect_code(calls_only.evals().list(None).await, "forbidden");

    let eval = evals
        .create(scenario(&env, "x", JudgePlan::exact("x")))
        .await
        .unwrap();
    env.settings(json!({ "vapi_down": true })).await;
    expect_code(
        evals.run(&eval.id, RunOptions::default()).await,
        "vapi_error",
    );
    expect_code(
        evals
            .create(scenario(&env, "y", JudgePlan::exact("y")))
            .await,
        "vapi_error",
    );
    let stats = env.client.stats();
    assert_eq!(stats["POST /api/v1/evals/run"].retries, 0);
    assert_eq!(stats["POST /api/v1/evals"].retries, 0);
}
