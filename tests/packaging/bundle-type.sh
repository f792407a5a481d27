#!/usr/bin/env bash
# Prints which package type the tauri bundler wrote into a binary: deb, rpm, appimage, msi,
# nsis, or unknown (never bundled). The updater reads it at run time to choose how to install
# an update (tauri_utils::platform::bundle_type), so a package whose binary says anything
# else than its own type would download updates it cannot install.
#
#   tests/packaging/bundle-type.sh BINARY
#
# The binary holds a table of every type's marker (__TAURI_BUNDLE_TYPE_VAR_DEB, _RPM, _APP,
# _MSI, _NSS) and one slot, __TAURI_BUNDLE_TYPE_VAR_UNK until the bundler overwrites it:
# the slot's type is the one whose marker appears twice.
#
# The bundler patches the slot in the binary it packages, in place, and cannot rewrite a slot
# once it says appimage; scripts/bundle therefore packages a copy, never cargo's output.
set -euo pipefail
(($# == 1)) || { echo "usage: tests/packaging/bundle-type.sh BINARY" >&2; exit 2; }
counts=$(grep -a -o '__TAURI_BUNDLE_TYPE_VAR_[A-Z][A-Z][A-Z]' "$1" | sort | uniq -c || true)
slot=$(awk '$1 == 2 { sub("__TAURI_BUNDLE_TYPE_VAR_", "", $2); print $2 }' <<<"$counts")
case "$slot" in
  DEB) echo deb ;;
  RPM) echo rpm ;;
  APP) echo appimage ;;
  MSI) echo msi ;;
  NSS) echo nsis ;;
  "") echo unknown ;;
  *) echo "bundle-type: more than one marker twice in $1:"$'\n'"$counts" >&2; exit 1 ;;
esac
