#!/usr/bin/env bash
# Checks the RPM package on this Debian/Ubuntu machine, with rpm itself (the `rpm` package):
#
#   1. rpm reads it: name, version, architecture, the Requires that a Fedora/openSUSE machine
#      resolves (WebKitGTK 4.1 and GTK 3, by the shared libraries their packages provide), and
#      the files it carries (the binary, a desktop entry, icons);
#   2. its header and payload digests verify (`rpm -K`), so it is not truncated or corrupt;
#   3. rpm installs it, in a real transaction, into a scratch root (`rpm --root`; --nodeps,
#      since this machine's rpm database knows no Fedora packages), and `rpm -V` finds every
#      installed file as the package describes it (size, digest, mode);
#   4. the binary it installed says it came in an .rpm (what the updater reads to choose how
#      to install an update; tests/packaging/bundle-type.sh), and it starts (tests/packaging/start.sh: sandbox mode under Xvfb,
#      10 s up, its window drawn), with this machine's libraries.
#
# What it does not prove: that a Fedora machine has what Requires names, or that the binary
# runs against Fedora's libraries. That needs a Fedora machine (dnf install ./the.rpm).
#
#   tests/packaging/rpm.sh release|debug   the package of make rpm-check | make package
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
profile="${1:-release}"
case "$profile" in
  release | debug) ;;
  *) echo "usage: tests/packaging/rpm.sh [release|debug]" >&2; exit 2 ;;
esac
command -v rpm >/dev/null 2>&1 || { echo "rpm-check: rpm is missing; run scripts/install-deps --test" >&2; exit 1; }

pkg=$(ls -t "$target/$profile"/bundle/rpm/*.rpm 2>/dev/null | head -n 1 || true)
[ -n "$pkg" ] || { echo "rpm-check: no .rpm under $target/$profile/bundle/rpm: run make rpm (or make package)" >&2; exit 1; }
fail() { echo "rpm-check: $*" >&2; exit 1; }

# 1. What rpm reads in it.
query() { rpm -qp --nosignature --queryformat "$1" "$pkg"; }
name=$(query '%{NAME}') version=$(query '%{VERSION}') arch=$(query '%{ARCH}')
want_version=$(python3 -c 'import json; print(json.load(open("'"$root"'/tauri.conf.json"))["version"])')
[ "$version" = "$want_version" ] || fail "version $version, tauri.conf.json says $want_version"
[ "$arch" = x86_64 ] || [ "$arch" = aarch64 ] || fail "architecture $arch"
requires=$(rpm -qp --nosignature --requires "$pkg")
for req in 'libwebkit2gtk-4.1.so.0()' 'libgtk-3.so.0()'; do
  grep -qF "$req" <<<"$requires" || fail "Requires has no $req:"$'\n'"$requires"
done
files=$(rpm -qlp --nosignature "$pkg")
binary=/usr/bin/kaicalls-desktop
for pattern in "^$binary\$" '^/usr/share/applications/.*\.desktop$' '^/usr/share/icons/hicolor/.*\.png$'; do
  grep -q "$pattern" <<<"$files" || fail "the package has nothing matching $pattern:"$'\n'"$files"
done
echo "rpm-check: $name-$version.$arch ($(du -h "$pkg" | cut -f1)), requires $(tr '\n' ' ' <<<"$requires")" >&2

# 2. Its digests.
rpm -K --nosignature "$pkg" >/dev/null || fail "rpm -K: digests do not verify"

# 3. Installed by rpm into a scratch root, then verified file by file.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/kaicalls-rpm-check.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
rpm --root "$scratch" --initdb
rpm --root "$scratch" -i --nodeps --nosignature "$pkg" || fail "rpm -i into $scratch failed"
rpm --root "$scratch" -V --nodeps "$name" || fail "rpm -V: the installed files differ from the package"
[ -x "$scratch$binary" ] || fail "no executable $binary after installing"
# The updater installs an .rpm update only if the binary says it came in an .rpm.
type=$("$root/tests/packaging/bundle-type.sh" "$scratch$binary")
[ "$type" = rpm ] || fail "the installed binary says it was bundled as $type, not rpm"

# 4. The binary rpm put there starts.
"$root/tests/packaging/start.sh" "$scratch$binary" "$target/rpm-check/installed-window-$profile.png"
echo "rpm-check: the .rpm installed with rpm into a scratch root, and its binary ran for 10 s and showed its window" >&2
