//! The UI's TypeScript types are generated from the Rust commands; CI fails when the
//! checked-in file is stale. Regenerate with `UPDATE_BINDINGS=1 cargo test --test bindings`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/lib/bindings.ts");

fn generated() -> String {
    kaicalls_desktop::commands::typescript_bindings().unwrap()
}

#[test]
fn bindings_are_current() {
    let generated = generated();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(PATH, &generated).unwrap();
        return;
    }
    let current = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        current == generated,
        "ui/src/lib/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test --test bindings`"
    );
}

#[test]
fn every_registered_command_has_a_permission_and_nothing_else_does() {
    let text = generated();
    let registered: BTreeSet<String> = text
        .split("TAURI_INVOKE(\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect();
    let listed: BTreeSet<String> = kaicalls_desktop::commands::COMMANDS
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(!registered.is_empty());
    assert_eq!(
        registered, listed,
        "src-tauri/commands/names.rs must list exactly the registered commands"
    );
}
