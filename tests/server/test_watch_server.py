"""`sanchika watch` in server mode (real PostgreSQL, Redis, SeaweedFS) finishes, at its start, the
batch a stopped watcher left half ingested, before it takes that batch's files again (ADR 0033),
as the embedded default does: the stopped batch ends with every input of its folder, none failed,
and the files come back as duplicates and are moved to done/."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

from PIL import Image
from sqlalchemy import select

from storage.schema import batch_items, batches, documents
from tests import pagegen

from .harness import SANCHIKA, Server, wait_for

FILES = 40


def _sheet(i: int) -> bytes:
    img = Image.new("L", (850, 1100), 255)  # never read here (no worker runs): small, each a different file
    img.putpixel((5 + i, 5), 200)
    return pagegen.image_bytes(img, "PNG", dpi=100)


def _rows(server: Server, query):  # type: ignore[no-untyped-def]
    eng = server.engine()
    try:
        with eng.connect() as c:
            return c.execute(query).all()
    finally:
        eng.dispose()


def _recorded(server: Server) -> int:
    try:
        return len(_rows(server, select(batch_items.c.id)))
    except Exception:  # noqa: BLE001 - the schema is still being created by the watcher
        return 0


def test_a_server_mode_watch_finishes_the_batch_a_stopped_one_left(server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    inbox = tmp_path / "inbox"
    (inbox / "box-5").mkdir(parents=True)
    names = [f"box-5/sheet-{i:02d}.png" for i in range(FILES)]
    for i, name in enumerate(names):
        (inbox / name).write_bytes(_sheet(i))
    env = dict(os.environ, **server.env, SANCHIKA_WATCH_SETTLE_SECONDS="0.3", SANCHIKA_WATCH_INTERVAL="0.1")
    with (tmp_path / "first.err").open("wb") as err:
        proc = subprocess.Popen([str(SANCHIKA), "watch", str(inbox)], env=env, stdout=subprocess.DEVNULL, stderr=err,
                                start_new_session=True)
    try:
        wait_for(lambda: _recorded(server) >= 2 or proc.poll() is not None, 120,
                 "the watcher recorded no input")
        proc.send_signal(signal.SIGTERM)  # `systemctl stop` in the middle of its ingest
        proc.wait(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
    assert proc.returncode == 143, (tmp_path / "first.err").read_text()
    (batch_id, status), = _rows(server, select(batches.c.id, batches.c.status))
    recorded = _recorded(server)
    assert status == "ingesting" and 2 <= recorded < FILES  # stopped in the middle of its ingest
    assert "the next `sanchika watch` finishes the batch first" in (tmp_path / "first.err").read_text()
    assert sorted(str(p.relative_to(inbox)) for p in inbox.rglob("*.png")) == names  # every file still there

    started = time.monotonic()
    second = subprocess.run([str(SANCHIKA), "watch", str(inbox), "--once", "--json"], env=env,
                            capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    [result] = json.loads(second.stdout)
    assert sorted(result["done"]) == names and result["failed"] == []
    assert result["batch_id"] != batch_id
    # the stopped batch was finished first, from the files still in the folder: every input once, in
    # order, none failed (taken after the new batch moved them, they would fail as input.missing)
    items = _rows(server, select(batch_items.c.name, batch_items.c.status)
                  .where(batch_items.c.batch_id == batch_id).order_by(batch_items.c.seq))
    assert [name for name, _ in items] == [str(inbox / n) for n in names] and {s for _, s in items} == {"processing"}
    assert _rows(server, select(batches.c.status).where(batches.c.id == batch_id))[0][0] == "running"
    again = _rows(server, select(batch_items.c.status).where(batch_items.c.batch_id == result["batch_id"]))
    assert {s for (s,) in again} == {"duplicate"} and len(again) == FILES
    assert len(_rows(server, select(documents.c.id))) == FILES  # one document per file
    assert not list((server.home / "spool" / "ingests").glob(f"{batch_id}.*"))  # record and mark taken
    assert time.monotonic() - started < 300
