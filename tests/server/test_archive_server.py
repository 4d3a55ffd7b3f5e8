"""Archive safety in server mode: PostgreSQL, Celery workers over Redis, SeaweedFS S3 (issue 21).

One deployment per module: a batch processed by a real `sanchika worker`; each test leaves the
bucket and the database as it found them (damage is repaired at the end of the test)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import uuid

import pytest
from sqlalchemy import delete, select

from domain.errors import DependencyError, IntegrityError
from storage import keys
from storage.audit import AuditFilter, AuditLog
from storage.schema import documents, stored_objects
from tests.archive.conftest import DOCUMENTS, verify_a_large_original, write_inputs
from tests.services.postgres import fresh_database

from .conftest import _server_env, broker_url
from .harness import SANCHIKA, Server


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, s3, postgres):  # type: ignore[no-untyped-def]
    from sanchika.pipeline import process_batch

    root = tmp_path_factory.mktemp("archive-server")
    broker, release = broker_url(root)
    url, drop = fresh_database("archive")
    srv = Server(_server_env(root / "home", url, broker, s3), root / "home")
    srv.home.mkdir()
    try:
        srv.start_worker("ocr,post", concurrency=2)
        report = process_batch([write_inputs(root / "in", seed=3)], srv.settings(), batch_name="archive", operator="t")
        assert report.counts() == {"done": len(DOCUMENTS)}, report.to_json()
        yield srv
    finally:
        srv.stop_workers()
        release()
        drop()


def _ctx(server: Server):  # type: ignore[no-untyped-def]
    from workers.context import WorkerContext

    return WorkerContext(server.settings().worker_config())


def _verify_cli(server: Server, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SANCHIKA), "verify", *args], env=dict(os.environ, **server.env),
                          capture_output=True, text=True, timeout=300)


def _doc(server: Server, name: str) -> tuple[str, str]:
    eng = server.engine()
    try:
        with eng.connect() as c:
            row = c.execute(select(documents.c.id, documents.c.sha256).where(documents.c.name.like(f"%{name}"))).one()
    finally:
        eng.dispose()
    return row.id, row.sha256


def test_verify_a_clean_bucket(deployment) -> None:  # type: ignore[no-untyped-def]
    out = _verify_cli(deployment, "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    n = len(deployment.store().keys())
    assert report["checked"] == report["ok"] == n > 5
    assert report["mismatched"] == report["missing"] == report["unreferenced"] == []


def test_verify_finds_a_flipped_byte_a_deleted_object_and_a_stray_one(deployment) -> None:  # type: ignore[no-untyped-def]
    store = deployment.store()
    client, bucket = store.client, store.bucket
    health_id, health_sha = _doc(deployment, "health.pdf")
    revenue_id, revenue_sha = _doc(deployment, "revenue.png")
    rotten, lost = keys.document_pdf(health_sha), keys.page_text(revenue_sha, 1)
    saved = {k: (store.get_bytes(k), store.stat(k)) for k in (rotten, lost)}
    data = bytearray(saved[rotten][0])
    data[len(data) // 2] ^= 0x01  # bit rot: the bytes change, the object's own metadata does not
    client.put_object(bucket, rotten, io.BytesIO(bytes(data)), len(data), content_type="application/pdf",
                      metadata={"sha256": saved[rotten][1][2]})
    client.remove_object(bucket, lost)
    client.put_object(bucket, "uploads/stray.pdf", io.BytesIO(b"%PDF-stray"), 10)
    try:
        out = _verify_cli(deployment, "--json")
        assert out.returncode == 1, out.stderr
        report = json.loads(out.stdout)
        assert report["mismatched"] == [{"key": rotten, "document_id": health_id, "kind": "document_pdf"}]
        assert report["missing"] == [{"key": lost, "document_id": revenue_id, "kind": "page_text"}]
        assert report["unreferenced"] == [{"key": "uploads/stray.pdf", "document_id": None, "kind": "other"}]
        assert report["ok"] == report["checked"] - 2
        entries = AuditLog(_ctx(deployment).engine).entries(AuditFilter(action="fixity"))
        assert entries[0]["detail"]["missing"] == report["missing"]
    finally:
        for key, (body, (_, ctype, sha)) in saved.items():
            client.put_object(bucket, key, io.BytesIO(body), len(body), content_type=ctype, metadata={"sha256": sha})
        client.remove_object(bucket, "uploads/stray.pdf")
    assert _verify_cli(deployment, "--json").returncode == 0


def test_verify_streams_a_large_object_from_s3(deployment, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx = _ctx(deployment)
    try:
        result, peak, key = verify_a_large_original(ctx, tmp_path)
        assert not result.failed and result.bytes > 48 << 20
        assert peak < 8 << 20, f"verify held {peak / 2**20:.1f} MiB for a 48 MiB object"
    finally:
        for k in deployment.store().keys("originals/"):
            if k not in {keys.original(_doc(deployment, n)[1]) for n in DOCUMENTS}:
                deployment.store().client.remove_object(deployment.store().bucket, k)
                with ctx.engine.begin() as c:
                    c.execute(delete(stored_objects).where(stored_objects.c.key == k))


def test_an_original_in_s3_is_write_once(deployment, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ctx = _ctx(deployment)
    _, sha = _doc(deployment, "education.pdf")
    key = keys.original(sha)
    before = ctx.store.get_bytes(key)
    same = tmp_path / "same.pdf"
    same.write_bytes(before)
    ctx.store.put_file(key, same, "application/pdf", sha)  # idempotent retry
    with pytest.raises(IntegrityError) as err:
        ctx.store.put_bytes(key, before + b"%changed", "application/pdf")
    assert err.value.code == "integrity.write_once"
    assert ctx.store.get_bytes(key) == before
    refused = AuditLog(ctx.engine).entries(AuditFilter(action="write_refused"))
    assert [e["target_id"] for e in refused] == [key]


def test_bucket_protection_is_checked_at_start_up(deployment) -> None:  # type: ignore[no-untyped-def]
    from sanchika.checks import check_store

    plain = deployment.settings()
    with pytest.raises(DependencyError) as err:
        check_store(plain.model_copy(update=dict(s3_protection="versioning")))
    assert err.value.code == "dependency.s3_protection" and "mc version enable" in err.value.message
    versioned = plain.model_copy(update=dict(s3_bucket=f"v-{uuid.uuid4().hex[:10]}", s3_protection="versioning"))
    check_store(versioned)  # a bucket Sanchika creates gets the protection asked for
    locked = plain.model_copy(update=dict(s3_bucket=f"l-{uuid.uuid4().hex[:10]}", s3_protection="object_lock"))
    check_store(locked)
    with pytest.raises(DependencyError):
        check_store(versioned.model_copy(update=dict(s3_protection="object_lock")))  # versioning alone is not a lock
    out = subprocess.run([str(SANCHIKA), "worker", "-Q", "ocr", "--concurrency", "1"],
                         env=dict(os.environ, **deployment.env, SANCHIKA_S3_PROTECTION="object_lock"),
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 4 and "error [dependency.s3_protection]" in out.stderr, out.stderr[-2000:]


def test_a_ledger_from_before_migration_0008_is_filled_on_postgresql(deployment) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    from storage.db import alembic_config, upgrade

    engine = _ctx(deployment).engine
    with engine.connect() as conn:
        command.downgrade(alembic_config(conn), "0007")
        conn.commit()
    upgrade(engine)
    with engine.connect() as c:
        rows = {r.key: r.sha256 for r in c.execute(select(stored_objects))}
    _, revenue_sha = _doc(deployment, "revenue.png")
    assert rows[keys.page_text(revenue_sha, 1)] is None and rows[keys.original(revenue_sha)] == revenue_sha
    out = _verify_cli(deployment, "--json")
    assert out.returncode == 0, out.stdout + out.stderr
    report = json.loads(out.stdout)
    assert report["ok"] == len(deployment.store().keys()) and not report["unreferenced"]


def test_backup_restores_into_a_fresh_postgresql_and_a_fresh_seaweedfs(deployment, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.archive.test_backup import hits, run
    from tests.services.seaweed import SeaweedS3

    before = hits(deployment.home, deployment.env)
    assert all(before.values()), before
    out = run(deployment.home, "backup", str(tmp_path / "backup"), "--json", env=deployment.env)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert summary["dialect"] == "postgresql" and summary["objects"] == len(deployment.store().keys())
    assert (tmp_path / "backup" / "database.pgdump").stat().st_size > 0

    url, drop = fresh_database("restored")
    fresh_home = tmp_path / "fresh-home"
    with SeaweedS3(tmp_path / "seaweed2") as s3b:
        env = {**deployment.env, "SANCHIKA_HOME": str(fresh_home), "SANCHIKA_DATABASE_URL": url,
               "SANCHIKA_S3_ENDPOINT": s3b.endpoint, "SANCHIKA_S3_ACCESS_KEY": s3b.access_key,
               "SANCHIKA_S3_SECRET_KEY": s3b.secret_key, "SANCHIKA_S3_BUCKET": "restored"}
        try:
            out = run(fresh_home, "restore", str(tmp_path / "backup"), "--json", env=env)
            assert out.returncode == 0, out.stderr + out.stdout
            verify = json.loads(out.stdout)["verify"]
            assert verify["checked"] == verify["ok"] == summary["objects"]
            assert verify["mismatched"] == verify["missing"] == verify["unreferenced"] == []
            assert hits(fresh_home, env) == before
            again = run(fresh_home, "restore", str(tmp_path / "backup"), env=env)
            assert again.returncode == 2 and "restore.not_empty" in again.stderr
        finally:
            drop()


def test_the_document_pdf_in_s3_is_pdfa(deployment, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A scanned page (OCR's text) and a letter in a legacy font not embedded (its converted text)."""
    from storage.schema import pages
    from tests.archive.test_pdfa import check_archival

    for name, exact in (("revenue.png", False), ("legacy.pdf", True)):
        doc_id, sha = _doc(deployment, name)
        eng = deployment.engine()
        try:
            with eng.connect() as c:
                text = c.execute(select(pages.c.text).where(pages.c.document_id == doc_id)).scalar()
        finally:
            eng.dispose()
        check_archival(deployment.store().get_bytes(keys.document_pdf(sha)), text, tmp_path, exact=exact)


