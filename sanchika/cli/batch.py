"""`sanchika process | ocr | search | show | batches`: the embedded-default workflow."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from domain.errors import BatchInterruptedError, SanchikaError, UsageError
from domain.status import ItemStatus

from .common import JsonOpt, StopOnSignal, app, emit, fail, load_settings


@app.command()
def process(
    paths: Annotated[list[Path], typer.Argument(help="Folders, files or .zip archives: one batch.")],
    batch: Annotated[str | None, typer.Option("--batch", help="Batch name.")] = None,
    operator: Annotated[str, typer.Option("--operator", help="Who scanned/uploaded it.")] = "",
    department: Annotated[str | None, typer.Option("--department", help="Hint: the department of these files, used when the text does not decide it.")] = None,
    file_number: Annotated[str | None, typer.Option("--file-number", help="Hint: the file number, for documents that state none.")] = None,
    location: Annotated[str | None, typer.Option("--location", help="Physical location of the paper (box / almirah), kept on the digital files.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Ingest everything under PATHS as one batch and run the pipeline to completion.

    Exits 0 when at least one file was processed (failed files are listed in the report),
    non-zero for usage errors or when nothing at all could be processed.
    """
    settings = load_settings()
    if not settings.broker_url:  # the embedded pool, forked from this process: Tesseract loads beside our imports
        from workers.processes import load_engine_ahead

        load_engine_ahead(settings.ocr_options())
    from ..pipeline import process_batch
    from ..progress import batch_progress

    # What the imports made stays: frozen out of the collector, the full collection the pool runs
    # before it forks (no SQLite connection across fork, ADR 0020) walks only what was made since
    # (~25-35 ms -> ~1.5 ms of CPU, on the way to the first page). Nothing has opened a database yet.
    gc.freeze()
    from workers.executor import open_executor

    executor = open_executor(settings.worker_config())
    stop = StopOnSignal(executor, settings.shutdown_seconds)  # the pool's end is bounded, on a signal too
    try:
        from ..checks import check_services, is_server_mode

        if is_server_mode(settings):
            check_services(settings)  # fail fast, naming the SANCHIKA_* setting to fix
        with stop, batch_progress(enabled=not as_json and sys.stderr.isatty()) as progress:
            report = process_batch(paths, settings, batch_name=batch, operator=operator, progress=progress,
                                   hints={"department": department, "file_number": file_number, "location": location},
                                   executor=executor)
    except BatchInterruptedError as exc:
        interrupted = BatchInterruptedError(exc.message + stop.note(), signal=stop.signum, batch_id=exc.batch_id)
        if as_json:  # the web API's error body, with the batch to requeue
            emit({"error": interrupted.to_dict(), "batch_id": exc.batch_id})
            raise typer.Exit(interrupted.exit_code) from None
        fail(interrupted)
        return
    except KeyboardInterrupt:  # before the batch was created: nothing was stored
        fail(BatchInterruptedError("interrupted before the batch was created: nothing was stored.", signal=stop.signum))
        return
    except SanchikaError as exc:
        fail(exc)
        return
    _print_report(report, as_json)
    counts = report.counts()
    if not report.files or counts.get(ItemStatus.FAILED, 0) == len(report.files):
        raise typer.Exit(1)


