"""The library entry points: a plain Python call runs the whole pipeline.

    process_batch(paths, settings) -> BatchReport      ingest -> OCR -> classify -> store -> link
    start_batch(paths, settings, executor) -> (batch id, Submission)   the same, handed to the
                                                       executor: returns at once (web uploads;
                                                       stopped by the server's shutdown: marked, as
                                                       a stopped `sanchika process` is)

Either way the files are ingested one at a time as the executor pulls them (ingest_stream): the
first file's pages are read while the next file is being stored.

CLI, web API and Celery tasks only translate inputs, outputs and errors around these.
"""

from __future__ import annotations

import logging
import time
import zipfile
import zlib
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from domain.errors import BatchInterruptedError, InputError, SanchikaError, UnsafeArchiveError, UsageError
from domain.status import BatchStatus, ItemStatus, PageStatus, Role
from domain.types import FileKind
from ingest.collect import Candidate, collect
from ingest.sniff import SNIFF_BYTES, sniff
from ingest.spool import spool
from ocr.rasterise import count_pages
from ocr.tesseract import check_languages
from storage import keys
from workers.context import WorkerContext
from workers.executor import Executor, open_executor
from workers.jobs import DocumentJob, DocumentOutcome, ExecutorStopped, PageOutcome, Submission

from .ingest_record import IngestRecord, mark_running, mark_stopped, record_ingest
from .report import BatchReport, FileReport
from .settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Progress:
    """Callbacks a front end may pass to follow a batch."""

    on_total: Callable[[int], None] = lambda total: None
    on_page: Callable[[PageOutcome], None] = lambda outcome: None
    on_document: Callable[[DocumentOutcome], None] = lambda outcome: None


def process_batch(
    paths: list[Path],
    settings: Settings,
    *,
    batch_name: str | None = None,
    operator: str = "",
    hints: Mapping[str, str | None] | None = None,
    progress: Progress | None = None,
    executor: Executor | None = None,
) -> BatchReport:
    """Ingest ``paths`` as one batch and run it to completion on the deployment's executor (the
    embedded pool, or Celery workers). ``hints``: the operator's ``department``, ``file_number``
    and ``location`` for the batch. The executor stopped midway (``executor.interrupt()``: the
    command's Ctrl-C) raises BatchInterruptedError naming the batch and what was kept."""
    progress = progress or Progress()
    started = time.monotonic()
    executor = executor or open_executor(settings.worker_config())
    executor.warm()  # the workers load Tesseract while the database is opened and the first file stored
    try:
        batch_id, stream = ingest_stream(paths, settings, executor.context, batch_name=batch_name, operator=operator,
                                         hints=hints)
        try:
            executor.run(_counted(stream, progress), progress.on_page, progress.on_document)
        except ExecutorStopped as exc:  # stopped in order: nothing of the batch runs here any more
            marked = mark_stopped(settings, batch_id)
            raise interrupted(executor.context, batch_id, executor.mode, marked=marked) from exc
        except KeyboardInterrupt as exc:  # not through the executor: the pool may still end a page
            raise interrupted(executor.context, batch_id, executor.mode) from exc
    finally:
        executor.cool()  # the warmed pool when no page ever reached it (every file failed, or none)
    executor.context.catalog.finish_batch(batch_id)
    return build_report(executor.context, batch_id, time.monotonic() - started)


def interrupted(ctx: WorkerContext, batch_id: str, mode: str = "embedded", *, marked: bool = False) -> BatchInterruptedError:
    """The error of a batch whose run was stopped (sanchika.cli's Ctrl-C / SIGTERM): the batch, what
    it kept (inputs recorded, pages read), what goes on and how it is finished. Its ingest record
    stays until `sanchika requeue` finishes the ingest (sanchika.ingest_record); ``marked``: the
    batch is marked as stopped cleanly, so a plain `sanchika requeue --batch ID` finishes it at
    once (else ``--min-age 0`` is needed). ``mode``: the executor's; on Celery the pages already
    published are read by the workers all the same."""
    batch = ctx.catalog.batch(batch_id)
    items = batch["items"]
    stored = sum(1 for i in items if i["document_id"])
    failed = sum(1 for i in items if i["status"] == ItemStatus.FAILED)
    pages = [p["status"] for i in items if i["document_id"] and i["status"] != ItemStatus.DUPLICATE
             for p in ctx.catalog.pages_of(i["document_id"])]
    read = sum(1 for status in pages if status != PageStatus.QUEUED)
    name = f" ({batch['name']})" if batch.get("name") and batch["name"] != batch_id else ""
    command = f"sanchika requeue --batch {batch_id}" + ("" if marked else " --min-age 0")
    kept = f"kept {len(items)} inputs ({stored} stored, {failed} failed) and {read} of their {len(pages)} pages read"
    if mode == "celery":
        rest = (f"; `{command}` stores the rest" if batch["status"] == BatchStatus.INGESTING
                else "; every input was stored")
        return BatchInterruptedError(
            f"batch {batch_id}{name} interrupted: no further file stored, nothing half-written; {kept} so far; "
            f"the workers go on reading the pages queued{rest}.", batch_id=batch_id)
    return BatchInterruptedError(
        f"batch {batch_id}{name} interrupted and stopped cleanly: {kept}, nothing half-written; "
        f"`{command}` stores the rest and reads every page.", batch_id=batch_id)


