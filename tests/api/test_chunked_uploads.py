"""Resumable uploads (POST/PUT/GET /api/uploads), a batch made of them, and re-queueing a
batch's failed files (POST /api/batches/{id}/retry)."""

from __future__ import annotations

from tests import pagegen
from tests.scans import page

from .conftest import wait_for_batch

# not the corpus' words (tests/api/test_scoping.py counts the hits of those)
FARM_LINES = ["Office of the Deputy Director Agriculture, Kota", "Subject: Soil health cards for the farmers",
              "Distribution of certified seed in the rabi season", "कृषि विभाग द्वारा बीज वितरण"]


def test_chunks_resume_and_are_idempotent_by_offset(corpus, client) -> None:  # type: ignore[no-untyped-def]
    h = corpus.headers("operator")
    data = pagegen.image_pdf([page(FARM_LINES[:3], 41), page(FARM_LINES[1:], 42)], dpi=200)
    r = client.post("/api/uploads", json={"name": "शिक्षा/two-pages.pdf", "size": len(data)}, headers=h)
    assert r.status_code == 201, r.text
    up = r.json()
    assert up["received"] == 0 and up["name"] == "शिक्षा/two-pages.pdf"
    third = len(data) // 3
    put = lambda offset, chunk: client.put(f"/api/uploads/{up['id']}", params={"offset": offset}, content=chunk,  # noqa: E731
                                          headers={**h, "Content-Type": "application/octet-stream"})
    assert put(0, data[:third]).json()["received"] == third
    assert put(0, data[:third]).json()["received"] == third  # the same chunk again (answer lost): nothing changes
    gap = put(2 * third, data[2 * third:])  # a chunk past what arrived is refused
    assert gap.status_code == 400 and gap.json()["error"]["code"] == "usage"
    assert client.get(f"/api/uploads/{up['id']}", headers=h).json()["received"] == third  # resume from here
    assert put(third // 2, data[third // 2:2 * third]).json()["received"] == 2 * third  # overlapping: only the new part
    too_long = put(2 * third, data[2 * third:] + b"x")
    assert too_long.status_code == 400
    assert put(2 * third, data[2 * third:]).json()["received"] == len(data)

    # another user's upload answers like a missing one; a department user may not upload
    assert client.get(f"/api/uploads/{up['id']}", headers=corpus.headers("admin")).status_code == 200
    assert client.get("/api/uploads/" + "0" * 32, headers=h).status_code == 404
    assert client.post("/api/uploads", json={"name": "x.pdf", "size": 1}, headers=corpus.headers("revenue")).status_code == 403

    unfinished = client.post("/api/uploads", json={"name": "later.png", "size": 10}, headers=h).json()
    r = client.post("/api/batches/from-uploads", json={"upload_ids": [up["id"], unfinished["id"]]}, headers=h)
    assert r.status_code == 400 and "not fully uploaded" in r.json()["error"]["message"]

    r = client.post("/api/batches/from-uploads", json={"upload_ids": [up["id"]], "name": "chunked", "department": "शिक्षा",
                                                       "file_number": "1187/Edu/2024"}, headers=h)
    assert r.status_code == 202, r.text
    batch = wait_for_batch(client, r.json()["id"], h)
    assert batch["status"] == "done" and batch["name"] == "chunked"
    [f] = batch["files"]
    assert f["name"] == "शिक्षा/two-pages.pdf" and f["status"] == "done" and f["pages"] == 2
    assert client.get(f"/api/uploads/{up['id']}", headers=h).status_code == 404  # the spool is cleaned up
    audit = client.get("/api/audit", params={"action": "upload", "target": batch["id"]}, headers=corpus.headers("admin")).json()
    assert audit[0]["detail"]["files"] == ["शिक्षा/two-pages.pdf"]
    assert audit[0]["detail"]["hints"] == {"department": "education", "file_number": "1187/Edu/2024"}


def test_upload_larger_than_the_limit_is_refused(corpus, client) -> None:  # type: ignore[no-untyped-def]
    size = (corpus.settings.max_file_mb << 20) + 1
    r = client.post("/api/uploads", json={"name": "huge.tif", "size": size}, headers=corpus.headers("operator"))
    assert r.status_code == 413 and r.json()["error"]["code"] == "input.too_large"


def test_retry_requeues_failed_documents_and_skips_bad_files(corpus, client) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import update

    from storage.schema import batch_items, documents

    h = corpus.headers("operator")
    good = pagegen.image_bytes(page(FARM_LINES[::-1], 43), "PNG", dpi=200)
    r = client.post("/api/batches", files=[("files", ("retry-me.png", good, "image/png")),
                                           ("files", ("empty.pdf", b"", "application/pdf"))], headers=h)
    batch = wait_for_batch(client, r.json()["id"], h)
    doc_id = next(f["document_id"] for f in batch["files"] if f["name"] == "retry-me.png")
    engine = corpus.app.state.services.ctx.engine
    with engine.begin() as c:  # as if a worker had crashed on it
        c.execute(update(documents).where(documents.c.id == doc_id).values(status="failed", error_code="worker.crashed"))
        c.execute(update(batch_items).where(batch_items.c.document_id == doc_id, batch_items.c.batch_id == batch["id"])
                  .values(status="failed", error_code="worker.crashed", error_message="the worker stopped"))
    assert client.post(f"/api/batches/{batch['id']}/retry", headers=corpus.headers("revenue")).status_code == 403
    r = client.post(f"/api/batches/{batch['id']}/retry", headers=h)
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["requeued"] == ["retry-me.png"] and [s["name"] for s in body["skipped"]] == ["empty.pdf"]
    again = wait_for_batch(client, batch["id"], h)
    by_name = {f["name"]: f for f in again["files"]}
    assert by_name["retry-me.png"]["status"] == "done" and by_name["empty.pdf"]["status"] == "failed"
    assert client.get(f"/api/documents/{doc_id}", headers=h).json()["status"] == "done"
    assert client.post("/api/batches/nosuchbatch/retry", headers=h).status_code == 404
