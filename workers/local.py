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
"""

from __future__ import annotations

import gc
import heapq
import itertools
import multiprocessing
import multiprocessing.util
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from functools import cached_property

from domain.errors import SanchikaError
from ocr import pdfa
from ocr.read import preload, warm_up

from .config import WorkerConfig
from .context import WorkerContext
from .jobs import (
    CompletionJob,
    DocumentJob,
    DocumentOutcome,
    Job,
    OnDocument,
    OnPage,
    PageJob,
    PageOutcome,
    Submission,
    ignore,
)
from .processes import mp_context, prepare_process
from .rescan import fail_page_job, read_rescan
from .retry import RetryPolicy
from .steps import complete_document, fail_document, ocr_page

_CTX: WorkerContext | None = None
Outcome = PageOutcome | DocumentOutcome
HOLD = 8  # document steps per pool process that may wait for the pages (a batch's end: docs/adr/0020)


def _init(config: WorkerConfig) -> None:
    global _CTX
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
        self._wake = threading.Event()
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
            threading.Thread(target=self._drive, args=(self.config.pool_idle_seconds,), name="sanchika-executor",
                             daemon=True).start()
        return submission

    def _hand_over(self, submission: Submission) -> bool:
        """Queue ``submission``; True when the caller must start driving."""
        with self._lock:
            self._incoming.append(submission)
            start, self._driving = not self._driving, True
        self._wake.set()
        return start

    def _take_incoming(self, finished: bool) -> list[Submission] | None:
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
        drive = _Drive(self, linger)
        try:
            drive.loop()
        except BaseException as exc:
            drive.abandon(exc)
            with self._lock:
                self._driving = False
                for submission in self._incoming:
                    submission.finish(RuntimeError(f"the executor stopped: {exc!r}"))
                self._incoming = []
            raise
        finally:
            drive.close()

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


class _Drive:
    """One run of the pool, until no submission has work left."""

    def __init__(self, executor: LocalExecutor, linger: float = 0.0) -> None:
        self.ex = executor
        self.linger = linger
        self.window = executor.processes * 3
        self.active: deque[Submission] = deque()  # submissions whose jobs are not all pulled yet
        self.open: dict[Submission, dict[str, int]] = {}  # submission -> document -> pages not settled
        self.ready: deque[tuple[Job, Submission]] = deque()
        self.held: deque[tuple[Job, Submission]] = deque()  # document steps waiting while pages are left to start
        self.delayed: list[tuple[float, int, Job, Submission]] = []  # (when, tie, job, submission): retries
        self.suspects: deque[tuple[Job, Submission]] = deque()  # running when the pool broke
        self.in_flight: dict[Future[Outcome], tuple[Job, Submission]] = {}
        self.retries: dict[Job, int] = {}
        self.crashes: dict[Job, int] = {}
        self.isolated = False  # a suspect runs alone
        self.tie = itertools.count()
        self._pool: ProcessPoolExecutor | None = None
        self.preparing: list[Future[None]] = []  # prepare tasks sent to idle processes (one per process per drive)

    def loop(self) -> None:
        while True:
            self.admit()
            self.fill()
            if not self.in_flight:
                if not (self.active or self.ready or self.delayed or self.suspects or self.open):
                    if self.idle() and self.admit(finished=True) is None:
                        return
                    continue
                self.ex._wake.wait(self.pause())
                self.ex._wake.clear()
                continue
            done, _ = wait(self.in_flight, timeout=self.pause(), return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                job, submission = self.in_flight.pop(fut)
                broken |= self.settle(job, submission, fut)
            if broken:
                self.rebuild()

    def idle(self) -> bool:
        """Nothing left to do: wait up to ``linger`` seconds for a new submission with the pool
        kept up; True when none came (the drive may end)."""
        if self.linger <= 0:
            return True
        self.ex._wake.clear()
        if self.admit():
            return False
        return not self.ex._wake.wait(self.linger)

    def admit(self, finished: bool = False) -> list[Submission] | None:
        new = self.ex._take_incoming(finished)
        for submission in new or ():
            self.active.append(submission)
            self.open[submission] = {}
        return new

    def pause(self) -> float | None:
        """How long to wait for a result: until the next retry is due; briefly while the window
        has room (a new submission may arrive); else until a job ends."""
        due = self.delayed[0][0] - time.monotonic() if self.delayed else None
        room = 0.25 if len(self.in_flight) < self.window else None
        waits = [w for w in (due, room) if w is not None]
        return max(0.0, min(waits)) if waits else None

    def fill(self) -> None:
        while self.delayed and self.delayed[0][0] <= time.monotonic():
            _, _, job, submission = heapq.heappop(self.delayed)
            self.ready.appendleft((job, submission))
        if self.suspects or self.isolated:  # after a crash: one suspect at a time, nothing beside it
            if not self.in_flight and self.suspects:
                self.start(*self.suspects.popleft())
                self.isolated = True
            elif not self.in_flight:
                self.isolated = False
            if self.isolated:
                return
        while len(self.in_flight) < self.window and (self.ready or self.active or self.held):
            if self.held and (len(self.held) >= HOLD * self.ex.processes or not (self.ready or self.active)):
                self.start(*self.held.popleft())
            elif self.ready:
                self.start(*self.ready.popleft())
            else:
                self.pull()
        self.prepare_idle()

    def prepare_idle(self) -> None:
        """At a run's end (nothing left to start, a job still running), an idle pool process loads
        what the document step needs: the step of a long document follows its last page alone."""
        if self.ready or self.active or self.held or self.delayed or self.suspects or not self.in_flight or not self._pool:
            return
        running = sum(1 for f in self.preparing if not f.done())
        if len(self.in_flight) + running < self.ex.processes and len(self.preparing) < self.ex.processes:
            self.preparing.append(self._pool.submit(self.ex.prepare, self.ex.config))

    def pull(self) -> None:
        """The next document of the first active submission (the others wait their turn: an
        upload's first file is read before a later upload's)."""
        submission = self.active[0]
        try:
            job = next(submission.jobs, None)
        except Exception as exc:  # noqa: BLE001 - a failing ingest ends its submission, not the pool
            submission.error = exc
            job = None
        if job is None:
            self.active.popleft()
            self.check_finished(submission)
            return
        numbers = job.page_numbers()
        self.open[submission][job.document_id] = len(numbers)
        if not numbers:
            self.ready.append((job.completion(), submission))
        self.ready.extend((page, submission) for page in job.page_jobs())

    def start(self, job: Job, submission: Submission) -> None:
        if self._pool is None:
            self._pool = self.ex.take_warm() or self.ex.pool()
        self.in_flight[self._pool.submit(self.ex.runner, job)] = (job, submission)

    def settle(self, job: Job, submission: Submission, fut: Future[Outcome]) -> bool:
        """Deliver one ended job (or schedule it again); True when the pool broke under it."""
        policy = self.ex.policy
        try:
            outcome = fut.result()
        except BrokenProcessPool:
            self.crashes[job] = self.crashes.get(job, 0) + 1
            if self.crashes[job] < policy.crashes:
                self.suspects.append((job, submission))
                return True
            outcome = self.ex.fail(job, policy.crashed(_what(job)))
            self.deliver(job, submission, outcome)
            return True
        except Exception as exc:  # noqa: BLE001 - one job's failure must not stop the others
            if policy.may_retry(exc, self.retries.get(job, 0)):
                self.retries[job] = self.retries.get(job, 0) + 1
                when = time.monotonic() + policy.delay(self.retries[job] - 1)
                heapq.heappush(self.delayed, (when, next(self.tie), job, submission))
                return False
            outcome = self.ex.fail(job, policy.final_error(exc, _what(job)))
        self.deliver(job, submission, outcome)
        return False

    def deliver(self, job: Job, submission: Submission, outcome: Outcome) -> None:
        self.retries.pop(job, None)
        self.crashes.pop(job, None)
        remaining = self.open[submission]
        if isinstance(job, PageJob):
            assert isinstance(outcome, PageOutcome)
            submission.on_page(outcome)
            remaining[job.document_id] -= 1
            if remaining[job.document_id] == 0:
                self.held.append((CompletionJob(job.document_id), submission))
            return
        assert isinstance(outcome, DocumentOutcome)
        submission.on_document(outcome)
        remaining.pop(job.document_id, None)
        self.check_finished(submission)

    def check_finished(self, submission: Submission) -> None:
        if submission not in self.active and not self.open.get(submission):
            self.open.pop(submission, None)
            submission.finish()

    def rebuild(self) -> None:
        """The pool broke: the jobs still in flight go back to the queue (they were not running,
        or not alone), the pool is replaced."""
        for fut, (job, submission) in list(self.in_flight.items()):
            fut.cancel()
            self.ready.appendleft((job, submission))
        self.in_flight.clear()
        self.close()

    def close(self) -> None:
        self.preparing.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def abandon(self, exc: BaseException) -> None:
        for submission in list(self.open):
            submission.finish(exc if isinstance(exc, Exception) else RuntimeError(f"interrupted: {exc!r}"))


def _what(job: Job) -> str:
    return f"page {job.page_no}" if isinstance(job, PageJob) else "this document"
