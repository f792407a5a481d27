//! `/api/v1/evals`: scenario CRUD, validation, scopes and the Vapi switch, through
//! real HTTP. Runs and judges are in `eval_runs.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
#[path = "support/evals.rs"]
mod support;

use common::{Env, assert_error};
use kaicalls_sandbox::SandboxConfig;
use reqwest::Method;
use serde_json::{Value, json};
use support::{ai, create, judged, keys, run, user};

#[tokio::test]
async fn create_list_get_update_delete() {
    let env = Env::start().await;
    let messages = json!([
        user("Hi, is this the law office?"),
        judged("regex", "(?i)smith & lee")
    ]);
    let (s, created) = env
        .post(
            "/api/v1/evals",
            json!({
                "agent_id": env.agent_id(),
                "business_id": env.business_id(),
                "name": "greeting.identifies_firm",
                "description": "Agent confirms the firm name when asked.",
                "messages": messages,
            }),
        )
        .await;
    assert_eq!(s, 201, "{created}");
    assert_eq!(
        keys(&created),
        [
            "agent_id",
            "business_id",
            "created_at",
            "description",
            "id",
            "messages",
            "name",
            "vapi_eval_id"
        ]
    );
    assert!(
        created["vapi_eval_id"]
            .as_str()
            .unwrap()
            .starts_with("vapi-eval-")
    );
    assert_eq!(created["messages"], messages);
    let id = created["id"].as_str().unwrap();

    let (s, list) = env
        .get(&format!("/api/v1/evals?agent_id={}", env.agent_id()))
        .await;
    assert_eq!(s, 200);
    let evals = list["evals"].as_array().unwrap();
    assert_eq!(evals.len(), 1);
    assert_eq!(evals[0]["id"], id);
    assert!(
        evals[0].get("messages").is_none(),
        "the list omits messages"
    );

    let (s, one) = env.get(&format!("/api/v1/evals?id={id}")).await;
    assert_eq!(s, 200);
    assert_eq!(one["messages"], messages);
    assert_eq!(one["name"], "greeting.identifies_firm");

    let new_messages = json!([user("How much is it?"), judged("exact", "Free.")]);
    let (s, patched) = env
        .patch(
            "/api/v1/evals",
            json!({ "id": id, "name": "price.renamed", "messages": new_messages }),
        )
        .await;
    assert_eq!(s, 200, "{patched}");
    assert_eq!(patched["name"], "price.renamed");
    assert_eq!(
        patched["description"],
        "Agent confirms the firm name when asked."
    );
    assert_eq!(patched["messages"], new_messages);
    assert!(patched["updated_at"].as_str().unwrap() > created["created_at"].as_str().unwrap());
    let (_, one) = env.get(&format!("/api/v1/evals?id={id}")).await;
    assert_eq!(one["name"], "price.renamed");

    let (s, v) = env.delete(&format!("/api/v1/evals?id={id}")).await;
    assert_eq!((s, v), (200, json!({ "success": true })));
    let (s, v) = env.get(&format!("/api/v1/evals?id={id}")).await;
    assert_error(s, &v, 404, "not_found");
    let (s, v) = env.delete(&format!("/api/v1/evals?id={id}")).await;
    assert_error(s, &v, 404, "not_found");
    let (_, list) = env.get("/api/v1/evals").await;
    assert_eq!(list["evals"], json!([]));
}

#[tokio::test]
async fn create_rejects_missing_and_invalid_fields() {
    let env = Env::start().await;
    let good = json!([user("Hello"), judged("regex", "Kai")]);
    let body = |messages: Value| {
        json!({
            "agent_id": env.agent_id(),
            "business_id": env.business_id(),
            "name": "x",
            "messages": messages,
        })
    };
    for field in ["agent_id", "business_id", "name", "messages"] {
        let mut b = body(good.clone());
        b.as_object_mut().unwrap().remove(field);
        let (s, v) = env.post("/api/v1/evals", b).await;
        assert_error(s, &v, 400, "invalid_request");
    }
    let invalid = [
        json!([]),
        json!("hello"),
        json!([user("Hi"), { "role": "system", "content": "x" }]),
        json!([{ "role": "user", "content": 5 }]),
        json!([{ "role": "user" }]),
        json!([user("Hi"), { "role": "assistant" }]),
        json!([user("Hi"), judged("fuzzy", "x")]),
        json!([user("Hi"), judged("regex", "(unclosed")]),
        json!([user("Hi"), judged("exact", "")]),
        json!([user("Hi"), { "role": "assistant", "judgePlan": { "type": "ai" } }]),
        json!([user("Hi"), ai("")]),
        json!(["not an object"]),
    ];
    for messages in invalid {
        let (s, v) = env.post("/api/v1/evals", body(messages.clone())).await;
        assert_error(s, &v, 400, "validation_error");
    }
    let (s, _, v) = env
        .raw(Some(&env.key), Method::POST, "/api/v1/evals", None)
        .await;
    assert_error(s, &v, 400, "invalid_request");

    let mut b = body(good.clone());
    b["agent_id"] = json!("no-such-agent");
    let (s, v) = env.post("/api/v1/evals", b).await;
    assert_error(s, &v, 404, "not_found");
    let mut b = body(good.clone());
    b["business_id"] = json!("no-such-business");
    let (s, v) = env.post("/api/v1/evals", b).await;
    assert_error(s, &v, 404, "not_found");
    let (_, list) = env.get("/api/v1/evals").await;
    assert_eq!(list["evals"], json!([]), "nothing was stored");
}

