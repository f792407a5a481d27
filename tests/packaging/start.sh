#!/usr/bin/env bash
# Starts an installed KaiCalls Desktop binary as a user would and checks that it works: in
# sandbox mode, under Xvfb, inside a private D-Bus session with a throwaway keyring, with a
# data folder of its own. It must stay up for 10 seconds and map a "KaiCalls Desktop" window
# with something drawn in it (a screenshot of the display that is not one flat colour).
#
#   tests/packaging/start.sh BINARY SCREENSHOT.png
#
# Used by deb.sh (the binary dpkg installed) and rpm.sh (the binary rpm installed into a
# scratch root); a crash at start (a missing library, bad embedded assets) fails here.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
(($# == 2)) || { echo "usage: tests/packaging/start.sh BINARY SCREENSHOT.png" >&2; exit 2; }
binary=$1 shot=$2
log="${shot%.png}.log"
mkdir -p "$(dirname "$shot")"
rm -f "$shot"

data=$(mktemp -d "${TMPDIR:-/tmp}/kaicalls-package-check.XXXXXX")
trap 'rm -rf "$data"' EXIT

KAICALLS_DATA_DIR="$data" NO_AT_BRIDGE=1 WEBKIT_DISABLE_COMPOSITING_MODE=1 \
  timeout 120 "$root/scripts/with-keyring" xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  set -euo pipefail
  binary=$1 shot=$2 log=$3
  "$binary" --sandbox >"$log" 2>&1 &
  app=$!
  trap "kill $app 2>/dev/null || true" EXIT
  sleep 10
  if ! kill -0 "$app" 2>/dev/null; then
    echo "package-check: $binary exited within 10 s; its output:" >&2
    cat "$log" >&2
    exit 1
  fi
  if ! xwininfo -root -tree | grep -q "\"KaiCalls Desktop\""; then
    echo "package-check: no \"KaiCalls Desktop\" window on the display" >&2
    xwininfo -root -tree >&2
    exit 1
  fi
  import -window root "$shot"
  kill "$app"
  wait "$app" 2>/dev/null || true
' package-check "$binary" "$shot" "$log"

# A mapped window that WebKit drew into is not one flat colour.
spread=$(convert "$shot" -colorspace Gray -format '%[fx:standard_deviation]' info:)
if awk -v s="$spread" 'BEGIN { exit !(s < 0.01) }'; then
  echo "package-check: the screenshot is blank (standard deviation $spread): $shot" >&2
  exit 1
fi
echo "package-check: $binary ran for 10 s and showed its window ($shot)" >&2
