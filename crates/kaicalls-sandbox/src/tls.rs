//! Where the sandbox's HTTP clients start (webhook deliveries; tests' clients too).
//!
//! The workspace's reqwest 0.13 is built with `rustls-no-provider` (rustls with `ring`, the
//! provider Tauri's updater uses, so no second crypto library is compiled), and with that
//! feature building a client before a process-wide provider is installed panics. The
//! sandbox depends on nothing of the app, so it has its own copy of `kaicalls_api::tls`.

/// Installs `ring` as rustls's provider for this process unless one is installed already.
pub fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race with another thread installing one is fine: a provider is set.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// A reqwest client builder that is safe to `build()`: the crypto provider is installed.
#[allow(clippy::disallowed_methods)] // The one place that may: the provider is installed.
pub fn http_client() -> reqwest::ClientBuilder {
    install_crypto_provider();
    reqwest::Client::builder()
}
