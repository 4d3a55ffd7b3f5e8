"""The ledger of stored objects: every write through a ``LedgerStore`` is recorded in the table
``stored_objects`` (key, SHA-256 of the bytes written, size, kind, the original it belongs to), so
`sanchika verify` can compare the object store with what the database says was written
(docs/fixity.md). A refused overwrite of a write-once object is recorded in the audit log.

    store = LedgerStore(open_store(cfg), engine)    # what WorkerContext.store gives every caller
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from domain.errors import IntegrityError
from ingest.spool import sha256_file

from . import keys
from .audit import AuditLog
from .catalog import now
from .objects import ObjectReader, ObjectStore
from .schema import stored_objects


def describe_key(key: str) -> tuple[str, str | None]:
    """(kind, content SHA-256) of a key; ("other", None) for keys storage.keys does not make."""
    parsed = keys.parse(key)
    return (parsed[0], parsed[1]) if parsed else ("other", None)


def record(c: Connection, key: str, sha256: str | None, size: int | None) -> None:
    """Insert or replace the ledger row of ``key``."""
    kind, content = describe_key(key)
    values = {"key": key, "sha256": sha256, "size": size, "kind": kind, "content_sha": content, "stored_at": now()}
    if c.dialect.name == "postgresql":  # imported here: the embedded default never loads it (~20-40 ms at start)
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    stmt = insert(stored_objects).values(**values)
    c.execute(stmt.on_conflict_do_update(index_elements=[stored_objects.c.key],
                                         set_={k: stmt.excluded[k] for k in ("sha256", "size", "stored_at")}))


def ledger_row(engine: Engine, key: str) -> dict[str, Any] | None:
    with engine.connect() as c:
        row = c.execute(select(stored_objects).where(stored_objects.c.key == key)).first()
    return dict(row._mapping) if row else None


def _key_order(engine: Engine):  # type: ignore[no-untyped-def]
    """The key column compared in code-point order (PostgreSQL: the C collation), as stores list."""
    return stored_objects.c.key.collate("C") if engine.dialect.name == "postgresql" else stored_objects.c.key


def ledger_rows(engine: Engine, start_after: str = "", page: int = 2000) -> Iterator[dict[str, Any]]:
    """Every ledger row after ``start_after`` in code-point order of the keys, read a page at a
    time (no transaction held open while the caller works)."""
    col = _key_order(engine)
    after = start_after
    while True:
        with engine.connect() as c:
            rows = [dict(r._mapping) for r in c.execute(
                select(stored_objects).where(col > after).order_by(col).limit(page))]
        yield from rows
        if len(rows) < page:
            return
        after = rows[-1]["key"]


def ledger_count(engine: Engine) -> int:
    """How many objects the ledger says were written (the total of a `verify` progress bar)."""
    with engine.connect() as c:
        return int(c.execute(select(func.count()).select_from(stored_objects)).scalar() or 0)


def ledger_keys(engine: Engine, candidates: list[str]) -> set[str]:
    """Which of ``candidates`` the ledger holds (one query)."""
    with engine.connect() as c:
        return {r[0] for r in c.execute(select(stored_objects.c.key).where(stored_objects.c.key.in_(candidates)))}


class LedgerStore:
    """An object store whose writes are recorded in the ledger (after the write: a crash between
    the two leaves an object verify adopts or reports, never a ledger row without its object).
    Everything else is the wrapped store's."""

    def __init__(self, store: ObjectStore, engine: Engine) -> None:
        self.inner = store
        self.engine = engine

    def _refused(self, key: str, exc: IntegrityError) -> None:
        AuditLog(self.engine).record("system", "write_refused", "object", key, exc.to_dict())

    def put_file(self, key: str, path: Path, content_type: str, sha256: str | None = None, *,
                 owned: bool = False) -> None:
        sha = sha256 or sha256_file(path)
        size = path.stat().st_size
        try:
            self.inner.put_file(key, path, content_type, sha, owned=owned)
        except IntegrityError as exc:
            self._refused(key, exc)
            raise
        with self.engine.begin() as c:
            record(c, key, sha, size)

    def put_bytes(self, key: str, data: bytes, content_type: str, sha256: str | None = None) -> None:
        sha = sha256 or hashlib.sha256(data).hexdigest()  # once: the store is handed it (13 MB document PDF: ~20 ms)
        try:
            self.inner.put_bytes(key, data, content_type, sha)
        except IntegrityError as exc:
            self._refused(key, exc)
            raise
        with self.engine.begin() as c:
            record(c, key, sha, len(data))

    def get_bytes(self, key: str) -> bytes:
        return self.inner.get_bytes(key)

    def local_path(self, key: str) -> Path:
        return self.inner.local_path(key)

    def exists(self, key: str) -> bool:
        return self.inner.exists(key)

    def describe(self) -> str:
        return self.inner.describe()

    def open_object(self, key: str) -> ObjectReader:
        return self.inner.open_object(key)

    def list_keys(self, start_after: str = "") -> Iterator[tuple[str, int]]:
        return self.inner.list_keys(start_after)

    def __getattr__(self, name: str) -> Any:  # what only one store has: presigned_url, keys, iter_bytes, ...
        return getattr(self.inner, name)
