"""A batch end to end in server mode: PostgreSQL + Redis + SeaweedFS S3 + `sanchika worker`
processes (one on queue ocr, one on queue post), then `sanchika queues`."""

from __future__ import annotations

import json
import os
import subprocess

from sanchika.pipeline import process_batch

from .harness import SANCHIKA, assert_batch_complete, make_batch


def test_batch_end_to_end_on_celery_workers(server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    server.start_worker("ocr", concurrency=2)
    server.start_worker("post", concurrency=1)
    folder, n_pages = make_batch(tmp_path / "scans", docs=3, pages_per_doc=2)
    seen_pages, seen_docs = [], []
    from sanchika.pipeline import Progress

    report = process_batch([folder], server.settings(), batch_name="srv", operator="t",
                           progress=Progress(on_page=seen_pages.append, on_document=seen_docs.append))
    assert report.counts() == {"done": 3}, [(f.path, f.status, f.error) for f in report.files]
    assert sorted((p.document_id, p.page) for p in seen_pages) == sorted({(p.document_id, p.page) for p in seen_pages})
    assert len(seen_pages) == n_pages and len(seen_docs) == 3
    assert_batch_complete(server, report.batch_id, 3, n_pages)

    out = subprocess.run([str(SANCHIKA), "queues", "--json"], env=dict(os.environ, **server.env),
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    status = json.loads(out.stdout)
    assert status["queues"] == {"ocr": 0, "post": 0}
    assert status["online"] == 2
    assert status["pages_per_hour"] == n_pages
    assert status["failed_pages_last_hour"] == 0


def test_process_command_in_server_mode(server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    server.start_worker("ocr,post", concurrency=2)
    folder, _ = make_batch(tmp_path / "scans", docs=1, pages_per_doc=1, seed=7)
    out = subprocess.run([str(SANCHIKA), "process", str(folder), "--json"], env=dict(os.environ, **server.env),
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert [f["status"] for f in report["files"]] == ["done"]
    out = subprocess.run([str(SANCHIKA), "queues"], env=dict(os.environ, **server.env),
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "workers online 1" in out.stdout, out.stdout + out.stderr
