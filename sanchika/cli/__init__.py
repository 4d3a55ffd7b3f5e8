"""The `sanchika` command: thin translations of arguments, output and errors around the library
(sanchika.pipeline, sanchika.queries, ...). One module per group of commands; each registers its
commands on the shared Typer app when imported here."""

from __future__ import annotations

from . import batch  # noqa: F401  (registers commands)
from . import classify as _classify  # noqa: F401  (registers commands)
from . import db as _db  # noqa: F401  (registers commands)
from . import files as _files  # noqa: F401  (registers commands)
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
    try:
        app()  # Typer's standalone mode always ends in SystemExit
    except SystemExit as exc:
        _exit_now(exc.code)


def _exit_now(code: object) -> None:
    import atexit
    import os
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
