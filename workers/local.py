"""The embedded executor: a pool of worker processes on this machine (one per core by default).

Pages are submitted lazily (a bounded window in flight: a 1,000-page PDF never sits in memory).
A document's completion waits while pages are left to start (``HOLD`` per process at most), so a
batch ends with the short document steps on both cores, not one core reading the last page while
the other idles. Every submission of one executor shares one pool (two uploads, one pool).

Failures follow the deployment's RetryPolicy (workers/retry.py), as the Celery tasks do:
- a transient error (database, object store) runs the job again after the policy's backoff,
  without holding up the other jobs; when retries run out it fails as ``transient.gave_up``;
- a crashed worker process (e.g. killed by the OOM killer) breaks the pool: the pool is rebuilt,
  and the jobs that were running are *suspects*, run again one at a time, so a page that kills
  its process fails alone (``worker.crashed``, after ``policy.crashes`` deaths) and its
  neighbours are done.
The drive itself (the pool's window, retries, suspects) is workers/drive.py.

``close(timeout)`` stops in order (the web app's shutdown): no further job is pulled (an upload
stops between two files) or started, the running ones get ``timeout`` seconds, then the pool's
processes are stopped; what was not done stays queued in the database for `sanchika requeue`.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import multiprocessing.util
import os
import signal
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from functools import cached_property

from domain.errors import SanchikaError
from ocr import pdfa
from ocr.read import preload, warm_up

from .config import WorkerConfig
from .context import WorkerContext
from .drive import Drive, Outcome
from .jobs import (
    DocumentJob,
    DocumentOutcome,
    ExecutorStopped,
    Held,
    Job,
    OnDocument,
    OnPage,
    PageJob,
    PageOutcome,
    Submission,
    ignore,
)
from .processes import kill_with_page_processes, mp_context, prepare_process
from .rescan import fail_page_job, read_rescan
from .retry import RetryPolicy
from .steps import complete_document, fail_document, ocr_page

log = logging.getLogger(__name__)
_CTX: WorkerContext | None = None


def _init(config: WorkerConfig) -> None:
    """A pool process leaves Ctrl-C to its parent (a terminal sends SIGINT to the whole process
    group), which stops the pool in order (``interrupt``): the page it is reading is finished."""
    global _CTX
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    prepare_process()
    _CTX = WorkerContext(config)


def _warm(config: WorkerConfig) -> None:
    """In a pool process started ahead of its work, while its parent opens the database and stores
    the first file: the word lists every page's reading is judged by (before the page process is
    forked, which shares them), then Tesseract's language data in the page process."""
    preload()
    warm_up(config.ocr)


def prepare_document_step(config: WorkerConfig) -> None:
    """In a pool process left idle at the end of a run (no page left to start, another still being
    read): load what a document step loads on first use (the PDF/A validator, ~0.13 s of CPU), so a
    long document's step after its last page does not (it runs alone on one core then)."""
    pdfa.preload(config.pdfa_validate)


def run_job(job: Job) -> Outcome:
    """One job, in a pool process."""
    assert _CTX is not None
    if isinstance(job, PageJob):
        return ocr_page(_CTX, job) if job.rescan is None else read_rescan(_CTX, job)
    return complete_document(_CTX, job.document_id)


