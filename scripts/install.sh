#!/usr/bin/env bash
# Install transpipe (editable) and what its tests use: GNU gettext, git, Chromium (the
# dashboard's browser test), Jekyll (the switcher data's site build), Python packages.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
command -v git >/dev/null 2>&1 || need+=(git)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v jekyll >/dev/null 2>&1 || need+=(jekyll)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${need[@]}" >/dev/null; fi
fi
python3 -m pip install -q --disable-pip-version-check -e ".[test]" "$@"
