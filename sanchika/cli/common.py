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
    """Ctrl-C (SIGINT) or SIGTERM while `sanchika process` or `sanchika watch` runs: the executor
    stops in order (no further file ingested or page started, the pages being read finished, the
    pool's processes ended; sanchika.pipeline.process_batch raises BatchInterruptedError), and
    ``signalled`` tells a loop (the watcher's) to end. A second signal changes
    nothing: the stop waits for the pages being read (each bounded by SANCHIKA_PAGE_TIMEOUT), so
    the message that names the batch is always printed. A process forked from this one (the
    pool's, before its initializer ignores SIGINT) inherits the handler and leaves the signal to
    this process."""

    def __init__(self, executor: Executor) -> None:
        self.executor = executor
        self.pid = os.getpid()
        self.signum = signal.SIGINT.value
        self.signalled = False
        self.previous: dict[int, Any] = {}

    def __enter__(self) -> StopOnSignal:
        if threading.current_thread() is threading.main_thread():  # where Python runs signal handlers
            self.previous = {sig: signal.signal(sig, self) for sig in (signal.SIGINT, signal.SIGTERM)}
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self.previous.items():  # a command run inside another program (tests)
            signal.signal(sig, handler)

    def __call__(self, signum: int, frame: object) -> None:
        if os.getpid() != self.pid or self.signalled:
            return
        self.signum, self.signalled = signum, True
        self.executor.interrupt()
