//! The account's webhook: the local receiver, ingest behind it, and its registration with
//! KaiCalls.
//!
//! [`WebhookService::start`] runs the receiver on loopback (at the port and secret path
//! the account keeps, so the URL registered with KaiCalls stays valid across restarts),
//! de-duplicates through the account's database and drains deliveries into
//! [`crate::ingest`]. [`WebhookService::register`] points KaiCalls at the user's public URL
//! (see [`PUBLIC_URL_HELP`]), keeps the secret KaiCalls shows once in the keyring and
//! makes the receiver accept it at once; [`WebhookService::verify_route`] proves the public
//! URL leads back here with a signed probe. A sandbox account needs no tunnel:
//! [`WebhookService::register_sandbox_loopback`] registers the loopback URL directly.
//!
//! When no webhook can reach the machine, periodic sync still brings every lead in,
//! only later ([`SYNC_SAFETY_NET`]).

mod error;
mod help;
mod route;

use kaicalls_vocab::Code;
use std::net::SocketAddr;
use std::sync::Arc;

use kaicalls_api::Client;
use kaicalls_webhooks::{Receiver, ReceiverConfig, ReceiverHandle, Secrets};
use rand::Rng;
use secrecy::SecretString;
use serde::Serialize;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::accounts::{AccountKind, AccountMeta, Accounts};
use crate::cache::Cache;
use crate::ingest::{Ingest, IngestStats, StoreDedup, spawn_ingest};
use crate::secrets::{SecretName, blocking};

pub use error::SetupError;
pub use help::{PUBLIC_URL_HELP, SYNC_SAFETY_NET};
pub use route::{PROBE_TIMEOUT, RouteCheck, shown_url, webhook_url};

/// A business's webhook as the settings screen shows it: never the secret itself, nor
/// the receiver's secret path ([`shown_url`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct WebhookStatus {
    /// The business.
    pub business_id: String,
    /// Whether KaiCalls has a webhook for it.
    pub configured: bool,
    /// Where KaiCalls sends events.
    pub url: Option<String>,
    /// The secret's last characters, as KaiCalls shows them (`...a1b2c3d4`).
    pub secret_masked: Option<String>,
    /// Whether this app holds the signing secret in the keyring.
    pub secret_stored: bool,
    /// Whether the registered URL ends at this app's receiver (its secret path).
    pub points_here: bool,
}

/// The running receiver and ingest of one account, and its webhook settings.
pub struct WebhookService {
    accounts: Arc<Accounts>,
    account_id: String,
    client: Client,
    receiver: ReceiverHandle,
    /// The receiver's URL, whose path is the receiver token: a capability.
    local_url: SecretString,
    secrets: Secrets,
    shutdown: CancellationToken,
    ingest: JoinHandle<IngestStats>,
}

impl std::fmt::Debug for WebhookService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookService")
            .field("account_id", &self.account_id)
            .field("local_addr", &self.receiver.local_addr)
            .field("secrets", &self.secrets)
            .finish_non_exhaustive()
    }
}

