//! Embeds tauri.conf.json and dist/ (tauri-build).
fn main() {
    tauri_build::build();
}
