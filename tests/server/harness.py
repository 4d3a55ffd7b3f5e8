"""Server mode under test: real PostgreSQL, Redis, SeaweedFS S3 and `sanchika worker` processes.

Every background process is started here and stopped by its own PID (a worker is the leader of
its own process group, so SIGKILL to that group also takes its pool children). Nothing is ever
stopped by name.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select

from storage import keys
from storage.schema import batch_items, digital_files, documents, pages

from .. import pagegen
from ..scans import EDUCATION_LINES, HEALTH_LINES, REVENUE_LINES, page

REPO = Path(__file__).resolve().parents[2]
SANCHIKA = REPO / ".venv" / "bin" / "sanchika"


def make_batch(root: Path, docs: int = 4, pages_per_doc: int = 3, seed: int = 0) -> tuple[Path, int]:
    """``docs`` scanned PDFs of ``pages_per_doc`` A5 200 dpi pages each, all different bytes.
    Returns the folder and the number of pages."""
    root.mkdir(parents=True, exist_ok=True)
    texts = [REVENUE_LINES, EDUCATION_LINES, HEALTH_LINES]
    for d in range(docs):
        lines = texts[d % len(texts)]
        imgs = [page(lines[: 3 + (p % 3)] + [f"{seed}-{d}-{p}"], seed * 1000 + d * 10 + p) for p in range(pages_per_doc)]
        (root / f"doc{d:02d}.pdf").write_bytes(pagegen.image_pdf(imgs, dpi=200))
    return root, docs * pages_per_doc


@dataclass
class Worker:
    proc: subprocess.Popen[bytes]
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = 30.0) -> None:
        """Warm shutdown (SIGTERM to the worker's PID), SIGKILL to its group after ``timeout``."""
        if not self.alive():
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        self._reap_group()

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes (its own process group, pgid = its PID)."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(10)

    def _reap_group(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # leftover pool children of this worker only
        except ProcessLookupError:
            pass


@dataclass
class Server:
    """One test's server-mode deployment: its own database, bucket, broker db and home."""

    env: dict[str, str]
    home: Path
    workers: list[Worker] = field(default_factory=list)

    def settings(self):  # type: ignore[no-untyped-def]
        from sanchika.settings import Settings

        values = {k[len("SANCHIKA_"):].lower(): v for k, v in self.env.items() if k.startswith("SANCHIKA_")}
        return Settings(**values)

    def start_worker(self, queues: str = "ocr,post", concurrency: int = 1, wait: bool = True) -> Worker:
        log = self.home / f"worker-{len(self.workers)}.log"
        env = dict(os.environ, **self.env, OMP_THREAD_LIMIT="1")
        with log.open("ab") as out:
            proc = subprocess.Popen([str(SANCHIKA), "worker", "-Q", queues, "--concurrency", str(concurrency),
                                     "--name", f"w{len(self.workers)}-{uuid.uuid4().hex[:6]}@test"],
                                    env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    start_new_session=True, cwd=self.home)
        worker = Worker(proc, log)
        self.workers.append(worker)
        if wait:
            self.wait_ready(worker)
        return worker

    def wait_ready(self, worker: Worker, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not worker.alive():
                raise RuntimeError(f"worker exited {worker.proc.returncode}:\n{worker.log.read_text()[-3000:]}")
            if b"ready." in worker.log.read_bytes():
                return
            time.sleep(0.2)
        raise RuntimeError(f"worker not ready in {timeout} s:\n{worker.log.read_text()[-3000:]}")

    def stop_workers(self) -> None:
        for w in self.workers:
            w.stop()

    def engine(self):  # type: ignore[no-untyped-def]
        return create_engine(self.env["SANCHIKA_DATABASE_URL"], pool_pre_ping=True)

    def pages_done(self) -> int:
        from sqlalchemy.exc import DBAPIError

        eng = self.engine()
        try:
            with eng.connect() as c:
                return int(c.execute(select(func.count()).select_from(pages).where(pages.c.status != "queued")).scalar() or 0)
        except DBAPIError:  # no schema yet, or the connection was just dropped by a fault
            return 0
        finally:
            eng.dispose()

    def store(self):  # type: ignore[no-untyped-def]
        from storage.s3_store import S3Store

        e = self.env
        return S3Store(e["SANCHIKA_S3_ENDPOINT"], e["SANCHIKA_S3_ACCESS_KEY"], e["SANCHIKA_S3_SECRET_KEY"],
                       e["SANCHIKA_S3_BUCKET"], self.home / "check-cache")


def run_in_thread(fn: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["result"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            box["error"] = exc

    t = threading.Thread(target=target, daemon=True)
    t.start()
    return t, box


def wait_for(cond: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def assert_batch_complete(server: Server, batch_id: str, expected_docs: int, expected_pages: int) -> None:
    """Every page processed exactly once: one done row per page, every document done once, every
    batch item done, no digital file twice, and exactly the expected objects in the bucket."""
    eng = server.engine()
    try:
        with eng.connect() as c:
            items = c.execute(select(batch_items).where(batch_items.c.batch_id == batch_id)).all()
            docs = c.execute(select(documents).where(documents.c.batch_id == batch_id)).all()
            doc_ids = [d.id for d in docs]
            page_rows = c.execute(select(pages).where(pages.c.document_id.in_(doc_ids))).all()
            files = c.execute(select(digital_files.c.key, func.count()).group_by(digital_files.c.key)).all()
            batch_status = c.execute(select(func.count()).select_from(batch_items).where(
                batch_items.c.batch_id == batch_id, batch_items.c.status != "done")).scalar()
    finally:
        eng.dispose()
    assert len(items) == expected_docs and batch_status == 0, [(i.name, i.status, i.error_code) for i in items]
    assert len(docs) == expected_docs and {d.status for d in docs} == {"done"}, [(d.name, d.status, d.error_code) for d in docs]
    assert len(page_rows) == expected_pages
    assert {(r.status, r.error_code) for r in page_rows} == {("done", None)}, [(r.document_id, r.page_no, r.status, r.error_code) for r in page_rows if r.status != "done"]
    assert len({(r.document_id, r.page_no) for r in page_rows}) == expected_pages
    assert all(n == 1 for _, n in files)
    assert all((r.text or "").strip() for r in page_rows)
    expected = set()
    for d in docs:
        expected |= {keys.original(d.sha256), keys.document_pdf(d.sha256), keys.document_text(d.sha256)}
        for r in page_rows:
            if r.document_id == d.id:
                expected |= {keys.page_text(d.sha256, r.page_no), keys.page_pdf(d.sha256, r.page_no)}
    store = server.store()
    actual = store.keys()
    assert sorted(actual) == sorted(expected)
    for key in expected:  # every object verifies against its SHA-256
        store.get_bytes(key)
