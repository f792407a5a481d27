//! The updater installs only what the KaiCalls release key signed.
//!
//! Each test makes a throwaway minisign key pair, serves an update manifest and an artifact from
//! a local server on 127.0.0.1, and drives the app's own updater code (`src-tauri/updater.rs`,
//! the real `tauri-plugin-updater` on tauri's mock runtime) against it: a correctly signed
//! artifact is accepted, and a tampered artifact, a tampered signature, a signature by another
//! key, and an older signed release announced as a newer one are refused. Were the signature
//! check removed, the refusals would pass and these fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use kaicalls_desktop::updater;
use serde_json::json;
use tauri::test::{MockRuntime, mock_builder, mock_context, noop_assets};

const ARTIFACT: &[u8] = b"pretend this is kaicalls-desktop_0.2.0_amd64.deb\n";

/// A minisign key pair in the encodings Tauri uses: the public key as the base64 of its text
/// box (what `plugins.updater.pubkey` holds), signatures as the base64 of the `.sig` text.
struct Key {
    pk: minisign::PublicKey,
    sk: minisign::SecretKey,
}

impl Key {
    fn new() -> Key {
        let minisign::KeyPair { pk, sk } =
            minisign::KeyPair::generate_unencrypted_keypair().unwrap();
        Key { pk, sk }
    }

    fn pubkey_config(&self) -> String {
        BASE64.encode(self.pk.to_box().unwrap().to_string())
    }

    /// Signs like the tauri CLI's bundler does: prehashed, with the file name and the version
    /// the artifact was built as in the trusted comment (which the signature covers).
    fn sign(&self, data: &[u8], version: &str) -> String {
        self.sign_with_comment(
            data,
            &format!("timestamp:1767225600\tfile:kaicalls-desktop.deb\tversion:{version}"),
        )
    }

    fn sign_with_comment(&self, data: &[u8], trusted_comment: &str) -> String {
        let sig = minisign::sign(
            Some(&self.pk),
            &self.sk,
            data,
            Some(trusted_comment),
            Some("signature from tauri secret key"),
        )
        .unwrap();
        BASE64.encode(sig.to_string())
    }
}

/// What the local update server answers.
#[derive(Clone)]
struct Served {
    /// The manifest's `signature` field.
    signature: String,
    /// The bytes served as the artifact.
    artifact: Vec<u8>,
    /// The version the manifest announces.
    version: &'static str,
    /// Paths of the manifest requests, to check the endpoint template was filled in.
    requests: Arc<Mutex<Vec<String>>>,
}

struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<String>>>,
}

async fn manifest(
    State((served, addr)): State<(Served, SocketAddr)>,
    Path((target, arch, current)): Path<(String, String, String)>,
) -> Response {
    served
        .requests
        .lock()
        .unwrap()
        .push(format!("{target}/{arch}/{current}"));
    if served.version == current {
        return StatusCode::NO_CONTENT.into_response();
    }
    axum::Json(json!({
        "version": served.version,
        "notes": "Faster sync and a new dashboard.",
        "pub_date": "2026-11-20T10:00:00Z",
        "url": format!("http://{addr}/artifacts/kaicalls-desktop_0.2.0_amd64.deb"),
        "signature": served.signature,
    }))
    .into_response()
}

async fn artifact(State((served, _)): State<(Served, SocketAddr)>) -> Vec<u8> {
    served.artifact
}

async fn serve(signature: String, artifact_bytes: Vec<u8>, version: &'static str) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let served = Served {
        signature,
        artifact: artifact_bytes,
        version,
        requests: requests.clone(),
    };
    let app = Router::new()
        .route("/desktop/{target}/{arch}/{current}", get(manifest))
        .route("/artifacts/{name}", get(artifact))
        .with_state((served, addr));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Server { addr, requests }
}

/// The `plugins.updater` section of the app's own `tauri.conf.json`.
fn shipped_updater_config() -> serde_json::Value {
    let conf: serde_json::Value = serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
    conf["plugins"]["updater"].clone()
}

