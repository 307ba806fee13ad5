#!/usr/bin/env bash
# Regenerate docs/dashboard.png: the bundled site's dashboard, rendered by headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
transpipe report --html "$out/dashboard"
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --force-device-scale-factor=1 --user-data-dir="$out/profile" \
  --screenshot=docs/dashboard.png --window-size=980,600 "file://$out/dashboard/index.html" 2>/dev/null
echo "wrote docs/dashboard.png"
