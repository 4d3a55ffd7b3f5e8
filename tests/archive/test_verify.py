"""`sanchika verify` on the embedded default (SQLite + local folder): a clean archive verifies;
one flipped byte, one deleted object and one stray object are each found exactly; sampling,
resuming, the audit log and the admin API; flat memory on a large object."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from storage import keys
from storage.audit import AuditFilter, AuditLog
from storage.schema import documents, fixity_runs, stored_objects

from ..conftest import SANCHIKA
from .conftest import verify_a_large_original

REPORT_KEYS = ["checked", "ok", "mismatched", "missing", "unreferenced", "seconds"]


def _ctx(settings):  # type: ignore[no-untyped-def]
    from workers.context import WorkerContext

    return WorkerContext(settings.worker_config())


def _cli(settings, *args: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    env = {**os.environ, "SANCHIKA_HOME": str(settings.home)}
    return subprocess.run([str(SANCHIKA), "verify", *args], env=env, capture_output=True, text=True, timeout=300)


def _objects(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and not p.name.endswith(".meta.json"))


def flip_byte(path: Path, at: int = 200) -> None:
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[min(at, len(data) - 1)] ^= 0x01
    path.write_bytes(bytes(data))


def test_a_clean_archive_verifies_every_object(archive) -> None:  # type: ignore[no-untyped-def]
    root = archive.home / "objects"
    stored = _objects(root)
    kinds = {keys.parse(k)[0] for k in stored}  # type: ignore[index]
    assert kinds >= {"original", "page_text", "page_pdf", "document_pdf", "document_text"}, stored
    out = _cli(archive, "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert list(report) == REPORT_KEYS
    assert report["checked"] == report["ok"] == len(stored)
    assert report["mismatched"] == report["missing"] == report["unreferenced"] == []
    with _ctx(archive).engine.connect() as c:  # every object written is in the ledger with its hash
        rows = {r.key: r.sha256 for r in c.execute(select(stored_objects))}
    assert sorted(rows) == stored and all(rows.values())


def test_flipped_byte_deleted_object_and_stray_object_are_each_found(archive) -> None:  # type: ignore[no-untyped-def]
    root = archive.home / "objects"
    ctx = _ctx(archive)
    with ctx.engine.connect() as c:
        docs = {r.name.rsplit("/", 1)[-1]: (r.id, r.sha256) for r in c.execute(select(documents))}
    health_id, health_sha = docs["health.pdf"]
    revenue_id, revenue_sha = docs["revenue.png"]
    flip_byte(root / keys.original(health_sha))
    (root / keys.page_text(revenue_sha, 1)).unlink()
    (root / "pages" / "stray.bin").write_bytes(b"not ours")
    total = len(_objects(root))

    out = _cli(archive, "--json")
    assert out.returncode == 1, out.stderr
    report = json.loads(out.stdout)
    assert report["mismatched"] == [{"key": keys.original(health_sha), "document_id": health_id, "kind": "original"}]
    assert report["missing"] == [{"key": keys.page_text(revenue_sha, 1), "document_id": revenue_id, "kind": "page_text"}]
    assert report["unreferenced"] == [{"key": "pages/stray.bin", "document_id": None, "kind": "other"}]
    assert report["checked"] == total  # every referenced object (the stray one is not) plus the missing one
    assert report["ok"] == total - 2

    human = _cli(archive)
    assert human.returncode == 1 and "MISMATCHED" in human.stdout and keys.original(health_sha) in human.stdout

    audit = AuditLog(ctx.engine).entries(AuditFilter(action="fixity"))
    assert len(audit) == 2 and audit[0]["detail"]["mismatched"] == report["mismatched"]
    assert audit[0]["target_id"] == f"local folder {root.resolve()}"


def test_a_page_rewritten_with_new_bytes_is_not_a_mismatch(archive) -> None:  # type: ignore[no-untyped-def]
    """A rescan rewrites a page's objects through the store: the ledger follows."""
    ctx = _ctx(archive)
    with ctx.engine.connect() as c:
        sha = c.execute(select(documents.c.sha256).where(documents.c.name.like("%education.pdf"))).scalar()
    ctx.store.put_bytes(keys.page_text(sha, 1), json.dumps({"text": "शिक्षा विभाग"}).encode(), "application/json")
    from sanchika.fixity import verify

    result = verify(archive)
    assert not result.failed and result.ok == result.checked


def test_sample_reads_a_stable_share_and_still_finds_missing_objects(archive) -> None:  # type: ignore[no-untyped-def]
    from sanchika.fixity import verify
    from storage.fixity import sampled

    root = archive.home / "objects"
    stored = _objects(root)
    victim = next(k for k in stored if k.startswith("text/"))
    (root / victim).unlink()
    result = verify(archive, sample=0.5)
    expected = {k for k in stored if k != victim and sampled(_seed(archive), k, 0.5)}
    assert result.ok == len(expected) and 0 < len(expected) < len(stored) - 1
    assert [p.key for p in result.missing] == [victim]  # found whether sampled or not
    assert result.checked == result.ok + 1


