#!/usr/bin/env bash
# Checks the Debian package as a user gets it: installs the newest .deb that the tauri CLI
# built, starts the installed /usr/bin/kaicalls-desktop in sandbox mode under Xvfb (inside a
# private D-Bus session with a throwaway keyring), checks that it stays up for 10 seconds and
# maps a "KaiCalls Desktop" window with something drawn in it (screenshot of the display),
# then removes the package again.
#
#   tests/packaging/deb.sh release   the package of `make deb` (make deb-check)
#   tests/packaging/deb.sh debug     the same package from the debug build (make package,
#                                    part of make test: seconds instead of a release build)
#
# Where the package is already installed (a developer's own copy) it is left alone: the check
# is skipped with a message, except in CI, where that is a failure.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
profile="${1:-release}"
case "$profile" in
  release | debug) ;;
  *) echo "usage: tests/packaging/deb.sh [release|debug]" >&2; exit 2 ;;
esac
out="$target/deb-check"
mkdir -p "$out"

deb=$(ls -t "$target/$profile"/bundle/deb/*.deb 2>/dev/null | head -n 1 || true)
[ -n "$deb" ] || { echo "deb-check: no .deb under $target/$profile/bundle/deb: run make deb (or make package)" >&2; exit 1; }
package=$(dpkg-deb --field "$deb" Package)
if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
  echo "deb-check: SKIPPED: $package is already installed here, and this check would replace and then remove it; remove it first (dpkg -r $package) to run the check" >&2
  [ -z "${CI:-}" ] || exit 1
  exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

echo "deb-check: installing $deb" >&2
$sudo dpkg -i "$deb" >/dev/null
trap '$sudo dpkg -r "$package" >/dev/null && echo "deb-check: removed $package" >&2' EXIT

# What the package put in place: the binary, a desktop entry and icons.
binary=/usr/bin/kaicalls-desktop
files=$(dpkg -L "$package")
for pattern in "^$binary\$" '^/usr/share/applications/.*\.desktop$' '^/usr/share/icons/hicolor/.*\.png$'; do
  grep -q "$pattern" <<<"$files" || { echo "deb-check: the package has nothing matching $pattern:" >&2; echo "$files" >&2; exit 1; }
done

data=$(mktemp -d "${TMPDIR:-/tmp}/kaicalls-deb-check.XXXXXX")
trap 'rm -rf "$data"; $sudo dpkg -r "$package" >/dev/null && echo "deb-check: removed $package" >&2' EXIT

shot="$out/installed-window-$profile.png"
rm -f "$shot"
# Inside the virtual display: start the app, give it 10 s, then look for its window and take
# a screenshot. A crash at start (missing library, bad embedded assets) fails here.
KAICALLS_DATA_DIR="$data" NO_AT_BRIDGE=1 WEBKIT_DISABLE_COMPOSITING_MODE=1 \
  timeout 120 "$root/scripts/with-keyring" xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  set -euo pipefail
  binary=$1 shot=$2 log=$3
  "$binary" --sandbox >"$log" 2>&1 &
  app=$!
  trap "kill $app 2>/dev/null || true" EXIT
  sleep 10
  if ! kill -0 "$app" 2>/dev/null; then
    echo "deb-check: the installed app exited within 10 s; its output:" >&2
    cat "$log" >&2
    exit 1
  fi
  if ! xwininfo -root -tree | grep -q "\"KaiCalls Desktop\""; then
    echo "deb-check: no \"KaiCalls Desktop\" window on the display" >&2
    xwininfo -root -tree >&2
    exit 1
  fi
  import -window root "$shot"
  kill "$app"
  wait "$app" 2>/dev/null || true
' deb-check "$binary" "$shot" "$out/app.log"

# A mapped window that WebKit drew into is not one flat colour.
spread=$(convert "$shot" -colorspace Gray -format '%[fx:standard_deviation]' info:)
if awk -v s="$spread" 'BEGIN { exit !(s < 0.01) }'; then
  echo "deb-check: the screenshot is blank (standard deviation $spread): $shot" >&2
  exit 1
fi
echo "deb-check: the installed app ran for 10 s and showed its window ($shot)" >&2
