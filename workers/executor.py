"""One way to run documents, whichever executor the deployment has.

    executor = open_executor(config)   the process pool on this machine (embedded), or Celery
                                       workers (config.broker_url set): chosen here, only here
                                       (sanchika.requeue reads the broker itself in server mode,
                                       to leave alone what a worker still holds)
    executor.run(jobs, on_page, on_document)        to completion, reporting each page and
                                                    document as it settles (CLI, benches)
    executor.submit(jobs, on_page, on_document)     hand over and return a Submission at once
                                                    (web uploads, requeue, watch folders)
    executor.warm() / cool()                        start the workers ahead of the first job (the
                                                    embedded pool: while the caller opens the database
                                                    and stores the first file) / stop them unused
    executor.close(timeout)                         stop in order (a web app's shutdown): pull no more
                                                    jobs, let the running ones end within ``timeout``;
                                                    what is left is resumed by `sanchika requeue`
    executor.held()                                 the pages and completions it already holds, so
                                                    `sanchika requeue` leaves them alone (Celery with
                                                    a Redis broker); None: it cannot tell
    executor.mode                                   "embedded" | "celery", as reports name it
    executor.context                                the executor's one WorkerContext (engine,
                                                    store): the caller's ingest uses it too

``jobs`` is any iterable of DocumentJob, pulled lazily: a generator that ingests the next file on
demand (sanchika.pipeline.ingest_stream) keeps the workers reading the first file's pages while
the rest is still being stored. The steps keep the batch state in the database, so a Submission
only says when *this* process is done with it (docs/adr/0020-executor-jobs-and-retries.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from .config import WorkerConfig
from .context import WorkerContext
from .jobs import DocumentJob, Held, OnDocument, OnPage, Submission, ignore


class Executor(Protocol):
    config: WorkerConfig
    mode: str

    @property
    def context(self) -> WorkerContext: ...

    def held(self) -> Held | None: ...

    def warm(self) -> None: ...

    def cool(self) -> None: ...

    def close(self, timeout: float | None = None) -> bool: ...

    def interrupt(self) -> None: ...

    def run(self, jobs: Iterable[DocumentJob], on_page: OnPage = ignore, on_document: OnDocument = ignore) -> None: ...

    def submit(self, jobs: Iterable[DocumentJob], on_page: OnPage = ignore,
               on_document: OnDocument = ignore) -> Submission: ...


def open_executor(config: WorkerConfig) -> Executor:
    """The deployment's executor: Celery when ``config.broker_url`` is set, else the process
    pool with ``config.processes`` workers (0: one per core). Cheap: nothing starts until work
    is handed over."""
    if config.broker_url:
        from .remote import CeleryExecutor

        return CeleryExecutor(config)
    from .local import LocalExecutor

    return LocalExecutor(config)