/// A mock app (version 0.1.0) with the updater plugin registered as the app registers it and
/// the app's own updater settings, except for the key (`pubkey`) and the endpoint (the local
/// server).
fn app(pubkey: &str, server: &Server) -> tauri::App<MockRuntime> {
    let mut config = shipped_updater_config();
    config["pubkey"] = json!(pubkey);
    config["endpoints"] = json!([format!(
        "http://{}/desktop/{{{{target}}}}/{{{{arch}}}}/{{{{current_version}}}}",
        server.addr
    )]);
    // The test server speaks plain http on loopback; the shipped config is https (checked by
    // `shipped_config_uses_https_and_a_valid_public_key`).
    config["dangerousInsecureTransportProtocol"] = json!(true);
    let mut context = mock_context(noop_assets());
    context
        .config_mut()
        .plugins
        .0
        .insert("updater".into(), config);
    mock_builder()
        .plugin(updater::plugin())
        .build(context)
        .unwrap()
}

fn run<F: std::future::Future>(f: F) -> F::Output {
    tauri::async_runtime::block_on(f)
}

#[test]
fn a_correctly_signed_update_is_found_downloaded_and_verified() {
    let key = Key::new();
    run(async {
        let server = serve(key.sign(ARTIFACT, "0.2.0"), ARTIFACT.to_vec(), "0.2.0").await;
        let app = app(&key.pubkey_config(), &server);

        let info = updater::check(app.handle())
            .await
            .unwrap()
            .expect("an update");
        assert_eq!(
            info,
            updater::UpdateInfo {
                version: "0.2.0".into(),
                notes: Some("Faster sync and a new dashboard.".into()),
                date: Some("2026-11-20T10:00:00Z".into()),
            }
        );
        let arch = std::env::consts::ARCH;
        assert_eq!(
            server.requests.lock().unwrap().first().cloned(),
            Some(format!("linux/{arch}/0.1.0")),
            "the endpoint template is filled with target, arch and the running version"
        );

        let downloaded = updater::download(app.handle())
            .await
            .unwrap()
            .expect("an update");
        assert_eq!(downloaded.bytes(), ARTIFACT);
        assert_eq!(downloaded.info().version, "0.2.0");
    });
}

#[test]
fn a_tampered_artifact_is_refused() {
    let key = Key::new();
    let mut tampered = ARTIFACT.to_vec();
    tampered[10] ^= 1;
    run(async {
        let server = serve(key.sign(ARTIFACT, "0.2.0"), tampered, "0.2.0").await;
        let app = app(&key.pubkey_config(), &server);
        // Finding the update needs no signature; installing it does.
        assert!(updater::check(app.handle()).await.unwrap().is_some());
        let err = updater::download(app.handle()).await.unwrap_err();
        assert_eq!(err.code, updater::CODE_SIGNATURE_INVALID, "{err:?}");
    });
}

#[test]
fn a_tampered_signature_is_refused() {
    let key = Key::new();
    // Flip one bit inside the signature line of the .sig text, keeping it well-formed base64.
    let sig_text = String::from_utf8(BASE64.decode(key.sign(ARTIFACT, "0.2.0")).unwrap()).unwrap();
    let mut lines: Vec<String> = sig_text.lines().map(str::to_owned).collect();
    let mut raw = BASE64.decode(&lines[1]).unwrap();
    raw[20] ^= 1;
    lines[1] = BASE64.encode(raw);
    let tampered = BASE64.encode(lines.join("\n") + "\n");
    run(async {
        let server = serve(tampered, ARTIFACT.to_vec(), "0.2.0").await;
        let app = app(&key.pubkey_config(), &server);
        let err = updater::download(app.handle()).await.unwrap_err();
        assert_eq!(err.code, updater::CODE_SIGNATURE_INVALID, "{err:?}");
    });
}

