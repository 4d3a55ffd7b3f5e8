"""The Typer app and the helpers every command module shares."""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from domain.errors import SanchikaError

if TYPE_CHECKING:
    from workers.executor import Executor

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Sanchika: scanned office files -> searchable, classified digital files.")

JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON document for machines.")]


def load_settings():  # type: ignore[no-untyped-def]
    """Settings are built once per command, here (never at import time)."""
    from ..settings import Settings

    try:
        return Settings()
    except Exception as exc:  # pydantic ValidationError: name the setting, no traceback
        sys.stderr.write(f"error [usage]: invalid SANCHIKA_* setting: {exc}\n".replace("\n", " ").rstrip() + "\n")
        raise typer.Exit(2) from exc


def emit(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def fail(exc: SanchikaError) -> NoReturn:
    """One line on stderr naming the error code; the exit status of the error's class."""
    message = exc.message.replace("\n", " ")
    sys.stderr.write(f"error [{exc.code}]: {message}\n")
    raise typer.Exit(exc.exit_code)


class StopOnSignal:
    """The one way a command with worker processes stops (`process`, `watch`, `requeue`, `ocr`,
    `classify FILE`): Ctrl-C (SIGINT) or SIGTERM stops it in order, and its end never waits
    unbounded for its processes.

    With an ``executor`` (the embedded pool or Celery): the first signal calls
    ``executor.interrupt()`` (no further file ingested or page started, the pages being read
    finished; sanchika.pipeline.process_batch raises BatchInterruptedError, a submission ends with
    ExecutorStopped) and ``signalled`` tells a loop (the watcher's) to end. Without one (a command
    whose pool is its own, workers/page_pool.py): it raises KeyboardInterrupt in the main thread,
    so the command's clean-up stops its pool. A second signal changes nothing.

    The wait is bounded by ``grace`` (SANCHIKA_SHUTDOWN_SECONDS): past it, the worker processes of
    this process are stopped under their work (``overdue``; their pages stay queued in the
    database, a document step stopped midway is claimed again: `sanchika requeue` finishes both).
    Leaving the block closes the executor within ``grace`` too: work still running in the
    background then (``lingered``) is stopped the same way, said on stderr, and the command exits 1
    unless it is already failing. A process forked from this one (the pool's, before its
    initializer ignores SIGINT) inherits the handler and leaves the signal to this process."""

    def __init__(self, executor: Executor | None = None, grace: float = 20.0) -> None:
        self.executor = executor
        self.grace = grace
        self.pid = os.getpid()
        self.signum = signal.SIGINT.value
        self.signalled = False
        self.overdue = False  # the grace ran out after a signal: the worker processes were stopped
        self.lingered = False  # work still running when the block was left: stopped after the grace
        self.previous: dict[int, Any] = {}
        self._timer: threading.Timer | None = None
        self._left = False  # the block was left: a signal from then on starts no grace wait

    def __enter__(self) -> StopOnSignal:
        if threading.current_thread() is threading.main_thread():  # where Python runs signal handlers
            self.previous = {sig: signal.signal(sig, self) for sig in (signal.SIGINT, signal.SIGTERM)}
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        try:
            if self.executor is not None and not self.executor.close(self.grace):  # its pool stopped under it
                self.lingered = True
                sys.stderr.write(f"error [internal]: the worker pool still had work {self.grace:g} s after the command "
                                 "ended (SANCHIKA_SHUTDOWN_SECONDS): its processes were stopped; nothing is lost, "
                                 "`sanchika requeue` finishes what they were doing.\n")
                if exc_type is None:
                    raise typer.Exit(1)
        finally:
            for sig, handler in self.previous.items():  # a command run inside another program (tests)
                signal.signal(sig, handler)
            self._left = True  # then the wait is ended: no signal can start one that nobody ends
            if self._timer is not None:
                self._timer.cancel()

    def __call__(self, signum: int, frame: object) -> None:
        if os.getpid() != self.pid or self.signalled or self._left:
            return
        self.signum, self.signalled = signum, True
        self._timer = threading.Timer(self.grace, self._past_grace)
        self._timer.daemon = True
        self._timer.start()
        if self.executor is None:
            raise KeyboardInterrupt
        self.executor.interrupt()

    def _past_grace(self) -> None:
        from workers.processes import stop_worker_processes

        self.overdue = True
        stop_worker_processes()

    def note(self) -> str:
        """What the message of a stopped command adds when the grace ran out."""
        if not self.overdue:
            return ""
        return (f" The pages being read did not end within {self.grace:g} s (SANCHIKA_SHUTDOWN_SECONDS): their "
                "processes were stopped, and what they were doing stays queued for `sanchika requeue`.")
