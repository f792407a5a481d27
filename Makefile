# The two quick-start commands (see README.md) and their building blocks.
.PHONY: run test deps lint

deps:
	./scripts/install-deps

# Until the desktop shell lands, "the app" is the sandbox in demo mode.
run: deps
	cargo run -p kaicalls-sandbox -- --demo

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

# Every test sees a real Secret Service: one private D-Bus session with an unlocked
# GNOME Keyring around the whole run (scripts/with-keyring).
test: deps lint
	./scripts/with-keyring cargo test --workspace
