"""How a pool process of this machine is made and prepared (the embedded executor and
`sanchika ocr` alike). Light: importing it loads no database or model code."""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.context
import multiprocessing.util
import os
import signal
import threading
from collections.abc import Iterable

from ocr import tesseract_api
from ocr.options import OcrOptions
from ocr.watchdog import kill_page_process, stop_page_process


def prepare_process() -> None:
    """In each pool process: Tesseract on one thread (the pool is the parallelism), the page
    process (ocr/watchdog.py) reaped when the pool process ends with os._exit (no atexit), and what
    it inherited (modules, the department model) frozen out of the garbage collector: a full
    collection walked those ~120,000 objects every time (~55 ms at load 10, e.g. before each PDF/A
    validation, ocr/pdfa.py), and the pages stay shared with the parent instead of being written to
    (Python's gc.freeze, for processes forked without exec). What the process makes later is
    collected as before."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    multiprocessing.util.Finalize(None, stop_page_process, exitpriority=10)
    gc.freeze()


def load_engine_ahead(options: OcrOptions) -> None:
    """In a command that forks its worker processes from itself (`sanchika process` with the
    embedded pool, `sanchika ocr`), called before it imports the rest of its code: Tesseract's
    language data for ``options.lang`` is loaded in a thread of this process meanwhile, and every
    worker and page process forked later inherits the engine instead of loading it before its first
    page (ocr/tesseract_api.py ``load_ahead``). Only where pages are read by the library in a page
    process."""
    if options.watchdog and options.tesseract_library and options.page_timeout > 0 and hasattr(os, "fork"):
        tesseract_api.load_ahead(options.lang)


def mp_context() -> multiprocessing.context.BaseContext | None:
    """fork() copies only the calling thread: a lock another thread holds at that moment (the web
    API's request threads, a background driver) stays locked forever in the child. With other
    threads alive, pool processes come from a forkserver (a clean process); else None (fork). An
    engine loading ahead (``load_engine_ahead``) is waited for first: it is to be inherited."""
    tesseract_api.wait_ahead()
    return multiprocessing.get_context("forkserver") if threading.active_count() > 1 else None


def stop_worker_processes() -> int:
    """Kill the worker processes this process started (the pool's, `sanchika ocr`'s) with their
    page processes (``kill_with_page_processes``), and this process's own page process (a file of
    one page is read here, workers/page_pool.py): a command's shutdown that waited past its bound.
    Returns how many worker processes were killed."""
    kill_page_process()
    return kill_with_page_processes(multiprocessing.active_children())


def kill_with_page_processes(processes: Iterable[multiprocessing.process.BaseProcess]) -> int:
    """Kill ``processes`` (worker processes) and, first, their page processes (each leads a
    process group of its own, ocr/watchdog.py: killed as a group, a Tesseract program with it),
    which would otherwise read their page to its end (up to SANCHIKA_PAGE_TIMEOUT) alone. What
    they were doing stays as the database says (a page ``queued``, a document step claimed again
    by `sanchika requeue`). Returns how many were killed."""
    children = [p for p in processes if p.pid is not None]
    for pid in _children_of({p.pid for p in children}):
        try:
            if os.getpgid(pid) == pid:
                os.killpg(pid, signal.SIGKILL)
            else:
                os.kill(pid, signal.SIGKILL)
        except OSError:  # ended meanwhile
            pass
    for process in children:
        try:
            process.kill()
        except (OSError, ValueError, AttributeError):
            pass
    return len(children)


def _children_of(parents: set[int | None]) -> list[int]:
    """The pids whose parent is in ``parents`` (Linux /proc; none where it cannot be read)."""
    found = []
    for entry in os.scandir("/proc") if os.path.isdir("/proc") else ():
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                ppid = int(f.read().rpartition(b")")[2].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if ppid in parents:
            found.append(int(entry.name))
    return found
