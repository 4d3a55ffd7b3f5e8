"""One drive of the embedded executor's process pool (workers/local.py), until no submission has
work left or the executor stops.

Pages are started in a bounded window; a document's completion once its last page settles, held
back while pages are left to start (``HOLD`` per process at most: a batch ends with the short
document steps on both cores, not one core reading the last page while the other idles); failures
follow the RetryPolicy (workers/retry.py): a transient error is scheduled again after
its backoff, a crashed pool process makes the jobs that were running *suspects*, run again one at
a time. Stopping (``LocalExecutor.close``): nothing more is pulled or started, the running jobs
end (or the pool is stopped under them), every submission ends with ExecutorStopped, and what
was not done stays as the database says for `sanchika requeue`.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from domain.errors import SanchikaError

from .config import WorkerConfig
from .jobs import CompletionJob, DocumentOutcome, ExecutorStopped, Job, PageJob, PageOutcome, Submission
from .retry import RetryPolicy

log = logging.getLogger(__name__)
Outcome = PageOutcome | DocumentOutcome
HOLD = 8  # document steps per pool process that may wait for the pages (a batch's end: docs/adr/0020)


class PoolOwner(Protocol):
    """What a drive uses of its executor (workers.local.LocalExecutor)."""

    config: WorkerConfig
    processes: int
    policy: RetryPolicy
    runner: Callable[[Job], Outcome]
    prepare: Callable[[WorkerConfig], None]
    wake: threading.Event
    stopping: threading.Event
    current_pool: ProcessPoolExecutor | None

    def take_incoming(self, finished: bool) -> list[Submission] | None: ...

    def take_warm(self) -> ProcessPoolExecutor | None: ...

    def pool(self) -> ProcessPoolExecutor: ...

    def fail(self, job: Job, err: SanchikaError) -> Outcome: ...


class Drive:
    """One run of the pool, until no submission has work left."""

    def __init__(self, executor: PoolOwner, linger: float = 0.0) -> None:
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
            stopping = self.ex.stopping.is_set()
            if stopping:
                self.drop_waiting()
            if stopping and not self.in_flight:
                self.abandon(ExecutorStopped("the executor was stopped; `sanchika requeue` resumes what is left"))
                return
            if not stopping:
                self.admit()
                self.fill()
            if not self.in_flight:
                if not (self.active or self.ready or self.delayed or self.suspects or self.open):
                    if self.idle() and self.admit(finished=True) is None:
                        return
                    continue
                self.ex.wake.wait(self.pause())
                self.ex.wake.clear()
                continue
            done, _ = wait(self.in_flight, timeout=self.pause(), return_when=FIRST_COMPLETED)
            broken = False
            for fut in done:
                job, submission = self.in_flight.pop(fut)
                broken |= self.settle(job, submission, fut)
            if broken:
                self.rebuild()

    def drop_waiting(self) -> None:
        """Stopping: the jobs handed to the pool that no process has taken yet are taken back
        (they stay as the database says, for `sanchika requeue`); the running ones end."""
        for fut in [f for f in self.in_flight if f.cancel()]:
            del self.in_flight[fut]

    def idle(self) -> bool:
        """Nothing left to do: wait up to ``linger`` seconds for a new submission with the pool
        kept up; True when none came (the drive may end)."""
        if self.linger <= 0:
            return True
        self.ex.wake.clear()
        if self.admit():
            return False
        return not self.ex.wake.wait(self.linger)

    def admit(self, finished: bool = False) -> list[Submission] | None:
        new = self.ex.take_incoming(finished)
        for submission in new or ():
            self.active.append(submission)
            self.open[submission] = {}
        return new

    def pause(self) -> float | None:
        """How long to wait for a result: until the next retry is due; briefly while the window
        has room (a new submission may arrive) or the executor is stopping; else until a job ends."""
        if self.ex.stopping.is_set():
            return 0.25
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
                if not self.start(*self.suspects[0]):
                    return
                self.suspects.popleft()
                self.isolated = True
            elif not self.in_flight:
                self.isolated = False
            if self.isolated:
                return
        while len(self.in_flight) < self.window and (self.ready or self.active or self.held) and not self.ex.stopping.is_set():
            if self.held and (len(self.held) >= HOLD * self.ex.processes or not (self.ready or self.active)):
                queue = self.held
            elif self.ready:
                queue = self.ready
            else:
                self.pull()  # an ingest may take a while: the executor may be stopping after it
                continue
            if not self.start(*queue[0]):
                break
            queue.popleft()
        self.prepare_idle()

    def prepare_idle(self) -> None:
        """At a run's end (nothing left to start, a job still running), an idle pool process loads
        what the document step needs: the step of a long document follows its last page alone."""
        if self.ready or self.active or self.held or self.delayed or self.suspects or not self.in_flight or not self._pool:
            return
        running = sum(1 for f in self.preparing if not f.done())
        if len(self.in_flight) + running < self.ex.processes and len(self.preparing) < self.ex.processes:
            try:
                self.preparing.append(self._pool.submit(self.ex.prepare, self.ex.config))
            except BrokenProcessPool:  # seen by the jobs in flight
                pass

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

    def start(self, job: Job, submission: Submission) -> bool:
        """False when the job could not start (the caller keeps it): the executor is stopping, or
        the pool broke since the last result (the jobs in flight report it and their crashes are
        counted, then the pool is rebuilt; with none in flight it is replaced now)."""
        if self.ex.stopping.is_set():  # left as the database says
            return False
        if self._pool is None:
            self._pool = self.ex.take_warm() or self.ex.pool()
            self.ex.current_pool = self._pool
        try:
            self.in_flight[self._pool.submit(self.ex.runner, job)] = (job, submission)
        except BrokenProcessPool:
            if not self.in_flight:
                self.close()
            return False
        return True

    def settle(self, job: Job, submission: Submission, fut: Future[Outcome]) -> bool:
        """Deliver one ended job (or schedule it again); True when the pool broke under it."""
        policy = self.ex.policy
        try:
            outcome = fut.result()
        except BrokenProcessPool:
            if self.ex.stopping.is_set():  # the pool was stopped under it: it stays as the database says
                return True
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
        or not alone), the pool is replaced (when stopping: they are dropped, left to requeue)."""
        for fut, (job, submission) in list(self.in_flight.items()):
            fut.cancel()
            self.ready.appendleft((job, submission))
        self.in_flight.clear()
        self.close()

    def close(self) -> None:
        self.preparing.clear()
        if self._pool is not None:
            self.ex.current_pool = None
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def abandon(self, exc: BaseException) -> None:
        """End every submission with ``exc``; their jobs are not pulled further (an ingest stopped
        between two files keeps its uploads for `sanchika requeue`: sanchika.pipeline)."""
        error = exc if isinstance(exc, Exception) else RuntimeError(f"interrupted: {exc!r}")
        pending = list(self.open)
        while (new := self.ex.take_incoming(True)) is not None:  # None: and no drive runs any more
            pending += new
        for submission in pending:
            close = getattr(submission.jobs, "close", None)
            if close is not None:
                try:
                    close()  # a generator's own clean-up runs now, in this thread
                except Exception:  # noqa: BLE001 - stopping goes on
                    log.exception("closing a stopped submission's jobs failed")
            submission.finish(error)


def _what(job: Job) -> str:
    return f"page {job.page_no}" if isinstance(job, PageJob) else "this document"
