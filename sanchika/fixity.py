"""`sanchika verify` as a library call: the archive's object store against the ledger
(storage.fixity; docs/fixity.md).

    result = verify(settings, sample=0.1)     # FixityResult; result.report() is the --json output
"""

from __future__ import annotations

from collections.abc import Callable

from storage.fixity import FixityResult, verify_store
from storage.ledger import ledger_count
from workers.context import WorkerContext

from .settings import Settings


def verify(settings: Settings, *, sample: float = 1.0, restart: bool = False, user: str = "cli",
           on_total: Callable[[int], None] | None = None, on_object: Callable[[str], None] | None = None) -> FixityResult:
    """Re-read every stored object (or a ``sample`` share), recompute its SHA-256 and compare it
    with the database; resumes an interrupted run unless ``restart``. ``on_total``: the number of
    objects the database knows (for a progress bar)."""
    ctx = WorkerContext(settings.worker_config())
    if on_total is not None:
        on_total(ledger_count(ctx.engine))
    return verify_store(ctx.engine, ctx.store, sample=sample, user=user, restart=restart, on_object=on_object)

