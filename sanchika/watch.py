"""Watch folders for scanners: `sanchika watch DIR` (docs/watch.md, ADR 0021).

    watcher = Watcher(Path("/srv/scans"), settings, WatchOptions(operator="ramesh"))
    watcher.run(stop=lambda: False)          # poll for ever
    results = watcher.cycle()                # one poll: process what is complete, move it

The folder is **polled** (a network share delivers no inotify events). A file is taken only when
it is complete: two looks agree on its size and modification time, and neither has changed for
``SANCHIKA_WATCH_SETTLE_SECONDS`` (counted from its modification time when the first look found it
older), and its name not a temporary one (``.tmp``, ``.part``, a
leading ``.`` or ``~$``... — a scanner that writes under a temporary name and renames at the end is
taken at its rename). Loose files make one batch per poll; each sub-folder is a batch of its own
(named after it), taken when every file in it is complete. Inputs are moved afterwards: to
``done/`` (processed or a duplicate of a document already stored) or to ``failed/`` with
``<name>.error.txt`` beside them giving the error code and what to do. Nothing is ever deleted.

A restart loses nothing and takes nothing twice: an input stays in the folder until its batch has
finished, so a crash between "stored" and "moved" means it is read again on restart, found to be
a duplicate (SHA-256) and moved to ``done/``; the work a stopped run left (its ingest, the pages
a crash left unread) is finished first (``recover``: ``sanchika.requeue``; in server mode under
its age rule, ADR 0033).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from domain.errors import UsageError
from domain.status import ItemStatus

from .report import BatchReport
from .settings import Settings

log = logging.getLogger(__name__)

DONE, FAILED = "done", "failed"
TEMP_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".filepart", ".!ut", "~")
MAX_BATCH_FILES = 500  # a large drop is taken in batches of this many files (reports stay readable)


@dataclass(frozen=True, slots=True)
class WatchOptions:
    operator: str = ""
    location: str | None = None
    department: str | None = None


@dataclass(frozen=True, slots=True)
class WatchResult:
    """One batch the watcher ran: where each input went."""

    batch_id: str
    name: str
    done: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()


@dataclass
class _Seen:
    size: int
    mtime_ns: int
    since: float  # when this size and time were first seen


def is_temporary(name: str) -> bool:
    low = name.lower()
    return name.startswith((".", "~$")) or low.endswith(TEMP_SUFFIXES)


@dataclass
class Watcher:
    inbox: Path
    settings: Settings
    options: WatchOptions = field(default_factory=WatchOptions)
    clock: Callable[[], float] = time.time
    _seen: dict[Path, _Seen] = field(default_factory=dict)
    executor: Any = None  # one executor (process pool or Celery client) for every batch of this watcher (opened on first use)

    def __post_init__(self) -> None:
        self.inbox = Path(self.inbox).resolve()
        if not self.inbox.is_dir():
            raise UsageError(f"{self.inbox} is not a folder: give the folder the scanners write into.")

    # -- what is complete ----------------------------------------------------------------------
    def _settled(self, path: Path, now: float) -> bool | None:
        """True: complete; False: still changing; None: gone or not a regular file."""
        try:
            st = path.stat()
        except OSError:
            return None
        if not path.is_file():
            return None
        seen = self._seen.get(path)
        if seen is None:  # unchanged since its modification time, as far as we know; but never taken
            # at first sight (a share's clock may be behind ours): a second look must agree
            self._seen[path] = _Seen(st.st_size, st.st_mtime_ns, min(now, st.st_mtime_ns / 1e9))
            return False
        if (seen.size, seen.mtime_ns) != (st.st_size, st.st_mtime_ns):  # seen changing: wait from now
            self._seen[path] = _Seen(st.st_size, st.st_mtime_ns, now)
            return False
        return now - seen.since >= self.settings.watch_settle_seconds

    def _files(self, folder: Path) -> tuple[list[Path], bool]:
        """(the files under ``folder``, whether a temporary-named file is among them)."""
        files, temporary = [], False
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if is_temporary(name):
                    temporary = True
                else:
                    files.append(Path(dirpath) / name)
        return files, temporary

    def ready(self) -> tuple[dict[str, list[Path]], int]:
        """({batch name: complete files}, files still being written) in the folder now."""
        now = self.clock()
        batches: dict[str, list[Path]] = {}
        pending = 0
        for entry in sorted(os.scandir(self.inbox), key=lambda e: e.name):
            if entry.name in (DONE, FAILED) or entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                files, temporary = self._files(Path(entry.path))
                states = [self._settled(f, now) for f in files]
                if files and not temporary and all(s is not False for s in states):
                    batches[entry.name] = [f for f, s in zip(files, states, strict=True) if s]
                pending += sum(1 for s in states if s is False) + (1 if temporary else 0)
            elif not is_temporary(entry.name):
                state = self._settled(Path(entry.path), now)
                if state:
                    batches.setdefault("", []).append(Path(entry.path))
                pending += state is False
        self._seen = {p: s for p, s in self._seen.items() if p.exists()}
        return {k: v for k, v in batches.items() if v}, pending

    # -- one poll --------------------------------------------------------------------------------
    def cycle(self, stop: Callable[[], bool] = lambda: False) -> list[WatchResult]:
        """Process every complete batch in the folder and move its inputs; no further batch is
        begun once ``stop()`` (the one running is stopped through its executor: ``interrupt``)."""
        batches, _ = self.ready()
        results: list[WatchResult] = []
        for name, files in batches.items():
            for start in range(0, len(files), MAX_BATCH_FILES):
                if stop():
                    return results
                results.append(self._run_batch(name, files[start:start + MAX_BATCH_FILES]))
            if name:
                _prune_empty(self.inbox / name)
        return results

    def _run_batch(self, name: str, files: list[Path]) -> WatchResult:
        from .pipeline import process_batch

        label = name or f"watch-{time.strftime('%Y%m%d-%H%M%S')}"
        hints = {"location": self.options.location, "department": self.options.department}
        if self.executor is None:
            from workers.executor import open_executor

            self.executor = open_executor(self.settings.worker_config())
        report = process_batch(files, self.settings, batch_name=label, operator=self.options.operator, hints=hints,
                               executor=self.executor)
        done, failed = [], []
        for path, errors in outcomes(report, files).items():
            rel = path.relative_to(self.inbox)
            if errors:
                move_aside(self.inbox, rel, FAILED, error_text(rel, errors, report.batch_id))
                failed.append(str(rel))
            else:
                move_aside(self.inbox, rel, DONE)
                done.append(str(rel))
            self._seen.pop(path, None)
        log.info("watch: batch %s (%s): %d done, %d failed", report.batch_id, label, len(done), len(failed))
        return WatchResult(report.batch_id, label, tuple(done), tuple(failed))

    def run(self, stop: Callable[[], bool], on_batch: Callable[[WatchResult], None] | None = None) -> None:
        """Poll every ``SANCHIKA_WATCH_INTERVAL`` seconds until ``stop()``."""
        while not stop():
            for result in self.cycle(stop):
                if on_batch is not None:
                    on_batch(result)
            deadline = time.monotonic() + self.settings.watch_interval
            while time.monotonic() < deadline and not stop():
                time.sleep(min(0.2, self.settings.watch_interval))


def outcomes(report: BatchReport, files: list[Path]) -> dict[Path, list[dict[str, str]]]:
    """Each input file with the errors of its entries in the report (a ZIP has one entry per
    member, named ``archive.zip!member``): no error = processed or a duplicate."""
    from ingest.collect import safe_name

    by_name: dict[str, Path] = {safe_name(str(f)): f for f in files}
    out: dict[Path, list[dict[str, str]]] = {f: [] for f in files}
    for entry in report.files:
        source = by_name.get(entry.path.split("!", 1)[0])
        if source is None:
            continue
        if entry.status == ItemStatus.FAILED:
            err = entry.error or {"code": "internal", "message": "failed"}
            out[source].append({"member": entry.path.split("!", 1)[1] if "!" in entry.path else "",
                                "code": str(err.get("code")), "message": str(err.get("message"))})
    return out


def error_text(rel: Path, errors: Sequence[Mapping[str, str]], batch_id: str) -> str:
    lines = [f"{rel} could not be processed (batch {batch_id}; `sanchika batches {batch_id}` shows the report).", ""]
    for e in errors:
        where = f"{e['member']}: " if e["member"] else ""
        lines.append(f"{where}error [{e['code']}]: {e['message']}")
    lines += ["", "What to do: follow the message above (docs/errors.md explains every code), then put the "
              "corrected file back into the watched folder. This file and the input stay here; nothing is deleted."]
    return "\n".join(lines) + "\n"


def move_aside(inbox: Path, rel: Path, where: str, error: str | None = None) -> Path:
    """Move ``inbox/rel`` to ``inbox/where/rel`` (a name already there gets ``-2``, ``-3``...),
    with ``<name>.error.txt`` beside it when ``error`` is given."""
    target = inbox / where / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    n = 1
    while target.exists() or target.with_name(target.name + ".error.txt").exists():
        n += 1
        target = (inbox / where / rel).with_name(f"{rel.stem}-{n}{rel.suffix}")
    os.replace(inbox / rel, target)
    if error is not None:
        target.with_name(target.name + ".error.txt").write_text(error, encoding="utf-8")
    return target


def _prune_empty(folder: Path) -> None:
    """Remove the sub-folders its batch left empty (folders only: rmdir refuses a non-empty one)."""
    for dirpath, _, _ in sorted(os.walk(folder), key=lambda t: len(t[0]), reverse=True):
        try:
            os.rmdir(dirpath)
        except OSError:
            pass


def recover(settings: Settings, executor: Any = None) -> None:
    """At the watcher's start, finish the work a stopped run left (`sanchika requeue`'s library
    call, failed files aside), before its files are taken again, on ``executor`` (the watcher's, so
    that its Ctrl-C stops this too: ExecutorStopped) or one of its own. Embedded default: all of it,
    whatever its age (this machine's pool is the only reader). Server mode (ADR 0033): the same
    rules as a plain `sanchika requeue`: a batch whose run was stopped cleanly (marked on this
    machine) is finished at once, its ingest from the files still in the folder; other stranded work
    once it is ``--min-age`` old; what the broker holds is left to the workers."""
    from .requeue import DEFAULT_MIN_AGE, requeue

    try:
        requeue(settings, min_age=DEFAULT_MIN_AGE if settings.broker_url else 0, failed=False, executor=executor)
    finally:
        if executor is not None:  # its pool stops now: a background drive would keep it up, and the exit wait for it
            executor.close()
