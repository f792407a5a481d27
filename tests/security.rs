//! Tauri's security guide, checked: a strict CSP (no `unsafe-eval`, no remote scripts,
//! no wildcards), the isolation pattern, no global Tauri object, and capabilities that
//! name the main window and list only the permissions the app uses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn config() -> Value {
    serde_json::from_str(&std::fs::read_to_string(root().join("tauri.conf.json")).unwrap()).unwrap()
}

/// Hosts the app may reach from the webview: Tauri's own IPC endpoint only.
/// The app's own schemes as Windows' webview names them (IPC, and the recording player's
/// protocol): served by the app itself, not a remote host.
fn is_allowed_host_source(source: &str) -> bool {
    source == "http://ipc.localhost" || source == "http://recording.localhost"
}

#[test]
fn the_csp_is_strict() {
    let config = config();
    let csp = config["app"]["security"]["csp"]
        .as_str()
        .expect("a CSP is set");
    assert!(!csp.contains("unsafe-eval"), "{csp}");
    assert!(!csp.contains('*'), "no wildcards: {csp}");
    for directive in csp.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let mut parts = directive.split_whitespace();
        let name = parts.next().unwrap();
        for source in parts {
            let remote = source.starts_with("http:")
                || source.starts_with("https:")
                || source.starts_with("ws");
            assert!(
                !remote || is_allowed_host_source(source),
                "remote source {source} in {name}"
            );
            if name == "script-src" || name == "default-src" {
                assert!(
                    source == "'self'",
                    "scripts come from the app only, not {source}"
                );
            }
        }
    }
    assert!(csp.contains("object-src 'none'"));
}

#[test]
fn isolation_pattern_and_no_global_tauri() {
    let config = config();
    assert_eq!(config["app"]["withGlobalTauri"], false);
    assert_eq!(config["app"]["security"]["pattern"]["use"], "isolation");
    let dir = config["app"]["security"]["pattern"]["options"]["dir"]
        .as_str()
        .unwrap();
    assert!(root().join(dir).join("index.html").exists());
}

#[test]
fn capabilities_name_the_main_window_and_only_used_permissions() {
    let dir = root().join("src-tauri/capabilities");
    let commands: BTreeSet<String> = kaicalls_desktop::commands::COMMANDS
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    let mut granted = BTreeSet::new();
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        files += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{path:?} names a URL"
        );
        let cap: Value = serde_json::from_str(&text).unwrap();
        assert!(cap.get("remote").is_none(), "{path:?} grants remote URLs");
        assert_eq!(cap["windows"], serde_json::json!(["main"]), "{path:?}");
        assert!(cap.get("webviews").is_none());
        for permission in cap["permissions"].as_array().unwrap() {
            let id = permission
                .as_str()
                .or_else(|| permission["identifier"].as_str())
                .unwrap();
            assert!(!id.contains('*'), "{id}");
            assert!(
                !id.ends_with(":default") && id != "default",
                "{id}: grant what is used, not a default set"
            );
            granted.insert(id.to_string());
        }
    }
    assert!(files > 0);
    let granted_commands: BTreeSet<String> = granted
        .iter()
        .filter(|p| !p.contains(':'))
        .cloned()
        .collect();
    assert_eq!(
        granted_commands, commands,
        "each app command is granted, and nothing more"
    );
}
