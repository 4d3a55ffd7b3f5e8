"""Tesseract through its C API (``libtesseract.so.5``, ctypes), initialised once per language set
in the long-lived page process (ADR 0014).

The ``tesseract`` command loads its language data on every run: for ``Devanagari+eng`` that is
~8 % of a page's instructions (mostly ``UnicharAmbigs::LoadUniversal``), and with the process
start, the dynamic linking and the fresh page faults a run cost ~20 % more CPU per A4 page than the
same recognition in a process that keeps the engine (measured, docs/benchmarks.md). The output is
the same: the TSV is ``TessBaseAPI::GetTSVText`` either way (test: byte-identical to the CLI's),
and the searchable page is Tesseract's own text-only PDF renderer.

Only the page process uses this (``ocr.watchdog``): a page that hangs inside the library is
stopped by killing that process, and a crash in the library is that page's error. Everything else
(no page process, no library) runs the ``tesseract`` command (``ocr.tesseract``). Nothing here is
loaded before the first page: importing this module is free. A command that forks its worker
processes from itself (`sanchika process` in embedded mode, `sanchika ocr`) may load the default
language set ahead, in a thread of its own process while it imports the rest of its code
(:func:`load_ahead`): the worker and page processes forked later inherit the initialised engine
(the same memory, shared) instead of each loading it before its first page. Nothing is recognised
outside a page process.

The library is loaded with ``OMP_THREAD_LIMIT=1`` (OpenMP reads it when it starts) and its
diagnostics go to ``debug_file`` (/dev/null), not to the worker's stderr.
"""

from __future__ import annotations

import ctypes
import os
import tempfile
import threading
from pathlib import Path

import numpy as np

from domain.errors import DependencyError
from ocr.watchdog import kept_resident

TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"
LIBRARY = "libtesseract.so.5"
_P = ctypes.c_void_p
_lib: ctypes.CDLL | None = None
_load_error: str | None = None
_engines: dict[tuple[str, str | None], _Engine] = {}
_ahead: threading.Thread | None = None  # load_ahead's thread


