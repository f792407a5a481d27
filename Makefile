# The two quick-start commands (see README.md) and their building blocks:
#   make run    installs what running needs when missing, builds the UI and opens the app
#   make test   installs what the tests need too, then runs every test (lint, Rust, UI, end
#               to end, packages) and the benchmarks once on tiny sizes; CI runs exactly this
#   make bench  the benchmarks (bench/README.md), release builds, full sizes
#
# Builds go to $CARGO_TARGET_DIR when set (CI sets it to a cache outside the clone),
# otherwise to ./target, as cargo does.
.PHONY: run test deps test-deps ui app lint unit e2e deb rpm deb-check rpm-check package bench bench-tiny

# Every step builds with cargo or npm, and two of them at once only fight for the same
# cores and locks: run the prerequisites one after the other, in the order written.
.NOTPARALLEL:

# What building and running the app needs (build tools, the Tauri libraries) ...
deps:
	./scripts/install-deps

# ... and what the tests need besides (keyring, Xvfb, WebDriver, tauri-driver, selenium, rpm,
# minisign). Every target that runs tests asks for it, so each works on its own.
test-deps:
	./scripts/install-deps --test

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
unit: test-deps ui
	./scripts/with-keyring cargo test --workspace
	npm --prefix ui test

# The real app window under Xvfb, driven through tauri-driver (tests/e2e/run.sh).
# The sign-up scenario signs up at a standalone sandbox (the in-app one serves the demo).
e2e: test-deps app
	cargo build -p kaicalls-sandbox --bin kaicalls-sandbox
	tests/e2e/run.sh

test: test-deps ui lint unit e2e package bench-tiny

# The benchmark suite (bench/README.md): release builds, full sizes, one table of every
# budget as a ratio against its baseline. Minutes, not seconds; never part of `make test`.
bench: test-deps ui
	bench/run.py

# The same suite on tiny sizes with the debug builds the tests already made, judging
# nothing: `make test` runs it so the suite cannot rot.
bench-tiny: test-deps app
	bench/run.py --tiny

# Packages are built by scripts/bundle: the tauri CLI from ui/node_modules (no download), run
# from the repository root, signing the updater artefacts (a .sig beside each package) with
# $TAURI_SIGNING_PRIVATE_KEY, or with a throwaway key made for the build when it is not set.
# AppImage is not among them: tauri's AppImage bundler downloads its tools (linuxdeploy and
# its plugins) at build time, so it cannot build offline.

# The release packages, offline: $CARGO_TARGET_DIR/release/bundle/{deb,rpm}/ (or
# ./target/release/...). The second of the two reuses the first one's release build.
deb: deps ui
	./scripts/bundle release deb

rpm: deps ui
	./scripts/bundle release rpm

# Installs the .deb with dpkg, starts it under Xvfb, screenshots its window, removes it;
# checks its updater signature.
deb-check: test-deps deb
	tests/packaging/deb.sh release
	tests/packaging/signatures.sh release deb

# Reads, verifies and installs the .rpm with rpm into a scratch root and starts the binary
# from there; checks its updater signature.
rpm-check: test-deps rpm
	tests/packaging/rpm.sh release
	tests/packaging/signatures.sh release rpm

# The same packages and checks from the debug build that the E2E tests already made: the
# packaging (bundle config, icons, desktop entry, dependencies, the installed binary starting,
# the signatures) is checked on every `make test` in seconds, without a release build of
# every crate.
package: test-deps app
	./scripts/bundle debug deb,rpm
	tests/packaging/deb.sh debug
	tests/packaging/rpm.sh debug
	tests/packaging/signatures.sh debug deb,rpm
