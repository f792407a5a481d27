//! The `recording:` protocol: `recording://localhost/<call id>` (on Windows
//! `http://recording.localhost/<call id>`) answers with that call's recording, fetched by
//! the core (`Session::recording`), so the in-app player plays it without the page ever
//! loading a remote address. The page `fetch`es it and plays the bytes from a `blob:`
//! URL: WebKitGTK's media stack cannot read a custom scheme itself (tauri-apps/tauri#3725),
//! while `fetch` can, on every platform. Range requests are answered from the last
//! recording kept in memory, so a player that seeks does not download it again.

use std::sync::{Arc, Mutex};

use kaicalls_core::{App, Recording};
use tauri::http::{Request, Response, StatusCode, header};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

/// Where the app's own page is served from (Linux and macOS; Windows and Android).
const APP_ORIGINS: [&str; 3] = [
    "tauri://localhost",
    "http://tauri.localhost",
    "https://tauri.localhost",
];

/// The protocol's handler, for `register_asynchronous_uri_scheme_protocol("recording", …)`.
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    tauri::async_runtime::spawn(async move {
        responder.respond(answer(&app, &request).await);
    });
}

async fn answer<R: Runtime>(
    app: &tauri::AppHandle<R>,
    request: &Request<Vec<u8>>,
) -> Response<Vec<u8>> {
    let id = request.uri().path().trim_start_matches('/');
    // Call ids are UUID-like; anything else names no call.
    if id.is_empty()
        || id.len() > 100
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return plain(StatusCode::BAD_REQUEST, "not a call id", request);
    }
    let last = app.state::<LastRecording>();
    let recording = match last.get(id) {
        Some(kept) => kept,
        None => {
            let core = app.state::<App>();
            let fetched = match core.session().await {
                Ok(session) => session.recording(id).await,
                Err(e) => Err(e),
            };
            match fetched {
                Ok(r) => last.keep(id, r),
                Err(e) => return plain(StatusCode::BAD_GATEWAY, &e.message, request),
            }
        }
    };
    let total = recording.bytes.len();
    let range = request
        .headers()
        .get(header::RANGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_range(v, total));
    let mut builder = Response::builder();
    // The page's origin is another scheme's (`tauri://localhost`): `fetch` needs the
    // answer to name it. Only the app's own origins are named.
    if let Some(origin) = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .filter(|o| APP_ORIGINS.contains(o))
    {
        builder = builder.header(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    let builder = builder
        .header(header::CONTENT_TYPE, recording.content_type.as_str())
        .header(header::ACCEPT_RANGES, "bytes")
        .header(header::CACHE_CONTROL, "no-store");
    let built = match range {
        Some((start, end)) => builder
            .status(StatusCode::PARTIAL_CONTENT)
            .header(
                header::CONTENT_RANGE,
                format!("bytes {start}-{end}/{total}"),
            )
            .body(recording.bytes[start..=end].to_vec()),
        None => builder.status(StatusCode::OK).body(recording.bytes.clone()),
    };
    built.unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, "no answer", request))
}

/// A refusal in words the page can read (so it names the origin too).
fn plain(status: StatusCode, text: &str, request: &Request<Vec<u8>>) -> Response<Vec<u8>> {
    let mut response = Response::new(text.as_bytes().to_vec());
    *response.status_mut() = status;
    if let Some(origin) = request.headers().get(header::ORIGIN).cloned() {
        if origin.to_str().is_ok_and(|o| APP_ORIGINS.contains(&o)) {
            response
                .headers_mut()
                .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        }
    }
    response
}

/// `bytes=a-b`, `bytes=a-` or `bytes=-n` within `total` bytes, as inclusive bounds.
fn parse_range(value: &str, total: usize) -> Option<(usize, usize)> {
    let spec = value.strip_prefix("bytes=")?.split(',').next()?.trim();
    let (a, b) = spec.split_once('-')?;
    let last = total.checked_sub(1)?;
    let (start, end) = match (a.trim(), b.trim()) {
        ("", n) => {
            let n: usize = n.parse().ok()?;
            (total.saturating_sub(n), last)
        }
        (a, "") => (a.parse().ok()?, last),
        (a, b) => (a.parse().ok()?, b.parse::<usize>().ok()?.min(last)),
    };
    (start <= end && end <= last).then_some((start, end))
}

/// The last recording played, kept so range requests and replays do not fetch it again.
#[derive(Default)]
pub struct LastRecording(Mutex<Option<(String, Arc<Recording>)>>);

impl LastRecording {
    fn get(&self, id: &str) -> Option<Arc<Recording>> {
        let kept = self.0.lock().ok()?;
        kept.as_ref()
            .filter(|(k, _)| k == id)
            .map(|(_, r)| r.clone())
    }

    fn keep(&self, id: &str, recording: Recording) -> Arc<Recording> {
        let recording = Arc::new(recording);
        if let Ok(mut kept) = self.0.lock() {
            *kept = Some((id.to_string(), recording.clone()));
        }
        recording
    }
}

#[cfg(test)]
mod tests {
    use super::parse_range;

    #[test]
    fn reads_the_byte_ranges_players_ask_for() {
        assert_eq!(parse_range("bytes=0-", 100), Some((0, 99)));
        assert_eq!(parse_range("bytes=10-19", 100), Some((10, 19)));
        assert_eq!(parse_range("bytes=90-500", 100), Some((90, 99)));
        assert_eq!(parse_range("bytes=-10", 100), Some((90, 99)));
        assert_eq!(parse_range("bytes=100-", 100), None);
        assert_eq!(parse_range("bytes=5-2", 100), None);
        assert_eq!(parse_range("items=0-1", 100), None);
        assert_eq!(parse_range("bytes=0-", 0), None);
    }
}
