#!/usr/bin/env bash
# Runs the end-to-end scenarios against the app binary (built with its frontend embedded)
# under Xvfb, inside a private D-Bus session that has an unlocked throwaway keyring
# (scripts/with-keyring) and a notification server, so the app's notifications are received
# like on a desktop. Usage: tests/e2e/run.sh [scenario ...]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
binary="$target/debug/kaicalls-desktop"
[ -x "$binary" ] || { echo "e2e: $binary is missing: build the app first (make app)" >&2; exit 1; }
daemon=/usr/lib/notification-daemon/notification-daemon
[ -x "$daemon" ] || { echo "e2e: $daemon is missing: run scripts/install-deps --test" >&2; exit 1; }
export NO_AT_BRIDGE=1 WEBKIT_DISABLE_COMPOSITING_MODE=1

# Every process this run starts (tauri-driver, WebKitWebDriver, the app, Xvfb, the D-Bus and
# notification daemons) inherits this marker. On exit, whatever a crashed or timed-out
# scenario left behind is found by it and stopped: a stray tauri-driver or WebKitWebDriver
# would otherwise outlive the run (they survive their parent) and pile up run after run.
# Nothing without the marker, such as another run's or the user's processes, is touched.
export KAICALLS_E2E_RUN="$$-$(date +%s%N)"
stop_leftovers() {
  local pids=() dir pid
  for dir in /proc/[0-9]*; do
    pid=${dir#/proc/}
    [ "$pid" = "$$" ] && continue
    grep -qzx "KAICALLS_E2E_RUN=$KAICALLS_E2E_RUN" "$dir/environ" 2>/dev/null && pids+=("$pid")
  done
  ((${#pids[@]})) || return 0
  # Some of them may be gone already, so ask ps which are still there.
  local alive
  alive=$(ps -o pid=,comm= -p "$(IFS=,; echo "${pids[*]}")" 2>/dev/null || true)
  [ -n "$alive" ] || return 0
  echo "e2e: stopping what the run left behind:" $alive >&2
  kill -TERM "${pids[@]}" 2>/dev/null || true
  sleep 1
  kill -KILL "${pids[@]}" 2>/dev/null || true
}
trap stop_leftovers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

status=0
# The driver waits forever if the app dies at start: bound every run. Each scenario and
# each WebDriver command has its own, shorter bound (scenarios.py, harness.py), so this one
# is the backstop for a harness that hangs outside them: the whole run takes 5 minutes here.
timeout 2400 "$root/scripts/with-keyring" xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  set -euo pipefail
  "$0" &
  notifications=$!
  trap "kill $notifications 2>/dev/null || true" EXIT
  # Wait until the daemon owns org.freedesktop.Notifications on the private bus.
  for _ in $(seq 100); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications 2>/dev/null |
      grep -q "boolean true" && break
    sleep 0.1
  done
  python3 "$@"
' "$daemon" "$root/tests/e2e/scenarios.py" --app "$binary" --out "$root/tests/e2e/screenshots" "$@" ||
  status=$?
exit "$status"
