"""The server-mode executor: pages go to Celery workers (queue "ocr"), and a caller that wants to
follow them reads the batch in the database, the one place its state lives (ADR 0007).

    CeleryExecutor(config).run(jobs, on_page, on_document)   publish each document as it is
                                                             pulled, follow until all are settled
    CeleryExecutor(config).submit(jobs, ...)                 the same in a background thread; the
                                                             Submission is done once everything is
                                                             published (followed too, when callbacks
                                                             are given)
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from functools import cached_property

from sqlalchemy.exc import InterfaceError, OperationalError

from domain.status import DocumentStatus, PageStatus
from storage.work import claim_completion, settled

from .config import WorkerConfig
from .context import WorkerContext
from .jobs import DocumentJob, DocumentOutcome, OnDocument, OnPage, PageOutcome, Submission, ignore


class CeleryExecutor:
    def __init__(self, config: WorkerConfig, poll_seconds: float = 0.5) -> None:
        self.config = config
        self.poll_seconds = poll_seconds

    @cached_property
    def context(self) -> WorkerContext:
        return WorkerContext(self.config)

    def warm(self) -> None:
        """Nothing to start here: the workers run elsewhere."""

    def cool(self) -> None:
        """Nothing was started."""

    def run(self, jobs: Iterable[DocumentJob], on_page: OnPage = ignore, on_document: OnDocument = ignore) -> None:
        submission = Submission(jobs, on_page, on_document)
        _Follow(self, submission).run()
        submission.wait()  # raises what stopped it

    def submit(self, jobs: Iterable[DocumentJob], on_page: OnPage = ignore,
               on_document: OnDocument = ignore) -> Submission:
        submission = Submission(jobs, on_page, on_document)
        follow = _Follow(self, submission, follow=on_page is not ignore or on_document is not ignore)
        threading.Thread(target=follow.run, name="sanchika-publish", daemon=True).start()
        return submission

    def publish(self, job: DocumentJob) -> None:
        """One task per page; a document without pages is claimed for completion at once. The
        original and the rows exist already (pipeline.ingest_stream), so a lost publish can be
        redone from the database (sanchika.requeue)."""
        from .celery_app import app_for
        from .tasks import publish_completion, publish_page

        app = app_for(self.config)
        with app.producer_or_acquire() as producer:  # one per document: never held across an ingest
            pages = job.page_jobs()
            if not pages:
                claim_completion(self.context.engine, job.document_id,
                                 lambda d: publish_completion(job.completion(), producer))
            for page in pages:
                publish_page(page, producer)


class _Follow:
    """Publish a submission's documents as they are pulled; report what settles."""

    def __init__(self, executor: CeleryExecutor, submission: Submission, follow: bool = True) -> None:
        self.ex = executor
        self.submission = submission
        self.follow = follow
        self.open: set[str] = set()
        self.seen_pages: set[tuple[str, int]] = set()

    def run(self) -> None:
        try:
            for job in self.submission.jobs:
                self.ex.publish(job)
                if self.follow:
                    self.open.add(job.document_id)
                    self.poll()
            while self.open:
                time.sleep(self.ex.poll_seconds)
                self.poll()
        except Exception as exc:  # noqa: BLE001 - handed to whoever waits for the submission
            self.submission.finish(exc)
        else:
            self.submission.finish()

    def poll(self) -> None:
        """Report each page and document once as it settles."""
        try:
            page_rows, doc_rows = settled(self.ex.context.engine, self.open)
        except (OperationalError, InterfaceError):
            self.ex.context.engine.dispose()  # the database restarted or dropped us: poll again shortly
            return
        for r in page_rows:
            if (r.document_id, r.page_no) not in self.seen_pages:
                self.seen_pages.add((r.document_id, r.page_no))
                self.submission.on_page(PageOutcome(r.document_id, r.page_no, r.status == PageStatus.DONE,
                                                    r.error_code, r.error_message))
        for d in doc_rows:
            self.open.discard(d.id)
            self.submission.on_document(DocumentOutcome(
                d.id, d.status == DocumentStatus.DONE, d.department, d.confidence, d.file_number,
                error_code=d.error_code, error_message=d.error_message))