def start_batch(
    paths: list[Path], settings: Settings, executor: Executor, *, batch_name: str | None = None, operator: str = "",
    names: Mapping[Path, str] | None = None, hints: Mapping[str, str | None] | None = None,
    remove: Sequence[Path] = (),
) -> tuple[str, Submission]:
    """Create the batch (checking the settings and hints: errors are raised here) and hand its
    files to ``executor.submit``: they are ingested and read in the background, OCR starting with
    the first file. The ingest is written down first (sanchika.ingest_record): stopped before its
    end (the server stopped: ``executor.close``), it is finished by `sanchika requeue`. ``remove``:
    folders of copies this process owns (uploads), removed once every input is recorded. Follow
    the batch in the database (``batch_report``)."""
    batch_id, stream = ingest_stream(paths, settings, executor.context, batch_name=batch_name, operator=operator,
                                     names=names, hints=hints, remove=remove)
    submission = executor.submit(stream)
    mark_when_stopped(submission, settings, batch_id)
    return batch_id, submission


def mark_when_stopped(submission: Submission, settings: Settings, *batch_ids: str) -> None:
    """A submission nobody waits for (a web upload, a retry, the web API's requeue): when the
    executor stops it (the server's shutdown, ExecutorStopped), its batches are marked as stopped
    cleanly, as a stopped `sanchika process` marks its own (sanchika.ingest_record.mark_stopped), so
    that `sanchika requeue` finishes them at once instead of after ``--min-age``."""
    def marked(error: BaseException | None) -> None:
        if isinstance(error, ExecutorStopped):
            for batch_id in batch_ids:
                mark_stopped(settings, batch_id)

    submission.when_done(marked)


def resume_ingest(record: IngestRecord, settings: Settings, ctx: WorkerContext) -> Generator[DocumentJob, None, None]:
    """The rest of an ingest that stopped (``record``): its inputs already recorded are skipped, an
    input left ``queued`` (stopped while being stored) is stored again, the others stored; then the
    batch is ``running`` and the record finished. Yields the new documents' jobs."""
    ingest = _ingest_items(ctx, settings, record.batch_id, list(record.paths), record.names or None, record, record.base)
    mark_running(record.batch_id, ingest)  # a second requeue in this process leaves it alone
    return ingest


def ingest_batch(
    paths: list[Path], settings: Settings, *, batch_name: str | None = None, operator: str = "",
    names: Mapping[Path, str] | None = None, hints: Mapping[str, str | None] | None = None,
) -> tuple[str, list[DocumentJob]]:
    """Create a batch, store every original and record every input; return the work to do
    (tests, benches and tools that run it later: ``open_executor(...).run(jobs)``).

    When this returns, each original is in the object store and the database, and every
    input has a batch item (failed, duplicate, or processing with its document's pages queued).
    """
    batch_id, stream = ingest_stream(paths, settings, batch_name=batch_name, operator=operator, names=names, hints=hints)
    return batch_id, list(stream)


