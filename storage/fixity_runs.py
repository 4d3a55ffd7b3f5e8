"""The runs of `sanchika verify` in the table ``fixity_runs``: open (or resume) one, checkpoint it,
finish it, and read the newest finished run (what admins see)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, insert, select, update

from domain.errors import UsageError
from domain.status import UNFINISHED_FIXITY_RUNS as UNFINISHED
from domain.status import FixityRunStatus

from .catalog import now
from .schema import fixity_runs

PROBLEM_KINDS = ("mismatched", "missing", "unreferenced")


@dataclass
class RunState:
    run_id: int
    seed: str
    phase: str = "ledger"  # ledger: the ledger's rows in key order; store: the store's listing
    cursor: str | None = None
    checked: int = 0
    ok: int = 0
    bytes: int = 0
    seconds: float = 0.0
    problems: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {k: [] for k in PROBLEM_KINDS})
    resumed: bool = False

    def _values(self) -> dict[str, Any]:
        return {"phase": self.phase, "cursor": self.cursor, "checked": self.checked, "ok": self.ok, "bytes": self.bytes,
                "seconds": self.seconds, "problems": self.problems, "updated_at": now()}

    def save(self, engine: Engine, *, seconds: float, status: FixityRunStatus = FixityRunStatus.RUNNING) -> None:
        """Checkpoint: everything up to ``cursor`` is dealt with (``seconds`` more were spent)."""
        self.seconds += seconds
        with engine.begin() as c:
            c.execute(update(fixity_runs).where(fixity_runs.c.id == self.run_id).values(status=status, **self._values()))


def open_run(engine: Engine, store: str, sample: float, user: str, *, restart: bool, stale: timedelta,
             seed: str) -> RunState:
    """Resume the newest unfinished run of this store with this sample, or start a new one.
    A run still checkpointing (not ``stale``) is running elsewhere: UsageError verify.running."""
    with engine.begin() as c:
        row = c.execute(select(fixity_runs).where(fixity_runs.c.status.in_(UNFINISHED), fixity_runs.c.store == store)
                        .order_by(fixity_runs.c.id.desc()).limit(1)).first()
        if row is not None and row.status == FixityRunStatus.RUNNING and _aware(row.updated_at) > now() - stale:
            raise UsageError(
                f"a verify of {store} is running (run {row.id}, started {row.started_at:%Y-%m-%d %H:%M}, last "
                f"checkpoint {row.updated_at:%H:%M:%S}); wait for it. A run killed without a word is taken over "
                f"{int(stale.total_seconds())} s after its last checkpoint.", code="verify.running")
        if row is not None and not restart and abs(row.sample - sample) < 1e-9:
            c.execute(update(fixity_runs).where(fixity_runs.c.id == row.id).values(status=FixityRunStatus.RUNNING, updated_at=now()))
            problems = {k: list((row.problems or {}).get(k, [])) for k in PROBLEM_KINDS}
            return RunState(row.id, row.seed, row.phase, row.cursor, row.checked, row.ok, row.bytes, row.seconds,
                            problems, resumed=True)
        if row is not None:  # restarted, or another sample: the old run will not be finished
            c.execute(update(fixity_runs).where(fixity_runs.c.status.in_(UNFINISHED), fixity_runs.c.store == store)
                      .values(status=FixityRunStatus.ABANDONED, updated_at=now()))
        at = now()
        run_id = c.execute(insert(fixity_runs).values(
            started_at=at, updated_at=at, status=FixityRunStatus.RUNNING, user_name=user[:100], store=store, sample=sample, seed=seed,
            phase="ledger", checked=0, ok=0, bytes=0, seconds=0.0, problems={k: [] for k in PROBLEM_KINDS})).inserted_primary_key[0]  # type: ignore[index]
    return RunState(int(run_id), seed)


def finish_run(engine: Engine, state: RunState) -> None:
    with engine.begin() as c:
        c.execute(update(fixity_runs).where(fixity_runs.c.id == state.run_id)
                  .values(status=FixityRunStatus.DONE, finished_at=now(), **state._values()))


def newest_finished(engine: Engine) -> dict[str, Any] | None:
    """The newest finished run as a dict (counts, problems, when, by whom, which store)."""
    with engine.connect() as c:
        row = c.execute(select(fixity_runs).where(fixity_runs.c.status == FixityRunStatus.DONE)
                        .order_by(fixity_runs.c.finished_at.desc(), fixity_runs.c.id.desc()).limit(1)).first()
    return dict(row._mapping) if row else None


def _aware(moment):  # type: ignore[no-untyped-def]
    """SQLite gives back naive datetimes (stored as UTC)."""
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
