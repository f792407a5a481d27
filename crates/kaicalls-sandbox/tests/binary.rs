//! The `kaicalls-sandbox` binary: one JSON line on stdout, then a working server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start(args: &[&str]) -> (Running, Value) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaicalls-sandbox"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    (Running(child), serde_json::from_str(&line).unwrap())
}

#[test]
fn prints_one_json_line_then_serves() {
    let (_running, line) = start(&[
        "--listen",
        "127.0.0.1:0",
        "--demo",
        "--seed",
        "3",
        "--call-seconds",
        "0.5",
    ]);
    let keys: Vec<&str> = line
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["agent_id", "api_key", "base_url", "business_id"]);
    let base = line["base_url"].as_str().unwrap();
    assert!(base.starts_with("http://127.0.0.1:"));
    assert!(line["api_key"].as_str().unwrap().starts_with("kc_test_"));

    let body: Value = reqwest::blocking_get(base, line["api_key"].as_str().unwrap());
    let agents = body["agents"].as_array().unwrap();
    assert_eq!(agents.len(), 3);
    assert!(agents.iter().any(|a| a["id"] == line["agent_id"]));
}

#[test]
fn refuses_bad_flags_with_a_message() {
    for args in [
        vec!["--listen", "0.0.0.0:0"],
        vec!["--faults", "1.5"],
        vec!["--scale", "calls=lots"],
        vec!["--call-seconds", "-1"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_kaicalls-sandbox"))
            .args(&args)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
    }
}

mod reqwest {
    //! A tiny blocking GET so this test needs no async runtime.
    use serde_json::Value;

    pub fn blocking_get(base: &str, key: &str) -> Value {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            kaicalls_sandbox::tls::http_client()
                .build()
                .unwrap()
                .get(format!("{base}/api/v1/agents"))
                .bearer_auth(key)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap()
        })
    }
}
