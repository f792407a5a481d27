//! A scripted HTTP server on loopback, for answers the sandbox never gives (HTML pages,
//! `{"error":"text"}`, hangs, a retry that finds its work already done).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Method, Response, StatusCode, Uri};

/// What the server does with one request.
pub enum Reply {
    /// Answers with a status, extra headers and a body.
    Answer(u16, Vec<(&'static str, String)>, String),
    /// Holds the request this long before answering 200 `{}`.
    Hang(Duration),
}

/// `status` with a JSON body.
pub fn json(status: u16, body: serde_json::Value) -> Reply {
    Reply::Answer(
        status,
        vec![("content-type", "application/json".into())],
        body.to_string(),
    )
}

/// `status` with a raw body of any content type.
pub fn raw(status: u16, content_type: &str, body: &str) -> Reply {
    Reply::Answer(
        status,
        vec![("content-type", content_type.to_string())],
        body.to_string(),
    )
}

type Script = dyn Fn(usize, &Method, &str) -> Reply + Send + Sync;

/// A running scripted server.
pub struct Scripted {
    pub base_url: String,
    hits: Arc<AtomicUsize>,
}

impl Scripted {
    /// Serves `script(hit_number_from_1, method, path)` for every request.
    pub async fn start(
        script: impl Fn(usize, &Method, &str) -> Reply + Send + Sync + 'static,
    ) -> Scripted {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = hits.clone();
        let script: Arc<Script> = Arc::new(script);
        let app = axum::Router::new().fallback(move |method: Method, uri: Uri| {
            let script = script.clone();
            let counter = counter.clone();
            async move {
                let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                respond(script(n, &method, uri.path())).await
            }
        });
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Scripted {
            base_url: format!("http://{addr}"),
            hits,
        }
    }

    /// Requests received so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

async fn respond(reply: Reply) -> Response<Body> {
    match reply {
        Reply::Hang(d) => {
            tokio::time::sleep(d).await;
            Response::new(Body::from("{}"))
        }
        Reply::Answer(status, headers, body) => {
            let mut resp = Response::new(Body::from(body));
            *resp.status_mut() = StatusCode::from_u16(status).unwrap();
            for (k, v) in headers {
                resp.headers_mut().insert(k, v.parse().unwrap());
            }
            resp
        }
    }
}
