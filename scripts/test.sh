#!/usr/bin/env bash
# Install everything, then lint, type-check and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
python3 -m ruff check src tests benchmarks
python3 -m ruff format --check src tests benchmarks
python3 -m mypy
python3 -m pytest -p no:cacheprovider "$@"
