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
from storage.work import settled

from .broker import held_messages
from .config import WorkerConfig
from .context import WorkerContext
from .jobs import (
    DocumentJob,
    DocumentOutcome,
    ExecutorStopped,
    Held,
    OnDocument,
    OnPage,
    PageOutcome,
    Submission,
    ignore,
)


class CeleryExecutor:
    mode = "celery"

    def __init__(self, config: WorkerConfig, poll_seconds: float = 0.5) -> None:
        self.config = config
        self.poll_seconds = poll_seconds
        self.stopping = threading.Event()  # close() was called
        self._threads: list[threading.Thread] = []

    @cached_property
    def context(self) -> WorkerContext:
        return WorkerContext(self.config)

    def held(self) -> Held | None:
        """The pages and completions that have a message in the broker (waiting, or held by a
        worker): a Redis broker is read without consuming; None for another broker."""
        return held_messages(self.config)

    def warm(self) -> None:
        """Nothing to start here: the workers run elsewhere."""

    def cool(self) -> None:
        """Nothing was started."""

    def close(self, timeout: float | None = None) -> bool:
        """Stop publishing in order: each submission stops before its next document (an upload's
        ingest between two files, its files kept for `sanchika requeue`) and ends with
        ExecutorStopped; the workers go on with what was published. True when every publishing
        thread ended within ``timeout`` (then it may be used again)."""
        self.stopping.set()
        deadline = None if timeout is None else time.monotonic() + timeout
        for thread in list(self._threads):
            thread.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
        self._threads = [t for t in self._threads if t.is_alive()]
        if not self._threads:  # stopped: it may be used again (an app started again)
            self.stopping.clear()
        return not self._threads

    def interrupt(self) -> None:
        """Stop publishing as ``close`` does, without waiting (safe in a signal handler)."""
        self.stopping.set()

    def run(self, jobs: Iterable[DocumentJob], on_page: OnPage = ignore, on_document: OnDocument = ignore) -> None:
        submission = Submission(jobs, on_page, on_document)
        _Follow(self, submission).run()
        submission.wait()  # raises what stopped it

    def submit(self, jobs: Iterable[DocumentJob], on_page: OnPage = ignore,
               on_document: OnDocument = ignore) -> Submission:
        submission = Submission(jobs, on_page, on_document)
        if self.stopping.is_set():
            submission.finish(ExecutorStopped("the executor is closed (the server is stopping)"))
            return submission
        follow = _Follow(self, submission, follow=on_page is not ignore or on_document is not ignore)
        thread = threading.Thread(target=follow.run, name="sanchika-publish", daemon=True)  # close() joins it
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return submission

    def publish(self, job: DocumentJob) -> None:
        """One task per page; a document without pages is claimed for completion at once. The
        original and the rows exist already (pipeline.ingest_stream), so a lost publish can be
        redone from the database (sanchika.requeue)."""
        from .celery_app import app_for
        from .tasks import publish_document

        app = app_for(self.config)
        with app.producer_or_acquire() as producer:  # one per document: never held across an ingest
            publish_document(self.context.engine, job, producer)


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
                if self.ex.stopping.is_set():
                    return self.stop()
            while self.open:
                if self.ex.stopping.is_set():
                    return self.stop()
                time.sleep(self.ex.poll_seconds)
                self.poll()
        except Exception as exc:  # noqa: BLE001 - handed to whoever waits for the submission
            self.submission.finish(exc)
        else:
            self.submission.finish()

    def stop(self) -> None:
        """The executor closed: pull no further job (a generator's clean-up runs now)."""
        close = getattr(self.submission.jobs, "close", None)
        if close is not None:
            close()
        self.submission.finish(ExecutorStopped("the executor was stopped; `sanchika requeue` resumes what is left"))

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
