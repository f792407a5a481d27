//! A call's recording for the app's own player: fetched by Rust from the link KaiCalls
//! gave (checked by [`recording_link`](crate::links::recording_link): `https`, or `http`
//! on loopback for the sandbox) and handed to the webview through the `recording:`
//! protocol, so the page never loads a remote address and the CSP stays closed.

use std::time::Duration;

use kaicalls_vocab::Code;

use super::session::Session;
use crate::error::AppError;

/// The largest recording the player takes (an hour of WAV is about 600 MB; KaiCalls'
/// are compressed, a ten-minute MP3 is under 10 MB).
const MAX_RECORDING_BYTES: usize = 64 * 1024 * 1024;
const FETCH_TIMEOUT: Duration = Duration::from_secs(60);

/// A recording's bytes and the type its server gave them.
#[derive(Debug, Clone)]
pub struct Recording {
    /// The audio.
    pub bytes: Vec<u8>,
    /// `audio/mpeg`, `audio/wav`, …; `application/octet-stream` when the server said none.
    pub content_type: String,
}

fn failed(what: impl std::fmt::Display) -> AppError {
    AppError::new(
        Code::OpenFailed,
        format!("The recording could not be loaded ({what}). Open it in another app instead."),
    )
}

impl Session {
    /// Downloads call `id`'s recording (loopback addresses never through a proxy).
    pub async fn recording(&self, id: &str) -> Result<Recording, AppError> {
        let url = self.recording_url(id).await?;
        let mut builder = kaicalls_api::tls::http_client().timeout(FETCH_TIMEOUT);
        if kaicalls_api::key::is_loopback(&url) {
            builder = builder.no_proxy();
        }
        let client = builder.build().map_err(failed)?;
        let mut response = client
            .get(url)
            .send()
            .await
            .map_err(|e| failed(e.without_url()))?;
        if !response.status().is_success() {
            return Err(failed(format!("the server answered {}", response.status())));
        }
        if response
            .content_length()
            .is_some_and(|n| n > MAX_RECORDING_BYTES as u64)
        {
            return Err(failed("it is larger than 64 MB"));
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .filter(|t| t.starts_with("audio/") || t.starts_with("video/"))
            .unwrap_or("application/octet-stream")
            .to_string();
        let mut bytes = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| failed(e.without_url()))?
        {
            if bytes.len() + chunk.len() > MAX_RECORDING_BYTES {
                return Err(failed("it is larger than 64 MB"));
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Recording {
            bytes,
            content_type,
        })
    }
}
