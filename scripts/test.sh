#!/usr/bin/env bash
# README command 2: install (with dev tools) and run the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh server,dev
.venv/bin/ruff check .
.venv/bin/python -m pytest -q "$@"
