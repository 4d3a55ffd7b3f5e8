"""The server-mode executor: pages go to Celery workers (queue "ocr"), and a caller that wants to
wait follows the batch in the database, the one place its state lives.

    CeleryExecutor(config).submit(jobs)                    publish and return (web uploads)
    CeleryExecutor(config).run(jobs, on_page, on_document) publish, then poll until every
                                                           document is done or failed
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.exc import InterfaceError, OperationalError

from storage.schema import documents, pages

from .config import WorkerConfig
from .context import WorkerContext
from .local import DocumentJob
from .steps import DocumentOutcome, PageOutcome

FINAL = ("done", "failed")


class CeleryExecutor:
    def __init__(self, config: WorkerConfig, poll_seconds: float = 0.5) -> None:
        self.config = config
        self.poll_seconds = poll_seconds

    def submit(self, jobs: Iterable[DocumentJob]) -> None:
        """Publish one task per page (a document without pages is claimed for completion at once).
        The originals and rows exist already (pipeline.ingest_batch), so a lost publish can be
        redone from the database."""
        from .celery_app import app_for
        from .tasks import claim_completion, complete_document_task, ocr_page_task

        app = app_for(self.config)
        ctx: WorkerContext | None = None
        with app.producer_or_acquire() as producer:
            for job in jobs:
                numbers = job.page_numbers()
                if not numbers:
                    ctx = ctx or WorkerContext(self.config)
                    claim_completion(ctx, job.document_id,
                                     lambda d: complete_document_task.apply_async(args=[d], producer=producer))
                for n in numbers:
                    ocr_page_task.apply_async(args=[job.document_id, job.sha256, job.kind, n], producer=producer)

    def run(
        self,
        jobs: Iterable[DocumentJob],
        on_page: Callable[[PageOutcome], None] = lambda _: None,
        on_document: Callable[[DocumentOutcome], None] = lambda _: None,
    ) -> None:
        jobs = list(jobs)
        self.submit(jobs)
        self.wait([j.document_id for j in jobs], on_page, on_document)

    def wait(
        self,
        doc_ids: list[str],
        on_page: Callable[[PageOutcome], None] = lambda _: None,
        on_document: Callable[[DocumentOutcome], None] = lambda _: None,
        timeout: float | None = None,
    ) -> None:
        """Poll the database until every document is done or failed, reporting each page and
        document once as it settles."""
        engine = WorkerContext(self.config).engine
        seen_pages: set[tuple[str, int]] = set()
        open_docs = set(doc_ids)
        deadline = None if timeout is None else time.monotonic() + timeout
        while open_docs:
            try:
                self._poll(engine, open_docs, seen_pages, on_page, on_document)
            except (OperationalError, InterfaceError):
                engine.dispose()  # the database restarted or dropped us: poll again shortly
            if open_docs:
                if deadline is not None and time.monotonic() > deadline:
                    raise TimeoutError(f"{len(open_docs)} documents still open after {timeout} s")
                time.sleep(self.poll_seconds)

    @staticmethod
    def _poll(engine, open_docs, seen_pages, on_page, on_document) -> None:  # type: ignore[no-untyped-def]
        for chunk in _chunks(sorted(open_docs), 500):
            with engine.connect() as c:
                rows = c.execute(select(pages.c.document_id, pages.c.page_no, pages.c.status, pages.c.error_code,
                                        pages.c.error_message)
                                 .where(pages.c.document_id.in_(chunk), pages.c.status != "queued")).all()
                docs = c.execute(select(documents).where(documents.c.id.in_(chunk),
                                                         documents.c.status.in_(FINAL))).all()
            for r in rows:
                if (r.document_id, r.page_no) not in seen_pages:
                    seen_pages.add((r.document_id, r.page_no))
                    on_page(PageOutcome(r.document_id, r.page_no, r.status == "done", r.error_code, r.error_message))
            for d in docs:
                open_docs.discard(d.id)
                on_document(DocumentOutcome(
                    d.id, d.status == "done", d.department, d.confidence, d.file_number,
                    error_code=d.error_code, error_message=d.error_message))


def _chunks(items: list[str], n: int) -> Iterable[list[str]]:
    for i in range(0, len(items), n):
        yield items[i:i + n]