def test_watch_in_server_mode_hands_the_pages_to_celery_workers(deployment, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests import pagegen
    from tests.scans import page

    inbox = tmp_path / "inbox"
    (inbox / "box-12").mkdir(parents=True)
    (inbox / "box-12" / "scan.png").write_bytes(pagegen.image_bytes(page(["कार्यालय जिला कलेक्टर", "box 12"], 41),
                                                                       "PNG", dpi=200))
    (inbox / "box-12" / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    env = dict(os.environ, **deployment.env, SANCHIKA_WATCH_SETTLE_SECONDS="1", SANCHIKA_WATCH_INTERVAL="0.3")
    out = subprocess.run([str(SANCHIKA), "watch", str(inbox), "--once", "--operator", "seema", "--json"],
                         env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    [result] = json.loads(out.stdout)
    assert result["name"] == "box-12" and result["done"] == ["box-12/scan.png"] and result["failed"] == ["box-12/broken.pdf"]
    assert sorted(p.name for p in (inbox / "done" / "box-12").iterdir()) == ["scan.png"]
    assert "error [input.corrupt]" in (inbox / "failed" / "box-12" / "broken.pdf.error.txt").read_text()
    eng = deployment.engine()
    try:
        with eng.connect() as c:
            doc = c.execute(select(documents.c.status).where(documents.c.name.like("%scan.png"))).scalar()
    finally:
        eng.dispose()
    assert doc == "done"
