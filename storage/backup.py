"""Backups of an archive: the database and the objects it references, consistent with each other
(docs/backup.md).

    summary = make_backup(engine, store, dest)        # dest: a new folder
    summary = restore_backup(src, engine, store)      # into an empty database and an empty store

A backup folder holds::

    manifest.json       format, when, the database's dialect and revision, counts, rounds
    database.sqlite     SQLite: the online backup API's copy (one step: a consistent snapshot)
    database.pgdump     PostgreSQL: pg_dump -Fc of an exported snapshot
    objects.tsv         the snapshot's ledger: key, SHA-256, size (what the objects must be)
    objects/<key>       every object the snapshot references, with <key>.meta.json (content type,
                        SHA-256): the layout of the local-folder store

**Consistency rule**: the objects are those *the database snapshot names, with the bytes it names*.
The database is copied first (objects are always written before the rows that name them, so every
object it names exists), then each object is copied and hashed. An object rewritten after the
snapshot (a rescan, a re-run) no longer has the snapshot's bytes: the backup takes a new snapshot
and copies what changed, up to ``ROUNDS`` times; if writes keep changing objects it stops with
``backup.inconsistent`` (run it while no batch is being processed). An object whose bytes match
neither the snapshot nor the store's own record is damaged: it is copied as it is, listed in the
manifest, and the backup ends with status 1 (``sanchika verify`` says more).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select, text

from domain.errors import DependencyError, IntegrityError, UsageError

from .catalog import now
from .db import current_revision
from .objects import LocalFolderStore, ObjectStore
from .schema import stored_objects

FORMAT = "sanchika-backup/1"
ROUNDS = 3


@dataclass
class BackupSummary:
    path: str
    dialect: str
    revision: str | None
    objects: int = 0
    bytes: int = 0
    rounds: int = 0
    damaged: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "dialect": self.dialect, "revision": self.revision, "objects": self.objects,
                "bytes": self.bytes, "rounds": self.rounds, "damaged": self.damaged, "seconds": round(self.seconds, 3)}


# -- the database ----------------------------------------------------------------------------------

def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise UsageError(f"cannot back up the SQLite database {engine.url}: it is not a file.")
    return Path(database)


def _libpq(engine: Engine) -> tuple[str, dict[str, str]]:
    """A libpq URL for pg_dump/pg_restore (the password goes in the environment, not in argv)."""
    url = engine.url
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False), env


def _run(argv: list[str], env: dict[str, str] | None = None) -> None:
    try:
        proc = subprocess.run(argv, env=env, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise DependencyError(f"{argv[0]} is not installed: apt-get install postgresql-client (the version of the "
                              "server).", code="dependency.missing") from exc
    if proc.returncode != 0:
        raise DependencyError(f"{Path(argv[0]).name} failed ({proc.returncode}): {proc.stderr.strip()[-800:]}",
                              code="dependency.database")


def _ledger_tsv(rows: Iterator[tuple[str, str | None, int | None]], out: Path) -> None:
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        for key, sha, size in rows:
            w.writerow([key, sha or "", "" if size is None else size])


def snapshot_database(engine: Engine, dest: Path) -> str:
    """Copy the database into ``dest`` and write the copy's ledger to ``dest/objects.tsv``;
    returns the file name of the copy."""
    if engine.dialect.name == "sqlite":
        name, tmp = "database.sqlite", dest / ".database.sqlite.part"
        tmp.unlink(missing_ok=True)
        src, dst = sqlite3.connect(_sqlite_path(engine), timeout=60), sqlite3.connect(tmp)
        try:
            src.backup(dst)  # all pages in one step: a consistent snapshot
            _ledger_tsv(dst.execute("SELECT key, sha256, size FROM stored_objects ORDER BY key"), dest / "objects.tsv")
        finally:
            dst.close()
            src.close()
        os.replace(tmp, dest / name)
        return name
    url, env = _libpq(engine)
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():  # pg_dump reads the snapshot this transaction exported: the ledger below is the dump's
            snap = conn.execute(text("SELECT pg_export_snapshot()")).scalar()
            _run(["pg_dump", "-Fc", "--no-owner", "--no-privileges", f"--snapshot={snap}",
                  "-f", str(dest / ".database.pgdump.part"), f"--dbname={url}"], env)
            rows = conn.execution_options(yield_per=2000).execute(
                select(stored_objects.c.key, stored_objects.c.sha256, stored_objects.c.size).order_by(stored_objects.c.key))
            _ledger_tsv(((r[0], r[1], r[2]) for r in rows), dest / "objects.tsv")
    os.replace(dest / ".database.pgdump.part", dest / "database.pgdump")
    return "database.pgdump"


def read_ledger_tsv(path: Path) -> Iterator[tuple[str, str | None]]:
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t"):
            yield row[0], row[1] or None


# -- the objects -----------------------------------------------------------------------------------

def _copy(store: ObjectStore, key: str, root: Path) -> tuple[str, int, str | None]:
    """Stream one object into the backup's object folder (sidecar included): (SHA-256 of the bytes
    copied, size, the store's own record of the hash)."""
    target = root / key
    target.parent.mkdir(parents=True, exist_ok=True)
    h, size = hashlib.sha256(), 0
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as f, store.open_object(key) as obj:
            for chunk in obj.chunks:
                h.update(chunk)
                size += len(chunk)
                f.write(chunk)
            content_type, own = obj.content_type, obj.sha256
        os.replace(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)
    sha = h.hexdigest()
    meta = target.with_name(target.name + ".meta.json")
    meta.write_text(json.dumps({"content_type": content_type, "sha256": sha}))
    return sha, size, own


