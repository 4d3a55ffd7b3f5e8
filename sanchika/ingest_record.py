"""An upload's ingest, written down before it starts, so that an ingest a stopped server left half
done is finished by `sanchika requeue` instead of being lost (docs/adr/0020-executor-jobs-and-retries.md).

    record_ingest(settings, batch_id, names, remove) -> IngestRecord   $SANCHIKA_HOME/spool/ingests/<batch>.json
    record.touch()          the ingest is alive (after each input it records)
    record.finish()         every input recorded: the uploaded copies and the record removed
    unfinished_ingests(settings, batch_id, cutoff) -> [IngestRecord]   ingests nobody is running

A web upload's files are copies the server owns (``remove``: their folders); they stay until
every input of the batch is recorded. The record names them, with the name each was uploaded
with, in the order of the batch: a resumed ingest (sanchika.pipeline.ingest_stream with
``resume``) walks the same inputs, skips those already recorded and stores the rest. An ingest
is running when its record was touched less than ``min_age`` seconds ago, or when this process
runs it (``running``).
"""

from __future__ import annotations

import inspect
import json
import os
import shutil
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


def _folder(settings: Settings) -> Path:
    return settings.spool_dir / "ingests"


def record_ingest(settings: Settings, batch_id: str, paths: Sequence[Path], names: Mapping[Path, str] | None,
                  remove: Sequence[Path] = ()) -> IngestRecord:
    folder = _folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{batch_id}.json"
    body = {"batch_id": batch_id, "paths": [str(p) for p in paths],
            "names": {str(p): n for p, n in (names or {}).items()}, "remove": [str(p) for p in remove]}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(body, ensure_ascii=False), "utf-8")
    os.replace(tmp, path)  # whole or not at all
    return IngestRecord(path, batch_id, tuple(paths), dict(names or {}), tuple(remove))


def read_record(path: Path) -> IngestRecord | None:
    try:
        body = json.loads(path.read_text("utf-8"))
        return IngestRecord(path, str(body["batch_id"]), tuple(Path(p) for p in body["paths"]),
                            {Path(p): str(n) for p, n in body["names"].items()}, tuple(Path(p) for p in body["remove"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def unfinished_ingests(settings: Settings, batch_id: str | None, cutoff: datetime) -> list[IngestRecord]:
    """Records of ingests that are not running: not in this process, not touched since ``cutoff``."""
    found = []
    for path in sorted(_folder(settings).glob("*.json")) if _folder(settings).is_dir() else []:
        record = read_record(path)
        if record is None or (batch_id is not None and record.batch_id != batch_id) or running(record.batch_id):
            continue
        try:
            if record.touched() > cutoff.timestamp():
                continue
        except FileNotFoundError:  # finished meanwhile
            continue
        found.append(record)
    return found


def running(batch_id: str) -> bool:
    """This process runs the batch's ingest: its generator is neither exhausted nor closed."""
    with _GUARD:
        ingest = _RUNNING.get(batch_id)
        return ingest is not None and inspect.getgeneratorstate(ingest) != inspect.GEN_CLOSED


def mark_running(batch_id: str, ingest: Generator[Any, None, None]) -> None:
    with _GUARD:
        _RUNNING[batch_id] = ingest