def _seed(settings) -> str:  # type: ignore[no-untyped-def]
    with _ctx(settings).engine.connect() as c:
        return str(c.execute(select(fixity_runs.c.seed).order_by(fixity_runs.c.id.desc())).scalar())


def test_an_interrupted_run_resumes_where_it_stopped(archive) -> None:  # type: ignore[no-untyped-def]
    from sanchika.fixity import verify

    total = len(_objects(archive.home / "objects"))
    seen: list[str] = []

    def stop_after_three(key: str) -> None:
        seen.append(key)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        verify(archive, on_object=stop_after_three)
    with _ctx(archive).engine.connect() as c:
        run = c.execute(select(fixity_runs)).one()
    assert run.status == "interrupted" and run.cursor == seen[-1] and run.checked == 3

    rest: list[str] = []
    result = verify(archive, on_object=rest.append)
    assert result.resumed and result.run_id == run.id
    assert rest[0] > seen[-1] and len(seen) + len(rest) == total  # nothing read twice, nothing left out
    assert result.checked == result.ok == total

    again = verify(archive)  # a finished run is not resumed
    assert not again.resumed and again.run_id != run.id and again.checked == total


def test_a_running_verify_is_not_run_twice_until_it_goes_stale(archive) -> None:  # type: ignore[no-untyped-def]
    from domain.errors import UsageError
    from sanchika.fixity import verify

    engine = _ctx(archive).engine
    with pytest.raises(KeyboardInterrupt):
        verify(archive, on_object=lambda key: (_ for _ in ()).throw(KeyboardInterrupt()))
    with engine.begin() as c:  # as if the process had been killed (SIGKILL) in the middle
        c.execute(update(fixity_runs).values(status="running"))
    with pytest.raises(UsageError) as err:
        verify(archive)
    assert err.value.code == "verify.running"
    with engine.begin() as c:
        c.execute(update(fixity_runs).values(updated_at=func.datetime("now", "-10 minutes")))
    assert verify(archive).resumed


def test_objects_stored_before_the_ledger_are_adopted_then_checked(archive) -> None:  # type: ignore[no-untyped-def]
    """An archive from before migration 0008: rows without a hash, page PDFs not in the ledger."""
    from alembic import command

    from sanchika.fixity import verify
    from storage.db import alembic_config, upgrade

    engine = _ctx(archive).engine
    with engine.connect() as conn:
        command.downgrade(alembic_config(conn), "0007")
        conn.commit()
    upgrade(engine, "head")
    with engine.connect() as c:
        rows = {r.key: r.sha256 for r in c.execute(select(stored_objects))}
    assert rows and all(v for k, v in rows.items() if k.startswith("originals/"))
    assert any(v is None for v in rows.values()) and not any(k.startswith("pages/") and k.endswith(".pdf") for k in rows)
    first = verify(archive)
    assert not first.failed and not first.unreferenced and first.ok == len(_objects(archive.home / "objects"))
    with engine.connect() as c:
        assert all(r.sha256 for r in c.execute(select(stored_objects)))
    pdf = next(p for p in (archive.home / "objects" / "pages").rglob("*.pdf"))
    flip_byte(pdf)
    assert [p.key for p in verify(archive).mismatched] == [str(pdf.relative_to(archive.home / "objects"))]


def test_memory_stays_flat_on_a_large_object(archive, tmp_path) -> None:  # type: ignore[no-untyped-def]
    result, peak, _ = verify_a_large_original(_ctx(archive), tmp_path)
    assert result.ok == result.checked and result.bytes > 48 << 20
    assert peak < 8 << 20, f"verify held {peak / 2**20:.1f} MiB for a 48 MiB object"


def test_admins_see_the_last_result_in_the_web_api(archive) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from sanchika.api import create_app
    from sanchika.fixity import verify

    app = create_app(archive)
    accounts = app.state.services.accounts
    admin = {"Authorization": f"Bearer {accounts.add_user('arun', 'admin')[1]}"}
    operator = {"Authorization": f"Bearer {accounts.add_user('olga', 'operator')[1]}"}
    client = TestClient(app)
    assert client.get("/api/fixity", headers=admin).json() is None
    root = archive.home / "objects"
    victim = next(k for k in _objects(root) if k.startswith("pdf/"))
    (root / victim).unlink()
    verify(archive, user="cron")
    assert client.get("/api/fixity", headers=operator).status_code == 403
    body = client.get("/api/fixity", headers=admin).json()
    assert body["user"] == "cron" and body["missing"][0]["key"] == victim and body["checked"] == body["ok"] + 1
    entries = client.get("/api/audit", params={"action": "fixity"}, headers=admin).json()
    assert entries[0]["detail"]["missing"][0]["key"] == victim


def test_sample_must_be_a_fraction(archive) -> None:  # type: ignore[no-untyped-def]
    out = _cli(archive, "--sample", "0")
    assert out.returncode == 2 and "error [usage]" in out.stderr
