"""Server mode (PostgreSQL + Redis + SeaweedFS S3 + a `sanchika worker`): a page replaced through
the web API is read by the Celery worker, not in the request — the answer (202) comes at once,
GET /api/rescans/{id} follows it to done, and the document has the new page's text."""

from __future__ import annotations

import time

from sanchika.pipeline import process_batch
from tests import pagegen
from tests.scans import HEALTH_LINES, page

from .harness import make_batch


def test_a_replacement_is_read_by_a_celery_worker(server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from sanchika.api import create_app

    server.start_worker("ocr,post", concurrency=1)
    folder, _ = make_batch(tmp_path / "scans", docs=1, pages_per_doc=2, seed=5)
    report = process_batch([folder], server.settings(), batch_name="srv", operator="t")
    doc = report.files[0].document_id
    app = create_app(server.settings())
    token = app.state.services.accounts.add_user("olga", "operator")[1]
    client = TestClient(app)
    headers = {"Authorization": f"Bearer {token}"}
    scan = pagegen.image_bytes(page(HEALTH_LINES, 91), "PNG", dpi=200)

    started = time.monotonic()
    r = client.post(f"/api/documents/{doc}/pages/2/replace", files={"file": ("p2.png", scan, "image/png")}, headers=headers)
    assert r.status_code == 202, r.text
    assert time.monotonic() - started < 5
    body = r.json()
    deadline = time.monotonic() + 180
    while body["state"] not in ("done", "failed"):
        assert time.monotonic() < deadline, body
        time.sleep(0.3)
        body = client.get(f"/api/rescans/{body['id']}", headers=headers).json()
    assert body["state"] == "done" and body["document_status"] == "done", body
    text = client.get(f"/api/documents/{doc}", headers=headers).json()["page_list"][1]["text"]
    assert "Vaccination" in text or "टीकाकरण" in text, text
    log = "".join(w.log.read_text(errors="replace") for w in server.workers)
    received = [ln for ln in log.splitlines() if "sanchika.ocr_page" in ln and "received" in ln.lower()]
    assert len(received) == 3, log[-3000:]  # the batch's two pages, then the replacement: read on the worker
