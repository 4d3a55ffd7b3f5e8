"""The embedded executor: a pool of worker processes on this machine (one per core by default).

Pages are submitted lazily (a bounded window in flight, so a 1,000-page PDF never sits in
memory), and a document's completion step is submitted as soon as its last page is done.
A crashed worker process (e.g. killed by the OOM killer) breaks the pool: the pool is rebuilt
and the pages that were in flight are tried once more; a page that crashes twice fails alone.
"""

from __future__ import annotations

import multiprocessing.util
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from domain.errors import SanchikaError, TransientError
from ocr.watchdog import stop_page_process

from .config import WorkerConfig
from .context import WorkerContext
from .steps import DocumentOutcome, PageOutcome, complete_document, ocr_page

_CTX: WorkerContext | None = None


def _init(config: WorkerConfig) -> None:
    global _CTX
    os.environ["OMP_THREAD_LIMIT"] = "1"
    _CTX = WorkerContext(config)
    # A pool process ends with os._exit (no atexit): reap its page process (ocr/watchdog.py) first.
    multiprocessing.util.Finalize(None, stop_page_process, exitpriority=10)


def _page_task(doc_id: str, sha: str, kind: str, page_no: int) -> PageOutcome:
    assert _CTX is not None
    return ocr_page(_CTX, doc_id, sha, kind, page_no)


def _document_task(doc_id: str) -> DocumentOutcome:
    assert _CTX is not None
    return complete_document(_CTX, doc_id)


@dataclass(frozen=True)
class DocumentJob:
    document_id: str
    sha256: str
    kind: str
    pages: int
    only: tuple[int, ...] | None = None  # run just these pages (sanchika.requeue); None = 1..pages

    def page_numbers(self) -> tuple[int, ...] | range:
        return range(1, self.pages + 1) if self.only is None else self.only


class LocalExecutor:
    def __init__(self, config: WorkerConfig, processes: int | None = None) -> None:
        self.config = config
        self.processes = max(1, processes or os.cpu_count() or 1)

    def _pool(self) -> ProcessPoolExecutor:
        # fork() copies only the calling thread: a lock another thread holds at that moment (the
        # web API's request threads, another batch's driver thread) stays locked forever in the
        # child. With other threads alive, workers come from a forkserver (a clean process).
        import multiprocessing
        import threading

        context = multiprocessing.get_context("forkserver") if threading.active_count() > 1 else None
        if context is None and multiprocessing.get_start_method() == "fork" and self.processes > 1:
            # Forked workers share what this process has loaded: the department model is loaded
            # once here instead of once in every worker that completes a document (its 13 MB of
            # arrays stay shared pages; ~0.06 s since ADR 0016, 0.8 s with spaCy's loader).
            WorkerContext(self.config).classifier  # noqa: B018 - loaded for its side effect
        return ProcessPoolExecutor(self.processes, mp_context=context, initializer=_init, initargs=(self.config,))

    def run(
        self,
        jobs: Iterable[DocumentJob],
        on_page: Callable[[PageOutcome], None] = lambda _: None,
        on_document: Callable[[DocumentOutcome], None] = lambda _: None,
    ) -> None:
        """``jobs`` is pulled lazily, only when the workers need more pages: a generator that ingests
        the next file on demand (``sanchika.pipeline.process_batch``) keeps both cores on OCR while
        the rest of the batch is still being hashed and stored."""
        remaining: dict[str, int] = {}
        queue: deque[tuple] = deque()  # ("page", doc, sha, kind, n) | ("doc", doc)
        pending = iter(jobs)
        more = True

        def pull() -> bool:
            job = next(pending, None)
            if job is None:
                return False
            numbers = job.page_numbers()
            remaining[job.document_id] = len(numbers)
            if not numbers:
                queue.append(("doc", job.document_id))
            queue.extend(("page", job.document_id, job.sha256, job.kind, n) for n in numbers)
            return True

        window = self.processes * 3
        in_flight: dict[Future, tuple] = {}
        crashes: dict[tuple, int] = {}
        pool = self._pool()
        try:
            while queue or in_flight or more:
                while len(in_flight) < window and (queue or more):
                    if not queue:
                        more = pull()
                        continue
                    task = queue.popleft()
                    fut = pool.submit(_page_task, *task[1:]) if task[0] == "page" else pool.submit(_document_task, task[1])
                    in_flight[fut] = task
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                broken = False
                for fut in done:
                    task = in_flight.pop(fut)
                    try:
                        result = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        crashes[task] = crashes.get(task, 0) + 1
                        if crashes[task] < 2:
                            queue.appendleft(task)
                            continue
                        result = self._failed(task, SanchikaError(
                            "the worker process died twice on this item (out of memory?); rescan or split it.",
                            code="worker.crashed"))
                    except TransientError as exc:
                        crashes[task] = crashes.get(task, 0) + 1
                        if crashes[task] < 4:
                            time.sleep(0.5 * 2 ** crashes[task])
                            queue.appendleft(task)
                            continue
                        result = self._failed(task, exc)
                    except SanchikaError as exc:
                        result = self._failed(task, exc)
                    except Exception as exc:  # noqa: BLE001 - one item's bug must not stop the batch
                        result = self._failed(task, SanchikaError(f"internal error: {type(exc).__name__}: {exc}", code="internal"))
                    self._deliver(task, result, remaining, queue, on_page, on_document)
                if broken:
                    for fut, task in list(in_flight.items()):
                        queue.appendleft(task)
                        fut.cancel()
                    in_flight.clear()
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = self._pool()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _failed(self, task: tuple, err: SanchikaError) -> PageOutcome | DocumentOutcome:
        ctx = WorkerContext(self.config)
        if task[0] == "page":
            ctx.catalog.fail_page(task[1], task[4], err)
            return PageOutcome(task[1], task[4], False, err.code, err.message)
        ctx.catalog.fail_document(task[1], err)
        ctx.catalog.settle_items(task[1], False, err)
        return DocumentOutcome(task[1], False, error_code=err.code, error_message=err.message)

    @staticmethod
    def _deliver(task, result, remaining, queue, on_page, on_document) -> None:  # type: ignore[no-untyped-def]
        if task[0] == "page":
            on_page(result)
            remaining[task[1]] -= 1
            if remaining[task[1]] == 0:
                queue.append(("doc", task[1]))
        else:
            on_document(result)
