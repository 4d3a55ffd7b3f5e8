"""Rescan and replace one page (workers.rescan, POST /api/documents/{id}/pages/{n}/replace): the
new scan is stored and read, the page's outputs are overwritten, the document's PDF, classification
and index are rebuilt — the search finds the new text once and the old text no more."""

from __future__ import annotations

import io
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from domain.errors import InputError, UsageError
from tests import pagegen
from tests.scans import EDUCATION_LINES, HEALTH_LINES, REVENUE_LINES, page

from .conftest import scan_png


@dataclass
class Env:
    settings: Any
    app: Any
    tokens: dict[str, str]
    two: str  # a 2-page document: health page, education page
    single: str  # a 1-page document (health)
    batch_id: str

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def client(self):  # type: ignore[no-untyped-def]
        from fastapi.testclient import TestClient

        return TestClient(self.app)


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> Env:  # type: ignore[no-untyped-def]
    from sanchika.api import create_app
    from sanchika.pipeline import process_batch
    from sanchika.settings import Settings

    root: Path = tmp_path_factory.mktemp("rescan-scans")
    (root / "two.pdf").write_bytes(pagegen.image_pdf([page(HEALTH_LINES, 11), page(EDUCATION_LINES, 12)], dpi=200))
    (root / "single.png").write_bytes(scan_png(HEALTH_LINES[:3], 13))
    settings = Settings(home=tmp_path_factory.mktemp("rescan-home"), workers=2)
    report = process_batch([root], settings, batch_name="rescan", operator="seed")
    ids = {Path(f.path).name: f.document_id for f in report.files}
    assert all(f.status == "done" for f in report.files), report.to_json()
    app = create_app(settings)
    accounts = app.state.services.accounts
    tokens = {"operator": accounts.add_user("olga", "operator")[1], "admin": accounts.add_user("arun", "admin")[1],
              "revenue": accounts.add_user("ravi", "department", ["revenue"])[1]}
    return Env(settings, app, tokens, ids["two.pdf"], ids["single.png"], report.batch_id)


def _hits(client, env: Env, q: str, doc_id: str) -> list[int]:  # type: ignore[no-untyped-def]
    r = client.get("/api/search", params={"q": q, "limit": 100}, headers=env.headers("admin"))
    return [h["page"] for h in r.json()["hits"] if h["document_id"] == doc_id]


def _replace(client, env: Env, doc_id: str, n: int, data: bytes, name: str = "rescan.png", who: str = "operator"):  # type: ignore[no-untyped-def]
    return client.post(f"/api/documents/{doc_id}/pages/{n}/replace", files={"file": (name, data, "application/octet-stream")},
                       headers=env.headers(who))


