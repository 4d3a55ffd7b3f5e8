"""The work an executor runs, and what it reports back: frozen values, the same for the process
pool and for Celery (a Celery message carries a job's ids as JSON, ADR 0007).

    DocumentJob      one stored document to read: its pages, then its completion
    PageJob          read one page (text layer or OCR), store its text and one-page PDF
    CompletionJob    classify, link, assemble and index one document whose pages are settled
    PageOutcome / DocumentOutcome   what a page or a completion came to (for progress reports)
    Submission       jobs handed to an executor (workers.executor), with their callbacks
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PageJob:
    document_id: str
    sha256: str  # of the stored original (keys.original)
    kind: str  # its FileKind value
    page_no: int
    rescan: int | None = None  # a replacement by a new scan (storage.rescans row): workers.rescan.read_rescan

    def message(self) -> list[str | int]:
        """The Celery task's arguments (``sanchika.ocr_page``): ids only."""
        ids: list[str | int] = [self.document_id, self.sha256, self.kind, self.page_no]
        return ids if self.rescan is None else [*ids, self.rescan]

    @classmethod
    def from_message(cls, args: Sequence[Any]) -> PageJob:
        """The job a message's arguments describe (what :meth:`message` wrote; a queue's contents
        read back by ``sanchika requeue``)."""
        document_id, sha256, kind, page_no, *rest = args
        return cls(str(document_id), str(sha256), str(kind), int(page_no), int(rest[0]) if rest and rest[0] is not None else None)


@dataclass(frozen=True, slots=True)
class CompletionJob:
    document_id: str

    def message(self) -> list[str | int]:
        """The Celery task's arguments (``sanchika.complete_document``)."""
        return [self.document_id]

    @classmethod
    def from_message(cls, args: Sequence[Any]) -> CompletionJob:
        return cls(str(args[0]))


Job = PageJob | CompletionJob


@dataclass(frozen=True, slots=True)
class DocumentJob:
    """A document whose original is stored and whose page rows exist (pipeline.ingest_stream,
    sanchika.requeue): its pages are run, then its completion as soon as the last page settles."""

    document_id: str
    sha256: str
    kind: str
    pages: int
    only: tuple[int, ...] | None = None  # run just these pages (sanchika.requeue); None = 1..pages
    rescan: int | None = None  # ``only``'s page is replaced by the scan of this storage.rescans row
    claimed: bool = False  # no pages to run and its completion claimed already (``completing``), its message
    # lost (sanchika.requeue): Celery publishes the completion without claiming it again

    def page_numbers(self) -> tuple[int, ...] | range:
        return range(1, self.pages + 1) if self.only is None else self.only

    def page_jobs(self) -> list[PageJob]:
        return [PageJob(self.document_id, self.sha256, self.kind, n, self.rescan) for n in self.page_numbers()]

    def completion(self) -> CompletionJob:
        return CompletionJob(self.document_id)


@dataclass(frozen=True, slots=True)
class PageOutcome:
    document_id: str
    page: int
    ok: bool
    error_code: str | None = None
    error_message: str | None = None


@dataclass(frozen=True, slots=True)
class DocumentOutcome:
    document_id: str
    ok: bool
    department: str | None = None
    confidence: float | None = None
    file_number: str | None = None
    pages_done: int = 0  # content pages (blank pages not counted)
    pages_failed: int = 0
    pages_blank: int = 0  # blank pages: kept in the PDF, flagged, not indexed
    pages_separator: int = 0  # separator sheets: kept in the PDF, flagged, not indexed
    error_code: str | None = None
    error_message: str | None = None


Held = set[tuple[Any, ...]]  # work an executor already holds: ("page", doc_id, page_no), ("doc", doc_id)
OnPage = Callable[[PageOutcome], None]
OnDocument = Callable[[DocumentOutcome], None]


def ignore(_: object) -> None:
    """The default progress callback."""
    return None


class ExecutorStopped(RuntimeError):
    """The executor was closed (``Executor.close``) before this submission was done: what is left
    stays as the database says, for `sanchika requeue`."""


class Submission:
    """Work handed to an executor: ``wait()`` until this process is done with it (every page and
    completion run, or published), then ``error`` says whether pulling the jobs failed."""

    def __init__(self, jobs: Iterable[DocumentJob], on_page: OnPage = ignore, on_document: OnDocument = ignore) -> None:
        self.jobs = iter(jobs)
        self.on_page = on_page
        self.on_document = on_document
        self.error: BaseException | None = None
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[BaseException | None], None]] = []

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def finish(self, error: BaseException | None = None) -> None:
        with self._lock:
            if error is not None and self.error is None:
                self.error = error
            first = not self._done.is_set()
            self._done.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks if first else ():
            try:
                callback(self.error)
            except Exception:  # noqa: BLE001 - the drive or publisher calling this goes on
                log.exception("a submission's end callback failed")

    def when_done(self, callback: Callable[[BaseException | None], None]) -> None:
        """Call ``callback(error)`` once this submission is done (at once if it is): what a caller
        that does not wait does about its end (an upload stopped by the server's shutdown is
        marked as stopped cleanly: ExecutorStopped)."""
        with self._lock:
            if not self._done.is_set():
                self._callbacks.append(callback)
                return
        callback(self.error)

    def wait(self, timeout: float | None = None) -> bool:
        """True when done (re-raising the error that stopped it); False after ``timeout``."""
        if not self._done.wait(timeout):
            return False
        if self.error is not None:
            raise self.error
        return True
