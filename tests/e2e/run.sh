#!/usr/bin/env bash
# Runs the end-to-end scenarios against the app binary (built with its frontend embedded)
# under Xvfb and a private D-Bus session. Usage: tests/e2e/run.sh [scenario ...]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
binary="$target/debug/kaicalls-desktop"
[ -x "$binary" ] || { echo "e2e: $binary is missing: build the app first (make app)" >&2; exit 1; }
export NO_AT_BRIDGE=1 WEBKIT_DISABLE_COMPOSITING_MODE=1
# The driver waits forever if the app dies at start: bound every run.
exec timeout 900 dbus-run-session -- xvfb-run -a -s "-screen 0 1280x800x24" \
  python3 "$root/tests/e2e/scenarios.py" --app "$binary" --out "$root/tests/e2e/screenshots" "$@"
