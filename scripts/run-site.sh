#!/usr/bin/env bash
# Install transpipe, then run the main job on the bundled site (pages/ + locales/):
# extract the English templates, update every catalog, rebuild the language pages, show progress.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
transpipe extract
transpipe update
transpipe build
transpipe status
