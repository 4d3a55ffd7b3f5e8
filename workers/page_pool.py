"""Read the pages of one file on the worker processes, storing nothing (`sanchika ocr`).

    read_pages(path, kind, page_numbers, options, processes, policy) -> Iterator[PageResult]

Pages are read in parallel, a few ahead of the one being printed, and yielded in page order as
soon as each is ready. One page (or one process) is read right here: a pool would only add
start-up. Each pool process is made as the executor's are (workers/processes.py) and reads its
pages as ``process`` does (``ocr.read.read_page``: its own long-lived page process, Tesseract on
one thread, killed at the page timeout).

Failures follow the deployment's RetryPolicy (workers/retry.py), as the executors do: a transient
error reads the page again after the policy's pause; a pool process that dies breaks the pool,
which is replaced, and the pages that were being read are read again one at a time, so the page
that kills its process fails (``worker.crashed``, after ``policy.crashes`` deaths) and the others
are read. A page that fails ends the command, in page order, with its error. Why this is not the
executor: docs/adr/0029-sanchika-ocr-keeps-its-own-pool.md.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from domain.types import FileKind, PageResult
from ocr.options import OcrOptions
from ocr.read import read_page

from .processes import mp_context, prepare_process
from .retry import RetryPolicy


def read_pages(path: Path, kind: FileKind, page_numbers: Sequence[int], options: OcrOptions,
               processes: int, policy: RetryPolicy | None = None) -> Generator[PageResult, None, None]:
    policy = policy or RetryPolicy()
    processes = max(1, min(processes, len(page_numbers)))
    if processes == 1:
        for n in page_numbers:
            yield _here(path, kind, n, options, policy)
        return
    reader = _Reader(path, kind, options, processes, policy)
    try:
        yield from reader.pages(page_numbers)
    finally:
        reader.close()


def _here(path: Path, kind: FileKind, n: int, options: OcrOptions, policy: RetryPolicy) -> PageResult:
    """One page read in this process, a transient error retried as the policy says."""
    retries = 0
    while True:
        try:
            return read_page(path, kind, n, options)
        except Exception as exc:  # noqa: BLE001 - judged by the policy
            _pause_or_raise(policy, exc, retries, n)
            retries += 1


def _pause_or_raise(policy: RetryPolicy, exc: Exception, retries: int, n: int) -> None:
    """After page ``n``'s ``retries``-th retry failed with ``exc``: the policy's pause before the
    next, or the page's final error raised."""
    if not policy.may_retry(exc, retries):
        raise policy.final_error(exc, f"page {n}") from exc
    time.sleep(policy.delay(retries))


class _Reader:
    """The pool, a window of pages in flight, and what the policy counts per page."""

    def __init__(self, path: Path, kind: FileKind, options: OcrOptions, processes: int, policy: RetryPolicy) -> None:
        self.path, self.kind, self.options = path, kind, options
        self.processes = processes
        self.policy = policy
        self.pool: ProcessPoolExecutor | None = None
        self.retries: Counter[int] = Counter()
        self.crashes: Counter[int] = Counter()

    def submit(self, n: int) -> Future[PageResult]:
        if self.pool is None:
            self.pool = ProcessPoolExecutor(self.processes, mp_context=mp_context(), initializer=prepare_process)
        try:
            return self.pool.submit(read_page, self.path, self.kind, n, self.options)
        except BrokenProcessPool as exc:  # a process died since the last result: seen like any other
            broken: Future[PageResult] = Future()
            broken.set_exception(exc)
            return broken

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def pages(self, numbers: Sequence[int]) -> Iterator[PageResult]:
        todo = iter(numbers)
        ahead: deque[tuple[int, Future[PageResult]]] = deque()
        while True:
            while len(ahead) < 2 * self.processes and (n := next(todo, None)) is not None:
                ahead.append((n, self.submit(n)))
            if not ahead:
                return
            n, fut = ahead[0]
            try:
                result = fut.result()  # an error of this page is raised here, in page order
            except BrokenProcessPool:  # a process died: every page in flight is a suspect, read alone
                suspects = [m for m, _ in ahead]
                ahead.clear()
                self.close()
                for m in suspects:
                    self.crashes[m] += 1
                for m in suspects:
                    yield self.alone(m)
                continue
            except Exception as exc:  # noqa: BLE001 - judged by the policy
                ahead[0] = (n, self.again(n, exc))
                continue
            ahead.popleft()
            yield result

    def again(self, n: int, exc: Exception) -> Future[PageResult]:
        """Page ``n`` submitted again after a transient error (the policy's pause first), or its
        final error raised."""
        _pause_or_raise(self.policy, exc, self.retries[n], n)
        self.retries[n] += 1
        return self.submit(n)

    def alone(self, n: int) -> PageResult:
        """Page ``n`` read with nothing beside it, until it is read or the policy gives it up."""
        while self.crashes[n] < self.policy.crashes:
            fut = self.submit(n)
            while True:
                try:
                    return fut.result()
                except BrokenProcessPool:
                    self.crashes[n] += 1
                    self.close()
                    break
                except Exception as exc:  # noqa: BLE001 - judged by the policy
                    fut = self.again(n, exc)
        raise self.policy.crashed(f"page {n}")
