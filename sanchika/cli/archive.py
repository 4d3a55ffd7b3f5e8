"""`sanchika verify | backup | restore`: fixity check (docs/fixity.md), backups and restores (docs/backup.md)."""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from domain.errors import BatchInterruptedError, SanchikaError

from .common import JsonOpt, StopOnSignal, app, emit, fail, load_settings


def _interrupt_on_sigterm() -> None:
    """cron, systemd and `docker stop` send SIGTERM: stop like Ctrl-C, so the run is checkpointed."""
    def handler(signum, frame):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


@app.command()
def verify(
    sample: Annotated[float, typer.Option("--sample", help="Read only this fraction of the objects (0 < F <= 1), "
                                          "a fixed pseudo-random share; missing and stray objects are always found.")] = 1.0,
    restart: Annotated[bool, typer.Option("--restart", help="Start a new run instead of resuming an interrupted one.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Re-read every stored object (originals, page text, page images, searchable PDFs), recompute its
    SHA-256 and compare it with the database. Exits 1 when an object is mismatched or missing."""
    from ..fixity import verify as run_verify

    settings = load_settings()
    _interrupt_on_sigterm()
    try:
        if as_json or not sys.stderr.isatty():
            result = run_verify(settings, sample=sample, restart=restart)
        else:
            result = _with_bar(settings, sample, restart)
    except SanchikaError as exc:
        fail(exc)
        return
    except KeyboardInterrupt:
        sys.stderr.write("verify interrupted: the next `sanchika verify` goes on from where it stopped.\n")
        raise typer.Exit(130) from None
    report = result.report()
    if as_json:
        emit(report)
    else:
        _print(report, result.bytes, result.resumed)
    if result.failed:
        raise typer.Exit(1)


def _with_bar(settings, sample: float, restart: bool):  # type: ignore[no-untyped-def]
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from ..fixity import verify as run_verify

    bar = Progress(TextColumn("[bold]objects"), BarColumn(), MofNCompleteColumn(), TextColumn("ETA"),
                   TimeRemainingColumn(), console=Console(stderr=True))
    task = bar.add_task("objects", total=None)
    with bar:
        return run_verify(settings, sample=sample, restart=restart,
                          on_total=lambda n: bar.update(task, total=n), on_object=lambda key: bar.advance(task))


def _print(report: dict, n_bytes: int, resumed: bool) -> None:  # type: ignore[type-arg]
    mb = n_bytes / 1e6
    typer.echo(f"checked {report['checked']} objects ({mb:.1f} MB) in {report['seconds']:.1f} s"
               + (" (resumed)" if resumed else "") + f": {report['ok']} ok, {len(report['mismatched'])} mismatched, "
               f"{len(report['missing'])} missing, {len(report['unreferenced'])} unreferenced")
    for label, what in (("MISMATCHED", "mismatched"), ("MISSING", "missing"), ("unreferenced", "unreferenced")):
        for p in report[what]:
            typer.echo(f"  {label:12} {p['kind']:13} {p['key']}" + (f"  (document {p['document_id']})" if p["document_id"] else ""))
    if report["mismatched"] or report["missing"]:
        typer.echo("Damaged or missing objects: restore them from a backup (docs/backup.md); docs/fixity.md says how.")


@app.command()
def backup(
    dest: Annotated[Path, typer.Argument(help="A new folder (or an empty one) for this backup.")],
    as_json: JsonOpt = False,
) -> None:
    """Copy the database and every object it references into DEST, consistent with each other
    (docs/backup.md). Exits 1 when an object is damaged or writes kept changing objects."""
    from ..backup import backup as run_backup

    settings = load_settings()
    try:
        summary = run_backup(settings, dest)
    except SanchikaError as exc:
        fail(exc)
        return
    if as_json:
        emit(summary.to_dict())
    else:
        typer.echo(f"backed up the {summary.dialect} database (revision {summary.revision}) and {summary.objects} objects "
                   f"({summary.bytes / 1e6:.1f} MB copied) to {summary.path} in {summary.seconds:.1f} s"
                   + (f", {summary.rounds} rounds" if summary.rounds > 1 else ""))
        for key in summary.damaged:
            typer.echo(f"  DAMAGED {key}: copied as it is; run `sanchika verify`")
    if summary.damaged:
        raise typer.Exit(1)


@app.command()
def restore(
    src: Annotated[Path, typer.Argument(help="A folder written by `sanchika backup`.")],
    no_verify: Annotated[bool, typer.Option("--no-verify", help="Do not verify every object afterwards.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Restore a backup into the configured (empty) database and object store, then verify it.
    Exits 1 when the verify finds a damaged or missing object."""
    from ..backup import restore as run_restore

    settings = load_settings()
    try:
        done = run_restore(src, settings, verify=not no_verify)
    except SanchikaError as exc:
        fail(exc)
        return
    if as_json:
        emit(done.to_dict())
    else:
        typer.echo(f"restored {done.objects} objects ({done.bytes / 1e6:.1f} MB) and the database (revision {done.revision})")
        if done.verify is not None:
            r = done.verify.report()
            typer.echo(f"verify: {r['checked']} checked, {r['ok']} ok, {len(r['mismatched'])} mismatched, "
                       f"{len(r['missing'])} missing")
    if done.verify is not None and done.verify.failed:
        raise typer.Exit(1)


@app.command()
def watch(
    folder: Annotated[Path, typer.Argument(help="The folder scanners write into (a network share, usually).")],
    operator: Annotated[str, typer.Option("--operator", help="Who scans into it (kept on every batch).")] = "",
    location: Annotated[str | None, typer.Option("--location", help="Physical location of the paper (box / almirah).")] = None,
    department: Annotated[str | None, typer.Option("--department", help="Hint: the department of these files.")] = None,
    once: Annotated[bool, typer.Option("--once", help="Take what is in the folder (waiting for files still being "
                                       "written), then stop.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Process every file scanners put into FOLDER once it is complete; move it to FOLDER/done or
    FOLDER/failed (with <name>.error.txt). Each sub-folder is a batch. Runs until Ctrl-C / SIGTERM
    (exit 130 / 143: batch.interrupted, naming the batch it was running, if any)."""
    from workers.executor import open_executor
    from workers.jobs import ExecutorStopped

    from ..watch import Watcher, WatchOptions, recover

    settings = load_settings()
    executor = open_executor(settings.worker_config())  # the watcher's, for every batch: Ctrl-C stops it in order
    results: list = []  # type: ignore[type-arg]
    try:
        from ..checks import check_services, is_server_mode

        if is_server_mode(settings):
            check_services(settings)
        watcher = Watcher(folder, settings, WatchOptions(operator, location, department), executor=executor)
        with StopOnSignal(executor, settings.shutdown_seconds) as stop:  # the pool's end is bounded, on a signal too
            try:
                recover(settings, executor)
                if once:
                    results = watch_until_empty(watcher, lambda: stop.signalled)
                else:
                    typer.echo(f"watching {watcher.inbox} every {settings.watch_interval:g} s (Ctrl-C stops)", err=True)

                    def report(r) -> None:  # type: ignore[no-untyped-def]
                        results.append(r)
                        typer.echo(json.dumps(_result_dict(r), ensure_ascii=False) if as_json else _result_line(r))

                    watcher.run(stop=lambda: stop.signalled, on_batch=report)
            except (BatchInterruptedError, ExecutorStopped) as exc:
                _watch_interrupted(watcher, exc, stop, results if once else None, as_json)
            if stop.signalled:  # between two batches
                _watch_interrupted(watcher, None, stop, results if once else None, as_json)
    except SanchikaError as exc:
        fail(exc)
        return
    except KeyboardInterrupt:  # before the signals were taken over: nothing was begun
        fail(BatchInterruptedError(f"watch of {folder} stopped before it began: nothing was taken."))
        return
    if once:
        if as_json:
            emit([_result_dict(r) for r in results])
        else:
            for r in results:
                typer.echo(_result_line(r))


def _watch_interrupted(watcher, exc, stop: StopOnSignal, done: list | None, as_json: bool) -> NoReturn:  # type: ignore[no-untyped-def, type-arg]
    """`sanchika watch` stopped by a signal: what it was running and what becomes of it, as
    `sanchika process` says it (batch.interrupted; exit 128 + the signal). ``exc``: the batch's
    BatchInterruptedError, ExecutorStopped (stopped while finishing a stopped run's work), or None
    (between two batches). ``done``: the batches --once finished before (printed first)."""
    where = f"watch of {watcher.inbox} stopped"
    if isinstance(exc, BatchInterruptedError):
        after = ("the next `sanchika watch` finishes the batch first (its ingest; in server mode the workers go on "
                 "reading its queued pages), then takes them again (as duplicates) and moves them")
        message = f"{where}: {exc.message} Its files stay in the folder: {after}."
    elif exc is not None:
        message = (f"{where} while finishing the work a stopped run left (`sanchika requeue`'s), nothing half-written: "
                   "the next `sanchika watch` or `sanchika requeue` goes on with it.")
    else:
        message = f"{where} between batches: no batch was running, nothing is left to finish."
    batch_id = exc.batch_id if isinstance(exc, BatchInterruptedError) else None
    error = BatchInterruptedError(message + stop.note(), signal=stop.signum, batch_id=batch_id)
    if as_json:  # as `sanchika process --json`; one line, for the JSON lines of a watch
        body: dict[str, object] = {"error": error.to_dict(), "batch_id": batch_id}
        if done is not None:  # --once: the batches finished before the signal
            body["batches"] = [_result_dict(r) for r in done]
        typer.echo(json.dumps(body, ensure_ascii=False))
        raise typer.Exit(error.exit_code)
    for r in done or ():
        typer.echo(_result_line(r))
    fail(error)


def watch_until_empty(watcher, stop=lambda: False):  # type: ignore[no-untyped-def]
    """Poll until no file is left in the folder that is complete or still being written, or
    ``stop()``."""
    import time

    results = []
    while not stop():
        results += watcher.cycle(stop)
        batches, pending = watcher.ready()
        if not batches and not pending:
            break
        deadline = time.monotonic() + min(watcher.settings.watch_interval, 1.0)
        while time.monotonic() < deadline and not stop():
            time.sleep(0.05)
    return results


def _result_dict(r) -> dict:  # type: ignore[no-untyped-def, type-arg]
    return {"batch_id": r.batch_id, "name": r.name, "done": list(r.done), "failed": list(r.failed)}


def _result_line(r) -> str:  # type: ignore[no-untyped-def]
    return f"batch {r.batch_id} ({r.name}): {len(r.done)} to done/, {len(r.failed)} to failed/"
