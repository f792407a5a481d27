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

test: deps lint
	cargo test --workspace