def _held(root: Path, key: str) -> str | None:
    """The SHA-256 the backup holds for ``key`` (None: not copied yet)."""
    try:
        return str(json.loads((root / (key + ".meta.json")).read_text())["sha256"])
    except (OSError, ValueError, KeyError):
        return None


def _copy_round(store: ObjectStore, dest: Path, summary: BackupSummary) -> list[str]:
    """Copy what the snapshot in ``dest`` names and the backup does not hold yet; returns the
    keys rewritten since the snapshot (damaged ones go to ``summary.damaged``)."""
    root = dest / "objects"
    changed: list[str] = []
    for key, want in read_ledger_tsv(dest / "objects.tsv"):
        held = _held(root, key)
        if held is not None and (want is None or held == want):
            continue
        sha, size, own = _copy(store, key, root)
        summary.bytes += size
        if sha == (want or own):
            continue
        if own == sha:  # the store's record and the bytes agree: rewritten after the snapshot
            changed.append(key)
        elif key not in summary.damaged:
            summary.damaged.append(key)
    return changed


def make_backup(engine: Engine, store: ObjectStore, dest: Path) -> BackupSummary:
    """Back up the database and the objects it references into the new folder ``dest``."""
    import time

    started = time.monotonic()
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise UsageError(f"{dest} is not empty: give a new folder for each backup (a backup never overwrites one).")
    dest.mkdir(parents=True, exist_ok=True)
    with engine.connect() as c:
        revision = current_revision(c)
    summary = BackupSummary(str(dest), engine.dialect.name, revision)
    changed: list[str] = []
    for summary.rounds in range(1, ROUNDS + 1):
        db_file = snapshot_database(engine, dest)
        changed = _copy_round(store, dest, summary)
        if not changed:
            break
    summary.objects = sum(1 for _ in read_ledger_tsv(dest / "objects.tsv"))
    summary.seconds = time.monotonic() - started
    manifest = {"format": FORMAT, "created_at": now().isoformat(), "database": {"dialect": summary.dialect,
                "file": db_file, "revision": revision}, "store": store.describe(), **summary.to_dict()}
    (dest / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    if changed:
        raise IntegrityError(f"{len(changed)} objects kept changing while the backup ran ({', '.join(changed[:3])} ...) "
                             f"in {ROUNDS} rounds: back up again while no batch is being processed.",
                             code="backup.inconsistent")
    return summary


# -- restore ---------------------------------------------------------------------------------------

def read_manifest(src: Path) -> dict[str, Any]:
    try:
        manifest = dict(json.loads((Path(src) / "manifest.json").read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise UsageError(f"{src} is not a Sanchika backup (manifest.json: {exc}).", code="restore.not_a_backup") from exc
    if manifest.get("format") != FORMAT:
        raise UsageError(f"{src} has backup format {manifest.get('format')!r}; this Sanchika reads {FORMAT}.",
                         code="restore.not_a_backup")
    return manifest


def check_restore_target(manifest: dict[str, Any], engine: Engine, store: ObjectStore) -> None:
    """The database must be of the backup's kind and empty, the store empty: a restore never
    overwrites anything (UsageError restore.dialect / restore.not_empty)."""
    dialect = manifest["database"]["dialect"]
    if dialect != engine.dialect.name:
        raise UsageError(f"the backup holds a {dialect} database and SANCHIKA_DATABASE_URL is {engine.dialect.name}: "
                         "restore into the same kind of database.", code="restore.dialect")
    with engine.connect() as c:
        tables = c.execute(text(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'" if dialect == "sqlite"
            else "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar()
    if tables:
        raise UsageError(f"the database of SANCHIKA_DATABASE_URL ({engine.url.render_as_string(hide_password=True)}) is "
                         "not empty: restore into a new, empty database (nothing is ever overwritten).",
                         code="restore.not_empty")
    if next(iter(store.list_keys()), None) is not None:
        raise UsageError(f"the object store ({store.describe()}) is not empty: restore into an empty folder or "
                         "bucket (nothing is ever overwritten).", code="restore.not_empty")


def restore_database(src: Path, manifest: dict[str, Any], engine: Engine) -> None:
    if manifest["database"]["dialect"] == "sqlite":
        target = _sqlite_path(engine)
        engine.dispose()
        src_db, dst_db = sqlite3.connect(Path(src) / "database.sqlite"), sqlite3.connect(target)
        try:
            src_db.backup(dst_db)
        finally:
            dst_db.close()
            src_db.close()
        return
    url, env = _libpq(engine)
    _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={url}",
          str(Path(src) / "database.pgdump")], env)


def restore_objects(src: Path, store: ObjectStore) -> tuple[int, int]:
    """Put every object of the backup into ``store`` (which must be empty), each checked against
    the backup's ledger first; returns (objects, bytes)."""
    backup = LocalFolderStore(Path(src) / "objects")
    n = size = 0
    for key, want in read_ledger_tsv(Path(src) / "objects.tsv"):
        path = backup.local_path(key)
        h = hashlib.sha256()
        with backup.open_object(key) as obj:
            for chunk in obj.chunks:
                h.update(chunk)
            content_type = obj.content_type
        if want and h.hexdigest() != want:
            raise IntegrityError(f"the backup's copy of {key} does not match its SHA-256: the backup is damaged; "
                                 "use an older one.", code="restore.damaged")
        store.put_file(key, path, content_type, h.hexdigest())
        n += 1
        size += path.stat().st_size
    return n, size

