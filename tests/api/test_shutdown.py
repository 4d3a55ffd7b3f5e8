"""A server stopped in the middle of an upload loses nothing (issue 20 point 2): the app's shutdown
stops the executor in order (no further file stored, no further page started, the pool stopped
after SANCHIKA_SHUTDOWN_SECONDS), the uploaded copies stay with a record of the ingest, and
`sanchika requeue` stores the rest in order and reads everything: every input uploaded ends as an
item of the batch, each read once. The stopped upload is marked as stopped cleanly, as a stopped
`sanchika process` is, so a plain `sanchika requeue` finishes it at once."""

from __future__ import annotations

import io
import time
import zipfile

from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select

from sanchika.api import create_app
from sanchika.ingest_record import stopped_marks
from sanchika.requeue import requeue
from sanchika.settings import Settings
from storage.schema import batch_items, batches, documents, pages
from tests import pagegen

SLOW = {"seconds": 0.0}


def _sheet(i: int) -> bytes:
    img = Image.new("L", (850, 1100), 255)  # a blank sheet: read fast, each a different file
    img.putpixel((5 + i, 5), 200)
    return pagegen.image_bytes(img, "PNG", dpi=100)


def _slowly(ingest_one):  # type: ignore[no-untyped-def]
    def ingest(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(SLOW["seconds"])
        return ingest_one(*args, **kwargs)
    return ingest


def test_a_server_stopped_mid_upload_loses_no_input(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sanchika.pipeline as pipeline

    monkeypatch.setattr(pipeline, "_ingest_one", _slowly(pipeline._ingest_one))
    settings = Settings(home=tmp_path / "home", workers=1, shutdown_seconds=0)  # the pool is stopped under its pages
    app = create_app(settings)
    services = app.state.services
    token = services.accounts.add_user("olga", "operator")[1]
    bundle = io.BytesIO()
    with zipfile.ZipFile(bundle, "w") as z:
        for i in range(3):
            z.writestr(f"inner-{i}.png", _sheet(10 + i))
    files = [("files", (f"sheet-{i}.png", _sheet(i), "image/png")) for i in range(4)]
    files.insert(2, ("files", ("bundle.zip", bundle.getvalue(), "application/zip")))
    names = ["sheet-0.png", "sheet-1.png", "bundle.zip!inner-0.png", "bundle.zip!inner-1.png", "bundle.zip!inner-2.png",
             "sheet-2.png", "sheet-3.png"]

    SLOW["seconds"] = 0.5
    engine = services.ctx.engine
    with TestClient(app) as client:  # leaving it stops the app (its lifespan's end), as Ctrl-C stops uvicorn
        r = client.post("/api/batches", files=files, headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 202, r.text
        batch_id = r.json()["id"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with engine.connect() as c:
                stored = c.execute(select(func.count()).select_from(documents)).scalar()
            if stored >= 2:
                break
            time.sleep(0.05)
        assert stored >= 2
    executor = services.executor
    assert executor._driver is None and executor.current_pool is None  # stopped, its processes gone

    with engine.connect() as c:
        status = c.execute(select(batches.c.status).where(batches.c.id == batch_id)).scalar()
        recorded = c.execute(select(batch_items.c.name).where(batch_items.c.batch_id == batch_id)
                             .order_by(batch_items.c.seq)).scalars().all()
    assert status == "ingesting" and 2 <= len(recorded) < len(names)  # stopped in the middle of the ingest
    assert recorded == names[:len(recorded)]
    record = settings.spool_dir / "ingests" / f"{batch_id}.json"
    uploads = list((settings.spool_dir / "uploads").iterdir())
    assert record.exists() and len(uploads) == 1  # the copies not yet stored are kept, with their record

    # stopped cleanly by the shutdown, the batch is marked as a stopped `sanchika process` marks its
    # own (spool/ingests/<batch>.stopped): a plain requeue finishes it at once, not after --min-age
    assert stopped_marks(settings) == [batch_id]
    SLOW["seconds"] = 0.0
    report = requeue(settings)
    assert report.stopped == [batch_id] and report.too_young == 0
    assert report.ingests_resumed == [batch_id] and report.items_interrupted == 0
    assert stopped_marks(settings) == []  # taken by that requeue
    with engine.connect() as c:
        items = c.execute(select(batch_items.c.name, batch_items.c.status, batch_items.c.document_id)
                          .where(batch_items.c.batch_id == batch_id).order_by(batch_items.c.seq)).all()
        status = c.execute(select(batches.c.status).where(batches.c.id == batch_id)).scalar()
        page_states = c.execute(select(pages.c.status, func.count()).group_by(pages.c.status)).all()
        doc_states = c.execute(select(documents.c.status, func.count()).group_by(documents.c.status)).all()
    assert [i.name for i in items] == names  # every input, once, in the order uploaded
    assert {i.status for i in items} == {"done"} and len({i.document_id for i in items}) == len(names)
    assert status == "done"
    assert dict(page_states) == {"done": len(names)} and dict(doc_states) == {"done": len(names)}
    assert not record.exists() and not uploads[0].exists()  # the copies go once every input is stored
    assert requeue(settings, min_age=0).nothing_to_do


def test_a_real_server_stopped_by_sigterm_marks_its_upload_and_leaves_no_process(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`sanchika serve` stopped by SIGTERM (`systemctl stop`) while an upload's long page is being
    read: past SANCHIKA_SHUTDOWN_SECONDS the pool's processes and their page processes are stopped
    (none of its session is left reading), the batch is marked as stopped cleanly, and a plain
    `sanchika requeue` finishes it at once."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    import httpx

    from tests.api.serving import start_serve
    from tests.test_cli_stop import _heavy_page, _session

    repo = Path(__file__).resolve().parents[2]
    settings = Settings(home=tmp_path / "home", workers=1)
    env = {"SANCHIKA_HOME": str(settings.home), "SANCHIKA_WORKERS": "1", "SANCHIKA_SHUTDOWN_SECONDS": "0.5",
           "PATH": "/usr/bin:/bin", "PYTHONPATH": str(repo)}
    added = subprocess.run([sys.executable, "-m", "sanchika", "users", "add", "olga", "--role", "operator"], env=env,
                           capture_output=True, text=True, check=True)
    token = added.stdout.strip()
    server, base = start_serve(env, tmp_path, timeout=60, new_session=True)
    try:
        files = [("files", ("register.png", _heavy_page(), "image/png"))]
        r = httpx.post(f"{base}/api/batches", files=files, headers={"Authorization": f"Bearer {token}"}, timeout=60)
        assert r.status_code == 202, r.text
        batch_id = r.json()["id"]
        time.sleep(3.0)  # stored, and its page being read (seconds of Tesseract)
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)
        deadline = time.monotonic() + 10
        while _session(server.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _session(server.pid), "a process of the stopped server is still reading"
    finally:
        for pid in _session(server.pid):
            os.kill(pid, signal.SIGKILL)
        if server.poll() is None:
            server.wait(timeout=30)

    assert stopped_marks(settings) == [batch_id]
    report = requeue(settings)  # no --min-age 0: the mark says it was stopped cleanly
    assert report.stopped == [batch_id] and report.too_young == 0 and report.pages == 1
    from workers.context import WorkerContext

    with WorkerContext(settings.worker_config()).engine.connect() as c:
        assert c.execute(select(batches.c.status).where(batches.c.id == batch_id)).scalar() == "done"
        assert set(c.execute(select(pages.c.status)).scalars()) == {"done"}
