# The two quick-start commands (see README.md) and their building blocks:
#   make run    installs what is missing, builds the UI and opens the app
#   make test   runs every test (lint, Rust, UI, end to end); CI runs exactly this
#
# Builds go to $CARGO_TARGET_DIR when set (CI sets it to a cache outside the clone),
# otherwise to ./target, as cargo does.
.PHONY: run test deps ui app lint unit e2e deb deb-check package

# Every step builds with cargo or npm, and two of them at once only fight for the same
# cores and locks: run the prerequisites one after the other, in the order written.
.NOTPARALLEL:

deps:
	./scripts/install-deps

# `npm ci` only when node_modules is missing or older than the lock file (npm writes its own
# copy of the lock, node_modules/.package-lock.json, on every install).
ui/node_modules/.package-lock.json: ui/package-lock.json
	npm --prefix ui ci --no-audit --no-fund

# The app embeds ui/dist at compile time (tauri::generate_context!), so every cargo build of
# the root package, clippy and `cargo test` included, needs the UI built first.
ui: ui/node_modules/.package-lock.json
	npm --prefix ui run build

# The debug app with its frontend embedded (the default `custom-protocol` feature), as the E2E
# tests run it: $CARGO_TARGET_DIR/debug/kaicalls-desktop.
app: ui
	cargo build -p kaicalls-desktop

# No --sandbox: with no account the app opens on onboarding, which offers the sandbox.
run: deps ui
	cargo run -p kaicalls-desktop

lint: ui
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	# Doc comments are how we say why: a broken link in one is a defect too.
	RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --document-private-items
	npm --prefix ui run check
	npm --prefix ui run lint
	npm --prefix ui run format:check

# Every Rust test sees a real Secret Service: one private D-Bus session with an unlocked
# GNOME Keyring around the whole run (scripts/with-keyring).
unit: ui
	./scripts/with-keyring cargo test --workspace
	npm --prefix ui test

# The real app window under Xvfb, driven through tauri-driver (tests/e2e/run.sh).
# The sign-up scenario signs up at a standalone sandbox (the in-app one serves the demo).
e2e: app
	cargo build -p kaicalls-sandbox --bin kaicalls-sandbox
	tests/e2e/run.sh

test: deps ui lint unit e2e package

# The tauri CLI from ui/node_modules (no download), run from the repository root, where
# tauri.conf.json is. It runs the config's beforeBuildCommand (`npm run build`) in the
# frontend directory, ui/ (TAURI_FRONTEND_PATH says so explicitly).
# The CLI refuses a JS package and its crate on different minor versions: keep
# @tauri-apps/api on the tauri crate's minor (2.11 while rust-version 1.85 holds it there).
TAURI_CLI = TAURI_FRONTEND_PATH=ui npx --prefix ui tauri

# The Debian package, a release build, made offline:
# $CARGO_TARGET_DIR/release/bundle/deb/*.deb (or ./target/release/...).
deb: deps ui
	$(TAURI_CLI) build --bundles deb

# Installs that package, starts it under Xvfb, screenshots its window, removes it.
deb-check: deb
	tests/packaging/deb.sh release

# The same package and check from the debug build that the E2E tests already made: the
# packaging (bundle config, icons, desktop entry, dependencies, the installed binary starting)
# is checked on every `make test` in seconds, without a release build of every crate.
package: app
	$(TAURI_CLI) build --debug --bundles deb
	tests/packaging/deb.sh debug
