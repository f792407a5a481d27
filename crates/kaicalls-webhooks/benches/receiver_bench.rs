//! Verified webhooks per second on loopback, against a plain hyper handler in the same run.
//!
//! `cargo bench -p kaicalls-webhooks --bench receiver_bench [-- REQUESTS [CONNECTIONS]]`
//!
//! Both servers get the same traffic from the same load generator: REQUESTS distinct
//! `lead.created` bodies (default 20000), signed before the clock starts, sent over
//! CONNECTIONS kept-alive HTTP/1.1 connections (default 32). The plain handler reads the
//! body and answers 200; the receiver does its whole job (path token, content type, body
//! limit and timeout, HMAC verification, decoding, de-duplication, queueing) and a task
//! drains its queue. Rounds alternate between the two so drift in the machine's load hits
//! both; the median round of each is reported, with the ratio (target ≥ 0.7).
//!
//! On a shared machine wall-clock rates swing with other processes' load, so each round
//! also reads this process's CPU time (Linux: `/proc/self/stat`) and reports requests per
//! CPU-second, load generator included: what the same work would reach on idle cores.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response};
use kaicalls_webhooks::{MemoryDedup, Receiver, ReceiverConfig, Secrets, sign_header};
use secrecy::SecretString;

const SECRET: &str = "whsec_benchmark_secret_0123456789";
const ROUNDS: usize = 7;

struct Signed {
    body: Bytes,
    signature: String,
}

fn bodies(n: usize, round: &str) -> Vec<Signed> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    (0..n)
        .map(|i| {
            let body = serde_json::to_vec(&serde_json::json!({
                "event": "lead.created",
                "timestamp": "2026-04-27T14:32:12Z",
                "business_id": "uuid-biz456",
                "data": {
                    "id": format!("lead-{round}-{i}"),
                    "name": "Jane Smith",
                    "email": "jane@example.com",
                    "phone": "+15125550123",
                    "source": "inbound_call"
                }
            }))
            .unwrap();
            let signature = sign_header(SECRET.as_bytes(), now, &body);
            Signed {
                body: Bytes::from(body),
                signature,
            }
        })
        .collect()
}

/// A plain hyper server: read the body, answer 200 with a small JSON.
async fn plain_server() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(|req: Request<Incoming>| async move {
                    let _ = req.into_body().collect().await;
                    Ok::<_, Infallible>(
                        Response::builder()
                            .header("content-type", "application/json")
                            .body(Full::new(Bytes::from_static(b"{\"ok\":true}")))
                            .unwrap(),
                    )
                });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

/// User + system CPU seconds of this process so far (all threads), where the OS says.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may contain spaces) start at the state field.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // Linux reports clock ticks; USER_HZ is 100 on every mainstream configuration.
    Some((utime + stime) / 100.0)
}

struct Rate {
    wall: f64,
    per_cpu_second: Option<f64>,
}

/// Sends every body once over `connections` kept-alive connections.
async fn load(addr: SocketAddr, path: &str, work: Vec<Signed>, connections: usize) -> Rate {
    let cpu_before = cpu_seconds();
    let total = work.len();
    let work = Arc::new(std::sync::Mutex::new(work));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let work = work.clone();
        let path = path.to_string();
        tasks.push(tokio::spawn(async move {
            let stream = tokio::net::TcpStream::connect(addr).await.unwrap();
            stream.set_nodelay(true).unwrap();
            let (mut sender, conn) =
                hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
                    .await
                    .unwrap();
            tokio::spawn(conn);
            loop {
                let Some(item) = work.lock().unwrap().pop() else {
                    break;
                };
                let req = Request::post(&path)
                    .header("host", "127.0.0.1")
                    .header("content-type", "application/json")
                    .header("x-kaicalls-signature", item.signature)
                    .body(Full::new(item.body))
                    .unwrap();
                let res = sender.send_request(req).await.unwrap();
                assert_eq!(res.status(), 200);
                let _ = res.into_body().collect().await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let wall = total as f64 / started.elapsed().as_secs_f64();
    let cpu = cpu_before.zip(cpu_seconds()).map(|(a, b)| b - a);
    Rate {
        wall,
        per_cpu_second: cpu.filter(|c| *c > 0.0).map(|c| total as f64 / c),
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let requests: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let connections: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(32);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let plain = plain_server().await;
        let (receiver, mut deliveries) = Receiver::start(
            ReceiverConfig {
                queue: requests * (ROUNDS + 1),
                read_timeout: Duration::from_secs(30),
                ..ReceiverConfig::default()
            },
            Secrets::new(vec![SecretString::from(SECRET)]),
            Arc::new(MemoryDedup::new(requests * (ROUNDS + 1))),
        )
        .await
        .unwrap();
        let drained = tokio::spawn(async move {
            let mut n = 0usize;
            while deliveries.recv().await.is_some() {
                n += 1;
            }
            n
        });
        let path = receiver.path().to_string();

        // Warm-up: connections, allocator, branch predictors.
        let warm = requests.min(2_000);
        let _ = load(plain, "/", bodies(warm, "warm-p"), connections).await;
        let _ = load(receiver.local_addr, &path, bodies(warm, "warm-r"), connections).await;

        let (mut plain_rates, mut verified_rates) = (Vec::new(), Vec::new());
        let (mut plain_cpu, mut verified_cpu) = (Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            let p = load(plain, "/", bodies(requests, &format!("p{round}")), connections).await;
            let r = load(
                receiver.local_addr,
                &path,
                bodies(requests, &format!("r{round}")),
                connections,
            )
            .await;
            println!(
                "round {round}: plain hyper {:>7.0}/s ({:>7.0}/cpu-s)   verified webhooks {:>7.0}/s ({:>7.0}/cpu-s)",
                p.wall,
                p.per_cpu_second.unwrap_or(0.0),
                r.wall,
                r.per_cpu_second.unwrap_or(0.0)
            );
            plain_rates.push(p.wall);
            verified_rates.push(r.wall);
            plain_cpu.extend(p.per_cpu_second);
            verified_cpu.extend(r.per_cpu_second);
        }
        receiver.shutdown().await;
        let ingested = drained.await.unwrap();
        assert_eq!(ingested, warm + requests * ROUNDS, "every verified webhook was queued once");

        let (p, r) = (median(plain_rates), median(verified_rates));
        println!(
            "{requests} requests x {ROUNDS} rounds over {connections} connections on loopback, {} cores",
            std::thread::available_parallelism().map_or(0, |n| n.get())
        );
        println!("plain hyper handler:  {p:>8.0} requests/s (median)");
        println!("verified webhooks:    {r:>8.0} requests/s (median)");
        println!("ratio:                {:>8.2} (target >= 0.70)", r / p);
        if !plain_cpu.is_empty() && !verified_cpu.is_empty() {
            let (pc, rc) = (median(plain_cpu), median(verified_cpu));
            println!("per CPU-second (load generator included, median):");
            println!("plain hyper handler:  {pc:>8.0} requests/cpu-s");
            println!("verified webhooks:    {rc:>8.0} requests/cpu-s");
            println!("ratio:                {:>8.2}", rc / pc);
        }
    });
}