#[test]
fn a_signature_by_another_key_is_refused() {
    let ours = Key::new();
    let theirs = Key::new();
    run(async {
        let server = serve(theirs.sign(ARTIFACT, "0.2.0"), ARTIFACT.to_vec(), "0.2.0").await;
        let app = app(&ours.pubkey_config(), &server);
        let err = updater::download(app.handle()).await.unwrap_err();
        assert_eq!(err.code, updater::CODE_SIGNATURE_INVALID, "{err:?}");
    });
}

#[test]
fn an_older_release_announced_as_newer_is_refused() {
    // A genuine, correctly signed older release (0.1.5) served under a newer version number:
    // the signature covers the version it was built as, and that must match the announcement,
    // so a tampered manifest cannot push users back to a release with known bugs.
    let key = Key::new();
    run(async {
        let server = serve(key.sign(ARTIFACT, "0.1.5"), ARTIFACT.to_vec(), "0.2.0").await;
        let app = app(&key.pubkey_config(), &server);
        let err = updater::download(app.handle()).await.unwrap_err();
        assert_eq!(err.code, updater::CODE_SIGNATURE_INVALID, "{err:?}");
    });
}

#[test]
fn a_signature_that_names_no_version_is_refused() {
    // Signed by the right key, but the trusted comment does not say which version: without
    // it the downgrade check above could not be made, so the app requires it.
    let key = Key::new();
    run(async {
        let signature = key.sign_with_comment(ARTIFACT, "timestamp:1767225600\tfile:old.deb");
        let server = serve(signature, ARTIFACT.to_vec(), "0.2.0").await;
        let app = app(&key.pubkey_config(), &server);
        let err = updater::download(app.handle()).await.unwrap_err();
        assert_eq!(err.code, updater::CODE_SIGNATURE_INVALID, "{err:?}");
    });
}

#[test]
fn no_update_when_the_server_has_nothing_newer() {
    let key = Key::new();
    run(async {
        // The server answers 204 No Content to the running version (0.1.0).
        let server = serve(key.sign(ARTIFACT, "0.2.0"), ARTIFACT.to_vec(), "0.1.0").await;
        let app = app(&key.pubkey_config(), &server);
        assert_eq!(updater::check(app.handle()).await.unwrap(), None);
        assert!(updater::download(app.handle()).await.unwrap().is_none());
    });
}

#[test]
fn an_unreachable_server_is_reported_as_such() {
    run(async {
        // Bind, then drop the listener: the port is closed when the updater calls it.
        let closed = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            l.local_addr().unwrap()
        };
        let server = Server {
            addr: closed,
            requests: Arc::default(),
        };
        let app = app(&Key::new().pubkey_config(), &server);
        let err = updater::check(app.handle()).await.unwrap_err();
        assert_eq!(err.code, updater::CODE_UNREACHABLE, "{err:?}");
    });
}

#[test]
fn shipped_config_uses_https_and_a_valid_public_key() {
    let updater_conf = &shipped_updater_config();

    let endpoints = updater_conf["endpoints"].as_array().expect("endpoints");
    assert!(!endpoints.is_empty());
    for e in endpoints {
        let url = e.as_str().unwrap();
        assert!(url.starts_with("https://"), "release builds refuse {url}");
    }
    assert!(
        updater_conf
            .get("dangerousInsecureTransportProtocol")
            .is_none()
    );
    assert_eq!(
        updater_conf["requireSignedVersion"],
        json!(true),
        "signatures must name the version they were made for (downgrade protection)"
    );

    let pubkey = updater_conf["pubkey"].as_str().expect("pubkey");
    let text = String::from_utf8(BASE64.decode(pubkey).unwrap()).unwrap();
    minisign::PublicKeyBox::from_string(&text)
        .unwrap()
        .into_public_key()
        .expect("a minisign public key");

    // The plugin starts with exactly the shipped section.
    let mut context = mock_context(noop_assets());
    context
        .config_mut()
        .plugins
        .0
        .insert("updater".into(), updater_conf.clone());
    let _app = mock_builder()
        .plugin(updater::plugin())
        .build(context)
        .unwrap();
}
