"""`sanchika worker | queues | requeue`: the Celery side of server mode (SANCHIKA_BROKER_URL set), and
re-queueing stranded work (both modes)."""

from __future__ import annotations

import logging
import os
import socket
import sys
from typing import Annotated

import typer

from domain.errors import BatchInterruptedError, SanchikaError, UsageError

from .common import JsonOpt, StopOnSignal, app, emit, fail, load_settings

_QUEUES = ("ocr", "post")

# A worker's log is read after the fact, often after a crash: time, level and process on every
# line, and the traceback of an exception (the terminal's one-line format drops it).
WORKER_LOG_FORMAT = "[%(asctime)s: %(levelname)s/%(processName)s] %(name)s: %(message)s"


def log_like_a_daemon() -> None:
    """Switch the handlers ``sanchika.cli._log_to_stderr`` installed to WORKER_LOG_FORMAT (Celery,
    with ``worker_hijack_root_logger=False``, logs through them, and so do its pool processes)."""
    for handler in logging.getLogger().handlers:
        handler.setFormatter(logging.Formatter(WORKER_LOG_FORMAT))


def _server_settings():  # type: ignore[no-untyped-def]
    settings = load_settings()
    if not settings.broker_url:
        fail(UsageError("SANCHIKA_BROKER_URL is not set: workers and queues exist in server mode only "
                        "(e.g. SANCHIKA_BROKER_URL=redis://127.0.0.1:6379/0)."))
    return settings


@app.command()
def worker(
    queues: Annotated[str, typer.Option("-Q", "--queues", help="Comma-separated queues: ocr, post.")] = "ocr,post",
    concurrency: Annotated[int, typer.Option("--concurrency", "-c", min=0,
                                             help="Worker processes; 0 = one per core.")] = 0,
    name: Annotated[str | None, typer.Option("--name", "-n", help="Node name (default sanchika-<pid>@<host>).")] = None,
    loglevel: Annotated[str, typer.Option("--loglevel", "-l")] = "INFO",
) -> None:
    """Run a Celery worker for the pipeline (checks every backend first, then consumes QUEUES)."""
    wanted = [q.strip() for q in queues.split(",") if q.strip()]
    unknown = sorted(set(wanted) - set(_QUEUES))
    if unknown or not wanted:
        fail(UsageError(f"unknown queue(s) {', '.join(unknown) or '(none)'}: choose from {', '.join(_QUEUES)}."))
    settings = _server_settings()
    from ..checks import check_services

    try:
        check_services(settings)
    except SanchikaError as exc:
        fail(exc)
    os.environ["OMP_THREAD_LIMIT"] = "1"  # Tesseract: one thread per process (docs/traps.md)
    log_like_a_daemon()
    from workers.celery_app import make_app
    from workers.lost_work import LostWorkSweep

    celery = make_app(settings.worker_config())
    celery.steps["consumer"].add(LostWorkSweep)  # after a broker restart: what it lost, published again (ADR 0031)
    node = name or f"sanchika-{os.getpid()}@{socket.gethostname()}"
    argv = ["worker", "-Q", ",".join(wanted), "-c", str(concurrency or os.cpu_count() or 1),
            "-n", node, "--loglevel", loglevel, "--pool", "prefork", "--without-gossip"]
    celery.worker_main(argv)


@app.command()
def queues(as_json: JsonOpt = False) -> None:
    """Messages waiting per queue, workers online, tasks active/reserved, failures and pages done in
    the last hour."""
    settings = _server_settings()
    from workers.context import WorkerContext
    from workers.queues import queue_status

    from ..checks import check_broker

    try:
        check_broker(settings)
        status = queue_status(settings.worker_config(), WorkerContext(settings.worker_config()))
    except SanchikaError as exc:
        fail(exc)
        return
    if as_json:
        emit(status)
        return
    out = sys.stdout
    out.write(f"broker {status['broker']}\n")
    for q, depth in status["queues"].items():
        out.write(f"  queue {q:<5} {depth} waiting\n")
    out.write(f"workers online {status['online']}: {status['active']} tasks active, {status['reserved']} reserved\n")
    for w in status["workers"]:
        out.write(f"  {w['name']}: {w['active']} active, {w['reserved']} reserved, concurrency {w['concurrency']}\n")
    out.write(f"last hour: {status['pages_per_hour']} pages done, {status['failed_pages_last_hour']} pages failed, "
              f"{status['failed_documents_last_hour']} documents failed; {status['pages_queued_in_db']} pages not yet read\n")


