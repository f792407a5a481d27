//! Generates Tauri's context and one explicit permission per app command, so a command
//! is callable only from windows whose capability lists it.

include!("commands/names.rs");

fn main() {
    // tauri-build watches its default capabilities folder, not ours: without this a
    // changed capability needs a clean build to take effect.
    println!("cargo::rerun-if-changed=src-tauri/capabilities");
    // `freedesktop`: the systems whose desktop speaks the freedesktop.org D-Bus services
    // (notifications, the StatusNotifierItem tray), one name for the five of them.
    println!("cargo:rustc-check-cfg=cfg(freedesktop)");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if ["linux", "dragonfly", "freebsd", "openbsd", "netbsd"].contains(&os.as_str()) {
        println!("cargo:rustc-cfg=freedesktop");
    }
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        println!("cargo::error=tauri-build failed: {e:#}");
    }
}