def ingest_stream(
    paths: list[Path], settings: Settings, ctx: WorkerContext | None = None, *, batch_name: str | None = None,
    operator: str = "", names: Mapping[Path, str] | None = None, hints: Mapping[str, str | None] | None = None,
    remove: Sequence[Path] = (),
) -> tuple[str, Iterator[DocumentJob]]:
    """:func:`ingest_batch`, one file at a time: the batch is created (and the settings checked)
    at once; each file is stored and recorded when the iterator reaches it, and its job yielded
    (so its OCR may start before the next file is read). ``names``: the name to report for a file
    path (web uploads: the name as uploaded). ``hints``: the operator's ``department`` (a taxonomy
    key or name; used when the classifier cannot decide), ``file_number`` (when a document states
    none) and ``location`` (box/almirah, kept on the digital files), each optional. Exhaust the
    iterator: only then is every input recorded and the batch ``running`` (then closed by its
    last document). ``remove``: see :func:`start_batch`."""
    check_languages(settings.ocr_lang)
    checked = _checked_hints(hints)
    settings.home.mkdir(parents=True, exist_ok=True)
    ctx = ctx or WorkerContext(settings.worker_config())
    batch_id = ctx.catalog.create_batch(batch_name, operator, checked)
    record = record_ingest(settings, batch_id, paths, names, remove)  # so that a stopped ingest is finished (requeue)
    ingest = _ingest_items(ctx, settings, batch_id, paths, names, record)
    mark_running(batch_id, ingest)
    return batch_id, ingest


def _ingest_items(ctx: WorkerContext, settings: Settings, batch_id: str, paths: list[Path],
                  names: Mapping[Path, str] | None, record: IngestRecord,
                  base: Path | None = None) -> Generator[DocumentJob, None, None]:
    """Store and record each input of ``paths`` in turn, yielding its document's job. An input
    already recorded in the batch (a resumed ingest) is skipped; one left ``queued`` is stored again.
    ``base``: where relative paths are (ingest.collect.collect)."""
    known = {i["seq"]: i for i in ctx.catalog.batch(batch_id)["items"]}
    for seq, cand in enumerate(collect(paths, limits=settings.zip_limits(), names=names, base=base)):
        item = known.get(seq)
        if item is not None and (item["status"] != ItemStatus.QUEUED or item["document_id"]):
            continue  # recorded before the ingest stopped
        item_id = item["id"] if item is not None else ctx.catalog.add_item(batch_id, seq, cand.name, cand.group)
        try:
            job = _ingest_one(ctx, settings, batch_id, item_id, cand)
        except Exception as exc:  # noqa: BLE001 - a bug on one file must not end the batch (errors.md: internal)
            log.exception("ingest of %s failed", cand.name)
            ctx.catalog.fail_item(item_id, SanchikaError(
                f"{cand.name} could not be ingested ({type(exc).__name__}: {exc}). This is a bug: please "
                "report it with the log; the rest of the batch went on.", code="internal"))
            continue
        record.touch()
        if job is not None:
            yield job
    ctx.catalog.end_ingest(batch_id)
    record.finish()  # every input recorded (stopped before here: the record stays); an upload's copies go


def _counted(jobs: Iterator[DocumentJob], progress: Progress) -> Iterator[DocumentJob]:
    """The jobs, telling the progress the pages known so far as each file is ingested."""
    total = 0
    progress.on_total(0)
    for job in jobs:
        total += job.pages
        progress.on_total(total)
        yield job


def _checked_hints(hints: Mapping[str, str | None] | None) -> dict[str, str]:
    """Hints as stored: known keys only, stripped, the department resolved to its taxonomy key."""
    from classify.taxonomy import resolve

    out: dict[str, str] = {}
    for key, value in (hints or {}).items():
        if key not in ("department", "file_number", "location"):
            raise UsageError(f"unknown batch hint {key!r}: use department, file_number or location.")
        value = (value or "").strip()
        if not value:
            continue
        if key == "department":
            dept = resolve(value)
            if dept is None:
                raise UsageError(f"unknown department {value!r}: `sanchika classify --help` lists department keys.")
            value = dept
        out[key] = value[:300]
    return out


