// Shared by build.rs (which turns each name into an `allow-<name>` permission) and the
// app (a test checks it against the commands registered with tauri-specta), so the
// permission list and the command list cannot drift apart.

/// Every command the UI may call.
pub const COMMANDS: &[&str] = &["app_info"];
