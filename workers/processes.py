"""How a pool process of this machine is made and prepared (the embedded executor and
`sanchika ocr` alike). Light: importing it loads no database or model code."""

from __future__ import annotations

import multiprocessing
import multiprocessing.context
import multiprocessing.util
import os
import threading

from ocr.watchdog import stop_page_process


def prepare_process() -> None:
    """In each pool process: Tesseract on one thread (the pool is the parallelism), and the page
    process (ocr/watchdog.py) reaped when the pool process ends with os._exit (no atexit)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    multiprocessing.util.Finalize(None, stop_page_process, exitpriority=10)


def mp_context() -> multiprocessing.context.BaseContext | None:
    """fork() copies only the calling thread: a lock another thread holds at that moment (the web
    API's request threads, a background driver) stays locked forever in the child. With other
    threads alive, pool processes come from a forkserver (a clean process); else None (fork)."""
    return multiprocessing.get_context("forkserver") if threading.active_count() > 1 else None
