"""The only module that runs Tesseract: builds argv, sets a timeout and ``OMP_THREAD_LIMIT=1``,
and maps what can go wrong onto Sanchika's errors.

- binary or language data missing -> DependencyError (the message names the Debian package)
- the run took longer than the limit -> PageTimeoutError
- "Empty page!!" -> an empty result, not an error
- any other failure -> DependencyError(code="dependency.tesseract_failed") with stderr's tail
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from domain.errors import DependencyError, PageTimeoutError
from domain.types import Word
from ocr.searchable_pdf import page_pdf
from ocr.watchdog import in_page_process

TESSERACT = "tesseract"
_APT_PACKAGES = {
    "Devanagari": "tesseract-ocr-script-deva",
    "hin": "tesseract-ocr-hin",
    "eng": "tesseract-ocr-eng",
    "osd": "tesseract-ocr-osd",
    "san": "tesseract-ocr-san",
    "mar": "tesseract-ocr-mar",
}


@dataclass(frozen=True, slots=True)
class TesseractOutput:
    """One Tesseract run on one page."""

    text: str  # lines in reading order (block/paragraph/line of the TSV), joined by "\n"
    words: tuple[Word, ...]  # boxes in pixels of the image given, confidence 0..1
    confidence: float  # mean word confidence 0..1; 0.0 when no words
    pdf: bytes | None  # one-page PDF: the image (JPEG) plus invisible text (text only with pdf_image=False); None unless asked for
    seconds: float


def apt_package(lang: str) -> str:
    if lang in _APT_PACKAGES:
        return _APT_PACKAGES[lang]
    if lang[:1].isupper():  # script models live in tesseract-ocr-script-*
        return f"tesseract-ocr-script-{lang.lower()[:4]}"
    return f"tesseract-ocr-{lang.lower().replace('_', '-')}"


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"  # OpenMP oversubscription made one page 8x slower (docs/traps.md)
    return env


@lru_cache(maxsize=4)
def _installed_languages(tessdata_prefix: str | None) -> frozenset[str]:
    if shutil.which(TESSERACT) is None:
        raise DependencyError(
            "The tesseract binary was not found. Install the Debian package tesseract-ocr "
            "(apt-get install tesseract-ocr).",
        )
    proc = subprocess.run(
        [TESSERACT, "--list-langs"], capture_output=True, text=True, env=_env(), timeout=30, check=False
    )
    lines = (proc.stdout + "\n" + proc.stderr).splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and " " not in ln.strip())


def installed_languages() -> frozenset[str]:
    return _installed_languages(os.environ.get("TESSDATA_PREFIX"))


def check_languages(lang: str) -> None:
    """Raise DependencyError unless every language of ``"a+b"`` is installed. An engine this process
    has (or inherited) for exactly ``lang`` says so without asking the command (its Init loaded
    every language of the set): a pool process forked after the engine was loaded ahead skips the
    ``tesseract --list-langs`` run before its first page."""
    from ocr import tesseract_api

    if tesseract_api.loaded(lang):
        return
    have = installed_languages()
    missing = [code for code in lang.split("+") if code and code not in have]
    if missing:
        packages = " ".join(apt_package(m) for m in missing)
        raise DependencyError(
            f"Tesseract language data {', '.join(missing)} is not installed. "
            f"Install the Debian package(s): apt-get install {packages}",
        )


def parse_tsv(tsv: str) -> tuple[str, tuple[Word, ...]]:
    """Words (level 5 rows) and the page text, lines in the TSV's block/paragraph/line order."""
    words: list[Word] = []
    lines: list[list[str]] = []
    line_index: dict[tuple[str, str, str], int] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t", 11)
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        if not text:
            continue
        key = (cols[2], cols[3], cols[4])
        if key not in line_index:
            line_index[key] = len(lines)
            lines.append([])
        idx = line_index[key]
        lines[idx].append(text)
        conf = max(0.0, min(1.0, float(cols[10]) / 100.0))
        words.append(Word(text, int(cols[6]), int(cols[7]), int(cols[8]), int(cols[9]), conf, idx))
    return "\n".join(" ".join(ws) for ws in lines), tuple(words)


def _write_image(image: np.ndarray, path: Path) -> None:
    """Uncompressed BMP: a PNG of a noisy A4 page took 0.3-0.6 s to write; Tesseract reads BMP
    faster than PGM (measured)."""
    arr = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2BGR)
    if not cv2.imwrite(str(path), arr):
        raise DependencyError(
            "OpenCV could not write a PNG for Tesseract.",
        )


