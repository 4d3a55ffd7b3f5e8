"""How long the operator waits when replacing a page (issue 19: "replacing a page blocked the
screen for 13 s"): the web API's answer now, against the reference measured in the same run —
the old request's work, the whole replacement run inside the request (workers.rescan.replace_page:
store, read, rebuild the document).

    .venv/bin/python bench/replace_latency.py [--pages 4] [--rounds 3] [--json OUT]

Data: a generated scanned PDF of ``--pages`` A5 pages at 200 dpi (tests.scans lines), processed
once in a temporary embedded home (SQLite, local store, the process pool of 2 workers); each
round replaces page 2 with a generated 200 dpi PNG, once synchronously (the reference) and once
through POST /api/documents/{id}/pages/2/replace (FastAPI TestClient, the same app the server
runs), then follows GET /api/rescans/{id} to done. Prints seconds and the ratio answer/reference.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from sanchika.api import create_app
    from sanchika.pipeline import process_batch
    from sanchika.settings import Settings
    from tests import pagegen
    from tests.scans import EDUCATION_LINES, HEALTH_LINES, REVENUE_LINES, page
    from workers.rescan import replace_page

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        scans = root / "scans"
        scans.mkdir()
        lines = [REVENUE_LINES, EDUCATION_LINES, HEALTH_LINES]
        (scans / "file.pdf").write_bytes(pagegen.image_pdf([page(lines[i % 3], 100 + i) for i in range(args.pages)], dpi=200))
        settings = Settings(home=root / "home", workers=2)
        doc = process_batch([scans], settings, batch_name="bench", operator="bench").files[0].document_id
        app = create_app(settings)
        token = app.state.services.accounts.add_user("bench", "operator")[1]
        client = TestClient(app)
        headers = {"Authorization": f"Bearer {token}"}
        ctx = app.state.services.ctx

        inline, answer, done = [], [], []
        for r in range(args.rounds):
            scan = root / f"rescan-{r}.png"
            scan.write_bytes(pagegen.image_bytes(page(lines[r % 3], 200 + r), "PNG", dpi=200))
            t0 = time.perf_counter()
            replace_page(ctx, doc, 2, scan, name=scan.name, user="bench")  # the old request: everything inside it
            inline.append(time.perf_counter() - t0)

            t0 = time.perf_counter()
            resp = client.post(f"/api/documents/{doc}/pages/2/replace", files={"file": (scan.name, scan.read_bytes(), "image/png")},
                               headers=headers)
            answer.append(time.perf_counter() - t0)
            assert resp.status_code == 202, resp.text
            body = resp.json()
            while body["state"] not in ("done", "failed"):
                time.sleep(0.05)
                body = client.get(f"/api/rescans/{body['id']}", headers=headers).json()
            done.append(time.perf_counter() - t0)
            assert body["state"] == "done", body

    result = {"pages": args.pages, "rounds": args.rounds,
              "reference_inline_s": round(statistics.median(inline), 3),
              "answer_s": round(statistics.median(answer), 3),
              "background_done_s": round(statistics.median(done), 3)}
    result["answer_over_reference"] = round(result["answer_s"] / result["reference_inline_s"], 4)
    result["done_over_reference"] = round(result["background_done_s"] / result["reference_inline_s"], 3)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