def _ingest_one(ctx: WorkerContext, settings: Settings, batch_id: str, item_id: int, cand: Candidate) -> DocumentJob | None:
    """Hash, sniff, de-duplicate, store the original, count pages. The original is stored
    before any processing, and every failure is recorded on the batch item."""
    catalog = ctx.catalog
    if cand.error is not None or cand.open is None:
        catalog.fail_item(item_id, cand.error or InputError(f"{cand.name} cannot be read.", code="input.unreadable"))
        return None
    try:
        with cand.open() as stream:
            spooled = spool(stream, settings.spool_dir, max_bytes=settings.max_file_mb << 20, name=cand.name)
    except SanchikaError as exc:
        catalog.fail_item(item_id, exc)
        return None
    except (OSError, zipfile.BadZipFile, EOFError, zlib.error) as exc:  # zlib: a damaged member of a ZIP
        catalog.fail_item(item_id, InputError(f"{cand.name} cannot be read ({exc}): copy it again from the scanner.", code="input.corrupt"))
        return None
    except NotImplementedError as exc:  # a ZIP member compressed with a method Python cannot read (Deflate64...)
        catalog.fail_item(item_id, InputError(
            f"{cand.name} cannot be unpacked ({exc}): create the ZIP again with ordinary compression (Deflate).",
            code="input.unsupported"))
        return None
    sha = spooled.sha256
    try:
        kind = sniff(spooled.head[:SNIFF_BYTES], cand.name)
        if kind is FileKind.ZIP:
            raise UnsafeArchiveError(f"{cand.name} is a ZIP inside a ZIP: unpack it and upload the inner archive on its own.")
        existing = catalog.existing_document(sha)
        if existing is not None:
            catalog.update_item(item_id, status=ItemStatus.DUPLICATE, sha256=sha, document_id=existing["id"])
            return None
        ctx.store.put_file(keys.original(sha), spooled.path, kind.content_type, sha, owned=True)  # the spool copy is ours
        catalog.record_source(sha, kind.value, spooled.size, cand.name)
        original = ctx.store.local_path(keys.original(sha))
        try:
            page_count = count_pages(original, kind, settings.ocr_options())
        except SanchikaError as exc:  # the stored object's path and key are not the operator's names
            raise exc.relabel(original, Path(cand.name).name) from exc
        doc_id = catalog.create_document(sha, batch_id, cand.name, cand.group, kind.value, page_count)
        catalog.update_item(item_id, status=ItemStatus.PROCESSING, sha256=sha, document_id=doc_id)
        return DocumentJob(doc_id, sha, kind.value, page_count)
    except SanchikaError as exc:
        catalog.fail_item(item_id, exc, sha)
        return None
    finally:
        spooled.path.unlink(missing_ok=True)


def batch_report(batch_id: str, settings: Settings) -> BatchReport:
    """The report of a batch, as ``process_batch`` returned it, at any later time (every input, its
    status and error; pages failed, blank and separators). NotFoundError for an unknown id."""
    return build_report(WorkerContext(settings.worker_config()), batch_id)


def _batch_seconds(batch: Mapping[str, object]) -> float:
    """From the batch's start to its end, or to now while it runs."""
    from datetime import UTC, datetime

    def moment(value: object) -> datetime | None:
        if value is None:
            return None
        stamp = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)

    start, end = moment(batch.get("created_at")), moment(batch.get("finished_at")) or datetime.now(UTC)
    return (end - start).total_seconds() if start else 0.0


def build_report(ctx: WorkerContext, batch_id: str, seconds: float | None = None) -> BatchReport:
    """``seconds``: the run's own measure; None takes it from the batch's recorded start and end."""
    batch = ctx.catalog.batch(batch_id)
    if seconds is None:
        seconds = _batch_seconds(batch)
    files: list[FileReport] = []
    page_errors: list[dict[str, object]] = []
    pages_total = 0
    for item in batch["items"]:
        pages_failed = pages_blank = pages_separator = 0
        if item["status"] == ItemStatus.DONE and item["document_id"]:
            for row in ctx.catalog.pages_of(item["document_id"]):
                if row["status"] == PageStatus.FAILED:
                    pages_failed += 1
                    page_errors.append({"path": item["name"], "page": row["page_no"], "code": row["error_code"], "message": row["error_message"]})
                elif row["separator"] or row["role"] == Role.SEPARATOR:
                    pages_separator += 1
                elif row["blank"] or row["role"] == Role.BLANK:
                    pages_blank += 1
            pages_total += item["pages"] or 0
        failed = item["status"] == ItemStatus.FAILED
        error = {"code": item["error_code"], "message": item["error_message"]} if failed else None
        files.append(FileReport(
            path=item["name"], sha256=item["sha256"], status=item["status"], document_id=item["document_id"],
            pages=item["pages"] or 0 if not failed else 0,
            department=item["department"], confidence=item["confidence"], file_number=item["file_number"],
            error=error, pages_failed=pages_failed, pages_blank=pages_blank, pages_separator=pages_separator,
        ))
    return BatchReport(batch_id, files, pages_total, seconds, page_errors)
