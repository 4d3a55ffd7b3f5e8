"""Fixity: re-read every stored object, recompute its SHA-256 and compare it with the ledger
(``stored_objects``, storage.ledger) — docs/fixity.md.

    result = verify_store(engine, store, sample=1.0, user="cli")
    result.report()   # {"checked", "ok", "mismatched", "missing", "unreferenced", "seconds"}

Two phases, each a stream, so memory stays flat whatever the number of objects (and each object
is hashed as a stream of 1 MiB chunks, so memory stays flat whatever its size):

1. *ledger*: every ledger row in key order. Its object is read and compared (``sample`` < 1: a
   fixed pseudo-random share of them; the others are only looked up): a different hash is
   *mismatched*, no object *missing*. A row the migration made without a hash takes the store's
   own record of it (after the bytes are checked against that record).
2. *store*: the store's listing, in pages of keys looked up in the ledger together. A key the
   ledger does not hold is *unreferenced* — unless it belongs to a known original (an object
   stored before the ledger existed, or being written right now), which is adopted: its bytes
   are checked against the store's own record and the ledger takes it.

The phases never compare the two orders, so a store that lists keys in another order than the
database sorts them (SeaweedFS lists folder by folder) is verified the same. Before a mismatch is
reported, the ledger row and the object are read again (a rewrite may have raced the read).

A run is checkpointed in ``fixity_runs`` (the last key dealt with, counts, problems) every few
seconds and when it stops on an error or an interrupt; the next run goes on from there. Each
finished run is recorded in the audit log (action ``fixity``).
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, select

from domain.errors import NotFoundError, UsageError
from domain.status import FixityRunStatus

from .audit import AuditLog
from .fixity_runs import RunState, finish_run, open_run
from .ledger import describe_key, ledger_keys, ledger_row, ledger_rows, record
from .objects import ObjectStore
from .schema import documents, source_files

CHECKPOINT_SECONDS = 10.0
STALE_SECONDS = 300.0  # a "running" run not checkpointed for this long was killed: it may be resumed


@dataclass(frozen=True, slots=True)
class Problem:
    key: str
    document_id: str | None
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "document_id": self.document_id, "kind": self.kind}


@dataclass
class FixityResult:
    run_id: int
    checked: int = 0
    ok: int = 0
    bytes: int = 0
    seconds: float = 0.0
    mismatched: list[Problem] = field(default_factory=list)
    missing: list[Problem] = field(default_factory=list)
    unreferenced: list[Problem] = field(default_factory=list)
    resumed: bool = False

    @property
    def failed(self) -> bool:
        """Mismatched or missing objects (exit status 1); unreferenced ones are only reported."""
        return bool(self.mismatched or self.missing)

    def report(self) -> dict[str, Any]:
        return {"checked": self.checked, "ok": self.ok, "mismatched": [p.to_dict() for p in self.mismatched],
                "missing": [p.to_dict() for p in self.missing],
                "unreferenced": [p.to_dict() for p in self.unreferenced], "seconds": round(self.seconds, 3)}


def sampled(seed: str, key: str, fraction: float) -> bool:
    """Whether a run with this seed reads ``key``: the same keys on every resume of the run."""
    if fraction >= 1.0:
        return True
    draw = int.from_bytes(hashlib.sha256(f"{seed}:{key}".encode()).digest()[:8], "big")
    return draw < fraction * 2**64


class _Checker:
    """One object at a time: hash, compare, adopt, and name the document a problem belongs to."""

    def __init__(self, engine: Engine, store: ObjectStore, state: RunState) -> None:
        self.engine, self.store, self.state = engine, store, state
        self._docs: dict[str, str | None] = {}
        self._known: dict[str, bool] = {}

    def _problem(self, key: str) -> Problem:
        kind, content = describe_key(key)
        if content is not None and content not in self._docs:
            with self.engine.connect() as c:
                self._docs[content] = c.execute(select(documents.c.id).where(documents.c.sha256 == content)
                                                .order_by(documents.c.created_at, documents.c.id).limit(1)).scalar()
        return Problem(key, self._docs.get(content) if content else None, kind)

    def _belongs(self, key: str) -> bool:
        """A key of storage.keys' shape whose original the database knows."""
        _, content = describe_key(key)
        if content is None:
            return False
        if content not in self._known:
            with self.engine.connect() as c:
                self._known[content] = c.execute(
                    select(source_files.c.sha256).where(source_files.c.sha256 == content)).first() is not None
        return self._known[content]

    def _hash(self, key: str) -> tuple[str, int, str | None] | None:
        """(SHA-256 of the bytes, size, the store's own record of the hash); None when gone."""
        h = hashlib.sha256()
        size = 0
        try:
            with self.store.open_object(key) as obj:
                for chunk in obj.chunks:
                    h.update(chunk)
                    size += len(chunk)
                return h.hexdigest(), size, obj.sha256
        except NotFoundError:
            return None

    def check_row(self, row: dict[str, Any], read: bool) -> None:
        """Phase 1: a ledger row; its object read and compared when ``read``, else looked up."""
        s, key = self.state, row["key"]
        if not read:
            if not self.store.exists(key):
                s.checked += 1
                s.problems["missing"].append(self._problem(key).to_dict())
            return
        s.checked += 1
        got = self._hash(key)
        if got is None:
            s.problems["missing"].append(self._problem(key).to_dict())
            return
        self._compare(key, row["sha256"], *got)

    def check_listed(self, key: str, in_ledger: bool) -> None:
        """Phase 2: a key of the store's listing."""
        if in_ledger:
            return
        if ledger_row(self.engine, key) is not None:  # recorded since the listing was read
            return
        if not self._belongs(key):
            self.state.problems["unreferenced"].append(self._problem(key).to_dict())
            return
        got = self._hash(key)
        if got is not None:  # an object of a known original that the ledger does not hold: adopted
            self.state.checked += 1
            self._compare(key, None, *got)

    def _compare(self, key: str, expected: str | None, sha: str, size: int, own: str | None) -> None:
        s = self.state
        s.bytes += size
        if sha == (expected or own):
            s.ok += 1
            if not expected:  # from now on the ledger holds its hash
                with self.engine.begin() as c:
                    record(c, key, sha, size)
            return
        fresh = ledger_row(self.engine, key)  # rewritten while we read it?
        again = self._hash(key)
        if fresh and fresh["sha256"] and again and fresh["sha256"] == again[0]:
            s.ok += 1
            return
        s.problems["mismatched"].append(self._problem(key).to_dict())


