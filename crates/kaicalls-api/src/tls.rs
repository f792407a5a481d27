//! Where every HTTP client of the app starts.
//!
//! reqwest 0.13 (the version Tauri's plugins use, so the app compiles one HTTP stack) is
//! built with `rustls-no-provider`: rustls with the `ring` crypto provider, as
//! tauri-plugin-updater has, instead of a second crypto library (aws-lc) to compile. With
//! that feature reqwest *panics* when a client is built before a process-wide provider is
//! installed, so nothing in the app calls `reqwest::Client::builder()` directly: it calls
//! [`http_client`], which installs `ring` first.

/// Installs `ring` as rustls's provider for this process unless one is installed already
/// (the updater may have been first; its choice is the same). Cheap and idempotent.
pub fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Losing a race with another thread installing one is fine: a provider is set.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// A reqwest client builder that is safe to `build()`: the crypto provider is installed.
/// Certificates are checked by the operating system's verifier (reqwest 0.13's rustls
/// default), so a company's own root certificate works as it does in the browser.
#[allow(clippy::disallowed_methods)] // The one place that may: the provider is installed.
pub fn http_client() -> reqwest::ClientBuilder {
    install_crypto_provider();
    reqwest::Client::builder()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_client_builds() {
        assert!(super::http_client().build().is_ok());
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
    }
}
