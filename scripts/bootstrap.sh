#!/usr/bin/env bash
# Install what Sanchika needs on Debian (apt packages, .venv with the `sanchika` command).
# Idempotent: a second run only checks. Usage: scripts/bootstrap.sh [EXTRAS]   (default: server;
# the tests use server,dev; the demo server,samples)
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  tesseract-ocr tesseract-ocr-hin tesseract-ocr-eng tesseract-ocr-script-deva tesseract-ocr-osd
  fonts-noto-core fonts-lohit-deva fonts-deva-extra fonts-gargi fonts-sarai
  python3-venv python3-dev
)

# Services the test suite runs against (server mode): only for the dev extras.
# chromium: the web app's end-to-end tests drive Debian's browser with Playwright (never `playwright install`).
# PDF/A: Apache PDFBox Preflight (Debian's libpdfbox2-java, on the JRE) validates the archival PDFs in the tests.
# The held-out faces of bench/ocr_shapes_fresh.py (tests/freshshapes.py): Devanagari fonts no other bench uses.
case "${1:-server}" in *dev*) APT_PACKAGES+=(postgresql redis-server chromium
  default-jre-headless libpdfbox2-java libactivation-java libjaxb-api-java
  fonts-sil-annapurna fonts-samyak-deva fonts-sahadeva fonts-nakula) ;; esac

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing apt packages: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv" >&2
  "$PY" -m venv .venv
fi
extras="${1:-server}"
stamp=".venv/.sanchika-installed-$extras-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "bootstrap: installing Python packages ($extras)" >&2
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[$extras]"
  touch "$stamp"
fi
# The project's own bytecode, as a regular `pip install` would have compiled it: an editable install
# leaves it to the first import, which writes nothing where PYTHONDONTWRITEBYTECODE is set, and then
# every command compiles ~100 modules again (~0.09 s CPU before `sanchika process` reads its first
# page). Up-to-date files are skipped; a file edited later is compiled in memory until the next run.
.venv/bin/python -m compileall -q domain ingest ocr classify storage workers sanchika >/dev/null