def run_tesseract(
    image: np.ndarray,
    *,
    lang: str,
    dpi: int = 300,
    timeout: float = 180.0,
    make_pdf: bool = True,
    psm: int = 3,
    pdf_image: bool = True,
    library: bool = False,
) -> TesseractOutput:
    """One run over one page image (uint8 gray or RGB) giving TSV and, if asked, a one-page PDF.

    ``pdf_image=False``: the PDF is Tesseract's text-only page (invisible text, no image), to be
    laid over the original PDF page (searchable_pdf.overlay_text) instead of a re-encoded image.
    ``library``: inside the worker's page process, use the C API with the language data kept loaded
    (ocr/tesseract_api.py, ADR 0014); the page's deadline is then kept by killing the page process.
    Elsewhere, or without the library, the ``tesseract`` command runs with ``timeout``."""
    check_languages(lang)
    started = time.perf_counter()
    found = None
    if library and in_page_process() and library_can_read(image):
        from ocr import tesseract_api

        found = tesseract_api.engine(lang)
    if found is not None:
        tsv, text_pdf = found.recognise(image, dpi=dpi, psm=psm, make_pdf=make_pdf)
    else:
        tsv, text_pdf = _run_command(image, lang=lang, dpi=dpi, timeout=timeout, make_pdf=make_pdf, psm=psm)
    pdf = page_pdf(text_pdf, image) if text_pdf is not None and pdf_image else text_pdf
    text, words = parse_tsv(tsv)  # "Empty page!!" leaves a TSV without words: an empty result
    conf = sum(w.confidence for w in words) / len(words) if words else 0.0
    return TesseractOutput(text, words, conf, pdf, time.perf_counter() - started)


def library_can_read(image: np.ndarray) -> bool:
    """8-bit gray, RGB or RGBA in memory order: what ``TessBaseAPISetImage`` is given as bytes.
    Anything else (16-bit, float, two channels) goes to the command, which reads the file."""
    return image.dtype == np.uint8 and (image.ndim == 2 or (image.ndim == 3 and image.shape[2] in (3, 4)))


def _run_command(image: np.ndarray, *, lang: str, dpi: int, timeout: float, make_pdf: bool,
                 psm: int) -> tuple[str, bytes | None]:
    """The ``tesseract`` command on one page: (TSV, text-only PDF or None)."""
    with tempfile.TemporaryDirectory(prefix="sanchika-tess-") as tmp:
        # BMP: cheap to write, and Leptonica reads it ~0.1 s (4 %) faster per A4 page than PGM,
        # whose reader is slow; a PNG took 0.3-0.6 s to write (measured, docs/benchmarks.md).
        src = Path(tmp) / "page.bmp"
        base = Path(tmp) / "out"
        _write_image(image, src)
        argv = [TESSERACT, str(src), str(base), "-l", lang, "--psm", str(psm), "--dpi", str(int(dpi))]
        argv += ["-c", "tessedit_create_tsv=1"]
        if make_pdf:  # text only; the page image is added as a JPEG (see searchable_pdf.page_pdf)
            argv += ["-c", "tessedit_create_pdf=1", "-c", "textonly_pdf=1"]
        try:
            proc = subprocess.run(argv, capture_output=True, env=_env(), timeout=timeout, check=False)
        except FileNotFoundError as exc:
            raise DependencyError(
                "The tesseract binary was not found. Install the Debian package tesseract-ocr.",
            ) from exc
        except subprocess.TimeoutExpired as exc:
            raise PageTimeoutError(
                f"Tesseract took longer than {timeout:g} s on this page; it was stopped. "
                "Raise page_timeout or check the page image."
            ) from exc
        stderr = proc.stderr.decode("utf-8", "replace")
        if proc.returncode != 0:
            if "Failed loading language" in stderr or "Error opening data file" in stderr:
                raise DependencyError(
                    f"Tesseract could not load language data for {lang!r}: {stderr.strip()[-300:]}",
                )
            raise DependencyError(
                f"Tesseract failed (exit {proc.returncode}): {stderr.strip()[-300:]}",
                code="dependency.tesseract_failed",
            )
        tsv_path = base.with_suffix(".tsv")
        tsv = tsv_path.read_text("utf-8", "replace") if tsv_path.exists() else ""
        pdf_path = base.with_suffix(".pdf")
        text_pdf = pdf_path.read_bytes() if make_pdf and pdf_path.exists() else None
    return tsv, text_pdf