impl WebhookService {
    /// Starts the receiver of `account_id` on loopback and the ingest task writing into
    /// `cache` (fetching details with `client`). The port saved in the account is reused;
    /// the first start picks a free one and saves it. The secret path comes from the
    /// keyring (made on first start).
    pub async fn start(
        accounts: Arc<Accounts>,
        account_id: &str,
        cache: Cache,
        client: Client,
    ) -> Result<Self, SetupError> {
        let meta = accounts.get(account_id)?;
        let token_name = SecretName::receiver_token(account_id);
        let token = blocking(accounts.secrets(), move |s| {
            if let Some(token) = s.get(&token_name)? {
                return Ok(token);
            }
            let token = SecretString::from(hex::encode(rand::rng().random::<[u8; 32]>()));
            s.set(&token_name, &token)?;
            Ok(token)
        })
        .await?;
        let secrets = Secrets::new(load_secrets(&accounts, &meta).await?);
        let dedup = Arc::new(StoreDedup::new(&cache).await?);
        let port = meta.webhook.listen_port.unwrap_or(0);
        let config = ReceiverConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], port)),
            path_token: Some(secrecy::ExposeSecret::expose_secret(&token).to_string()),
            ..ReceiverConfig::default()
        };
        let (receiver, deliveries) = Receiver::start(config, secrets.clone(), dedup).await?;
        // Never the whole URL: its last segment is the receiver's secret.
        tracing::info!(url = %shown_url(&receiver.url), "webhook receiver listening");
        if meta.webhook.listen_port.is_none() {
            let mut prefs = meta.webhook.clone();
            prefs.listen_port = Some(receiver.local_addr.port());
            accounts.set_webhook_prefs(account_id, prefs)?;
        }
        let shutdown = CancellationToken::new();
        let ingest = spawn_ingest(
            Ingest::new(cache, client.clone()),
            deliveries,
            shutdown.clone(),
        );
        Ok(WebhookService {
            accounts,
            account_id: account_id.to_string(),
            client,
            local_url: SecretString::from(receiver.url.clone()),
            receiver,
            secrets,
            shutdown,
            ingest,
        })
    }

    /// The receiver's own address (`http://127.0.0.1:PORT/hooks/<token>`): what a sandbox
    /// registers. Its path is the receiver token, hence the secret type; the UI gets
    /// [`Self::shown_local_url`].
    pub fn local_url(&self) -> &SecretString {
        &self.local_url
    }

    /// Where the user's tunnel must forward to, with the secret path hidden.
    pub fn shown_local_url(&self) -> String {
        shown_url(&self.receiver.url)
    }

    /// The loopback address the receiver listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.receiver.local_addr
    }

    /// The secrets the receiver currently accepts (shared with it).
    pub fn receiver_secrets(&self) -> &Secrets {
        &self.secrets
    }

    /// Points the webhook of `business_id` at this receiver: through `public_url` (the
    /// user's tunnel; saved for next time), or, for a sandbox account without one, at the
    /// loopback URL. Stores the secret in the keyring and has the receiver accept it at
    /// once. If the keyring refuses the secret, the registration is removed again: a
    /// secret shown once and kept nowhere would leave a webhook nobody can verify.
    pub async fn register(
        &self,
        business_id: &str,
        public_url: Option<&str>,
    ) -> Result<WebhookStatus, SetupError> {
        let meta = self.business_account(business_id)?;
        let sandbox = meta.kind == AccountKind::Sandbox;
        let url = match public_url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(base) => webhook_url(base, self.receiver.path(), sandbox)?,
            None if sandbox => self.receiver.url.clone(),
            None => {
                return Err(SetupError::InvalidUrl(
                    "enter the public address of your tunnel or reverse proxy".into(),
                ));
            }
        };
        let registration = self
            .client
            .webhooks()
            .register(Some(business_id), &url)
            .await?;
        let name = SecretName::webhook_secret(business_id);
        let secret = registration.webhook_secret.clone();
        if let Err(e) = blocking(self.accounts.secrets(), move |s| s.set(&name, &secret)).await {
            if let Err(undo) = self.client.webhooks().remove(Some(business_id)).await {
                tracing::warn!(
                    code = undo.code().as_str(),
                    "could not remove a webhook whose secret was lost"
                );
            }
            return Err(e.into());
        }
        self.reload_secrets().await?;
        tracing::info!(
            business_id,
            url = %shown_url(&registration.webhook_url),
            "webhook registered"
        );
        if let Some(base) = public_url.map(str::trim).filter(|u| !u.is_empty()) {
            let mut prefs = meta.webhook.clone();
            prefs.public_url = Some(base.to_string());
            self.accounts.set_webhook_prefs(&self.account_id, prefs)?;
        }
        Ok(WebhookStatus {
            business_id: registration.business_id,
            configured: true,
            url: Some(shown_url(&registration.webhook_url)),
            secret_masked: registration.webhook_secret_masked,
            secret_stored: true,
            points_here: true,
        })
    }

    /// Registers the loopback URL for every business of a sandbox account: the sandbox
    /// runs on this machine, so no tunnel is needed. The shell calls it when a sandbox
    /// account becomes active.
    pub async fn register_sandbox_loopback(&self) -> Result<Vec<WebhookStatus>, SetupError> {
        let meta = self.accounts.get(&self.account_id)?;
        if meta.kind != AccountKind::Sandbox {
            return Err(SetupError::NotSandbox);
        }
        let mut statuses = Vec::new();
        for business in &meta.business_ids {
            statuses.push(self.register(business, None).await?);
        }
        Ok(statuses)
    }

    /// The webhook of `business_id` as KaiCalls and the keyring see it (masked).
    pub async fn view(&self, business_id: &str) -> Result<WebhookStatus, SetupError> {
        self.business_account(business_id)?;
        let config = self.client.webhooks().get(Some(business_id)).await?;
        let name = SecretName::webhook_secret(business_id);
        let secret_stored = blocking(self.accounts.secrets(), move |s| s.get(&name))
            .await?
            .is_some();
        let points_here = config
            .webhook_url
            .as_deref()
            .is_some_and(|u| u.ends_with(self.receiver.path()));
        Ok(WebhookStatus {
            business_id: config.business_id,
            configured: config.configured,
            url: config.webhook_url.as_deref().map(shown_url),
            secret_masked: config.webhook_secret_masked,
            secret_stored,
            points_here,
        })
    }

    /// Removes the webhook of `business_id` at KaiCalls (none there counts as done), then
    /// its secret from the keyring and the receiver.
    pub async fn remove(&self, business_id: &str) -> Result<(), SetupError> {
        self.business_account(business_id)?;
        match self.client.webhooks().remove(Some(business_id)).await {
            Ok(_) => {}
            Err(e) if e.code() == Code::NotFound => {}
            Err(e) => return Err(e.into()),
        }
        let name = SecretName::webhook_secret(business_id);
        blocking(self.accounts.secrets(), move |s| s.delete(&name)).await?;
        self.reload_secrets().await
    }

    /// Sends a signed test request through `public_url` (or the saved one) and confirms
    /// this receiver saw it: proof that KaiCalls's deliveries will arrive. Signed with the
    /// business's secret, so the webhook must be registered first.
    pub async fn verify_route(
        &self,
        business_id: &str,
        public_url: Option<&str>,
    ) -> Result<RouteCheck, SetupError> {
        let meta = self.business_account(business_id)?;
        let sandbox = meta.kind == AccountKind::Sandbox;
        let url = match public_url.or(meta.webhook.public_url.as_deref()) {
            Some(base) => webhook_url(base, self.receiver.path(), sandbox)?,
            None if sandbox => self.receiver.url.clone(),
            None => {
                return Err(SetupError::InvalidUrl(
                    "enter the public address of your tunnel or reverse proxy".into(),
                ));
            }
        };
        let name = SecretName::webhook_secret(business_id);
        let secret = blocking(self.accounts.secrets(), move |s| s.get(&name))
            .await?
            .ok_or_else(|| SetupError::NotRegistered(business_id.to_string()))?;
        route::check_route(&url, &secret, self.receiver.probes()).await
    }

    /// Re-reads the account's webhook secrets from the keyring into the receiver.
    pub async fn reload_secrets(&self) -> Result<(), SetupError> {
        let meta = self.accounts.get(&self.account_id)?;
        self.secrets.set(load_secrets(&self.accounts, &meta).await?);
        Ok(())
    }

    /// Stops the receiver, lets ingest store what is queued, and returns its counts.
    pub async fn shutdown(self) -> IngestStats {
        self.receiver.shutdown().await;
        self.shutdown.cancel();
        self.ingest.await.unwrap_or_default()
    }

    fn business_account(&self, business_id: &str) -> Result<AccountMeta, SetupError> {
        let meta = self.accounts.get(&self.account_id)?;
        if !meta.business_ids.iter().any(|b| b == business_id) {
            return Err(SetupError::UnknownBusiness(business_id.to_string()));
        }
        Ok(meta)
    }
}

/// The stored webhook secrets of the account's businesses.
async fn load_secrets(
    accounts: &Accounts,
    meta: &AccountMeta,
) -> Result<Vec<SecretString>, SetupError> {
    let names: Vec<SecretName> = meta
        .business_ids
        .iter()
        .map(|b| SecretName::webhook_secret(b))
        .collect();
    let secrets = blocking(accounts.secrets(), move |s| {
        names
            .iter()
            .map(|n| s.get(n))
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    Ok(secrets.into_iter().flatten().collect())
}
