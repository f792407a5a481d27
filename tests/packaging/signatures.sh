#!/usr/bin/env bash
# Checks the updater signatures of the packages the tauri CLI built (bundle.createUpdaterArtifacts
# writes a .sig beside each .deb and .rpm): every package has one, it verifies with minisign
# against the public key it must match, and a copy of the package changed by one byte does not
# verify (so a pass means something).
#
#   tests/packaging/signatures.sh release|debug [deb,rpm]   (the kinds to check; both by default)
#
# Which public key: scripts/bundle leaves THROWAWAY-KEY.pub beside the packages when it signed
# with a key made for that build (no TAURI_SIGNING_PRIVATE_KEY was set: CI, a developer);
# otherwise the packages were signed with the release key, and they must verify against
# plugins.updater.pubkey in tauri.conf.json, the key the installed app checks updates with.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
target="${CARGO_TARGET_DIR:-$root/target}"
profile="${1:-release}"
case "$profile" in
  release | debug) ;;
  *) echo "usage: tests/packaging/signatures.sh [release|debug] [deb,rpm]" >&2; exit 2 ;;
esac
IFS=, read -r -a kinds <<<"${2:-deb,rpm}"
command -v minisign >/dev/null 2>&1 || { echo "signatures: minisign is missing; run scripts/install-deps --test" >&2; exit 1; }
bundle="$target/$profile/bundle"

work=$(mktemp -d "${TMPDIR:-/tmp}/kaicalls-signatures.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Tauri's keys and signatures are minisign's own text files, base64-encoded once more.
python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["plugins"]["updater"]["pubkey"])' \
  "$root/tauri.conf.json" | base64 -d >"$work/release.pub"

for kind in "${kinds[@]}"; do
  pkg=$(ls -t "$bundle/$kind"/*."$kind" 2>/dev/null | head -n 1 || true)
  [ -n "$pkg" ] || { echo "signatures: no .$kind under $bundle/$kind" >&2; exit 1; }
  [ -f "$pkg.sig" ] || { echo "signatures: no $pkg.sig (is bundle.createUpdaterArtifacts on?)" >&2; exit 1; }
  if [ "$pkg" -nt "$pkg.sig" ]; then echo "signatures: $pkg.sig is older than the package" >&2; exit 1; fi
  if [ -f "$bundle/$kind/THROWAWAY-KEY.pub" ]; then
    base64 -d <"$bundle/$kind/THROWAWAY-KEY.pub" >"$work/key.pub"
    which="the throwaway key this build was signed with"
  else
    cp "$work/release.pub" "$work/key.pub"
    which="plugins.updater.pubkey in tauri.conf.json"
  fi
  base64 -d <"$pkg.sig" >"$work/sig"
  if ! minisign -V -q -p "$work/key.pub" -m "$pkg" -x "$work/sig"; then
    echo "signatures: $pkg does not verify against $which" >&2
    exit 1
  fi
  cp "$pkg" "$work/tampered"
  printf x >>"$work/tampered"
  if minisign -V -q -p "$work/key.pub" -m "$work/tampered" -x "$work/sig" 2>/dev/null; then
    echo "signatures: a changed copy of $pkg verifies too: the check proves nothing" >&2
    exit 1
  fi
  echo "signatures: $(basename "$pkg").sig verifies against $which; a changed copy does not" >&2
done
