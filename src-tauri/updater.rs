//! In-app updates through `tauri-plugin-updater`.
//!
//! Why this module exists: an update replaces the app's own code, so the one thing that must
//! never be skipped is the signature check. The plugin downloads a release only from the
//! `https` endpoints in `tauri.conf.json` (`plugins.updater`), and [`download`] hands back the
//! bytes only after they verified against the minisign public key that sits in the same file.
//! The private half of that key is never in the repository (see the README, "Updates").
//! `requireSignedVersion` is on as well: the signature's trusted comment must name the version
//! the manifest announces, so a tampered manifest cannot offer an older, genuinely signed
//! release as a newer one.
//! Every caller — the `update_check` command, a future "install update" button — goes through
//! these functions, and `tests/updater.rs` drives exactly them against a local update server
//! to show that a tampered artifact or signature is refused.

use serde::Serialize;
use specta::Type;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Runtime};
use tauri_plugin_updater::{Update, UpdaterExt};
use time::format_description::well_known::Rfc3339;

use kaicalls_core::AppError;
use kaicalls_core::vocab::Code;

/// The download or its signature did not verify against the app's public key, so the update
/// was refused. Retrying cannot help (the same bytes would be refused again); the UI says the
/// update could not be verified and keeps the installed version.
pub const CODE_SIGNATURE_INVALID: Code = Code::UpdateSignatureInvalid;

/// The update server could not be reached or answered with something other than a release.
/// Retrying later can help; the UI offers "try again" and otherwise stays quiet.
pub const CODE_UNREACHABLE: Code = Code::UpdateUnreachable;

/// Any other updater failure (bad configuration, unsupported platform, install failure).
/// Retrying does not help by itself; the UI shows the message.
pub const CODE_FAILED: Code = Code::UpdateFailed;

/// A newer release that the update server announced, as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct UpdateInfo {
    /// The new version, e.g. `0.2.0`.
    pub version: String,
    /// Release notes, as the server sent them.
    pub notes: Option<String>,
    /// Publication date (RFC 3339), when the server gave one.
    pub date: Option<String>,
}

impl From<&Update> for UpdateInfo {
    fn from(update: &Update) -> Self {
        UpdateInfo {
            version: update.version.clone(),
            notes: update.body.clone(),
            date: update.date.and_then(|d| d.format(&Rfc3339).ok()),
        }
    }
}

/// An update whose bytes were downloaded and verified against the app's public key.
///
/// It can only be made by [`download`], so holding one is proof the signature checked out.
pub struct Downloaded {
    update: Update,
    bytes: Vec<u8>,
}

impl std::fmt::Debug for Downloaded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Downloaded")
            .field("version", &self.update.version)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl Downloaded {
    /// What was downloaded, for the UI.
    pub fn info(&self) -> UpdateInfo {
        UpdateInfo::from(&self.update)
    }

    /// The verified bytes of the release artifact.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Installs the verified release. On Linux the new version runs after the app restarts.
    pub fn install(self) -> Result<(), AppError> {
        self.update.install(&self.bytes).map_err(to_ipc)
    }
}

/// The updater plugin, configured from `tauri.conf.json` (`plugins.updater`: public key and
/// endpoints). Register it with `.plugin(updater::plugin())` on the app builder.
pub fn plugin<R: Runtime>() -> TauriPlugin<R, tauri_plugin_updater::Config> {
    tauri_plugin_updater::Builder::new().build()
}

/// Asks the update endpoints whether a newer release exists. `None` means the app is current.
pub async fn check<R: Runtime>(app: &AppHandle<R>) -> Result<Option<UpdateInfo>, AppError> {
    let update = find(app).await?;
    Ok(update.as_ref().map(UpdateInfo::from))
}

/// Downloads the newer release, if any, and verifies its signature before returning it.
/// A download whose signature does not match fails with [`CODE_SIGNATURE_INVALID`].
pub async fn download<R: Runtime>(app: &AppHandle<R>) -> Result<Option<Downloaded>, AppError> {
    let Some(update) = find(app).await? else {
        return Ok(None);
    };
    // `Update::download` checks the minisign signature of the bytes against the configured
    // public key and fails instead of returning unverified bytes.
    let bytes = update.download(|_, _| {}, || {}).await.map_err(to_ipc)?;
    tracing::info!(version = %update.version, len = bytes.len(), "update downloaded and verified");
    Ok(Some(Downloaded { update, bytes }))
}

async fn find<R: Runtime>(app: &AppHandle<R>) -> Result<Option<Update>, AppError> {
    let updater = app.updater().map_err(to_ipc)?;
    updater.check().await.map_err(to_ipc)
}

/// Maps the plugin's errors to the codes above, so the UI never parses message text.
fn to_ipc(e: tauri_plugin_updater::Error) -> AppError {
    use tauri_plugin_updater::Error as E;
    let code = match &e {
        E::Minisign(_)
        | E::Base64(_)
        | E::SignatureUtf8(_)
        | E::SignedVersionMismatch { .. }
        | E::MissingSignedVersion => CODE_SIGNATURE_INVALID,
        E::Reqwest(_) | E::Network(_) | E::ReleaseNotFound | E::Serialization(_) => {
            CODE_UNREACHABLE
        }
        _ => CODE_FAILED,
    };
    tracing::warn!(code = code.as_str(), error = %e, "updater");
    let message = match code {
        CODE_SIGNATURE_INVALID => {
            format!(
                "The update could not be verified as coming from KaiCalls, so it was not installed ({e})."
            )
        }
        CODE_UNREACHABLE => format!("The update server could not be reached ({e})."),
        _ => format!("The update failed: {e}"),
    };
    AppError::new(code, message)
}
