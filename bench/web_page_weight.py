"""How long each screen of the web app takes to be ready with 10,000 documents (issue 6: under 1 s).

    nice -n 10 .venv/bin/python bench/web_page_weight.py [--rounds 3]

Fills a temporary SANCHIKA_HOME with the 10,000 generated documents of tests/web/big_index.py (rows
inserted directly, no OCR), starts ``sanchika serve`` on a free 127.0.0.1 port and opens every
screen in Debian's Chromium (Playwright, as the web tests do). Per screen: the best of ``--rounds``
loads of performance.now() when the screen marks itself ready (main[data-ready-ms]), from the
start of the navigation, and its ratio to the 1000 ms target; the HTML's transferred bytes, the
JS/CSS bytes that load transferred (0 when cached) and the same files' bytes as served (a first
visit), and how many JS/CSS files. Wall-clock
numbers: on a shared machine run it when the load is low and report the load average (printed).
Writes ``test-artifacts/page-weight.json``. Needs the dev extras (Playwright) and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.web.big_index import DOCUMENTS, big_server, visit_all  # noqa: E402
from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS, sync_api  # noqa: E402

TARGET_MS = 1000
OUT = REPO / "test-artifacts" / "page-weight.json"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3, help="loads per screen; the fastest is kept")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="sanchika-weight-") as tmp:
        started = time.perf_counter()
        server, ids = big_server(Path(tmp))
        print(f"{DOCUMENTS} documents filled and served in {time.perf_counter() - started:.0f} s")
        try:
            load0 = os.getloadavg()[0]
            with sync_api.sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
                results, _ = visit_all(browser, server, ids, rounds=args.rounds)
                browser.close()
            load1 = os.getloadavg()[0]
        finally:
            server.stop()
    print(f"best of {args.rounds} loads per screen; load average {load0:.1f} → {load1:.1f} on {os.cpu_count()} cores")
    print(f"{'screen':14s} {'ready ms':>9s} {'/ target':>9s} {'HTML B':>8s} {'JS/CSS B':>9s} {'as served':>10s} {'files':>6s}")
    for name, r in results.items():
        print(f"{name:14s} {r['ms']:9.0f} {r['ms'] / TARGET_MS:8.2f}x {r['html_bytes']:8.0f} {r['asset_bytes']:9.0f} {r['asset_bytes_full']:10.0f} {r['assets']:6.0f}")
    worst = max(results, key=lambda k: results[k]["ms"])
    print(f"slowest: {worst} {results[worst]['ms']:.0f} ms = {results[worst]['ms'] / TARGET_MS:.2f}x the {TARGET_MS} ms target; "
          f"over it: {sorted(k for k, r in results.items() if r['ms'] >= TARGET_MS) or 'none'}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"documents": DOCUMENTS, "rounds": args.rounds, "target_ms": TARGET_MS,
                               "load_average": [load0, load1], "screens": results}, indent=2))
    print(f"wrote {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
