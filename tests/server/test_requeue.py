"""`sanchika requeue` in server mode, against real PostgreSQL, Redis, SeaweedFS and a worker:
pages whose messages were lost (never published here, as after a broker restart without
persistence) are published once, pages the broker still holds are left alone, a second run
publishes nothing, and a document whose completion message was lost is completed again.
Each stranded page is received by the worker exactly once (counted in its log)."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select, update

from sanchika.pipeline import ingest_batch
from sanchika.requeue import requeue
from storage.schema import documents

from .harness import Server, assert_batch_complete, make_batch, wait_for

DOCS, PAGES = 2, 2


def _received(log: Path, task: str) -> list[str]:
    text = log.read_text(errors="replace")
    return re.findall(rf"Task sanchika\.{task}\[([0-9a-f-]+)\] received", text) + \
        re.findall(rf"Received task: sanchika\.{task}\[([0-9a-f-]+)\]", text)


def _statuses(server: Server, batch_id: str) -> set[str]:
    eng = server.engine()
    try:
        with eng.connect() as c:
            return {r[0] for r in c.execute(select(documents.c.status).where(documents.c.batch_id == batch_id))}
    finally:
        eng.dispose()


def test_requeue_publishes_lost_pages_once(server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder, n_pages = make_batch(tmp_path / "scans", docs=DOCS, pages_per_doc=PAGES, seed=31)
    settings = server.settings()
    # stored and recorded, but the messages are lost: nothing was published
    batch_id, jobs = ingest_batch([folder], settings, batch_name="lost", operator="t")
    assert sum(j.pages for j in jobs) == n_pages

    # one page still has its message in the broker (no worker is running yet)
    from workers.celery_app import app_for
    from workers.tasks import ocr_page_task

    app_for(settings.worker_config())
    first = jobs[0]
    ocr_page_task.apply_async(args=[first.document_id, first.sha256, first.kind, 1])

    young = requeue(settings, min_age=300)
    assert (young.pages, young.too_young, young.broker_checked) == (0, DOCS, True)
    dry = requeue(settings, min_age=0, dry_run=True)
    assert (dry.pages, dry.in_flight) == (n_pages - 1, 1)

    report = requeue(settings, min_age=0)
    assert (report.mode, report.pages, report.in_flight, report.completions) == ("celery", n_pages - 1, 1, 0)
    again = requeue(settings, min_age=0)  # every page now has its message waiting: nothing twice
    assert (again.pages, again.in_flight, again.completions) == (0, n_pages, 0) and again.nothing_to_do

    worker = server.start_worker("ocr,post", concurrency=1)
    wait_for(lambda: _statuses(server, batch_id) == {"done"}, 240, "the batch to finish")
    assert_batch_complete(server, batch_id, DOCS, n_pages)
    assert len(_received(worker.log, "ocr_page")) == n_pages  # each page ran exactly once
    assert len(_received(worker.log, "complete_document")) == DOCS
    assert requeue(settings, min_age=0).nothing_to_do

    # a document claimed for completion whose complete_document message was lost
    eng = server.engine()
    try:
        with eng.begin() as c:
            c.execute(update(documents).where(documents.c.id == first.document_id).values(status="completing"))
    finally:
        eng.dispose()
    lost = requeue(settings, min_age=0, failed=False)
    assert (lost.pages, lost.completions, lost.documents) == (0, 1, [first.document_id])
    wait_for(lambda: _statuses(server, batch_id) == {"done"}, 120, "the completion to run again")
    assert_batch_complete(server, batch_id, DOCS, n_pages)
    assert len(_received(worker.log, "ocr_page")) == n_pages
    assert requeue(settings, min_age=0).nothing_to_do
