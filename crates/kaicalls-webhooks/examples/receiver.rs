//! A standalone receiver for black-box tests.
//!
//! `cargo run -p kaicalls-webhooks --example receiver -- --secret SECRET [--listen ADDR]
//! [--tolerance-secs N]` prints `{"url":…}` once it accepts connections, then one JSON
//! line per event accepted for ingest, and nothing for rejected or duplicate deliveries.
#![allow(clippy::print_stdout)]

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use kaicalls_webhooks::{MemoryDedup, Receiver, ReceiverConfig, Secrets};
use secrecy::SecretString;

#[derive(Parser)]
struct Args {
    /// The signing secret (repeat during a rotation).
    #[arg(long, required = true)]
    secret: Vec<String>,
    /// Loopback address to listen on.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Accepted clock difference, in seconds.
    #[arg(long, default_value_t = kaicalls_webhooks::DEFAULT_TOLERANCE_SECS)]
    tolerance_secs: u64,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args = Args::parse();
    let config = ReceiverConfig {
        listen: args.listen,
        tolerance_secs: args.tolerance_secs,
        ..ReceiverConfig::default()
    };
    let secrets = Secrets::new(args.secret.into_iter().map(SecretString::from).collect());
    let (handle, mut events) =
        match Receiver::start(config, secrets, Arc::new(MemoryDedup::new(100_000))).await {
            Ok(started) => started,
            Err(e) => {
                eprintln!("receiver: {e}");
                return ExitCode::FAILURE;
            }
        };
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{}", serde_json::json!({ "url": handle.url })).is_err()
        || out.flush().is_err()
    {
        return ExitCode::FAILURE;
    }
    while let Some(delivery) = events.recv().await {
        let line = serde_json::json!({
            "event": delivery.event.name(),
            "timestamp": delivery.event.timestamp(),
            "business_id": delivery.event.business_id(),
        });
        if writeln!(out, "{line}").is_err() || out.flush().is_err() {
            break;
        }
    }
    ExitCode::SUCCESS
}
