"""Originals are write-once (embedded default; tests/server/test_archive_server.py does S3): the
same bytes again are fine (retries stay idempotent), other bytes are refused, logged, audited."""

from __future__ import annotations

import logging
import stat

import pytest
from sqlalchemy import select

from domain.errors import IntegrityError
from storage import keys
from storage.audit import AuditFilter, AuditLog
from storage.schema import documents, stored_objects


def _ctx(settings):  # type: ignore[no-untyped-def]
    from workers.context import WorkerContext

    return WorkerContext(settings.worker_config())


def test_an_original_cannot_be_overwritten_with_other_bytes(archive, tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    ctx = _ctx(archive)
    with ctx.engine.connect() as c:
        sha = c.execute(select(documents.c.sha256).where(documents.c.name.like("%health.pdf"))).scalar()
    key = keys.original(sha)
    path = archive.home / "objects" / key
    before = path.read_bytes()
    assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)  # read-only on disk

    same = tmp_path / "same.pdf"
    same.write_bytes(before)
    ctx.store.put_file(key, same, "application/pdf", sha)  # a retry: nothing to do, no error
    ctx.store.put_file(key, same, "application/pdf")

    other = tmp_path / "other.pdf"
    other.write_bytes(before + b"\n% appended")
    with caplog.at_level(logging.ERROR, logger="storage.objects"), pytest.raises(IntegrityError) as err:
        ctx.store.put_file(key, other, "application/pdf")
    assert err.value.code == "integrity.write_once" and err.value.exit_code == 1 and err.value.http_status == 409
    with pytest.raises(IntegrityError):
        ctx.store.put_bytes(key, b"%PDF-1.4 something else", "application/pdf")
    assert path.read_bytes() == before
    assert any("refused to overwrite" in r.getMessage() for r in caplog.records)
    refused = AuditLog(ctx.engine).entries(AuditFilter(action="write_refused"))
    assert len(refused) == 2 and {e["target_id"] for e in refused} == {key}
    assert refused[0]["detail"]["code"] == "integrity.write_once"
    with ctx.engine.connect() as c:  # the ledger still holds the original's own hash
        assert c.execute(select(stored_objects.c.sha256).where(stored_objects.c.key == key)).scalar() == sha

    from sanchika.fixity import verify

    assert not verify(archive).failed


def test_outputs_are_not_write_once(archive) -> None:  # type: ignore[no-untyped-def]
    """Page text and PDFs are rebuilt (rescans, re-runs): rewriting them is how they change."""
    ctx = _ctx(archive)
    with ctx.engine.connect() as c:
        sha = c.execute(select(documents.c.sha256).where(documents.c.name.like("%education.pdf"))).scalar()
    ctx.store.put_bytes(keys.document_pdf(sha), b"%PDF-1.4 rebuilt", "application/pdf")
    assert ctx.store.get_bytes(keys.document_pdf(sha)) == b"%PDF-1.4 rebuilt"


def test_a_retried_ingest_stores_the_same_original_again(archive, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A batch that stopped after storing an original (before its document existed) is run again:
    the second write of the same bytes goes through and the document is made."""
    from ingest.spool import sha256_file
    from sanchika.pipeline import process_batch
    from tests import pagegen

    src = tmp_path / "in" / "retry.pdf"
    src.parent.mkdir()
    src.write_bytes(pagegen.text_pdf(["जिला कार्यालय कृषि विभाग", "retry"]))
    _ctx(archive).store.put_file(keys.original(sha256_file(src)), src, "application/pdf")
    report = process_batch([src.parent], archive, batch_name="retry")
    assert report.counts() == {"done": 1}, report.to_json()
