"""Start-up checks name the setting to fix; the completion claim publishes a document's task
exactly once even when its last pages finish at the same moment (real PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import threading
import time

import pytest
from sqlalchemy import update

from domain.errors import DependencyError
from sanchika.checks import check_broker, check_database, check_services, check_store, check_tesseract
from storage.schema import pages
from tests.services.postgres import fresh_database
from workers.config import StoreConfig, WorkerConfig
from workers.context import WorkerContext

from .harness import SANCHIKA


def test_a_working_deployment_passes(server) -> None:  # type: ignore[no-untyped-def]
    check_services(server.settings())
    assert server.store().client.bucket_exists(server.env["SANCHIKA_S3_BUCKET"])  # created by the check


@pytest.mark.parametrize("override,setting,check", [
    ({"SANCHIKA_BROKER_URL": "redis://127.0.0.1:9/0"}, "SANCHIKA_BROKER_URL", check_broker),
    ({"SANCHIKA_DATABASE_URL": "postgresql+psycopg://postgres@127.0.0.1:9/x"}, "SANCHIKA_DATABASE_URL", check_database),
    ({"SANCHIKA_S3_SECRET_KEY": "wrong-secret"}, "SANCHIKA_S3_ACCESS_KEY", check_store),
    ({"SANCHIKA_S3_ENDPOINT": "http://127.0.0.1:9"}, "SANCHIKA_S3_ENDPOINT", check_store),
    ({"SANCHIKA_OCR_LANG": "Devanagari+xyz"}, "SANCHIKA_OCR_LANG", check_tesseract),
])
def test_each_broken_backend_names_its_setting(server, override, setting, check) -> None:  # type: ignore[no-untyped-def]
    server.env.update(override)
    started = time.monotonic()
    with pytest.raises(DependencyError) as err:
        check(server.settings())
    assert setting in err.value.message
    assert time.monotonic() - started < 30


def test_a_c_ctype_database_is_refused(server) -> None:  # type: ignore[no-untyped-def]
    url, drop = fresh_database("ctype_c", ctype="C")
    try:
        server.env["SANCHIKA_DATABASE_URL"] = url
        with pytest.raises(DependencyError, match="SANCHIKA_DATABASE_URL") as err:
            check_database(server.settings())
        assert "UTF-8" in err.value.message
    finally:
        drop()


def test_worker_command_fails_fast_on_a_dead_broker(server) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, **server.env, "SANCHIKA_BROKER_URL": "redis://127.0.0.1:9/0"}
    out = subprocess.run([str(SANCHIKA), "worker", "-Q", "ocr"], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 4
    assert "SANCHIKA_BROKER_URL" in out.stderr and "Traceback" not in out.stderr


def test_completion_is_claimed_exactly_once(postgres, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from storage.work import claim_completion

    url, drop = fresh_database("claim")
    try:
        ctx = WorkerContext(WorkerConfig(database_url=url, store=StoreConfig(kind="local", root=tmp_path / "o")))
        cat = ctx.catalog
        batch = cat.create_batch("b", "t")
        published: list[str] = []
        lock = threading.Lock()

        def publish(doc_id: str) -> None:
            with lock:
                published.append(doc_id)

        for round_no in range(15):
            sha = f"{round_no:02d}" + "a" * 62
            cat.record_source(sha, "pdf", 1, "x.pdf")
            doc = cat.create_document(sha, batch, f"d{round_no}.pdf", "", "pdf", 4)
            with ctx.engine.begin() as c:  # pages 1 and 2 done; 3 and 4 finish together below
                c.execute(update(pages).where(pages.c.document_id == doc, pages.c.page_no <= 2).values(status="done"))
            assert not claim_completion(ctx.engine, doc, publish)  # pages still queued: no claim
            barrier = threading.Barrier(2)

            def finish(page_no: int, doc: str = doc, barrier: threading.Barrier = barrier) -> None:
                barrier.wait()
                with ctx.engine.begin() as c:
                    c.execute(update(pages).where(pages.c.document_id == doc, pages.c.page_no == page_no).values(status="done"))
                claim_completion(ctx.engine, doc, publish)

            threads = [threading.Thread(target=finish, args=(n,)) for n in (3, 4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert published.count(doc) == 1, round_no
            assert not claim_completion(ctx.engine, doc, publish)  # a redelivered page task: no second claim
            assert published.count(doc) == 1

        # a failed publish rolls the claim back, so the next attempt claims again
        sha = "ff" + "b" * 62
        cat.record_source(sha, "pdf", 1, "y.pdf")
        doc = cat.create_document(sha, batch, "y.pdf", "", "pdf", 1)
        with ctx.engine.begin() as c:
            c.execute(update(pages).where(pages.c.document_id == doc).values(status="failed"))

        def broken(_: str) -> None:
            raise ConnectionError("broker down")

        with pytest.raises(ConnectionError):
            claim_completion(ctx.engine, doc, broken)
        assert claim_completion(ctx.engine, doc, publish) and published.count(doc) == 1
        ctx.engine.dispose()
    finally:
        drop()