@app.command()
def ocr(
    path: Annotated[Path, typer.Argument(help="One PDF, TIFF, PNG or JPEG.")],
    lang: Annotated[str | None, typer.Option("--lang", help="Tesseract languages, e.g. Devanagari+eng.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Per page: text layer or OCR and why, steps, language, quality and flags.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Rasterise -> preprocess -> OCR one file and print its text; stores nothing."""
    # Before numpy is imported: reading a page does no floating-point BLAS work (the one matrix
    # product is in integers), and OpenBLAS's thread pool, started at import, cost ~0.03 CPU-s of
    # every call (docs/benchmarks.md). Inherited by the page processes.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from workers.processes import load_engine_ahead

    settings = load_settings()
    load_engine_ahead(settings.ocr_options(lang))  # the page processes are forked from this one
    from contextlib import closing

    from ..ocr_file import ocr_file

    pages: list[dict] = []  # type: ignore[type-arg]
    stop = StopOnSignal(grace=settings.shutdown_seconds)  # its own pool: stopped by the clean-up a signal runs
    try:
        with stop, closing(ocr_file(path, settings, lang, page_pdfs=explain)) as results:  # closed (its pool stopped) within the grace
            for result in results:
                pages.append(_ocr_page(result.text, explain, as_json))
    except KeyboardInterrupt:
        from ocr.watchdog import kill_page_process

        kill_page_process()  # a page read here (a one-page file): not waited for, at exit either
        fail(BatchInterruptedError(f"`sanchika ocr {path}` stopped after {len(pages)} pages read: nothing is stored, "
                                   "its processes ended." + stop.note(), signal=stop.signum))
        return
    except SanchikaError as exc:
        fail(exc)
        return
    if as_json:
        emit({"pages": pages})


def _ocr_page(t, explain: bool, as_json: bool) -> dict:  # type: ignore[no-untyped-def, type-arg]
    """One page of `sanchika ocr`, printed at once unless ``as_json``."""
    page = {"page": t.page, "text": t.text, "confidence": round(t.confidence, 4), "source": t.source.value,
            "rotation": t.rotation, "skew_degrees": round(t.skew_degrees, 2), "blank": t.blank,
            "separator": t.separator or None, "separator_file_number": t.separator_file_number}
    why = _explain(t) if explain else None
    if why is not None:
        page["explain"] = why
    if as_json:
        return page
    if why is not None:
        typer.echo(_explain_text(t, why))
    else:
        typer.echo(f"--- page {t.page} ({t.source.value}, confidence {t.confidence:.2f}, rotation {t.rotation}, skew {t.skew_degrees:+.1f}°)")
        typer.echo(t.text)
    return page


def _explain(t) -> dict:  # type: ignore[no-untyped-def]
    """Why a page was read the way it was (``sanchika ocr --explain``)."""
    verdict = [r for r in t.textlayer_verdict.split("; ") if r]
    if t.source.value == "textlayer":
        decision = "text layer (converted from Kruti Dev)" if any("legacy-converted:won" in r for r in verdict) else "text layer"
    elif t.blank:
        decision = "blank page: not OCRed, not indexed"
    elif t.separator:
        decision = f"separator sheet ({t.separator}" + (f", file {t.separator_file_number}" if t.separator_file_number else "") + "): kept, not content"
    else:
        decision = "OCR" + (" (text layer rejected)" if verdict else "")
    return {"decision": decision, "text_layer": verdict, "steps": list(t.steps), "lang": t.lang, "dpi": t.dpi,
            "dpi_assumed": t.dpi_assumed, "blank": t.blank, "separator": t.separator or None,
            "separator_file_number": t.separator_file_number, "quality": t.quality,
            "quality_reasons": list(t.quality_reasons), "flag": t.flag or None, "seconds": round(t.seconds, 3)}


def _explain_text(t, e: dict) -> str:  # type: ignore[no-untyped-def]
    lines = [f"--- page {t.page}: {e['decision']}"]
    if e["text_layer"]:
        lines.append(f"    text layer: {'; '.join(e['text_layer'])}")
    if t.separator:
        lines.append(f"    steps: {', '.join(e['steps']) or 'none'}; {'; '.join(e['quality_reasons'])}")
    elif t.source.value == "ocr" and not t.blank:
        lines.append(f"    steps: {', '.join(e['steps']) or 'none'}; language {e['lang']}; {e['dpi']} dpi"
                     + (" (assumed)" if e["dpi_assumed"] else ""))
        lines.append(f"    quality {e['quality']:.2f}" + (f" -> {e['flag']}" if e["flag"] else "")
                     + f": {'; '.join(e['quality_reasons'])}; confidence {t.confidence:.2f}")
    elif t.blank:
        lines.append(f"    {'; '.join(e['quality_reasons'])}")
    return "\n".join(lines)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words in Hindi or English.")],
    department: Annotated[str | None, typer.Option("--department", help="Only this department (key or name).")] = None,
    file_number: Annotated[str | None, typer.Option("--file-number", help="Only documents of this file number.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Only documents dated on/after YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Only documents dated on/before YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, max=1000)] = 20,
    exact: Annotated[bool, typer.Option("--exact", help="Only the words as typed: no spelling variants, "
                                        "inflections, romanised or English forms.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Search the text of every digitised page (all words; tolerant of one-letter OCR errors). Also
    finds other spellings (संबंध/सम्बन्ध), inflections (योजनाओं), romanised Hindi (khasra) and English
    loanwords (hospital/हॉस्पिटल) below the exact matches, and says what else it searched."""
    from classify.taxonomy import resolve

    from ..queries import open_queries

    try:
        deps = None
        if department:
            key = resolve(department)
            if key is None:
                raise UsageError(f"unknown department {department!r}.")
            deps = [key]
        found = open_queries(load_settings()).find(query, departments=deps, file_number=file_number,
                                                   date_from=_iso_date(date_from, "--from"),
                                                   date_to=_iso_date(date_to, "--to"), limit=limit, exact=exact)
    except SanchikaError as exc:
        fail(exc)
        return
    if as_json:
        emit(found)
    else:
        from ..views import print_hits

        print_hits(found["hits"], found["also_matched"])


def _iso_date(value: str | None, option: str):  # type: ignore[no-untyped-def]
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} wants a date as YYYY-MM-DD, not {value!r}.") from None


@app.command()
def show(doc_id: Annotated[str, typer.Argument(help="A document id.")], as_json: JsonOpt = False) -> None:
    """A document's metadata, department, digital file, pages and text."""
    from ..queries import open_queries

    try:
        doc = open_queries(load_settings()).document(doc_id)
    except SanchikaError as exc:
        fail(exc)
        return
    if as_json:
        emit(doc)
    else:
        from ..views import print_document

        print_document(doc)


def _print_report(report, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    """A batch report: one JSON document, or the summary table for people."""
    if as_json:
        emit(report.to_json())
    else:
        from ..views import print_batch_summary

        print_batch_summary(report)


@app.command()
def batches(
    batch_id: Annotated[str | None, typer.Argument(help="A batch id: print its report (every input, its status and error).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List batches, newest first; with BATCH_ID, that batch's report as `process` printed it."""
    if batch_id is not None:
        from ..pipeline import batch_report

        try:
            report = batch_report(batch_id, load_settings())
        except SanchikaError as exc:
            fail(exc)
            return
        _print_report(report, as_json)
        return
    from ..queries import open_queries

    rows = open_queries(load_settings()).batches()
    if as_json:
        emit({"batches": rows})
    else:
        from ..views import print_batches

        print_batches(rows)