#[tokio::test]
async fn agent_must_belong_to_the_business() {
    let env = Env::start_with(SandboxConfig {
        demo: true,
        ..common::fast_config()
    })
    .await;
    let (_, agents) = env.get("/api/v1/agents").await;
    let other = agents["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["business_id"] != json!(env.business_id()))
        .unwrap()["id"]
        .clone();
    let (s, v) = env
        .post(
            "/api/v1/evals",
            json!({
                "agent_id": other,
                "business_id": env.business_id(),
                "name": "x",
                "messages": [user("Hi"), judged("regex", ".")],
            }),
        )
        .await;
    assert_error(s, &v, 404, "not_found");
}

#[tokio::test]
async fn update_and_delete_errors() {
    let env = Env::start().await;
    let id = create(&env, "x", json!([user("Hi"), judged("regex", ".")])).await;
    let (s, v) = env.patch("/api/v1/evals", json!({ "name": "y" })).await;
    assert_error(s, &v, 400, "invalid_request");
    let (s, v) = env
        .patch("/api/v1/evals", json!({ "id": "nope", "name": "y" }))
        .await;
    assert_error(s, &v, 404, "not_found");
    let (s, v) = env
        .patch("/api/v1/evals", json!({ "id": id, "messages": [] }))
        .await;
    assert_error(s, &v, 400, "validation_error");
    let (s, v) = env
        .patch("/api/v1/evals", json!({ "id": id, "name": 7 }))
        .await;
    assert_error(s, &v, 400, "validation_error");
    let (s, v) = env.delete("/api/v1/evals").await;
    assert_error(s, &v, 400, "invalid_request");
    let (_, one) = env.get(&format!("/api/v1/evals?id={id}")).await;
    assert_eq!(one["name"], "x", "failed updates change nothing");
}

#[tokio::test]
async fn scopes_are_enforced() {
    let env = Env::start().await;
    let id = create(&env, "x", json!([user("Hi"), judged("regex", ".")])).await;
    let none = env.key_with_scopes(&["agents:read", "calls:read"]).await;
    let read = env.key_with_scopes(&["evals:read"]).await;
    let requests = [
        (Method::GET, "/api/v1/evals".to_string(), None),
        (Method::POST, "/api/v1/evals".to_string(), Some(json!({}))),
        (
            Method::PATCH,
            "/api/v1/evals".to_string(),
            Some(json!({ "id": id })),
        ),
        (Method::DELETE, format!("/api/v1/evals?id={id}"), None),
        (
            Method::POST,
            "/api/v1/evals/run".to_string(),
            Some(json!({ "eval_id": id })),
        ),
        (
            Method::GET,
            format!("/api/v1/evals/run?agent_id={}", env.agent_id()),
            None,
        ),
    ];
    for (method, path, body) in requests {
        let (s, _, v) = env
            .raw(Some(&none), method.clone(), &path, body.clone())
            .await;
        assert_error(s, &v, 403, "forbidden");
        let (s, _, v) = env.raw(Some(&read), method.clone(), &path, body).await;
        if method == Method::GET {
            assert_eq!(s, 200, "{v}");
        } else {
            assert_error(s, &v, 403, "forbidden");
        }
    }
    let (_, runs) = env
        .get(&format!("/api/v1/evals/run?agent_id={}", env.agent_id()))
        .await;
    assert_eq!(runs["runs"], json!([]), "a forbidden run created nothing");
}

#[tokio::test]
async fn vapi_down_rejects_writes_and_runs() {
    let env = Env::start().await;
    let id = create(&env, "x", json!([user("Hi"), judged("regex", ".")])).await;
    let (s, _) = env
        .put("/sandbox/settings", json!({ "vapi_down": true }))
        .await;
    assert_eq!(s, 200);
    let (s, v) = env
        .post(
            "/api/v1/evals",
            json!({
                "agent_id": env.agent_id(),
                "business_id": env.business_id(),
                "name": "y",
                "messages": [user("Hi"), judged("regex", ".")],
            }),
        )
        .await;
    assert_error(s, &v, 502, "vapi_error");
    let (s, v) = env
        .patch("/api/v1/evals", json!({ "id": id, "name": "z" }))
        .await;
    assert_error(s, &v, 502, "vapi_error");
    let (s, v) = env
        .post("/api/v1/evals/run", json!({ "eval_id": id }))
        .await;
    assert_error(s, &v, 502, "vapi_error");
    let (s, v) = env
        .post("/api/v1/evals/run", json!({ "agent_id": env.agent_id() }))
        .await;
    assert_error(s, &v, 502, "vapi_error");
    let (s, v) = env.delete(&format!("/api/v1/evals?id={id}")).await;
    assert_error(s, &v, 502, "vapi_error");

    let (_, list) = env.get("/api/v1/evals").await;
    let evals = list["evals"].as_array().unwrap();
    assert_eq!(evals.len(), 1, "nothing was created or deleted");
    assert_eq!(evals[0]["name"], "x");
    let (_, runs) = env
        .get(&format!("/api/v1/evals/run?agent_id={}", env.agent_id()))
        .await;
    assert_eq!(runs["runs"], json!([]));

    env.put("/sandbox/settings", json!({ "vapi_down": false }))
        .await;
    run(&env, &id).await;
}