def _replaced(client, env: Env, doc_id: str, n: int, data: bytes, name: str = "rescan.png", who: str = "operator") -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Send the replacement (answered at once: 202, queued) and follow it to its end."""
    started = time.monotonic()
    r = _replace(client, env, doc_id, n, data, name, who)
    answered = time.monotonic() - started
    assert r.status_code == 202, r.text
    body = r.json()
    # answered before the work is done: queued, or already reading when the pool was up (it stays up
    # SANCHIKA_WORKER_IDLE_SECONDS after earlier work)
    assert body["state"] in ("queued", "reading") and body["document_status"] == "processing", body
    assert answered < 5, f"the replace request took {answered:.1f} s: it must not wait for the OCR"
    deadline = time.monotonic() + 180
    while body["state"] not in ("done", "failed"):
        assert time.monotonic() < deadline, body
        time.sleep(0.2)
        body = client.get(f"/api/rescans/{body['id']}", headers=env.headers(who)).json()
    return body  # type: ignore[no-any-return]


def test_replacing_a_page_rebuilds_text_pdf_and_index_without_duplicates(env) -> None:  # type: ignore[no-untyped-def]
    client = env.client()
    doc = env.two
    assert _hits(client, env, "teachers", doc) == [2]
    before_png = client.get(f"/api/documents/{doc}/pages/2.png", headers=env.headers("admin")).content  # cached now

    body = _replaced(client, env, doc, 2, scan_png(REVENUE_LINES, 21))
    assert body["state"] == "done", body
    assert body["document_id"] == doc and body["page"] == 2 and body["document_status"] == "done"
    assert 0 < body["confidence"] <= 1 and len(body["sha256"]) == 64

    full = client.get(f"/api/documents/{doc}", headers=env.headers("admin")).json()
    assert [p["page"] for p in full["page_list"]] == [1, 2]
    assert "खसरा" in full["page_list"][1]["text"] and "teachers" not in full["page_list"][1]["text"]
    assert "Vaccination" in full["page_list"][0]["text"] or "टीकाकरण" in full["page_list"][0]["text"]

    # the index: the new words once, on page 2; the replaced words gone; page 1 untouched
    assert _hits(client, env, "खसरा", doc) == [2]
    assert _hits(client, env, "teachers", doc) == []
    assert _hits(client, env, "headmasters", doc) == []
    assert _hits(client, env, "Vaccination", doc) == [1]

    # the searchable PDF has both pages and the new text; the page image is the new scan
    import pikepdf

    pdf = client.get(f"/api/documents/{doc}/pdf", headers=env.headers("admin")).content
    with pikepdf.open(io.BytesIO(pdf)) as opened:
        assert len(opened.pages) == 2
    assert client.get(f"/api/documents/{doc}/pages/2.png", headers=env.headers("admin")).content != before_png

    # the page row says so, the original of the rescan is kept, the audit log has it
    services = env.app.state.services
    row = services.ctx.catalog.pages_of(doc)[1]
    assert row["steps"][0] == f"replaced:{body['sha256'][:16]}"
    from storage import keys

    assert services.ctx.store.exists(keys.original(body["sha256"]))
    audit = client.get("/api/audit", params={"action": "correct", "target": doc}, headers=env.headers("admin")).json()
    assert audit[0]["user"] == "olga" and audit[0]["detail"]["field"] == "page" and audit[0]["detail"]["page"] == 2
    assert audit[0]["detail"]["replacement"] == "rescan.png"

    # replacing again with the same scan changes nothing in the index: still once
    assert _replaced(client, env, doc, 2, scan_png(REVENUE_LINES, 21), who="admin")["state"] == "done"
    assert _hits(client, env, "खसरा", doc) == [2]


def test_a_failed_page_is_replaced_and_a_corrected_department_is_kept(env) -> None:  # type: ignore[no-untyped-def]
    client = env.client()
    services = env.app.state.services
    doc = env.two
    op = env.headers("operator")
    assert client.post(f"/api/documents/{doc}/department", json={"department": "agriculture", "reason": "misfiled"},
                       headers=op).status_code == 200
    services.ctx.catalog.fail_page(doc, 1, InputError("page 1 could not be read; rescan this page.", code="page.unreadable"))
    queue = client.get("/api/review", params={"limit": 200}, headers=op).json()
    assert {"document_id": doc, "page": 1} in [{"document_id": p["document_id"], "page": p["page"]} for p in queue["pages"]]

    body = _replaced(client, env, doc, 1, scan_png(EDUCATION_LINES, 22))
    assert body["state"] == "done" and body["department"] == "agriculture"  # the operator's correction outranks the classifier
    rows = services.ctx.catalog.pages_of(doc)
    assert rows[0]["status"] == "done" and rows[0]["error_code"] is None
    queue = client.get("/api/review", params={"limit": 200}, headers=op).json()
    assert {"document_id": doc, "page": 1} not in [{"document_id": p["document_id"], "page": p["page"]} for p in queue["pages"]]
    assert _hits(client, env, "teachers", doc) == [1]
    assert _hits(client, env, "Vaccination", doc) == []


def test_a_failed_document_becomes_done_with_its_batch_item(env) -> None:  # type: ignore[no-untyped-def]
    from workers.steps import complete_document

    client = env.client()
    services = env.app.state.services
    ctx = services.ctx
    doc = env.single
    ctx.catalog.fail_page(doc, 1, InputError("page 1 could not be read; rescan this page.", code="page.unreadable"))
    from storage.schema import batch_items

    with ctx.engine.begin() as c:  # the item waits on the document again, as after a run
        c.execute(update(batch_items).where(batch_items.c.document_id == doc).values(status="processing"))
    assert complete_document(ctx, doc).ok is False
    batch = client.get(f"/api/batches/{env.batch_id}", headers=env.headers("operator")).json()
    assert next(f for f in batch["files"] if f["document_id"] == doc)["status"] == "failed"

    body = _replaced(client, env, doc, 1, scan_png(HEALTH_LINES, 23))
    assert body["state"] == "done" and body["document_status"] == "done", body
    batch = client.get(f"/api/batches/{env.batch_id}", headers=env.headers("operator")).json()
    item = next(f for f in batch["files"] if f["document_id"] == doc)
    assert item["status"] == "done" and item["error"] is None and item["page_status"][0]["status"] == "done"


def test_bad_replacements_are_refused_and_change_nothing(env) -> None:  # type: ignore[no-untyped-def]
    client = env.client()
    doc = env.two
    before = env.app.state.services.ctx.catalog.pages_of(doc)
    two_pages = pagegen.image_pdf([page(REVENUE_LINES, 31), page(REVENUE_LINES, 32)], dpi=200)
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as z:
        z.writestr("a.png", scan_png(REVENUE_LINES, 33))
    cases = [
        (doc, 1, b"just some text", 415, "input.unsupported"),
        (doc, 1, bundle.getvalue(), 415, "input.unsupported"),
        (doc, 1, b"", 422, "input.empty"),
        (doc, 1, pagegen.image_pdf([page(REVENUE_LINES, 34)], dpi=200)[:300], 422, "input.corrupt"),
        (doc, 1, two_pages, 400, "usage"),
        (doc, 3, scan_png(REVENUE_LINES, 35), 404, "not_found"),
        ("0123456789abcdef", 1, scan_png(REVENUE_LINES, 35), 404, "not_found"),
    ]
    for doc_id, n, data, status, code in cases:
        r = _replace(client, env, doc_id, n, data)
        assert r.status_code == status and r.json()["error"]["code"] == code, (n, status, r.text)
    assert _replace(client, env, doc, 1, scan_png(REVENUE_LINES, 36), who="revenue").status_code == 403
    after = env.app.state.services.ctx.catalog.pages_of(doc)
    assert [(p["text"], p["steps"]) for p in after] == [(p["text"], p["steps"]) for p in before]


def test_a_document_being_read_cannot_have_a_page_replaced(env, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from storage.schema import documents
    from workers.rescan import replace_page

    ctx = env.app.state.services.ctx
    scan = tmp_path / "p.png"
    scan.write_bytes(scan_png(REVENUE_LINES, 41))
    with ctx.engine.begin() as c:
        c.execute(update(documents).where(documents.c.id == env.single).values(status="processing"))
    try:
        with pytest.raises(UsageError, match="still being read"):
            replace_page(ctx, env.single, 1, scan, user="olga")
    finally:
        with ctx.engine.begin() as c:
            c.execute(update(documents).where(documents.c.id == env.single).values(status="done"))


def test_a_replacement_says_its_flag_as_the_page_flag_enum(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """workers.rescan.replace_page's Replacement.flag is what PageText.flag is: None when the new
    scan asks nothing of a person, else a PageFlag (the same as the page row's), never a bare
    string."""
    from domain.status import PageFlag
    from sanchika.pipeline import process_batch
    from sanchika.settings import Settings
    from workers.context import WorkerContext
    from workers.rescan import replace_page

    root = tmp_path / "scans"
    root.mkdir()
    (root / "one.png").write_bytes(scan_png(HEALTH_LINES[:3], 13))
    settings = Settings(home=tmp_path / "home", workers=1)
    doc = process_batch([root], settings, batch_name="flags").files[0].document_id
    assert doc is not None
    ctx = WorkerContext(settings.worker_config())
    good, poor = tmp_path / "good.png", tmp_path / "poor.png"
    good.write_bytes(scan_png(HEALTH_LINES[:3], 14))
    poor.write_bytes(pagegen.image_bytes(page(HEALTH_LINES[:3], 15, blur=2.0, low_contrast=True), "PNG", dpi=200))
    assert replace_page(ctx, doc, 1, good, user="olga").flag is None
    replaced = replace_page(ctx, doc, 1, poor, user="olga")
    assert isinstance(replaced.flag, PageFlag) and replaced.flag == ctx.catalog.pages_of(doc)[0]["flag"]