def _listing_pages(store: ObjectStore, start_after: str, size: int = 500) -> Iterator[list[str]]:
    page: list[str] = []
    for key, _ in store.list_keys(start_after):
        page.append(key)
        if len(page) >= size:
            yield page
            page = []
    if page:
        yield page


class _Clock:
    """Moves the run's cursor and checkpoints it every ``seconds``."""

    def __init__(self, engine: Engine, state: RunState, seconds: float) -> None:
        self.engine, self.state, self.seconds = engine, state, seconds
        self.started = self.last = time.monotonic()

    def done(self, key: str, on_object: Callable[[str], None] | None) -> None:
        self.state.cursor = key
        if on_object is not None:
            on_object(key)
        if time.monotonic() - self.last >= self.seconds:
            self.save(FixityRunStatus.RUNNING)

    def save(self, status: FixityRunStatus) -> None:
        t = time.monotonic()
        self.state.save(self.engine, seconds=t - self.started, status=status)
        self.started = self.last = t


def verify_store(engine: Engine, store: ObjectStore, *, sample: float = 1.0, user: str = "system",
                 restart: bool = False, on_object: Callable[[str], None] | None = None,
                 checkpoint_seconds: float = CHECKPOINT_SECONDS) -> FixityResult:
    """Verify ``store`` against the ledger (resuming an interrupted run unless ``restart``)."""
    if not 0.0 < sample <= 1.0:
        raise UsageError(f"--sample is a fraction of the objects, more than 0 and at most 1 (not {sample}).",
                         code="usage")
    state = open_run(engine, store.describe(), sample, user, restart=restart, stale=timedelta(seconds=STALE_SECONDS),
                     seed=uuid.uuid4().hex[:16])
    checker = _Checker(engine, store, state)
    clock = _Clock(engine, state, checkpoint_seconds)
    try:
        if state.phase == "ledger":
            for row in ledger_rows(engine, state.cursor or ""):
                checker.check_row(row, read=sampled(state.seed, row["key"], sample))
                clock.done(row["key"], on_object)
            state.phase, state.cursor = "store", None
        for page in _listing_pages(store, state.cursor or ""):
            known = ledger_keys(engine, page)
            for key in page:
                checker.check_listed(key, key in known)
                clock.done(key, None)
    except BaseException:
        clock.save(FixityRunStatus.INTERRUPTED)
        raise
    state.seconds += time.monotonic() - clock.started
    finish_run(engine, state)
    result = FixityResult(state.run_id, state.checked, state.ok, state.bytes, state.seconds,
                          mismatched=_problems(state.problems["mismatched"]), missing=_problems(state.problems["missing"]),
                          unreferenced=_problems(state.problems["unreferenced"]), resumed=state.resumed)
    report = result.report()
    AuditLog(engine).record(user, "fixity", "store", store.describe(), {
        **report, "run": state.run_id, "sample": sample, "bytes": state.bytes,
        **{k: report[k][:100] for k in ("mismatched", "missing", "unreferenced")}})  # the run's row has them all
    return result


def _problems(rows: list[dict[str, Any]]) -> list[Problem]:
    return [Problem(r["key"], r["document_id"], r["kind"]) for r in rows]
