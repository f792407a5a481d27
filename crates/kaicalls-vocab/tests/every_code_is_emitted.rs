//! A code exists only while something emits it: every `Code` variant must be named by
//! some source file of the app outside this crate (the crates' `src/` and the shell).
//! A code nothing names any more is dead weight in the UI's message table; remove it.

use std::path::{Path, PathBuf};

use kaicalls_vocab::Code;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The variant's name as written in Rust (`NumberOnDnc`), from its debug form.
fn variant(code: Code) -> String {
    format!("{code:?}")
}

#[test]
fn every_code_is_named_outside_its_definition() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    rust_files(&root.join("src-tauri"), &mut files);
    let crates = std::fs::read_dir(root.join("crates")).expect("the workspace's crates");
    for krate in crates.flatten() {
        if krate.file_name() != "kaicalls-vocab" {
            rust_files(&krate.path().join("src"), &mut files);
        }
    }
    assert!(files.len() > 50, "found only {} source files", files.len());
    let text: String = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect::<Vec<_>>()
        .join("\n");
    let unused: Vec<String> = Code::ALL
        .iter()
        .map(|c| variant(*c))
        .filter(|name| {
            let needle = format!("Code::{name}");
            !text.match_indices(&needle).any(|(at, _)| {
                text[at + needle.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
            })
        })
        .collect();
    assert!(
        unused.is_empty(),
        "codes nothing emits (remove them, with their UI messages): {unused:?}"
    );
}
