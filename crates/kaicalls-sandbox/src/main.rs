//! `kaicalls-sandbox`: run the KaiCalls-compatible sandbox server from the command line.
//!
//! Prints exactly one JSON line on stdout once it accepts connections:
//! `{"base_url":…,"api_key":…,"business_id":…,"agent_id":…}`; logs go to stderr.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use kaicalls_sandbox::{FaultConfig, Sandbox, SandboxConfig, Scale};
use secrecy::ExposeSecret;

/// A KaiCalls-compatible API server on loopback, for demos and tests.
#[derive(Debug, Parser)]
#[command(name = "kaicalls-sandbox", version)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Allow a non-loopback listen address.
    #[arg(long)]
    allow_remote: bool,
    /// Seed the demo business: agents, numbers, 90 days of calls, leads, transcripts.
    #[arg(long)]
    demo: bool,
    /// Seed for every simulated choice.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Seconds a simulated call takes from queued to its final status.
    #[arg(long, default_value_t = 12.0)]
    call_seconds: f64,
    /// Seconds a simulated eval run takes.
    #[arg(long, default_value_t = 2.0)]
    eval_seconds: f64,
    /// Fraction of /api/ requests that get an injected fault (0.0–1.0).
    #[arg(long)]
    faults: Option<f64>,
    /// How long a "slow" fault holds its response, in milliseconds.
    #[arg(long, default_value_t = 15_000)]
    fault_slow_ms: u64,
    /// Persist state in this JSON file.
    #[arg(long)]
    state: Option<PathBuf>,
    /// Generate a large data set, e.g. `calls=10000,leads=5000`.
    #[arg(long)]
    scale: Option<Scale>,
    /// Multiply the documented rate limits (0 disables them).
    #[arg(long, default_value_t = 1)]
    rate_limit_multiplier: u32,
}

fn seconds(name: &str, s: f64) -> Result<Duration, String> {
    Duration::try_from_secs_f64(s).map_err(|_| format!("--{name} must be a non-negative number"))
}

async fn run(args: Args) -> Result<(), String> {
    if let Some(rate) = args.faults {
        if !(0.0..=1.0).contains(&rate) {
            return Err("--faults must be between 0.0 and 1.0".into());
        }
    }
    let config = SandboxConfig {
        listen: args.listen,
        allow_remote: args.allow_remote,
        seed: args.seed,
        demo: args.demo,
        scale: args.scale,
        call_duration: seconds("call-seconds", args.call_seconds)?,
        eval_duration: seconds("eval-seconds", args.eval_seconds)?,
        faults: args.faults.map(|rate| FaultConfig {
            rate,
            slow: Duration::from_millis(args.fault_slow_ms),
        }),
        state_file: args.state,
        rate_limit_multiplier: args.rate_limit_multiplier,
        demo_key: None,
        // The connection limits have no flags: their defaults suit every use so far.
        ..SandboxConfig::default()
    };
    let sandbox = Sandbox::start(config).await.map_err(|e| e.to_string())?;
    let line = serde_json::json!({
        "base_url": sandbox.base_url,
        "api_key": sandbox.demo_account.api_key.expose_secret(),
        "business_id": sandbox.demo_account.business_id,
        "agent_id": sandbox.demo_account.agent_id,
    });
    println!("{line}");
    shutdown_signal().await;
    sandbox.shutdown().await.map_err(|e| e.to_string())
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("kaicalls-sandbox: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kaicalls-sandbox: {e}");
            ExitCode::FAILURE
        }
    }
}
