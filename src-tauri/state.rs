//! What every command can reach.

use crate::options::Options;

/// The app's shared state, managed by Tauri.
pub struct AppState {
    /// How the app was started.
    pub options: Options,
}