def _load() -> ctypes.CDLL | None:
    """The library with its signatures, or None (and why in ``_load_error``) when it cannot be loaded."""
    global _lib, _load_error
    if _lib is not None or _load_error is not None:
        return _lib
    os.environ["OMP_THREAD_LIMIT"] = "1"  # before libgomp starts (docs/traps.md: 8x slower otherwise)
    try:
        lib = ctypes.CDLL(LIBRARY)
    except OSError as exc:
        _load_error = str(exc)
        return None
    sig = {
        "TessBaseAPICreate": ([], _P),
        "TessBaseAPIInit3": ([_P, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
        "TessBaseAPISetVariable": ([_P, ctypes.c_char_p, ctypes.c_char_p], ctypes.c_int),
        "TessBaseAPISetPageSegMode": ([_P, ctypes.c_int], None),
        "TessBaseAPISetImage": ([_P, _P, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int], None),
        "TessBaseAPISetSourceResolution": ([_P, ctypes.c_int], None),
        "TessBaseAPIRecognize": ([_P, _P], ctypes.c_int),
        "TessBaseAPIGetTsvText": ([_P, ctypes.c_int], ctypes.POINTER(ctypes.c_char)),
        "TessBaseAPIGetDatapath": ([_P], ctypes.c_char_p),
        "TessBaseAPIClear": ([_P], None),
        "TessBaseAPIDelete": ([_P], None),
        "TessDeleteText": ([ctypes.POINTER(ctypes.c_char)], None),
        "TessPDFRendererCreate": ([ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int], _P),
        "TessResultRendererBeginDocument": ([_P, ctypes.c_char_p], ctypes.c_int),
        "TessResultRendererAddImage": ([_P, _P], ctypes.c_int),
        "TessResultRendererEndDocument": ([_P], ctypes.c_int),
        "TessDeleteResultRenderer": ([_P], None),
    }
    try:
        for name, (argtypes, restype) in sig.items():
            fn = getattr(lib, name)
            fn.argtypes, fn.restype = argtypes, restype
    except AttributeError as exc:  # a library without the C API we need
        _load_error = str(exc)
        return None
    try:  # libgomp may have started before us (another library): one thread all the same
        ctypes.CDLL("libgomp.so.1").omp_set_num_threads(1)
    except (OSError, AttributeError):
        pass
    _lib = lib
    return lib


def available() -> bool:
    return _load() is not None


class _Engine:
    """One initialised ``TessBaseAPI`` for one language set."""

    def __init__(self, lib: ctypes.CDLL, lang: str) -> None:
        self.lib = lib
        self.handle = lib.TessBaseAPICreate()
        lib.TessBaseAPISetVariable(self.handle, b"debug_file", os.devnull.encode())
        if lib.TessBaseAPIInit3(self.handle, None, lang.encode()) != 0:  # data: TESSDATA_PREFIX or the default
            lib.TessBaseAPIDelete(self.handle)
            raise DependencyError(f"Tesseract could not load language data for {lang!r} (libtesseract Init failed).")
        lib.TessBaseAPISetVariable(self.handle, b"debug_file", os.devnull.encode())
        raw = lib.TessBaseAPIGetDatapath(self.handle)
        self.datadir = raw.decode() if raw else ""

    def recognise(self, image: np.ndarray, *, dpi: int, psm: int, make_pdf: bool) -> tuple[str, bytes | None]:
        """(TSV with the CLI's header line, text-only one-page PDF or None) for a uint8 gray/RGB image."""
        lib, api = self.lib, self.handle
        img = np.ascontiguousarray(image)
        height, width = img.shape[:2]
        channels = 1 if img.ndim == 2 else img.shape[2]
        lib.TessBaseAPISetPageSegMode(api, int(psm))
        lib.TessBaseAPISetVariable(api, b"user_defined_dpi", str(int(dpi)).encode())  # what --dpi sets
        lib.TessBaseAPISetImage(api, img.ctypes.data, width, height, channels, int(img.strides[0]))
        lib.TessBaseAPISetSourceResolution(api, int(dpi))
        try:
            if lib.TessBaseAPIRecognize(api, None) != 0:
                raise DependencyError("Tesseract could not recognise this page (libtesseract Recognize failed).",
                                      code="dependency.tesseract_failed")
            raw = lib.TessBaseAPIGetTsvText(api, 0)
            tsv = ctypes.string_at(raw).decode("utf-8", "replace") if raw else ""
            if raw:
                lib.TessDeleteText(raw)
            pdf = self._pdf() if make_pdf else None
        finally:
            lib.TessBaseAPIClear(api)
        return TSV_HEADER + tsv, pdf

    def _pdf(self) -> bytes | None:
        lib = self.lib
        with tempfile.TemporaryDirectory(prefix="sanchika-tess-") as tmp:
            base = Path(tmp) / "out"
            renderer = lib.TessPDFRendererCreate(str(base).encode(), self.datadir.encode(), 1)
            if not renderer:
                return None
            try:
                ok = (lib.TessResultRendererBeginDocument(renderer, b"")
                      and lib.TessResultRendererAddImage(renderer, self.handle)
                      and lib.TessResultRendererEndDocument(renderer))
            finally:
                lib.TessDeleteResultRenderer(renderer)  # closes the file
            path = base.with_suffix(".pdf")
            return path.read_bytes() if ok and path.exists() else None


def load_ahead(lang: str) -> None:
    """Initialise the engine for ``lang`` in a background thread of this process: its C code runs
    without the GIL, beside this process's imports (the thread imports nothing). Any fork of this
    process (``os.fork``: every pool and page process) waits for the thread first and inherits the
    engine. Call it only in a process that forks its workers, before it does. An error is left to
    the first page (which then loads the engine itself and reports it)."""
    global _ahead
    if _ahead is not None or not hasattr(os, "register_at_fork"):
        return
    _ahead = threading.Thread(target=_load_ahead, args=(lang,), name="sanchika-tesseract-ahead", daemon=True)
    os.register_at_fork(before=wait_ahead)
    _ahead.start()


def _load_ahead(lang: str) -> None:
    try:
        engine(lang)
    except Exception:  # noqa: BLE001 - the first page loads it again and reports the error
        pass


def wait_ahead() -> None:
    """Until :func:`load_ahead`'s thread has finished (at once when there is none): before a fork,
    and before this process chooses how to start its workers (no other thread alive: a fork)."""
    thread = _ahead
    if thread is not None and thread is not threading.current_thread():
        thread.join()


def loaded(lang: str) -> bool:
    """Whether this process holds an initialised engine for ``lang`` (without waiting for one)."""
    return (lang, os.environ.get("TESSDATA_PREFIX")) in _engines


def engine(lang: str) -> _Engine | None:
    """This process's engine for ``lang`` (initialised on first use), or None without the library.
    Its memory is kept for the page process's life, not counted as growth (``kept_resident``)."""
    wait_ahead()
    lib = _load()
    if lib is None:
        return None
    key = (lang, os.environ.get("TESSDATA_PREFIX"))
    found = _engines.get(key)
    if found is None:
        with kept_resident():
            found = _engines[key] = _Engine(lib, lang)
    return found
