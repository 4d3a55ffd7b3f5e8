"""`sanchika backup` / `sanchika restore` drilled on the embedded default: a backup restored into
a fresh SANCHIKA_HOME verifies with 0 problems and searches the same; the consistency rule under
a write that races the backup; damaged objects; a restore never overwrites anything."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import select

from domain.errors import IntegrityError
from storage import keys
from storage.schema import documents

from ..conftest import SANCHIKA
from .test_verify import flip_byte

QUERIES = ["टीकाकरण", "खसरा", "teachers attendance", "Vaccination"]


def run(home: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "SANCHIKA_HOME": str(home), **(env or {})}
    return subprocess.run([str(SANCHIKA), *args], env=environ, capture_output=True, text=True, timeout=300)


def hits(home: Path, env: dict[str, str] | None = None) -> dict[str, list[tuple[str, int]]]:
    out = {}
    for q in QUERIES:
        res = run(home, "search", q, "--json", env=env)
        assert res.returncode == 0, res.stderr
        out[q] = [(h["document_id"], h["page"]) for h in json.loads(res.stdout)["hits"]]
    return out


def test_backup_restores_into_a_fresh_home_that_verifies_and_searches_the_same(archive, tmp_path) -> None:  # type: ignore[no-untyped-def]
    before = hits(archive.home)
    assert all(before.values()), before  # every query finds something: the comparison means something
    dest = tmp_path / "backup"
    out = run(archive.home, "backup", str(dest), "--json")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    n_objects = len([p for p in (archive.home / "objects").rglob("*") if p.is_file() and not p.name.endswith(".meta.json")])
    assert summary["objects"] == n_objects and summary["rounds"] == 1 and summary["damaged"] == []
    manifest = json.loads((dest / "manifest.json").read_text())
    assert manifest["format"] == "sanchika-backup/1" and manifest["database"]["file"] == "database.sqlite"

    fresh = tmp_path / "fresh-home"
    out = run(fresh, "restore", str(dest), "--json")
    assert out.returncode == 0, out.stderr + out.stdout
    restored = json.loads(out.stdout)
    assert restored["objects"] == n_objects
    assert restored["verify"]["checked"] == restored["verify"]["ok"] == n_objects
    assert restored["verify"]["mismatched"] == restored["verify"]["missing"] == restored["verify"]["unreferenced"] == []
    assert hits(fresh) == before
    out = run(fresh, "verify", "--json")
    assert out.returncode == 0 and json.loads(out.stdout)["ok"] == n_objects

    again = run(fresh, "restore", str(dest))  # nothing is ever overwritten
    assert again.returncode == 2 and "error [restore.not_empty]" in again.stderr
    assert run(archive.home, "backup", str(dest)).returncode == 2  # nor is a backup


class _RacingStore:
    """The archive's store, with a rescan rewriting one page while the backup copies it."""

    def __init__(self, store, key: str, times: int) -> None:  # type: ignore[no-untyped-def]
        self.store, self.key, self.times, self.n = store, key, times, 0

    def open_object(self, key: str):  # type: ignore[no-untyped-def]
        if key == self.key and self.n < self.times:
            self.n += 1
            self.store.put_bytes(key, json.dumps({"text": f"rescanned {self.n}"}).encode(), "application/json")
        return self.store.open_object(key)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.store, name)


def _page_key(settings) -> tuple[object, str]:  # type: ignore[no-untyped-def]
    from workers.context import WorkerContext

    ctx = WorkerContext(settings.worker_config())
    with ctx.engine.connect() as c:
        sha = c.execute(select(documents.c.sha256).where(documents.c.name.like("%education.pdf"))).scalar()
    return ctx, keys.page_text(sha, 1)


def test_an_object_rewritten_during_the_backup_is_copied_as_a_new_snapshot_names_it(archive, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sanchika.backup import restore
    from storage.backup import make_backup

    ctx, key = _page_key(archive)
    summary = make_backup(ctx.engine, _RacingStore(ctx.store, key, times=1), tmp_path / "b")
    assert summary.rounds == 2 and not summary.damaged
    held = json.loads((tmp_path / "b" / "objects" / key).read_text())
    assert held == {"text": "rescanned 1"}
    from sanchika.settings import Settings

    done = restore(tmp_path / "b", Settings(home=tmp_path / "fresh", workers=1))
    assert done.verify is not None and not done.verify.failed and not done.verify.unreferenced


def test_writes_that_never_stop_make_the_backup_say_so(archive, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A page rewritten just before and just after every database snapshot: what each snapshot
    names is never what the backup holds nor what it then copies."""
    import storage.backup as backup_mod

    ctx, key = _page_key(archive)
    snapshot = backup_mod.snapshot_database
    writes = []

    def rescan() -> None:
        writes.append(1)
        ctx.store.put_bytes(key, json.dumps({"text": f"rescan {len(writes)}"}).encode(), "application/json")

    def snapshot_then_rescan(engine, dest):  # type: ignore[no-untyped-def]
        rescan()
        name = snapshot(engine, dest)
        rescan()
        return name

    monkeypatch.setattr(backup_mod, "snapshot_database", snapshot_then_rescan)
    with pytest.raises(IntegrityError) as err:
        backup_mod.make_backup(ctx.engine, ctx.store, tmp_path / "b")
    assert err.value.code == "backup.inconsistent" and key in err.value.message
    assert len(writes) == 2 * backup_mod.ROUNDS
    assert json.loads((tmp_path / "b" / "manifest.json").read_text())["rounds"] == backup_mod.ROUNDS


def test_a_damaged_object_is_copied_and_reported(archive, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pdf = next((archive.home / "objects" / "pdf").iterdir())
    pdf = pdf if not pdf.name.endswith(".meta.json") else pdf.with_name(pdf.name[: -len(".meta.json")])
    flip_byte(pdf)
    out = run(archive.home, "backup", str(tmp_path / "b"), "--json")
    assert out.returncode == 1
    assert json.loads(out.stdout)["damaged"] == [str(pdf.relative_to(archive.home / "objects"))]
