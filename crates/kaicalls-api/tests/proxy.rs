//! A proxy set in the environment (`HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`) never sees
//! sandbox traffic or its key, while live traffic still goes through it.
//!
//! Proxy variables are process-wide, so the check runs in a child process of this test
//! binary with the variables set for it alone: no other test can race them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use kaicalls_api::{Client, RetryPolicy, SecretString};
use kaicalls_sandbox::{Sandbox, SandboxConfig};
use tokio::io::AsyncReadExt;

const CHILD: &str = "KAICALLS_PROXY_TEST_CHILD";
const PROXY_VARS: [&str; 6] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
];

/// A "proxy" that records the first bytes of every connection and then hangs up.
async fn recording_proxy() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buf = vec![0u8; 512];
            let n = tokio::time::timeout(Duration::from_secs(2), stream.read(&mut buf))
                .await
                .ok()
                .and_then(Result::ok)
                .unwrap_or(0);
            record
                .lock()
                .unwrap()
                .push(String::from_utf8_lossy(&buf[..n]).into_owned());
        }
    });
    (port, seen)
}

#[test]
fn an_environment_proxy_never_sees_sandbox_traffic() {
    if std::env::var_os(CHILD).is_some() {
        return child();
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (port, seen) = runtime.block_on(recording_proxy());
    let proxy = format!("http://127.0.0.1:{port}");
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([
            "--exact",
            "an_environment_proxy_never_sees_sandbox_traffic",
            "--nocapture",
        ])
        .env(CHILD, "1")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy");
    for var in PROXY_VARS {
        command.env(var, &proxy);
    }
    let out = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "child failed:\n{stdout}\n{stderr}");
    assert!(
        stdout.contains("sandbox traffic done"),
        "the child ran the check:\n{stdout}"
    );
    let seen = seen.lock().unwrap().clone();
    // The child talked to the sandbox first and only then to the live origin: the proxy
    // must have seen the live request alone, which shows it was in use all along.
    assert!(
        !seen.is_empty() && seen.iter().all(|s| s.contains("www.kaicalls.com")),
        "the proxy saw: {seen:?}"
    );
    assert!(
        !seen
            .iter()
            .any(|s| s.contains("kc_test_") || s.contains("127.0.0.1")),
        "sandbox traffic went through the proxy: {seen:?}"
    );
}

/// Runs with the proxy variables set (by the parent above).
fn child() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let sandbox = Sandbox::start(SandboxConfig::fast()).await.unwrap();
        let client = Client::builder()
            .base_url(&sandbox.base_url)
            .api_key(sandbox.demo_account.api_key.clone())
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let balance = client.account().balance().await;
        assert!(
            balance.is_ok(),
            "the sandbox answered directly: {balance:?}"
        );
        println!("sandbox traffic done");

        // Live traffic goes through the proxy (which hangs up, so it fails).
        let live = Client::builder()
            .api_key(SecretString::from(
                "kc_live_EXAMPLE_not_a_real_key".to_string(),
            ))
            .retry(RetryPolicy::none())
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        assert!(live.account().balance().await.is_err());
        sandbox.shutdown().await.unwrap();
    });
}
