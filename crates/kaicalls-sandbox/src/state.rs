//! The sandbox's whole state: the persisted database (`Db`) and the running server's
//! shared handle (`App`).

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use indexmap::IndexMap;
use parking_lot::{Mutex, MutexGuard};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::config::SandboxConfig;
use crate::faults::Ledger;
use crate::limits::Limits;
use crate::model::*;
use crate::time::{Clock, Ts};

/// Every scope in the reference's table plus the SDR scopes its SDR section names. The
/// signup (owner) key carries all of them (DESIGN.md, contract notes).
pub const ALL_SCOPES: &[&str] = &[
    "agents:read",
    "agents:write",
    "numbers:read",
    "calls:read",
    "calls:write",
    "leads:read",
    "leads:write",
    "sms:read",
    "sms:write",
    "emails:read",
    "emails:write",
    "webhooks:read",
    "webhooks:write",
    "evals:read",
    "evals:write",
    "sdr:read",
    "sdr:write",
];

/// The "standard" set that `POST /api/v1/keys` grants by default.
pub const STANDARD_SCOPES: &[&str] = &[
    "agents:read",
    "agents:write",
    "numbers:read",
    "calls:read",
    "calls:write",
    "sms:read",
    "sms:write",
    "emails:read",
    "emails:write",
];

/// Everything the sandbox stores. Collections keep insertion order, which is
/// `created_at` order because every record's timestamp comes from one monotonic clock;
/// list endpoints rely on that to walk newest-first and binary-search cursors.
#[derive(Debug, Serialize, Deserialize)]
pub struct Db {
    pub seed: u64,
    pub rng: ChaCha8Rng,
    pub clock: Clock,
    pub demo_user_id: Option<String>,
    pub demo_business_id: Option<String>,
    pub demo_agent_id: Option<String>,
    pub demo_seeded: bool,
    #[serde(default)]
    pub scale_applied: bool,
    pub users: IndexMap<String, User>,
    pub businesses: IndexMap<String, Business>,
    /// Keyed by the key's SHA-256 hash.
    pub keys: IndexMap<String, ApiKey>,
    pub agents: IndexMap<String, Agent>,
    pub numbers: IndexMap<String, Number>,
    pub calls: IndexMap<String, Call>,
    pub leads: IndexMap<String, Lead>,
    pub sms: IndexMap<String, Sms>,
    pub evals: IndexMap<String, Eval>,
    pub eval_runs: IndexMap<String, EvalRun>,
    pub sdr_configs: HashMap<String, SdrConfig>,
    pub sdr_activity: IndexMap<String, SdrActivity>,
    pub usage: IndexMap<String, UsageLog>,
    pub webhooks: HashMap<String, WebhookConfig>,
    pub webhook_logs: IndexMap<String, WebhookLog>,
    /// Numbers on the Do-Not-Call list, beyond the magic ones (see README).
    pub dnc: BTreeSet<String>,
    /// Numbers that have not opted in to SMS, beyond the magic ones.
    pub opted_out: BTreeSet<String>,
}

/// How many usage rows are kept; older ones are dropped (a real log would be archived).
const MAX_USAGE_ROWS: usize = 100_000;

impl Db {
    /// An empty database whose random choices all follow from `seed`.
    pub fn new(seed: u64) -> Self {
        Db {
            seed,
            rng: ChaCha8Rng::seed_from_u64(seed),
            clock: Clock::default(),
            demo_user_id: None,
            demo_business_id: None,
            demo_agent_id: None,
            demo_seeded: false,
            scale_applied: false,
            users: IndexMap::new(),
            businesses: IndexMap::new(),
            keys: IndexMap::new(),
            agents: IndexMap::new(),
            numbers: IndexMap::new(),
            calls: IndexMap::new(),
            leads: IndexMap::new(),
            sms: IndexMap::new(),
            evals: IndexMap::new(),
            eval_runs: IndexMap::new(),
            sdr_configs: HashMap::new(),
            sdr_activity: IndexMap::new(),
            usage: IndexMap::new(),
            webhooks: HashMap::new(),
            webhook_logs: IndexMap::new(),
            dnc: BTreeSet::new(),
            opted_out: BTreeSet::new(),
        }
    }

    /// A new UUID drawn from the seeded generator.
    pub fn uuid(&mut self) -> String {
        let bytes: [u8; 16] = self.rng.random();
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }

    /// `n` random lowercase hex digits from the seeded generator.
    pub fn hex(&mut self, n: usize) -> String {
        let mut out = String::with_capacity(n);
        while out.len() < n {
            let b: u8 = self.rng.random();
            out.push_str(&format!("{b:02x}"));
        }
        out.truncate(n);
        out
    }

    /// A new call with fresh ids (see [`Call::blank`]).
    pub fn new_call(&mut self, party: CallParty<'_>, status: &str, at: Ts) -> Call {
        let id = self.uuid();
        let conversation_id = format!("vapi-conv-{}", self.hex(12));
        Call::blank(id, conversation_id, party, status, at)
    }

