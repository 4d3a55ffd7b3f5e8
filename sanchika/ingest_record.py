"""Every ingest, written down before it starts, so that an ingest left half done (a server stopped
mid-upload, a `sanchika process` killed) is finished by `sanchika requeue` instead of being lost
(docs/adr/0020-executor-jobs-and-retries.md).

    record_ingest(settings, batch_id, paths, names, remove) -> IngestRecord   $SANCHIKA_HOME/spool/ingests/<batch>.json
    record.touch()          the ingest is alive (after each input it records)
    record.finish()         every input recorded: the uploaded copies and the record removed
    ingest_records(settings, batch_id) -> [IngestRecord]   every ingest not finished
    record.stopped(cutoff)  nobody runs it any more: to be finished

The record names the inputs in the order of the batch, as given (a relative path with the
folder it was given in, ``base``), with the name each was uploaded with: a resumed ingest
(sanchika.pipeline.resume_ingest) walks the same inputs, skips those already recorded and stores
the rest. A web upload's files are copies the server owns (``remove``: their folders); they stay
until every input of the batch is recorded. A command's inputs are the operator's own files:
they are read again where they are (a file gone meanwhile fails as ``input.missing``).

An ingest is running when this process runs it (``running``), when the process that wrote the
record is alive on this machine (its pid and start time), or when its record was touched less
than ``min_age`` seconds ago (another machine's process).

A batch whose command was stopped cleanly (Ctrl-C or SIGTERM on `sanchika process` or `sanchika
watch`: ``batch.interrupted``; a web upload, retry or requeue the server's shutdown stopped:
sanchika.pipeline.mark_when_stopped; nothing running for it any more once that process has ended)
is marked so, beside the records (on this machine, as the records are: docs/adr/0033-*):

    mark_stopped(settings, batch_id)          $SANCHIKA_HOME/spool/ingests/<batch>.stopped
    stopped_marks(settings, batch_id) -> [batch ids]   marked, and their process gone
    claim_stopped(settings, batch_id) -> bool  the mark taken (removed) by one `sanchika requeue`

so that `sanchika requeue` finishes it at once instead of waiting ``min_age`` for it (its ingest,
once its process has ended, and its documents): the age rule is for work a live process may still
be doing, and this one said it does none.
"""

from __future__ import annotations

import inspect
import json
import os
import shutil
import socket
import threading
import weakref
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .settings import Settings

_RUNNING: weakref.WeakValueDictionary[str, Generator[Any, None, None]] = weakref.WeakValueDictionary()
_GUARD = threading.Lock()  # batch -> its ingest in this process (a generator: running until closed or exhausted)


@dataclass(frozen=True)
class IngestRecord:
    path: Path  # the record itself
    batch_id: str
    paths: tuple[Path, ...]  # the inputs, in the batch's order
    names: dict[Path, str]  # an input's name as uploaded, where it is not its path
    remove: tuple[Path, ...]  # folders of copies the server owns: removed when the ingest is done
    base: Path | None = None  # the folder the relative paths were given in
    owner: tuple[str, int, int] | None = None  # (host, pid, start time) of the process that runs it

    def touch(self) -> None:
        try:
            os.utime(self.path)
        except FileNotFoundError:
            pass

    def finish(self) -> None:
        for folder in self.remove:
            shutil.rmtree(folder, ignore_errors=True)
        self.path.unlink(missing_ok=True)

    def touched(self) -> float:
        return self.path.stat().st_mtime

    def stopped(self, cutoff: datetime) -> bool:
        """Nobody runs this ingest: not this process, not its writer (alive on this machine), and
        its record untouched since ``cutoff``."""
        if running(self.batch_id) or (self.owner is not None and self.owner != _me() and _alive(self.owner)):
            return False
        try:
            return self.touched() <= cutoff.timestamp()
        except FileNotFoundError:  # finished meanwhile
            return False


def _started(pid: int) -> int:
    """The process's start time (clock ticks after boot; 0 where /proc cannot say): a pid used
    again by another process does not pass for the one that wrote a record."""
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[19])
    except (OSError, ValueError, IndexError):
        return 0


def _me() -> tuple[str, int, int]:
    return socket.gethostname(), os.getpid(), _started(os.getpid())


