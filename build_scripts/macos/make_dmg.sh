#!/usr/bin/env bash
# Pack docvec.app into a compressed .dmg with an Applications link (UNTESTED HERE: needs macOS).
# Usage: make_dmg.sh path/to/docvec.app path/to/out.dmg
set -euo pipefail
app="$1"; out="$2"
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
cp -R "$app" "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname docvec -srcfolder "$staging" -ov -format UDZO "$out"
