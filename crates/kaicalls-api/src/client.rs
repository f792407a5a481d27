//! The [`Client`]: one connection pool, one key, one set of rate-limit buckets, shared
//! by every resource group.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use secrecy::SecretString;

use crate::error::{Error, Result};
use crate::key::{ApiKey, KAICALLS_ORIGIN, is_loopback};
use crate::limits::{Limiter, RateLimits};
use crate::phone::Region;
use crate::resources::{
    Account, Agents, Analytics, Calls, Evals, Leads, Mcp, Numbers, Sandbox, Sdr, Sms, Transcripts,
    Webhooks,
};
use crate::retry::RetryPolicy;
use crate::stats::{RouteStats, Stats};

/// A KaiCalls API client. Cheap to clone: clones share the connection pool, the rate
/// limits and the statistics.
///
/// ```no_run
/// # async fn demo() -> kaicalls_api::Result<()> {
/// use kaicalls_api::{Client, models::CallFilter};
/// let client = Client::new("kc_live_EXAMPLE_not_a_real_key")?;
/// let recent = client.calls().list(CallFilter::default()).send().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: reqwest::Client,
    pub(crate) base: Url,
    pub(crate) key: Option<ApiKey>,
    pub(crate) allowed_origins: Vec<Url>,
    pub(crate) retry: RetryPolicy,
    pub(crate) rate_limits: RateLimits,
    pub(crate) limiter: Limiter,
    pub(crate) region: Option<Region>,
    pub(crate) stats: Stats,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base.as_str())
            .field("key", &self.inner.key)
            .field("retry", &self.inner.retry)
            .field("rate_limits", &self.inner.rate_limits)
            .field("region", &self.inner.region)
            .finish()
    }
}

impl Client {
    /// A client for the KaiCalls API with a live key and default settings.
    pub fn new(api_key: impl Into<String>) -> Result<Client> {
        Client::builder()
            .api_key(SecretString::from(api_key.into()))
            .build()
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The same client with another key (e.g. the one signup returned), sharing the
    /// connection pool. The key is checked against the base URL like at build time; rate
    /// limits and statistics start fresh, since KaiCalls counts them per key.
    pub fn with_api_key(&self, api_key: SecretString) -> Result<Client> {
        let key = ApiKey::new(api_key)?;
        key.check_destination(&self.inner.base, &self.inner.allowed_origins)?;
        Ok(Client {
            inner: Arc::new(Inner {
                http: self.inner.http.clone(),
                base: self.inner.base.clone(),
                key: Some(key),
                allowed_origins: self.inner.allowed_origins.clone(),
                retry: self.inner.retry,
                rate_limits: self.inner.rate_limits,
                limiter: Limiter::new(self.inner.rate_limits),
                region: self.inner.region,
                stats: Stats::default(),
            }),
        })
    }

    /// The origin requests go to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base
    }

    /// The key's kind, if the client has a key.
    pub fn key_kind(&self) -> Option<crate::KeyKind> {
        self.inner.key.as_ref().map(ApiKey::kind)
    }

    /// Attempts, retries and failures per route (`"POST /api/v1/calls"`) since the
    /// client was built: for diagnostics, and for tests that prove nothing was sent twice.
    pub fn stats(&self) -> std::collections::BTreeMap<String, RouteStats> {
        self.inner.stats.snapshot()
    }

    /// Phone input normalised with the client's default region.
    pub fn phone(&self, input: &str) -> Result<String> {
        crate::phone::normalize(input, self.inner.region)
    }

    /// Agents: list, get, create, update (prompts, voice, model, `vapi_config`).
    pub fn agents(&self) -> Agents {
        Agents::new(self.clone())
    }

    /// Phone numbers of the account.
    pub fn numbers(&self) -> Numbers {
        Numbers::new(self.clone())
    }

    /// Outbound calls: place, list, get, wait for the end.
    pub fn calls(&self) -> Calls {
        Calls::new(self.clone())
    }

    /// Leads: list with filters, get, update.
    pub fn leads(&self) -> Leads {
        Leads::new(self.clone())
    }

    /// Call transcripts.
    pub fn transcripts(&self) -> Transcripts {
        Transcripts::new(self.clone())
    }

    /// Text messages and the SMS prompt.
    pub fn sms(&self) -> Sms {
        Sms::new(self.clone())
    }

    /// Eval scenarios and their runs.
    pub fn evals(&self) -> Evals {
        Evals::new(self.clone())
    }

    /// The SDR pipeline.
    pub fn sdr(&self) -> Sdr {
        Sdr::new(self.clone())
    }

    /// Aggregate analytics for dashboards.
    pub fn analytics(&self) -> Analytics {
        Analytics::new(self.clone())
    }

    /// Balance and the API usage log.
    pub fn account(&self) -> Account {
        Account::new(self.clone())
    }

    /// The global webhook of a business.
    pub fn webhooks(&self) -> Webhooks {
        Webhooks::new(self.clone())
    }

    /// The MCP JSON-RPC endpoint.
    pub fn mcp(&self) -> Mcp {
        Mcp::new(self.clone())
    }

    /// Routes only the sandbox serves (simulating an inbound call).
    pub fn sandbox(&self) -> Sandbox {
        Sandbox::new(self.clone())
    }
}

