//! How a sandbox is started: the library's `SandboxConfig`, which the binary's flags fill.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use secrecy::SecretString;

/// The default body limit, 1 MiB. KaiCalls' own limit is not documented; agent prompts
/// are the largest bodies the reference shows and run to kilobytes, so a mebibyte is
/// generous for any genuine request and still cheap to buffer.
pub const DEFAULT_MAX_BODY: usize = 1024 * 1024;

/// Settings for [`crate::Sandbox::start`].
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Address to listen on. Port 0 picks a free port.
    pub listen: SocketAddr,
    /// Allow a non-loopback `listen` address. Off by default: the sandbox is for this
    /// machine only.
    pub allow_remote: bool,
    /// Seed for every simulated choice (ids, outcomes, demo data, faults).
    pub seed: u64,
    /// Seed a realistic demo business (agents, numbers, 90 days of calls, leads, ...).
    pub demo: bool,
    /// Generate a large data set for benchmarks.
    pub scale: Option<Scale>,
    /// Wall-clock length of a simulated call from `queued` to its final status.
    pub call_duration: Duration,
    /// Wall-clock length of a simulated eval run from `queued` to `ended`.
    pub eval_duration: Duration,
    /// Fault injection; `None` serves every request faithfully.
    pub faults: Option<FaultConfig>,
    /// Persist state to this JSON file (loaded at start, saved on change and at shutdown).
    pub state_file: Option<PathBuf>,
    /// Multiplies every documented rate limit; 0 turns rate limiting off. 1 (the
    /// default) enforces the reference's table exactly.
    pub rate_limit_multiplier: u32,
    /// How long a client may take to send a request head (also how long a kept-alive
    /// connection may sit idle) before it is disconnected. Default 10 s: real clients send
    /// a head in one write, and on loopback it arrives at once even on a loaded CI machine,
    /// while a stuck or hostile client holds a socket and a task for at most that long.
    pub header_read_timeout: Duration,
    /// Largest request body on any route, in bytes (413 beyond). Default
    /// [`DEFAULT_MAX_BODY`].
    pub max_body: usize,
    /// Webhook delivery attempts kept for `/sandbox/webhook-logs`; the oldest go first.
    /// Default 1000: a test reads back the few it caused and a long demo session stays
    /// visible, while the log (about 300 bytes a row) adds at most some 300 KB to the
    /// state file.
    pub max_webhook_logs: usize,
    /// The demo account's key from an earlier start (the app keeps it in the keyring).
    /// While the state still knows it as the demo owner's active key it is handed out
    /// again, so restarts do not pile up valid all-scope keys; otherwise a new one is
    /// minted.
    pub demo_key: Option<SecretString>,
    /// A `state_file` that cannot be read is moved aside and the sandbox starts fresh
    /// (the app's own demo sandbox), instead of refusing to start (someone's `--state`
    /// file, which they may want to look at first).
    pub replace_damaged_state: bool,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            allow_remote: false,
            seed: 0,
            demo: false,
            scale: None,
            call_duration: Duration::from_secs(12),
            eval_duration: Duration::from_secs(2),
            faults: None,
            state_file: None,
            rate_limit_multiplier: 1,
            header_read_timeout: Duration::from_secs(10),
            max_body: DEFAULT_MAX_BODY,
            max_webhook_logs: 1000,
            demo_key: None,
            replace_damaged_state: false,
        }
    }
}

impl SandboxConfig {
    /// For tests: simulated calls end in 300 ms and eval runs in 200 ms, so a whole call
    /// lifecycle fits in a test; everything else as [`SandboxConfig::default`] (the
    /// reference's rate limits included). The one place tests get "a fast sandbox" from.
    pub fn fast() -> Self {
        SandboxConfig {
            call_duration: Duration::from_millis(300),
            eval_duration: Duration::from_millis(200),
            ..SandboxConfig::default()
        }
    }
}

/// Fault injection settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaultConfig {
    /// Fraction of `/api/` requests (0.0–1.0) that get a fault.
    pub rate: f64,
    /// How long a "slow" fault holds the response (pick more than the client's timeout).
    pub slow: Duration,
}

impl FaultConfig {
    /// Faults at `rate` with the default 15 s slow response.
    pub fn new(rate: f64) -> Self {
        FaultConfig {
            rate: rate.clamp(0.0, 1.0),
            slow: Duration::from_secs(15),
        }
    }
}

/// Size of a generated benchmark data set (`--scale calls=N,leads=N`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Scale {
    /// Completed calls, each with a transcript.
    pub calls: usize,
    /// Leads.
    pub leads: usize,
}

impl FromStr for Scale {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let mut scale = Scale::default();
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| format!("expected key=value, got {part:?}"))?;
            let n: usize = value
                .trim()
                .parse()
                .map_err(|_| format!("{key}: {value:?} is not a count"))?;
            match key.trim() {
                "calls" => scale.calls = n,
                "leads" => scale.leads = n,
                other => return Err(format!("unknown scale key {other:?} (use calls, leads)")),
            }
        }
        Ok(scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_scale() {
        assert_eq!(
            "calls=10000, leads=5000".parse::<Scale>(),
            Ok(Scale {
                calls: 10_000,
                leads: 5_000
            })
        );
        assert!("calls=lots".parse::<Scale>().is_err());
        assert!("sms=3".parse::<Scale>().is_err());
    }
}