@app.command()
def requeue(
    batch: Annotated[str | None, typer.Option("--batch", help="Only this batch (default: every batch).")] = None,
    min_age: Annotated[float, typer.Option("--min-age", min=0, help="Leave documents created less than this many "
                                           "seconds ago alone (they may still be being ingested or published); "
                                           "a batch whose command was stopped by Ctrl-C/SIGTERM is finished at once.")] = 300.0,
    failed: Annotated[bool, typer.Option("--failed/--no-failed", help="Also read failed files (and documents with "
                                         "failed pages) again from their stored originals.")] = True,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report what would be queued; change nothing.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Queue again pages left `queued` (e.g. after a broker lost its messages), documents whose
    completion was lost, ingests a stopped server or a killed `sanchika process` left half done, and failed files. Server mode publishes them to the workers (skipping any
    the broker still holds); embedded mode runs them here. Safe to run twice."""
    settings = load_settings()
    from workers.executor import open_executor
    from workers.jobs import ExecutorStopped

    from ..requeue import requeue as run_requeue

    try:
        if settings.broker_url:
            from ..checks import check_broker

            check_broker(settings)
        # opened once the broker answered: leaving the block closes it (Ctrl-C/SIGTERM stop it in order, bounded)
        with StopOnSignal(open_executor(settings.worker_config()), settings.shutdown_seconds) as stop:
            report = run_requeue(settings, batch_id=batch, min_age=min_age, failed=failed, dry_run=dry_run,
                                 executor=stop.executor)
    except ExecutorStopped:
        verb = "publishing" if settings.broker_url else "reading"
        fail(BatchInterruptedError(
            f"requeue stopped: no further page started or file stored, nothing half-written; the work it was {verb} "
            "stays as the database says (and a batch stopped by Ctrl-C/SIGTERM stays marked): the next "
            "`sanchika requeue` goes on with it." + stop.note(), signal=stop.signum))
        return
    except SanchikaError as exc:
        fail(exc)
        return
    if as_json:
        emit(report.to_json())
        return
    out = sys.stdout
    verb = "would queue" if dry_run else ("queued" if report.mode == "celery" else "ran")
    out.write(f"{report.mode}: {verb} {report.pages} stranded pages and {report.completions} document completions "
              f"({len(report.documents)} documents); {len(report.files)} failed files read again\n")
    if report.stopped:
        out.write(f"stopped by Ctrl-C/SIGTERM, not left to --min-age: batches {', '.join(report.stopped)}\n")
    if report.ingests_resumed:
        out.write(f"ingests stopped midway, the rest stored and read: batches {', '.join(report.ingests_resumed)}\n")
    if report.items_settled or report.items_interrupted:
        out.write(f"batch items: {report.items_settled} settled after their document, "
                  f"{report.items_interrupted} failed as interrupted ingests\n")
    if report.in_flight:
        out.write(f"left alone: {report.in_flight} pages/completions the broker still holds\n")
    if report.too_young:
        out.write(f"left alone: {report.too_young} documents younger than {min_age:.0f} s (--min-age)\n")
    if report.mode == "celery" and not report.broker_checked:
        out.write("note: this broker's messages cannot be read, so only --min-age kept waiting work from being doubled\n")
    for s in report.skipped_files:
        out.write(f"  skipped {s.name}: {s.reason}\n")
