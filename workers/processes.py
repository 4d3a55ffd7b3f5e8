"""How a pool process of this machine is made and prepared (the embedded executor and
`sanchika ocr` alike). Light: importing it loads no database or model code."""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.context
import multiprocessing.util
import os
import threading

from ocr import tesseract_api
from ocr.options import OcrOptions
from ocr.watchdog import stop_page_process


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
