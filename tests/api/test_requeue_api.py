"""POST /api/requeue and POST /api/batches/{id}/requeue (admin): the answer's shape, a dry run
changes nothing, an unknown batch is 404, and a stranded page of an embedded deployment is run."""

from __future__ import annotations

from sqlalchemy import select, update

from storage.schema import batch_items, batches, documents, pages
from tests import pagegen
from tests.scans import page

from .conftest import wait_for_batch

LINES = ["Office of the Block Education Officer, Sanganer", "Subject: requeue of the stranded page",
         "विद्यालय भवन मरम्मत हेतु राशि स्वीकृति"]


def test_requeue_runs_a_stranded_page_once(corpus, client) -> None:  # type: ignore[no-untyped-def]
    admin, op = corpus.headers("admin"), corpus.headers("operator")
    assert client.post("/api/batches/no-such-batch/requeue", headers=admin).status_code == 404

    data = pagegen.image_pdf([page(LINES, 51)], dpi=200)
    r = client.post("/api/batches", files=[("files", ("stranded.pdf", data, "application/pdf"))], headers=op)
    assert r.status_code == 202, r.text
    batch = wait_for_batch(client, r.json()["id"], op)
    [f] = batch["files"]
    assert f["status"] == "done"
    engine = corpus.app.state.services.ctx.engine
    with engine.begin() as c:  # as if the process running it had stopped before the page was read
        c.execute(update(pages).where(pages.c.document_id == f["document_id"]).values(status="queued", text=None))
        c.execute(update(documents).where(documents.c.id == f["document_id"]).values(status="processing"))
        c.execute(update(batch_items).where(batch_items.c.document_id == f["document_id"]).values(status="processing"))
        c.execute(update(batches).where(batches.c.id == batch["id"]).values(status="running", finished_at=None))

    dry = client.post(f"/api/batches/{batch['id']}/requeue", params={"min_age": 0, "dry_run": True}, headers=admin)
    assert dry.status_code == 202, dry.text
    body = dry.json()
    assert (body["mode"], body["dry_run"], body["pages"], body["documents"]) == ("embedded", True, 1, [f["document_id"]])
    young = client.post(f"/api/batches/{batch['id']}/requeue", headers=admin).json()  # min_age 300: too young
    assert (young["pages"], young["too_young"]) == (0, 1)

    r = client.post(f"/api/batches/{batch['id']}/requeue", params={"min_age": 0, "failed": False}, headers=admin)
    assert r.status_code == 202 and r.json()["pages"] == 1
    assert wait_for_batch(client, batch["id"], op)["status"] == "done"
    with engine.connect() as c:
        row = c.execute(select(pages.c.status, pages.c.text).where(pages.c.document_id == f["document_id"])).one()
        assert c.execute(select(documents.c.status).where(documents.c.id == f["document_id"])).scalar() == "done"
    assert row.status == "done" and "requeue" in (row.text or "").lower()
    again = client.post(f"/api/batches/{batch['id']}/requeue", params={"min_age": 0}, headers=admin).json()
    assert (again["pages"], again["completions"], again["files"]) == (0, 0, [])
