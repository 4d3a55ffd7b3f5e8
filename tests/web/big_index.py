"""10,000 documents in the index, the screens of the web app and one visit of each: shared by
tests/web/test_page_weight.py (every screen renders, a page of hits, asset budget) and
bench/web_page_weight.py (how long each screen takes to be ready, against issue 6's 1 s).

The rows are inserted directly (no OCR). A screen's time is measured in Chromium:
performance.now() at the moment the screen marks itself ready (main[data-ready-ms]) from the
start of the navigation."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from tests import pagegen

from .conftest import Server, add_users, login, new_page, ready, start_server

DOCUMENTS = 10_000
PER_BATCH = 100
DEPARTMENTS = ("revenue", "education", "health", "panchayat", "agriculture", "police", "forest", "labour")


def fill(home) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """10,000 finished two-page documents in 100 batches, spread over 12 weeks, and indexed."""
    from sanchika.settings import Settings
    from storage.schema import audit_log, batch_items, batches, digital_files, documents, pages, source_files
    from workers.context import WorkerContext

    ctx = WorkerContext(Settings(home=home).worker_config())
    start = datetime.now(UTC) - timedelta(weeks=12)
    rows: dict[str, list[dict]] = {k: [] for k in ("batches", "items", "sources", "docs", "pages", "files", "audit")}
    texts = []
    for f in range(200):
        rows["files"].append({"id": f + 1, "key": f"fn:{f}/Rev/2019", "file_number": f"{f}/Rev/2019", "title": f"{f}/Rev/2019",
                              "department": DEPARTMENTS[f % len(DEPARTMENTS)], "created_at": start})
    for i in range(DOCUMENTS):
        at = start + timedelta(minutes=12 * i)
        batch_id = f"b{i // PER_BATCH:05d}"
        if i % PER_BATCH == 0:
            rows["batches"].append({"id": batch_id, "name": f"almirah {i // PER_BATCH}", "operator": "olga", "status": "done",
                                    "created_at": at, "finished_at": at + timedelta(hours=1)})
        sha = hashlib.sha256(str(i).encode()).hexdigest()
        doc_id = sha[:16]
        dep = DEPARTMENTS[i % len(DEPARTMENTS)]
        rows["sources"].append({"sha256": sha, "kind": "png", "size": 1000, "name": f"scan-{i}.png", "stored_at": at})
        rows["items"].append({"batch_id": batch_id, "seq": i % PER_BATCH, "name": f"scan-{i}.png", "grp": "", "sha256": sha,
                              "status": "done", "document_id": doc_id})
        rows["docs"].append({"id": doc_id, "sha256": sha, "batch_id": batch_id, "name": f"scan-{i}.png", "grp": "", "kind": "png",
                             "status": "done", "pages": 2, "department": dep if i % 17 else "unknown",
                             "confidence": 0.2 if i % 13 == 0 else 0.9, "file_number": f"{i % 200}/Rev/2019",
                             "doc_date": date(2019, 1, 1) + timedelta(days=i % 365), "digital_file_id": i % 200 + 1,
                             "classification": {"scores": {dep: 0.9}, "evidence": [], "method": "rules"},
                             "entities": {"subject": "synthetic", "dates": [], "file_numbers": [], "amounts": []},
                             "created_at": at, "completed_at": at + timedelta(minutes=5)})
        page_texts = ["\n".join(pagegen.office_lines(i * 2 + n, 6)) + f" दस्तावेज़{i}" for n in (1, 2)]
        for n, text in enumerate(page_texts, 1):
            rows["pages"].append({"document_id": doc_id, "page_no": n, "status": "done", "source": "ocr", "confidence": 0.9,
                                  "text": text, "updated_at": at + timedelta(minutes=5),
                                  "flag": "needs_rescan" if n == 2 and i % 100 == 0 else None})  # 100 on the rescan list
        texts.append((doc_id, list(enumerate(page_texts, 1))))
        rows["audit"].append({"at": at, "user_name": "ravi", "action": "view", "target_type": "document", "target_id": doc_id})
    with ctx.engine.begin() as c:
        for table, key in ((batches, "batches"), (source_files, "sources"), (digital_files, "files"), (documents, "docs"),
                           (batch_items, "items"), (pages, "pages"), (audit_log, "audit")):
            c.execute(insert(table), rows[key])
    ctx.index.index_documents(texts)
    return {"document": rows["docs"][-1]["id"], "batch": rows["batches"][-1]["id"], "file": "7/Rev/2019"}


def big_server(home: Path) -> tuple[Server, dict[str, str]]:
    """Users, the 10,000 documents and a running ``sanchika serve`` on ``home``; stop it with ``.stop()``."""
    add_users(home)
    ids = fill(home)
    return start_server(home), ids


def screens(ids: dict[str, str]) -> dict[str, tuple[str, str | None]]:
    """Every screen: name -> (URL, user who opens it; None: not logged in)."""
    return {
        "login": ("/#/login", None),
        "upload": ("/#/upload", "olga"),
        "batches": ("/#/batches", "olga"),
        "batch": (f"/#/batches/{ids['batch']}", "olga"),
        "review": ("/#/review", "olga"),
        "search": ("/#/search?q=" + "जमाबंदी", "ravi"),
        "documentView": (f"/#/documents/{ids['document']}?q=कार्यालय", "arun"),
        "files": ("/#/files", "ravi"),
        "fileView": (f"/#/files/{ids['file']}", "arun"),
        "queues": ("/#/queues", "arun"),
        "report": ("/#/report", "arun"),
        "users": ("/#/users", "arun"),
        "audit": ("/#/audit", "arun"),
        "rescans": ("/#/rescans", "olga"),
    }


TIMING_JS = """() => {
    const res = performance.getEntriesByType('resource').filter(r => /\\.(js|css)$/.test(r.name));
    const nav = performance.getEntriesByType('navigation')[0];
    return {ms: Number(document.querySelector('main').dataset.readyMs), html_bytes: nav.transferSize || nav.encodedBodySize,
            asset_bytes: res.reduce((n, r) => n + (r.encodedBodySize || 0), 0), assets: res.length,
            urls: res.map(r => r.name)};
}"""


def visit_all(browser: Any, server: Server, ids: dict[str, str], rounds: int = 1,
              after: Callable[[str, Any], None] | None = None) -> tuple[dict[str, dict[str, float]], dict[str | None, Any]]:
    """Open every screen ``rounds`` times from a blank page, wait until it is ready, and keep the
    fastest load's numbers per screen: ready ms, HTML bytes, JS/CSS files and the bytes they
    transferred (0 when the browser's cache had them), plus ``asset_bytes_full``: those files'
    bytes as served (what a first visit loads). ``after(name, page)`` runs once a screen's last
    load is ready. Returns the numbers and the open pages by user."""
    results: dict[str, dict[str, float]] = {}
    pages: dict[str | None, Any] = {}
    for name, (url, user) in screens(ids).items():
        if user not in pages:
            pages[user] = new_page(browser, server)
            if user:
                login(pages[user], user)
        pg = pages[user]
        best: dict[str, Any] = {}
        for _ in range(rounds):  # the first load also compiles the module: a bench keeps the best of several
            pg.goto("about:blank")
            pg.goto(url)
            ready(pg, name)
            timing = pg.evaluate(TIMING_JS)
            best = timing if not best or timing["ms"] < best["ms"] else best
        best["asset_bytes_full"] = sum(len(pg.request.get(u).body()) for u in set(best.pop("urls")))
        results[name] = best
        if after:
            after(name, pg)
    return results, pages
