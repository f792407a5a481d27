//! `--state FILE`: the account, its data and in-flight calls survive a restart, and the
//! file never holds a usable API key.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Duration;

use common::Env;
use kaicalls_sandbox::SandboxConfig;
use reqwest::Method;
use serde_json::json;

fn config(path: &std::path::Path) -> SandboxConfig {
    SandboxConfig {
        state_file: Some(path.to_path_buf()),
        call_duration: Duration::from_millis(1_500),
        ..common::fast_config()
    }
}

#[tokio::test]
async fn state_survives_a_restart_and_holds_no_plaintext_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.json");

    let first = Env::start_with(config(&path)).await;
    let old_key = first.key.clone();
    let business = first.business_id();
    let (s, agent) = first
        .post(
            "/api/v1/agents",
            json!({ "business_id": business, "name": "Persisted", "system_prompt": "Stay." }),
        )
        .await;
    assert_eq!(s, 201, "{agent}");
    let done = first
        .call_and_wait(
            json!({ "agent_id": first.agent_id(), "to": "+15125553333", "name": "Ann Lee" }),
        )
        .await;
    // A call still ringing when the sandbox stops.
    let (_, pending) = first
        .post(
            "/api/v1/calls",
            json!({ "agent_id": first.agent_id(), "to": "+15125554444" }),
        )
        .await;
    let (_, _, signup) = first
        .raw(
            None,
            Method::POST,
            "/api/v1/signup",
            Some(json!({ "business_name": "Other", "email": "o@x.example" })),
        )
        .await;
    let signup_key = signup["api_key"].as_str().unwrap().to_string();
    first.sb.shutdown().await.unwrap();

    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        !saved.contains(&old_key),
        "the demo key is stored only as a hash"
    );
    assert!(
        !saved.contains(&signup_key),
        "signup keys are stored only as hashes"
    );

    let second = Env::start_with(config(&path)).await;
    assert_eq!(second.business_id(), business, "same demo account");
    assert_ne!(second.key, old_key, "a fresh session key each start");
    // Keys from before the restart still work.
    for key in [&old_key, &signup_key] {
        let (s, _, _) = second
            .raw(Some(key), Method::GET, "/api/v1/agents", None)
            .await;
        assert_eq!(s, 200);
    }
    let (_, a) = second
        .get(&format!(
            "/api/v1/agents?id={}",
            agent["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(a["name"], "Persisted");
    let (_, c) = second
        .get(&format!(
            "/api/v1/calls?id={}",
            done["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(c["summary"], done["summary"]);
    assert_eq!(c["lead_id"], done["lead_id"]);
    // The interrupted call finishes after the restart.
    let resumed = second
        .wait_call(pending["id"].as_str().unwrap(), |c| {
            c["status"] == "completed"
        })
        .await;
    assert!(resumed["lead_id"].is_string());
    second.sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_corrupt_state_file_is_reported_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.json");
    std::fs::write(&path, "{ not json").unwrap();
    let err = kaicalls_sandbox::Sandbox::start(config(&path))
        .await
        .err()
        .unwrap();
    assert!(err.to_string().contains("sandbox.json"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "{ not json");
}

#[tokio::test]
async fn demo_data_is_seeded_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.json");
    let count = |env: Env| async move {
        let (_, v) = env.get("/api/v1/agents").await;
        let n = v["agents"].as_array().unwrap().len();
        env.sb.shutdown().await.unwrap();
        n
    };
    let demo = SandboxConfig {
        demo: true,
        ..config(&path)
    };
    let first = count(Env::start_with(demo.clone()).await).await;
    let second = count(Env::start_with(demo).await).await;
    assert_eq!(first, 3);
    assert_eq!(second, 3);
}

#[tokio::test]
async fn refuses_non_loopback_addresses() {
    let err = kaicalls_sandbox::Sandbox::start(SandboxConfig {
        listen: "0.0.0.0:0".parse().unwrap(),
        ..SandboxConfig::default()
    })
    .await
    .err()
    .unwrap();
    assert!(
        matches!(err, kaicalls_sandbox::SandboxError::NonLoopback(_)),
        "{err}"
    );
}

/// The state file is the app's data folder's only copy of the sandbox: it must not hold
/// a webhook signing secret or the receiver's secret path, and a key offered back at the
/// next start is reused rather than a new all-scope key minted.
#[tokio::test]
async fn state_holds_no_webhook_secret_and_an_offered_key_is_reused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.json");
    let token = "receivertoken0123456789abcdef";
    let first = Env::start_with(config(&path)).await;
    let key = first.key.clone();
    let (s, registered) = first
        .post(
            "/api/v1/webhooks",
            json!({ "webhook_url": format!("http://127.0.0.1:9/hooks/{token}") }),
        )
        .await;
    assert_eq!(s, 200, "{registered}");
    let secret = registered["webhook_secret"].as_str().unwrap().to_string();
    // A delivery attempt (to a closed port) puts the URL in the webhook log too.
    first
        .call_and_wait(json!({ "agent_id": first.agent_id(), "to": "+15125553333" }))
        .await;
    first.sb.shutdown().await.unwrap();

    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("Smith & Lee"), "the state was saved");
    assert!(
        !saved.contains(&secret),
        "the webhook secret is in the state"
    );
    assert!(
        !saved.contains("whsec_"),
        "a webhook secret is in the state"
    );
    assert!(!saved.contains(token), "the receiver token is in the state");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the state is owner-only");
    }

    let second = Env::start_with(SandboxConfig {
        demo_key: Some(secrecy::SecretString::from(key.clone())),
        ..config(&path)
    })
    .await;
    assert_eq!(second.key, key, "the offered key is reused");
    let keys_after_reuse = std::fs::read_to_string(&path)
        .unwrap()
        .matches("kc_test_")
        .count();
    second.sb.shutdown().await.unwrap();

    // A key the state does not know is not adopted: a fresh one is minted.
    let third = Env::start_with(SandboxConfig {
        demo_key: Some(secrecy::SecretString::from(
            "kc_test_not_one_of_ours".to_string(),
        )),
        ..config(&path)
    })
    .await;
    assert_ne!(third.key, key);
    assert!(third.key.starts_with("kc_test_"));
    let keys_after_mint = std::fs::read_to_string(&path)
        .unwrap()
        .matches("kc_test_")
        .count();
    assert!(
        keys_after_mint > keys_after_reuse,
        "a new key record only when none was reused ({keys_after_reuse} → {keys_after_mint})"
    );
    third.sb.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_damaged_state_file_is_set_aside_and_the_sandbox_starts_fresh() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    std::fs::write(&path, b"{\"accounts\": [ {\"id\": ").unwrap();
    let env = Env::start_with(SandboxConfig {
        demo: true,
        replace_damaged_state: true,
        ..config(&path)
    })
    .await;
    let aside = env
        .sb
        .damaged_state
        .clone()
        .expect("the damaged file was moved");
    assert_eq!(
        std::fs::read(&aside).unwrap(),
        b"{\"accounts\": [ {\"id\": "
    );
    assert!(
        aside
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("state.json.damaged-")
    );
    // Fresh demo data, served and saved.
    let (status, agents) = env.get("/api/v1/agents").await;
    assert_eq!(status, 200, "{agents}");
    assert!(!agents["agents"].as_array().unwrap().is_empty());
    env.sb.shutdown().await.unwrap();
    let saved: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert!(saved.is_object());
}
