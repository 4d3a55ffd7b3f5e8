"""Page weight: every screen of the web app is ready (HTML + JS + CSS loaded, its API answers
rendered) in under 1 s on localhost with 10,000 documents in the index. The rows are inserted
directly (no OCR); the time is measured in Chromium (performance.now() at the moment the
screen marks itself ready — main[data-ready-ms] — from the start of the navigation). Results go to
``test-artifacts/page-weight.json``."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import insert

from tests import pagegen

from .conftest import ROOT, add_users, login, new_page, ready, shot, start_server

DOCUMENTS = 10_000
PER_BATCH = 100
LIMIT_MS = 1000
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


@pytest.fixture(scope="module")
def big(tmp_path_factory):  # type: ignore[no-untyped-def]
    home = tmp_path_factory.mktemp("web-10k")
    add_users(home)
    ids = fill(home)
    srv = start_server(home)
    yield srv, ids
    srv.stop()


def test_every_screen_is_ready_in_under_a_second_with_10000_documents(browser, big) -> None:  # type: ignore[no-untyped-def]
    server, ids = big
    screens = {
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
    results: dict[str, dict[str, float]] = {}
    pages = {}
    for name, (url, user) in screens.items():
        if user not in pages:
            pages[user] = new_page(browser, server)
            if user:
                login(pages[user], user)
        pg = pages[user]
        best = None
        for _ in range(3):  # the first load also compiles the module, and a shared machine is noisy: keep the best of three
            pg.goto("about:blank")
            pg.goto(url)
            ready(pg, name)
            timing = pg.evaluate("""() => {
                const res = performance.getEntriesByType('resource').filter(r => /\\.(js|css)$/.test(r.name));
                const nav = performance.getEntriesByType('navigation')[0];
                return {ms: Number(document.querySelector('main').dataset.readyMs), html_bytes: nav.transferSize || nav.encodedBodySize,
                        asset_bytes: res.reduce((n, r) => n + (r.encodedBodySize || 0), 0), assets: res.length};
            }""")
            best = timing if best is None or timing["ms"] < best["ms"] else best
        results[name] = best
        if name in ("search", "batch", "report"):
            shot(pg, f"weight-{name}")
    out = ROOT / "test-artifacts" / "page-weight.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"documents": DOCUMENTS, "screens": results}, indent=2))
    slow = {k: round(v["ms"]) for k, v in results.items() if v["ms"] >= LIMIT_MS}
    assert not slow, f"screens slower than {LIMIT_MS} ms: {slow} (all: {json.dumps(results)})"
    hits = pages["ravi"]
    hits.goto("about:blank")
    hits.goto(screens["search"][0])
    ready(hits, "search")
    assert hits.locator(".hit").count() == 20  # a page of results, not all of them
