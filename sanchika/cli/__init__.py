"""The `sanchika` command: thin translations of arguments, output and errors around the library
(sanchika.pipeline, sanchika.queries, ...). One module per group of commands; each registers its
commands on the shared Typer app when imported here."""

from __future__ import annotations

import logging
import os

from . import archive as _archive  # noqa: F401  (registers commands)
from . import batch  # noqa: F401  (registers commands)
from . import classify as _classify  # noqa: F401  (registers commands)
from . import db as _db  # noqa: F401  (registers commands)
from . import files as _files  # noqa: F401  (registers commands)
from . import rescans as _rescans  # noqa: F401  (registers commands)
from . import review as _review  # noqa: F401  (registers commands)
from . import serve as _serve  # noqa: F401  (registers commands)
from . import server as _server  # noqa: F401  (registers commands)
from . import users as _users  # noqa: F401  (registers commands)
from .common import app


def main() -> None:
    """The console entry point. When a command has finished, its output flushed and the atexit
    handlers run (the page process reaped, logs flushed), the process ends without tearing down
    the interpreter: freeing the department model's objects one by one took 0.25-0.35 s at the end
    of every `sanchika process` (measured, docs/benchmarks.md) and nothing needs it. With a live
    non-daemon thread the normal exit runs instead."""
    _log_to_stderr()
    try:
        app()  # Typer's standalone mode always ends in SystemExit
    except SystemExit as exc:
        _exit_now(exc.code)


class _OneLine(logging.Formatter):
    """A log record as one line on the terminal: ``sanchika: warning: <message> (<error>)``. A page
    that fails is already in the batch report with its code and message; the traceback is for
    developers (``SANCHIKA_LOG_LEVEL=DEBUG`` shows it)."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"sanchika: {record.levelname.lower()}: {record.getMessage()}"
        exc = record.exc_info[1] if record.exc_info else None
        return f"{line} ({type(exc).__name__}: {exc})" if exc is not None else line


def _log_to_stderr() -> None:
    """The library's warnings and errors on stderr, one line each (``_OneLine``), at the level of
    ``SANCHIKA_LOG_LEVEL`` (default WARNING; DEBUG adds debug messages and tracebacks). Servers
    started from the CLI (uvicorn, Celery) set up their own logging on top."""
    root = logging.getLogger()
    if root.handlers:  # configured by whoever runs us
        return
    level = logging.getLevelName(os.environ.get("SANCHIKA_LOG_LEVEL", "").strip().upper() or "WARNING")
    level = level if isinstance(level, int) else logging.WARNING
    handler = logging.StreamHandler()
    debug = logging.Formatter("sanchika: %(levelname)s: %(name)s: %(message)s")
    handler.setFormatter(debug if level <= logging.DEBUG else _OneLine())
    root.addHandler(handler)
    root.setLevel(level)


def _exit_now(code: object) -> None:
    import atexit
    import sys
    import threading

    status = code if isinstance(code, int) else (0 if code is None else 1)
    if not isinstance(code, int | None):
        print(code, file=sys.stderr)
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        raise SystemExit(status)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`sanchika ... | head`)
            status = status or 1
    os._exit(status)
