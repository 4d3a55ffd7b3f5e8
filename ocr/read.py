"""Per-page entry point: text layer if trustworthy, else render -> preprocess -> Tesseract.

    read_page
    ├── PDF page: judge_text_layer (raw layer, and its Kruti Dev -> Unicode conversion)
    │     trusted -> the layer's text, nothing rasterised (~100x cheaper than OCR)
    └── else, in the worker's page process, killed at the page timeout (ocr/watchdog.py):
          render -> a ~75 dpi glance (ink, code-like marks) -> codes searched only on the few
          pages with little ink outside such marks -> blank? (flagged, not OCRed) -> preprocess
          (crop, orientation, deskew; the lines' script) -> language routing -> Tesseract ->
          separator sheet? (a code on a mostly blank page: flagged, kept, its file number) or
          quality score and flag
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from domain.errors import PageTimeoutError
from domain.status import PageFlag
from domain.types import FileKind, PageResult, PageText, TextSource
from ocr.codes import Code, find_codes_near
from ocr.glance import glance
from ocr.layout import measure_layout
from ocr.options import OcrOptions
from ocr.page_budget import WALL_FACTOR
from ocr.pdfa import FORM_STEP
from ocr.preprocess import Preprocessed
from ocr.quality import (
    BOTH_WAYS_TEXT,
    DEVANAGARI_UNREAD,
    NEEDS_REVIEW,
    UNREADABLE,
    UNSURE_LINES,
    assess,
    capture_facts,
    is_unreadable,
    unsure_lines_reason,
)
from ocr.rasterise import RasterPage, count_pages, render_page
from ocr.routing import reads_devanagari
from ocr.searchable_pdf import image_like_pdf, image_page_pdf, overlay_text, page_pdf
from ocr.separators import is_blank, separator_verdict
from ocr.tesseract import check_languages
from ocr.turns import unreadable_by_words_on_end_alone
from ocr.unread import unread_devanagari
from ocr.upright import PageReading, read_upright
from ocr.watchdog import in_page_process, run_in_page_process

if TYPE_CHECKING:
    from ocr.textlayer import TextLayerVerdict


def read_page(path: Path, kind: FileKind, page_no: int, options: OcrOptions) -> PageResult:
    """Text of one page (1-based). A trusted PDF text layer is used without rasterising."""
    started = time.perf_counter()
    since = time.monotonic()  # the page's wall-time cap counts from here, over its text layer and its OCR (ADR 0041)
    path = Path(path)
    verdict_note = ""
    verdict: TextLayerVerdict | None = None
    layer_pdf: bytes | None = None  # the page of a converted text layer (ocr/layer_pdf.py)
    if kind == FileKind.PDF and options.use_text_layer:
        # in the page process too: a page of millions of text operators takes PDFium minutes to
        # read, and the page timeout must hold for it as for OCR
        judge_args = (path, page_no, options)
        if options.watchdog:
            verdict, layer_pdf = run_in_page_process(_judge, judge_args, options.page_timeout,
                                                     f"page {page_no} of {path.name} (its text layer)", since)
        else:
            verdict, layer_pdf = _judge(*judge_args)
        verdict_note = "; ".join(verdict.reasons)
        if verdict.trusted:
            text = PageText(
                page=page_no,
                text=verdict.text,
                source=TextSource.TEXTLAYER,
                confidence=1.0,
                textlayer_verdict=verdict_note,
                seconds=time.perf_counter() - started,
            )
            return _named(PageResult(text=text, pdf=layer_pdf, pdf_form="layer" if layer_pdf else ""))
    check_languages(options.lang)  # fail before the expensive part

    args = (path, kind, page_no, options, verdict_note, started)
    try:
        if options.watchdog:
            result = run_in_page_process(_ocr_page, args, options.page_timeout, f"page {page_no} of {path.name}", since)
        else:
            result = _ocr_page(*args)
    except PageTimeoutError as exc:
        if "SANCHIKA_PAGE_TIMEOUT" in exc.message:
            raise
        raise PageTimeoutError(  # Tesseract was given what was left of the page's budget
            f"page {page_no} of {path.name} took longer than {options.page_timeout:g} s (render, preprocess and "
            "OCR: CPU time, or three times as long waiting) and was stopped. Raise SANCHIKA_PAGE_TIMEOUT or rescan the page at a normal resolution."
        ) from exc
    if verdict is not None and verdict.candidate:  # a converted legacy layer that was not trusted
        from ocr.textlayer import prefer_reading

        chosen = prefer_reading(result.text, verdict)
        if chosen.source == TextSource.TEXTLAYER and layer_pdf is not None:  # its page carries its text
            result = PageResult(text=chosen, pdf=layer_pdf, pdf_form="layer")
        else:
            result = replace(result, text=chosen)
    return _named(result)


def warm_up(options: OcrOptions) -> None:
    """Start this process's page process and load Tesseract's language data for ``options.lang``
    in it, before the first page arrives (a worker pool started while its parent is still opening
    the database and storing the first file: the ~0.15 s of loading then costs no page any time).
    Nothing without the page process or the library: the first page loads what it needs."""
    if options.watchdog and options.tesseract_library and options.page_timeout > 0:
        run_in_page_process(_load_engine, (options.lang,), options.page_timeout, "Tesseract's language data")


def preload() -> None:
    """What a page process loads on its first page, loaded now (a pool process calls it before it
    forks its page process, which then shares it): the word lists every reading is judged by
    (~20 ms), numpy.ma (numpy imports it on the first median, ~10 ms). Nothing of a page's result
    depends on when they are loaded."""
    import numpy.ma  # noqa: F401

    from ocr.reading import english_words, hindi_words

    hindi_words()
    english_words()


def load_pdf_stage() -> None:
    """What reading a PDF page takes beyond an image (PDFium, the text-layer judge, the legacy-font
    tables: ~0.05 CPU-s to import), imported now. Imported on the first PDF page otherwise, so an
    image read by `sanchika ocr` never loads it; a process that forks its page or pool processes
    before reading PDFs (`process`'s, a PDF's `sanchika ocr`) calls this first, so they share it."""
    import pypdfium2  # noqa: F401  (also every page's searchable PDF: an image's page process forked without it imported it anew, ~0.04 CPU-s a page)

    import ocr.layer_pdf  # noqa: F401
    import ocr.textlayer  # noqa: F401


def _load_engine(lang: str) -> None:
    from ocr import tesseract_api

    tesseract_api.engine(lang)


def _judge(path: Path, page_no: int, options: OcrOptions) -> tuple[TextLayerVerdict, bytes | None]:
    """The page's text-layer verdict and, when its text (or OCR's rival) is the layer converted from
    legacy fonts, the page PDF that carries that text (ocr/layer_pdf.py)."""
    from ocr.layer_pdf import layer_page_pdf
    from ocr.textlayer import judge_text_layer

    verdict = judge_text_layer(path, page_no, convert_legacy=options.convert_legacy)
    if not (verdict.converted and options.make_pdf):
        return verdict, None
    return verdict, layer_page_pdf(path, page_no, verdict.text or verdict.candidate, options)


def _named(result: PageResult) -> PageResult:
    """The page's steps name its PDF's form (``pdf:<form>``; workers/document_pdf.py reads it)."""
    if result.pdf is None or not result.pdf_form:
        return result
    return replace(result, text=replace(result.text, steps=(*result.text.steps, FORM_STEP + result.pdf_form)))


def _gray(image: np.ndarray) -> np.ndarray:
    import cv2

    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)


_GEOMETRY_STEPS = ("crop:", "rotate:", "deskew:")


def _ocr_page(path: Path, kind: FileKind, page_no: int, options: OcrOptions, verdict_note: str,
              started: float) -> PageResult:
    """One page read by OCR (in the page process): rendered, glanced at (codes, blank), read the
    right way up, its page PDF; then a separator sheet or its quality, and its layout."""
    # in the page process the budget is CPU time, kept by the watchdog (ADR 0041): a Tesseract command
    # is only given the wall time the watchdog would allow
    deadline = started + options.page_timeout * (WALL_FACTOR if in_page_process() else 1.0)
    raster = render_page(path, kind, page_no, options)
    codes, blank_why = _glance(raster, options)
    if blank_why is not None:
        return _blank_page(path, page_no, options, raster, blank_why, verdict_note, started)

    def reuse(pre: Preprocessed) -> bool:  # the original PDF page can carry the text: just this image, unmoved
        return options.make_pdf and raster.whole_page_image and not any(step.startswith(_GEOMETRY_STEPS) for step in pre.steps)

    reading = read_upright(raster.image, raster.dpi, options, deadline=deadline, ignore=tuple(c.box for c in codes),
                           pdf_image=lambda pre: not reuse(pre))
    steps = [*reading.pre.steps, *reading.notes]
    sheet = _sheet(raster, reading.out.text, codes)
    if sheet.step:
        steps.append(sheet.step)
    if sheet.kind:  # a separator sheet is not content: no OCR quality flag to act on
        judged: _Judged = (None, sheet.reasons, None)
    else:
        judged = _quality(raster, reading, options)
    # an unreadable page's garbage is kept for the reviewer but is not searchable text: not in the index
    # (workers/steps.py), nor invisible in its PDF, where a viewer's or e-Office's search would find it
    pdf, form = _ocr_pdf(path, page_no, reading, reuse(reading.pre), with_text=not is_unreadable(judged[1]))
    text = _ocr_text(page_no, raster, reading, tuple(steps), sheet, judged, verdict_note, started)
    return PageResult(text=text, pdf=pdf, pdf_form=form)


def _glance(raster: RasterPage, options: OcrOptions) -> tuple[tuple[Code, ...], tuple[str, ...] | None]:
    """(the codes found near the page's code-like marks, why it is blank: None when it is not or
    was not asked): a ~75 dpi glance first, the codes searched and the blank test run only on the
    pages it points at."""
    look = glance(raster.image, raster.dpi) if options.detect_blank or options.detect_separators else None
    codes: tuple[Code, ...] = ()
    if look is not None and options.detect_separators and look.may_be_separator:
        codes = find_codes_near(raster.image, look, raster.dpi)
    if look is not None and not codes and options.detect_blank and look.may_be_blank:
        blank, why = is_blank(raster.image)
        if blank:
            return codes, why
    return codes, None


def _blank_page(path: Path, page_no: int, options: OcrOptions, raster: RasterPage, why: tuple[str, ...],
                verdict_note: str, started: float) -> PageResult:
    """A blank page: flagged, not read; its page PDF the image (or the original page, reused)."""
    text = PageText(
        page=page_no, text="", source=TextSource.OCR, confidence=0.0, dpi=raster.dpi,
        dpi_assumed=raster.dpi_assumed, width=raster.width, height=raster.height, lang="",
        steps=("blank",), textlayer_verdict=verdict_note, seconds=time.perf_counter() - started,
        quality=None, quality_reasons=("blank page: " + ", ".join(why),), flag=None, blank=True,
    )
    pdf, form = _own_or_reused(path, page_no, raster.whole_page_image and options.make_pdf, None,
                               lambda: image_page_pdf(raster.image, raster.dpi) if options.make_pdf else None, "image")
    return PageResult(text=text, pdf=pdf, pdf_form=form)


def _ocr_pdf(path: Path, page_no: int, reading: PageReading, reuse_page: bool,
             with_text: bool = True) -> tuple[bytes | None, str]:
    """The read page's PDF: the original PDF page under Tesseract's text when it is just this
    image, unmoved (``reuse_page``), else Tesseract's page (its text over the page image).
    ``with_text=False``: the same page without the invisible text (the image alone, same size)."""
    text_pdf, image = reading.out.pdf, reading.pre.image
    if not with_text:
        return _own_or_reused(path, page_no, reuse_page and text_pdf is not None, None,
                              lambda: image_like_pdf(text_pdf, image) if text_pdf else None, "image")
    return _own_or_reused(path, page_no, reuse_page and text_pdf is not None, text_pdf,
                          lambda: page_pdf(text_pdf, image) if reuse_page and text_pdf else text_pdf, "ocr")


@dataclass(frozen=True)
class _Sheet:
    """What the page's codes say: a separator sheet (``kind``: "patch-t", "qr", "barcode"; the
    file number it announces) or not, and the step that records it (None: no code)."""

    kind: str = ""
    file_number: str | None = None
    reasons: tuple[str, ...] = ()
    step: str | None = None


def _sheet(raster: RasterPage, text: str, codes: tuple[Code, ...]) -> _Sheet:
    if not codes:
        return _Sheet()
    sep = separator_verdict(raster.image, text, codes=codes)
    if sep.is_separator and sep.kind:
        kind = sep.kind.replace("_", "-")
        return _Sheet(kind, sep.file_number, ("separator sheet: " + "; ".join(sep.reasons),), f"separator:{kind}")
    return _Sheet(step="codes:" + ",".join(sorted({c.kind.replace("_", "-") for c in codes})) + "(not a separator)")


_Judged = tuple[float | None, tuple[str, ...], PageFlag | None]  # (quality score, its reasons, the flag)


def _quality(raster: RasterPage, reading: PageReading, options: OcrOptions) -> _Judged:
    """The read page's quality score, reasons and flag; a reading that is still garbage is flagged
    for review as unreadable, never silently indexed as if it were text."""
    pre, out = reading.pre, reading.out
    facts = capture_facts(_gray(pre.image), raster.dpi, raster.dpi_assumed)
    if any(note.startswith("descreen:") for note in reading.notes):  # that grey is our blur of the scan's dots (ADR 0039)
        facts = replace(facts, blur=0.0)
    quality = assess(facts, out.words, pre.skew_residue,
                     review_below=options.review_below, rescan_below=options.rescan_below)
    quality_score, quality_reasons, flag = quality.score, quality.reasons, quality.flag
    if reading.judged.unsure_lines >= UNSURE_LINES:  # handwriting read as letters: say so, beside the score's reasons
        quality_reasons = (*(r for r in quality_reasons if r != "good"), unsure_lines_reason(reading.judged.unsure_lines))
    if reading.judged.unreadable:  # never silently into the index as if it were text
        # text both ways (ADR 0054): real text lying flat beside words on end, indexed but flagged
        reason = BOTH_WAYS_TEXT if unreadable_by_words_on_end_alone(reading.judged) else UNREADABLE
        quality_reasons = (f"{reason} ({reading.judged.note()}, confidence {reading.judged.confidence:.2f})",
                           *quality_reasons)
        flag = flag or NEEDS_REVIEW
    # Devanagari on the page that the reading has as Latin letters and digits, or not at all (ocr/unread.py);
    # not looked for where the script check found every line Latin (no headline on any)
    unread = (unread_devanagari(_gray(pre.image), raster.dpi, out.words, reads_devanagari(reading.lang))
              if pre.script != "latin" else None)
    if unread is not None and unread.lost:
        quality_reasons = (f"{DEVANAGARI_UNREAD} ({unread.unread} of {unread.headlines} headlined words)", *quality_reasons)
        flag = flag or NEEDS_REVIEW
    return quality_score, quality_reasons, flag


def _ocr_text(page_no: int, raster: RasterPage, reading: PageReading, steps: tuple[str, ...], sheet: _Sheet,
              judged: _Judged, verdict_note: str, started: float) -> PageText:
    """The read page's PageText, with its layout facts (for page roles and near-duplicate pages)."""
    pre, out = reading.pre, reading.out
    quality_score, quality_reasons, flag = judged
    layout = measure_layout(pre.image)  # for page roles and near-duplicate pages (a few ms)
    return PageText(
        page=page_no,
        text=out.text,
        source=TextSource.OCR,
        confidence=out.confidence,
        words=out.words,
        rotation=pre.rotation,
        skew_degrees=pre.skew_degrees,
        dpi=raster.dpi,
        dpi_assumed=raster.dpi_assumed,
        width=int(pre.image.shape[1]),
        height=int(pre.image.shape[0]),
        lang=reading.lang,
        steps=steps,
        textlayer_verdict=verdict_note,
        seconds=time.perf_counter() - started,
        quality=quality_score,
        quality_reasons=quality_reasons,
        flag=flag,
        separator=sheet.kind,
        separator_file_number=sheet.file_number,
        ruled_lines=layout.ruled_lines,
        vertical_rules=layout.vertical_rules,
        ink=layout.ink,
        image_hash=layout.image_hash,
    )


def _own_or_reused(path: Path, page_no: int, reuse: bool, text_pdf: bytes | None,
                   own: Callable[[], bytes | None], form: str) -> tuple[bytes | None, str]:
    """(the page PDF, its form): the original PDF page under ``text_pdf`` when ``reuse`` and it is
    just its image ("reused"), else what ``own`` writes (``form``)."""
    if reuse:
        reused = overlay_text(path, page_no, text_pdf)
        if reused is not None:
            return reused, "reused"
    pdf = own()
    return pdf, form if pdf is not None else ""


def read_document(path: Path, kind: FileKind, options: OcrOptions) -> Iterator[PageResult]:
    """All pages in order, one at a time (pages are read lazily, never all at once)."""
    for page_no in range(1, count_pages(Path(path), kind, options) + 1):
        yield read_page(path, kind, page_no, options)
