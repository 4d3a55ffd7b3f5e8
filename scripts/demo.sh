#!/usr/bin/env bash
# README command 1: install, generate a small sample batch of Hindi/English scans, process it
# on the embedded default (SQLite + local folder + in-process workers), then search it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh server,samples
export SANCHIKA_HOME=${SANCHIKA_HOME:-./sanchika-data}
.venv/bin/python scripts/make_sample_batch.py sample-scans
.venv/bin/sanchika process sample-scans --batch sample --operator demo
echo
echo '$ sanchika search "खसरा"'
.venv/bin/sanchika search "खसरा"