class LocalExecutor:
    mode = "embedded"

    def __init__(self, config: WorkerConfig, processes: int | None = None,
                 runner: Callable[[Job], Outcome] = run_job) -> None:
        """``runner``: what a pool process does with a job (a module-level function; tests wrap
        :func:`run_job` to inject faults)."""
        self.config = config
        self.runner = runner
        self.processes = max(1, processes or config.processes or os.cpu_count() or 1)
        self.policy: RetryPolicy = config.retry
        self._lock = threading.Lock()
        self._incoming: list[Submission] = []
        self._driving = False
        self._driver: threading.Thread | None = None  # the thread of the running drive
        self.wake = threading.Event()
        self.stopping = threading.Event()  # close() was called
        self.current_pool: ProcessPoolExecutor | None = None  # the running drive's pool
        self._warm: ProcessPoolExecutor | None = None  # started by warm(), taken by the first drive
        self.prepare: Callable[[WorkerConfig], None] = prepare_document_step  # sent to idle processes at a run's end

    @cached_property
    def context(self) -> WorkerContext:
        return WorkerContext(self.config)

    def run(self, jobs: Iterable[DocumentJob], on_page: OnPage = ignore, on_document: OnDocument = ignore) -> None:
        """Run ``jobs`` to completion. When no other submission is running, the pool is driven from
        this thread (forked workers then share the department model this process loaded)."""
        submission = Submission(jobs, on_page, on_document)
        if self._hand_over(submission):
            self._drive()
        submission.wait()

    def submit(self, jobs: Iterable[DocumentJob], on_page: OnPage = ignore,
               on_document: OnDocument = ignore) -> Submission:
        """Hand ``jobs`` over and return at once: a background thread drives the pool (and pulls
        ``jobs``, e.g. ingests the files) until every submission is done."""
        submission = Submission(jobs, on_page, on_document)
        if self._hand_over(submission):
            # a daemon: a process that ends without close() is not held up; close() joins it
            self._driver = threading.Thread(target=self._drive, args=(self.config.pool_idle_seconds,),
                                            name="sanchika-executor", daemon=True)
            self._driver.start()
        return submission

    def held(self) -> Held | None:
        """None: what the pools of other processes (a `sanchika process` beside the web app) run
        cannot be read; `sanchika requeue`'s ``min_age`` protects it."""
        return None

    def close(self, timeout: float | None = None) -> bool:
        """Stop in order: pull no further job (an upload's ingest stops between two files) and start
        none; the jobs running now get ``timeout`` seconds (None: as long as they take), then the
        pool's processes are stopped under them. Every submission not done ends with
        ExecutorStopped; what was not done stays as the database says (pages queued, an upload's
        files kept with its ingest record) for `sanchika requeue`. True when the drive ended within
        ``timeout``. Submissions handed over while it stops end at once with ExecutorStopped; once
        it has stopped it may be used again (an app started again: a test client's)."""
        self.stopping.set()
        self.wake.set()
        ended = True
        driver = self._driver
        if driver is not None and driver is not threading.current_thread():
            driver.join(timeout)
            if driver.is_alive():
                ended = False
                self._stop_pool()
                driver.join(30)  # the drive notices the broken pool at its next wait (0.25 s)
        self.cool()
        if driver is None or not driver.is_alive():
            self.stopping.clear()
        return ended

    def interrupt(self) -> None:
        """Stop as ``close`` does, without waiting (a signal handler's call: it only sets events):
        the drive pulls and starts nothing more, drops the jobs not yet running, lets the running
        ones end and ends every submission with ExecutorStopped."""
        self.stopping.set()
        self.wake.set()

    def _stop_pool(self) -> None:
        """Kill the running drive's pool processes and their page processes (a page process left
        alone would read its page to its end). Their jobs stay queued in the database."""
        pool = self.current_pool
        kill_with_page_processes(list((getattr(pool, "_processes", None) or {}).values()))  # ProcessPoolExecutor's own

    def _hand_over(self, submission: Submission) -> bool:
        """Queue ``submission``; True when the caller must start driving."""
        if self.stopping.is_set():
            submission.finish(ExecutorStopped("the executor is closed (the server is stopping)"))
            return False
        with self._lock:
            self._incoming.append(submission)
            start, self._driving = not self._driving, True
        self.wake.set()
        return start

    def take_incoming(self, finished: bool) -> list[Submission] | None:
        """New submissions; None (and driving stops) when there are none and ``finished``."""
        with self._lock:
            new, self._incoming = self._incoming, []
            if not new and finished:
                self._driving = False
                return None
            return new

    def _drive(self, linger: float = 0.0) -> None:
        """Drive the pool until no submission has work left; a background drive (``linger`` > 0)
        keeps the pool's processes up that many seconds more, so the next upload or rescan starts
        at once instead of forking and loading a new pool."""
        drive = Drive(self, linger)
        self._driver = threading.current_thread()
        try:
            drive.loop()
        except BaseException as exc:
            drive.abandon(exc)
            raise
        finally:
            drive.close()
            if self._driver is threading.current_thread():
                self._driver = None

    def warm(self) -> None:
        """Start the pool's processes now, each loading Tesseract's language data in its page
        process, while this process goes on opening the database and storing the first file; the
        next drive takes this pool. Call before the caller opens a SQLite connection (a fork must
        not inherit one: :meth:`pool`). ``cool`` shuts a pool no drive took."""
        with self._lock:
            if self._driving or self._warm is not None:
                return
            self._warm = pool = self.pool()
        for _ in range(self.processes):
            pool.submit(_warm, self.config)  # a failure here is the first page's to report

    def take_warm(self) -> ProcessPoolExecutor | None:
        """The pool :meth:`warm` started, unless a process of it died meanwhile (then a new one)."""
        with self._lock:
            pool, self._warm = self._warm, None
        if pool is not None and getattr(pool, "_broken", False):  # ProcessPoolExecutor's own flag
            pool.shutdown(wait=False, cancel_futures=True)
            return None
        return pool

    def cool(self) -> None:
        pool = self.take_warm()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def pool(self) -> ProcessPoolExecutor:
        context = mp_context()
        if context is None and multiprocessing.get_start_method() == "fork":
            if self.processes > 1:
                # Forked workers share what this process has loaded: the department model is loaded
                # once here instead of once in every worker that completes a document (its 13 MB of
                # arrays stay shared pages; ~0.06 s since ADR 0016, 0.8 s with spaCy's loader).
                self.context.classifier  # noqa: B018 - loaded for its side effect
            # No SQLite connection may be open across fork: a child inherits SQLite's record of the
            # parent's file locks, takes none of its own, and the parent closing its connection
            # later may then reset the write-ahead log under the children's commits (lost writes).
            # Garbage engines are collected and this executor's engine closed; it reopens on use.
            gc.collect()
            if "engine" in self.context.__dict__:
                self.context.engine.dispose()
        return ProcessPoolExecutor(self.processes, mp_context=context, initializer=_init, initargs=(self.config,))

    def fail(self, job: Job, err: SanchikaError) -> Outcome:
        """Record a job that will not run again, as its step would have."""
        if isinstance(job, PageJob):
            fail_page_job(self.context, job, err)  # a replacement leaves the page as it was
            return PageOutcome(job.document_id, job.page_no, False, err.code, err.message)
        fail_document(self.context, job.document_id, err)
        return DocumentOutcome(job.document_id, False, error_code=err.code, error_message=err.message)


def _what(job: Job) -> str:
    return f"page {job.page_no}" if isinstance(job, PageJob) else "this document"
