#!/usr/bin/env bash
# Checks the Debian package as a user gets it: installs the newest .deb that the tauri CLI
# built with dpkg, checks what it put in place (the binary, a desktop entry, icons) and that
# dpkg finds every library it declares, that the binary says it came in a .deb (what the
# updater reads), starts the installed /usr/bin/kaicalls-desktop
# (tests/packaging/start.sh: sandbox mode under Xvfb, 10 s up, its window drawn), then
# removes the package again.
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

echo "deb-check: installing $deb ($(du -h "$deb" | cut -f1); depends: $(dpkg-deb --field "$deb" Depends))" >&2
# dpkg -i refuses a package whose Depends are not installed: every library it names is here.
$sudo dpkg -i "$deb" >/dev/null
trap '$sudo dpkg -r "$package" >/dev/null && echo "deb-check: removed $package" >&2' EXIT

# What the package put in place: the binary, a desktop entry and icons.
binary=/usr/bin/kaicalls-desktop
files=$(dpkg -L "$package")
for pattern in "^$binary\$" '^/usr/share/applications/.*\.desktop$' '^/usr/share/icons/hicolor/.*\.png$'; do
  grep -q "$pattern" <<<"$files" || { echo "deb-check: the package has nothing matching $pattern:" >&2; echo "$files" >&2; exit 1; }
done

# The updater installs a .deb update only if the binary says it came in a .deb.
type=$("$root/tests/packaging/bundle-type.sh" "$binary")
[ "$type" = deb ] || { echo "deb-check: the installed binary says it was bundled as $type, not deb" >&2; exit 1; }

"$root/tests/packaging/start.sh" "$binary" "$target/deb-check/installed-window-$profile.png"
echo "deb-check: the installed .deb ran for 10 s and showed its window" >&2