def _alive(owner: tuple[str, int, int]) -> bool:
    host, pid, started = owner
    if host != socket.gethostname():
        return False  # another machine's: its touches tell
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        pass
    return _started(pid) == started


def _folder(settings: Settings) -> Path:
    return settings.spool_dir / "ingests"


def record_ingest(settings: Settings, batch_id: str, paths: Sequence[Path], names: Mapping[Path, str] | None,
                  remove: Sequence[Path] = ()) -> IngestRecord:
    folder = _folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{batch_id}.json"
    try:
        base: Path | None = Path.cwd()
    except OSError:  # the working directory was removed: relative paths cannot be found again
        base = None
    owner = _me()
    body = {"batch_id": batch_id, "paths": [os.fsdecode(p) for p in paths],
            "names": {os.fsdecode(p): n for p, n in (names or {}).items()}, "remove": [os.fsdecode(p) for p in remove],
            "base": os.fsdecode(base) if base else None, "owner": list(owner)}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(body, ensure_ascii=False), "utf-8", "surrogateescape")  # file names need not be UTF-8
    os.replace(tmp, path)  # whole or not at all
    return IngestRecord(path, batch_id, tuple(paths), dict(names or {}), tuple(remove), base, owner)


def read_record(path: Path) -> IngestRecord | None:
    try:
        body = json.loads(path.read_text("utf-8", "surrogateescape"))
        owner = body.get("owner")
        return IngestRecord(path, str(body["batch_id"]), tuple(Path(p) for p in body["paths"]),
                            {Path(p): str(n) for p, n in body["names"].items()}, tuple(Path(p) for p in body["remove"]),
                            Path(body["base"]) if body.get("base") else None,
                            (str(owner[0]), int(owner[1]), int(owner[2])) if owner else None)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def ingest_records(settings: Settings, batch_id: str | None = None) -> list[IngestRecord]:
    """The records of the ingests not finished (of one batch, or all), running or stopped."""
    folder = _folder(settings)
    records = (read_record(p) for p in sorted(folder.glob("*.json")) if folder.is_dir())
    return [r for r in records if r is not None and (batch_id is None or r.batch_id == batch_id)]


def running(batch_id: str) -> bool:
    """This process runs the batch's ingest: its generator is neither exhausted nor closed."""
    with _GUARD:
        ingest = _RUNNING.get(batch_id)
        return ingest is not None and inspect.getgeneratorstate(ingest) != inspect.GEN_CLOSED


def mark_running(batch_id: str, ingest: Generator[Any, None, None]) -> None:
    with _GUARD:
        _RUNNING[batch_id] = ingest


# -- batches stopped cleanly by their command -------------------------------------------------------
def _mark(settings: Settings, batch_id: str) -> Path:
    return _folder(settings) / f"{batch_id}.stopped"


def mark_stopped(settings: Settings, batch_id: str) -> bool:
    """Mark the batch as stopped cleanly by this process (called once its executor has stopped:
    nothing of it runs here any more). False when the mark cannot be written (then the age rule
    applies, as for a killed command)."""
    path = _mark(settings, batch_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".stopped-tmp")
        tmp.write_text(json.dumps({"batch_id": batch_id, "owner": list(_me())}), "utf-8")
        os.replace(tmp, path)
    except OSError:
        return False
    return True


def stopped_marks(settings: Settings, batch_id: str | None = None) -> list[str]:
    """The batches marked as stopped cleanly (of one batch, or all) whose process has ended (or is
    this one): nothing runs them, whatever their age."""
    folder = _folder(settings)
    out = []
    for path in sorted(folder.glob("*.stopped")) if folder.is_dir() else []:
        try:
            body = json.loads(path.read_text("utf-8"))
            marked, owner = str(body["batch_id"]), body.get("owner")
            owner = (str(owner[0]), int(owner[1]), int(owner[2])) if owner else None
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            continue
        if (batch_id is None or marked == batch_id) and not running(marked) and (
                owner is None or owner == _me() or not _alive(owner)):
            out.append(marked)
    return out


def claim_stopped(settings: Settings, batch_id: str) -> bool:
    """Take the batch's mark: True for the one caller that removed it (two requeues at once: one
    finishes the batch at once, the other leaves it to the age rule)."""
    try:
        _mark(settings, batch_id).unlink()
    except FileNotFoundError:
        return False
    return True
