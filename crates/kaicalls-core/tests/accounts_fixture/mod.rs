//! Shared setup of the account, webhook and ingest tests: a sandbox on loopback, an account
//! added with its key, the account's cache, and small HTTP helpers.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use kaicalls_core::accounts::{AccountMeta, Accounts, NewAccount};
use kaicalls_core::secrets::{MemorySecretStore, SecretStore};
use kaicalls_core::{Cache, EventBus};
use kaicalls_sandbox::SandboxHandle;
use kaicalls_store::Store;

#[allow(unused_imports)]
pub use kaicalls_testkit::{eventually, fast_sandbox as sandbox, inbound_call};

pub struct Setup {
    pub dir: tempfile::TempDir,
    pub accounts: Arc<Accounts>,
    pub account: AccountMeta,
}

/// An app data dir with the sandbox's demo account added through `secrets`.
pub async fn setup_with(sandbox: &SandboxHandle, secrets: Arc<dyn SecretStore>) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let accounts = Arc::new(Accounts::open(dir.path(), secrets).unwrap());
    let account = accounts
        .add(NewAccount {
            label: "Smith & Lee (sandbox)".into(),
            api_key: sandbox.demo_account.api_key.clone(),
            base_url: Some(sandbox.base_url.clone()),
            allow_origin: false,
        })
        .await
        .unwrap();
    Setup {
        dir,
        accounts,
        account,
    }
}

/// The same, with secrets in memory.
pub async fn setup(sandbox: &SandboxHandle) -> Setup {
    setup_with(sandbox, Arc::new(MemorySecretStore::new())).await
}

/// The account's offline cache, opened where the app opens it.
pub fn cache(setup: &Setup) -> Cache {
    let (store, _) = Store::open(setup.accounts.cache_dir(), &setup.account.id).unwrap();
    Cache::new(store, EventBus::default())
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A stand-in for the user's tunnel: a TCP forwarder on another loopback port. Every
/// connection to it is relayed byte for byte to `target`. Stops when dropped.
pub struct Tunnel {
    pub url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Tunnel {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub async fn tunnel(target: std::net::SocketAddr) -> Tunnel {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        while let Ok((mut inbound, _)) = listener.accept().await {
            tokio::spawn(async move {
                if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    Tunnel { url, task }
}

/// Some other web server that answers 200 to everything (what a tunnel pointed at the
/// wrong program might reach).
pub async fn other_server() -> Tunnel {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                use tokio::io::{AsyncReadExt, AsyncWriteExt};
                let mut buf = vec![0u8; 64 * 1024];
                let _ = stream.read(&mut buf).await;
                let _ = stream
                    .write_all(
                        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok",
                    )
                    .await;
            });
        }
    });
    Tunnel { url, task }
}
