"""Loaded by every Python process of a `sanchika process` run that bench/ocr_timeline.py starts
(its folder first on PYTHONPATH): logs when each process reaches the pipeline's marks (Tesseract
calls, jobs, the first file's ingest, exit) to the file named by SANCHIKA_TIMELINE, one line each:
``<monotonic seconds> <pid> <event> <process CPU seconds> [detail]``. Bench only: nothing of the product imports it."""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import sys
import time

_LOG = os.environ.get("SANCHIKA_TIMELINE")


def mark(event: str, detail: str = "") -> None:
    if not _LOG:
        return
    line = f"{time.monotonic():.6f} {os.getpid()} {event} {time.process_time():.4f} {detail}\n".encode()
    fd = os.open(_LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


def _wrap(owner: object, name: str, event: str, detail=None) -> None:  # type: ignore[no-untyped-def]
    fn = getattr(owner, name)

    def wrapped(*args, **kwargs):  # type: ignore[no-untyped-def]
        d = detail(*args, **kwargs) if detail else ""
        mark(event + "+", d)
        try:
            return fn(*args, **kwargs)
        finally:
            mark(event + "-", d)

    wrapped.__wrapped__ = fn  # type: ignore[attr-defined]
    wrapped.__name__ = getattr(fn, "__name__", name)
    wrapped.__qualname__ = getattr(fn, "__qualname__", name)
    wrapped.__module__ = getattr(fn, "__module__", None)
    setattr(owner, name, wrapped)


def _job_detail(job):  # type: ignore[no-untyped-def]
    kind = type(job).__name__
    page = getattr(job, "page_no", "")
    return f"{kind}:{job.document_id[:8]}:{page}"


def _patch(module) -> None:  # type: ignore[no-untyped-def]
    name = module.__name__
    if name == "ocr.tesseract_api":
        _wrap(module._Engine, "recognise", "tess")
        _wrap(module, "engine", "engine")
    elif name == "workers.local":  # names looked up when called (what is pickled to the pool stays the same)
        _wrap(module, "ocr_page", "job", lambda ctx, job: _job_detail(job))
        _wrap(module, "complete_document", "job", lambda ctx, doc_id: f"CompletionJob:{doc_id[:8]}:")
        _wrap(module, "prepare_process", "init")
        _wrap(module, "preload", "warm")
        _wrap(module, "warm_up", "engine_warm")
        _wrap(module.pdfa, "preload", "prepare")
        _wrap(module.LocalExecutor, "warm", "executor_warm")
    elif name == "sanchika.pipeline":
        _wrap(module, "process_batch", "batch")
        _wrap(module, "_ingest_one", "ingest", lambda ctx, s, b, i, cand: cand.name)
        _wrap(module, "check_languages", "check_languages")
    elif name == "ocr.read":
        _wrap(module, "render_page", "render")
    elif name == "sanchika.cli":
        mark("imported_cli")


_WATCH = {"ocr.tesseract_api", "workers.local", "sanchika.pipeline", "ocr.read", "sanchika.cli"}


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):  # type: ignore[no-untyped-def]
        if fullname not in _WATCH:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(fullname)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return None
        loader = spec.loader
        exec_module = loader.exec_module

        class _Loader(importlib.abc.Loader):
            def create_module(self, spec):  # type: ignore[no-untyped-def]
                return loader.create_module(spec)

            def exec_module(self, module):  # type: ignore[no-untyped-def]
                exec_module(module)
                _patch(module)

        spec.loader = _Loader()
        return spec


if _LOG:
    mark("interpreter", " ".join(sys.argv[:2]))
    sys.meta_path.insert(0, _Finder())
    _exit = os._exit

    def _logged_exit(code: int) -> None:
        mark("exit")
        _exit(code)

    os._exit = _logged_exit  # type: ignore[assignment]