    /// The next unique timestamp.
    pub fn now(&mut self) -> Ts {
        self.clock.tick()
    }

    /// Mints a new API key for `user_id` and returns the plaintext (shown once).
    pub fn mint_key(
        &mut self,
        user_id: &str,
        business_id: Option<String>,
        name: &str,
        scopes: Vec<String>,
    ) -> (String, ApiKey) {
        // Keys are random from the OS, not from the seed: a key must not be guessable
        // from a seed printed in a log.
        let secret: [u8; 24] = rand::rng().random();
        let plaintext = format!("kc_test_{}", hex::encode(secret));
        let record = ApiKey {
            id: self.uuid(),
            hash: hash_key(&plaintext),
            prefix: plaintext.chars().take(12).collect(),
            name: name.to_string(),
            scopes,
            user_id: user_id.to_string(),
            business_id,
            created_at: self.now(),
            last_used_at: None,
            expires_at: None,
            is_active: true,
        };
        self.keys.insert(record.hash.clone(), record.clone());
        (plaintext, record)
    }

    /// Appends a usage row, dropping the oldest past the cap.
    pub fn log_usage(&mut self, row: UsageLog) {
        self.usage.insert(row.id.clone(), row);
        if self.usage.len() > MAX_USAGE_ROWS {
            self.usage.shift_remove_index(0);
        }
    }

    /// Businesses a key may act on: its own business, or all of its owner's.
    pub fn businesses_of(&self, user_id: &str, key_business: Option<&str>) -> Vec<String> {
        self.businesses
            .values()
            .filter(|b| b.user_id == user_id)
            .filter(|b| key_business.is_none_or(|kb| kb == b.id))
            .map(|b| b.id.clone())
            .collect()
    }

    /// The agent's phone number, if one is assigned.
    pub fn agent_phone(&self, agent_id: &str) -> Option<String> {
        self.numbers
            .values()
            .find(|n| n.agent_id.as_deref() == Some(agent_id))
            .map(|n| n.phone_number.clone())
    }

    /// The SDR config of a business, or the safe defaults.
    pub fn sdr_config(&self, business_id: &str) -> SdrConfig {
        self.sdr_configs
            .get(business_id)
            .cloned()
            .unwrap_or_default()
    }
}

/// SHA-256 of a key, hex: how keys are looked up without being stored.
pub fn hash_key(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

/// State shared by every request handler and background task.
pub struct Shared {
    db: Mutex<Db>,
    dirty: AtomicBool,
    pub config: SandboxConfig,
    pub limits: Limits,
    pub ledger: Ledger,
    pub http: reqwest::Client,
    pub tasks: TaskTracker,
    pub cancel: CancellationToken,
    request_seq: AtomicU64,
    /// The base URL clients reach the sandbox on (for recording URLs).
    pub base_url: String,
    /// Switches for upstream failures (`/sandbox/settings`).
    pub settings: Mutex<Settings>,
    /// Items served damaged on purpose (`SandboxHandle::corrupt`).
    pub corruptions: crate::corrupt::Corruptions,
}

/// Runtime switches that make upstream services fail on purpose, so tests can reach
/// error codes no input can trigger. Not persisted.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct Settings {
    /// `POST /signup` answers 402 `payment_required` (x402 enabled).
    #[serde(default)]
    pub payment_required: bool,
    /// Vapi is down: agent and eval writes answer 502 `vapi_error`.
    #[serde(default)]
    pub vapi_down: bool,
}

/// Handle to the shared state, cloned into every handler.
pub type App = Arc<Shared>;

impl Shared {
    /// Builds the shared state around a loaded or new database.
    pub fn new(db: Db, config: SandboxConfig, base_url: String, http: reqwest::Client) -> Self {
        let limits = Limits::new(config.rate_limit_multiplier);
        Shared {
            db: Mutex::new(db),
            dirty: AtomicBool::new(false),
            limits,
            ledger: Ledger::default(),
            http,
            tasks: TaskTracker::new(),
            cancel: CancellationToken::new(),
            request_seq: AtomicU64::new(0),
            config,
            base_url,
            settings: Mutex::new(Settings::default()),
            corruptions: Default::default(),
        }
    }

    /// Locks the database for reading. Never hold the guard across an `.await`.
    pub fn db(&self) -> MutexGuard<'_, Db> {
        self.db.lock()
    }

    /// Locks the database for a change, marking it for the next save.
    pub fn db_mut(&self) -> MutexGuard<'_, Db> {
        self.dirty.store(true, Ordering::Release);
        self.db.lock()
    }

    /// Clears and returns the dirty flag (the saver's question: anything to write?).
    pub fn take_dirty(&self) -> bool {
        self.dirty.swap(false, Ordering::AcqRel)
    }

    /// The next request sequence number (fault injection draws from it).
    pub fn next_request_seq(&self) -> u64 {
        self.request_seq.fetch_add(1, Ordering::Relaxed)
    }
}