/// Settings for a [`Client`]. Every setting has a default suited to the desktop app.
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: String,
    api_key: Option<SecretString>,
    allowed_origins: Vec<String>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    rate_limits: RateLimits,
    region: Option<String>,
    user_agent: String,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            base_url: KAICALLS_ORIGIN.to_string(),
            api_key: None,
            allowed_origins: Vec::new(),
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            rate_limits: RateLimits::default(),
            region: Some("US".into()),
            user_agent: format!("kaicalls-desktop/{}", env!("CARGO_PKG_VERSION")),
        }
    }
}

impl ClientBuilder {
    /// The API origin (default `https://www.kaicalls.com`). A trailing `/api/v1`, as
    /// copied from the reference, is accepted and dropped.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The key sent as `Authorization: Bearer`. Without one, only signup works.
    pub fn api_key(mut self, key: SecretString) -> Self {
        self.api_key = Some(key);
        self
    }

    /// The user's explicit consent to send a live key to another origin (a staging
    /// server, a proxy). Test keys ignore this: they never leave loopback.
    pub fn allow_origin(mut self, origin: impl Into<String>) -> Self {
        self.allowed_origins.push(origin.into());
        self
    }

    /// Longest time one attempt may take, answer included (default 30 s). Eval runs
    /// that block on the server get their own, longer timeout.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Longest time to open a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How idempotent requests are retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Client-side rate limiting.
    pub fn rate_limits(mut self, limits: RateLimits) -> Self {
        self.rate_limits = limits;
        self
    }

    /// The country national-format phone numbers are read in (default `US`); `None`
    /// requires every number to start with `+`.
    pub fn default_region(mut self, region: Option<&str>) -> Self {
        self.region = region.map(str::to_string);
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = agent.into();
        self
    }

    /// Checks every setting (the key against the base URL above all) and builds the
    /// client.
    pub fn build(self) -> Result<Client> {
        let base = parse_base(&self.base_url)?;
        let allowed_origins = self
            .allowed_origins
            .iter()
            .map(|o| parse_base(o))
            .collect::<Result<Vec<_>>>()?;
        // The key's rules first: they are the ones a user must hear about.
        let key = self.api_key.map(ApiKey::new).transpose()?;
        if let Some(key) = &key {
            key.check_destination(&base, &allowed_origins)?;
        }
        if base.scheme() != "https"
            && !is_loopback(&base)
            && !allowed_origins.iter().any(|a| a.origin() == base.origin())
        {
            return Err(Error::config(
                "only https is used off this computer (allow the origin explicitly to override)",
            ));
        }
        let region = self.region.as_deref().map(Region::parse).transpose()?;
        let mut http = crate::tls::http_client();
        // reqwest honours HTTP(S)_PROXY and ALL_PROXY, and NO_PROXY only when the user
        // thought of it: a sandbox on this machine, and its key, must never go through a
        // proxy. Live traffic keeps the system's proxy, as a corporate network needs.
        if is_loopback(&base) {
            // The sandbox drops a connection idle for its header-read timeout (10 s); a
            // pooled one kept longer could be picked for a request just as it closes.
            http = http
                .no_proxy()
                .pool_idle_timeout(std::time::Duration::from_secs(5));
        }
        let http = http
            .timeout(self.timeout)
            .connect_timeout(self.connect_timeout)
            // A redirect could carry the request (and its key) to another host, and would
            // replay a POST: never follow one.
            .redirect(reqwest::redirect::Policy::none())
            // Every retry is this crate's decision, counted in `stats()`.
            .retry(reqwest::retry::never())
            .user_agent(self.user_agent)
            .build()
            .map_err(|e| Error::config(format!("the HTTP client could not start: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                key,
                allowed_origins,
                retry: self.retry,
                rate_limits: self.rate_limits,
                limiter: Limiter::new(self.rate_limits),
                region,
                stats: Stats::default(),
            }),
        })
    }
}

/// An origin URL: http(s), a host, no credentials, query or fragment, and no path
/// beyond `/` or `/api/v1`.
fn parse_base(text: &str) -> Result<Url> {
    let mut url = Url::parse(text.trim())
        .map_err(|e| Error::config(format!("{:?} is not a URL: {e}", text.trim())))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(Error::config(format!(
            "{:?} must be an http(s) address with a host",
            url.as_str()
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Error::config(
            "the address must not contain a user name or password",
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::config(
            "the address must not have a query or fragment",
        ));
    }
    let path = url.path().trim_end_matches('/');
    if !(path.is_empty() || path == "/api/v1") {
        return Err(Error::config(format!(
            "the address should be an origin like {KAICALLS_ORIGIN}, not a path ({path})"
        )));
    }
    url.set_path("/");
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert!(parse_base("https://www.kaicalls.com").is_ok());
        assert_eq!(
            parse_base("https://www.kaicalls.com/api/v1/")
                .map(|u| u.to_string())
                .ok()
                .as_deref(),
            Some("https://www.kaicalls.com/")
        );
        assert!(parse_base("ftp://x").is_err());
        assert!(parse_base("https://u:p@www.kaicalls.com").is_err());
        assert!(parse_base("https://www.kaicalls.com/other").is_err());
        assert!(parse_base("not a url").is_err());
    }
}
