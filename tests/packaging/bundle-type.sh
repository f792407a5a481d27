#!/usr/bin/env bash
# Prints which package type the tauri bundler wrote into a binary: deb, rpm, appimage, msi,
# nsis, or unknown (never bundled). The updater reads it at run time to choose how to install
# an update (tauri_utils::platform::bundle_type), so a package whose binary says anything
# else than its own type would download updates it cannot install.
#
#   tests/packaging/bundle-type.sh BINARY
#
# The binary holds one slot, __TAURI_BUNDLE_TYPE_VAR_UNK until the bundler overwrites it with
# __TAURI_BUNDLE_TYPE_VAR_DEB, _RPM, _APP, _MSI or _NSS. A debug build also keeps the table of
# those markers that tauri compares the slot with (each once), so there the slot's type is the
# marker that appears twice; a release build compares without them, and the slot is the only
# marker.
#
# The bundler patches the slot in the binary it packages, in place, and cannot rewrite a slot
# once it says appimage; scripts/bundle therefore packages a copy, never cargo's output.
set -euo pipefail
(($# == 1)) || { echo "usage: tests/packaging/bundle-type.sh BINARY" >&2; exit 2; }
counts=$(grep -a -o '__TAURI_BUNDLE_TYPE_VAR_[A-Z][A-Z][A-Z]' "$1" | sort | uniq -c || true)
if [ "$(wc -l <<<"$counts")" -eq 1 ]; then
  slot=$(awk '{ sub("__TAURI_BUNDLE_TYPE_VAR_", "", $2); print $2 }' <<<"$counts")
else
  slot=$(awk '$1 == 2 { sub("__TAURI_BUNDLE_TYPE_VAR_", "", $2); print $2 }' <<<"$counts")
fi
case "$slot" in
  DEB) echo deb ;;
  RPM) echo rpm ;;
  APP) echo appimage ;;
  MSI) echo msi ;;
  NSS) echo nsis ;;
  UNK | "") echo unknown ;;
  *) echo "bundle-type: more than one marker twice in $1:"$'\n'"$counts" >&2; exit 1 ;;
esac
