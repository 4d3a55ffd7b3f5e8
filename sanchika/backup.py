"""`sanchika backup DEST` / `sanchika restore SRC` as library calls (storage.backup; docs/backup.md).

    summary = backup(settings, Path("/mnt/usb/sanchika-2026-12-05"))
    result = restore(Path("/mnt/usb/sanchika-2026-12-05"), settings)   # into an empty database and store
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storage.backup import (
    BackupSummary,
    check_restore_target,
    make_backup,
    read_manifest,
    restore_database,
    restore_objects,
)
from storage.db import init_schema, open_engine
from storage.fixity import FixityResult
from workers.context import WorkerContext, open_store

from .settings import Settings


def backup(settings: Settings, dest: Path) -> BackupSummary:
    """Copy the database and every object it references into the new folder ``dest``."""
    ctx = WorkerContext(settings.worker_config())
    return make_backup(ctx.engine, ctx.store, Path(dest))


@dataclass
class Restored:
    objects: int
    bytes: int
    revision: str | None
    verify: FixityResult | None

    def to_dict(self) -> dict[str, Any]:
        return {"objects": self.objects, "bytes": self.bytes, "revision": self.revision,
                "verify": self.verify.report() if self.verify else None}


def restore(src: Path, settings: Settings, *, verify: bool = True) -> Restored:
    """Restore the backup at ``src`` into the database and object store of ``settings`` (both
    must be empty), migrate it to this Sanchika's schema, and verify every object."""
    manifest = read_manifest(src)
    settings.home.mkdir(parents=True, exist_ok=True)
    engine = open_engine(settings.db_url)
    store = open_store(settings.store_config())
    check_restore_target(manifest, engine, store)
    restore_database(Path(src), manifest, engine)
    n, size = restore_objects(Path(src), store)
    init_schema(engine)  # a backup from an older Sanchika is migrated
    engine.dispose()
    result = None
    if verify:
        from .fixity import verify as run_verify

        result = run_verify(settings, user="restore")
    return Restored(n, size, manifest["database"].get("revision"), result)
