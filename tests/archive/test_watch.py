"""`sanchika watch` on the embedded default: complete files only (settled, or renamed from a
temporary name), a writer still appending, sub-folders as batches, done/ and failed/ with the
error beside, a crash between "stored" and "moved", and a thousand files."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

from sqlalchemy import func, select

from storage.schema import batch_items, batches, documents, pages
from tests import pagegen

from ..conftest import SANCHIKA


def _settings(tmp_path: Path, settle: float = 0.6):  # type: ignore[no-untyped-def]
    from sanchika.settings import Settings

    return Settings(home=tmp_path / "home", workers=2, watch_settle_seconds=settle, watch_interval=0.1)


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _old(path: Path, seconds: float = 60) -> None:
    t = time.time() - seconds
    os.utime(path, (t, t))


def test_files_and_sub_folders_go_to_done_and_failed_with_the_error_beside(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    inbox = tmp_path / "inbox"
    (inbox / "almirah-7").mkdir(parents=True)
    (inbox / "letter.pdf").write_bytes(pagegen.text_pdf(["जिला कार्यालय शिक्षा विभाग", "loose letter"]))
    (inbox / "notes.txt").write_text("not a scan")
    (inbox / "almirah-7" / "a.pdf").write_bytes(pagegen.text_pdf(["कृषि विभाग", "file a"]))
    (inbox / "almirah-7" / "b.pdf").write_bytes(pagegen.text_pdf(["महिला एवं बाल विकास", "file b"]))
    for p in inbox.rglob("*.*"):
        _old(p)
    env = {**os.environ, "SANCHIKA_HOME": str(tmp_path / "home"), "SANCHIKA_WATCH_SETTLE_SECONDS": "1",
           "SANCHIKA_WATCH_INTERVAL": "0.2"}
    out = subprocess.run([str(SANCHIKA), "watch", str(inbox), "--once", "--operator", "ramesh", "--location",
                          "Almirah 7", "--json"], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    results = {r["name"]: r for r in json.loads(out.stdout)}
    assert results["almirah-7"]["done"] == ["almirah-7/a.pdf", "almirah-7/b.pdf"]
    [loose] = [r for name, r in results.items() if name.startswith("watch-")]
    assert loose["done"] == ["letter.pdf"] and loose["failed"] == ["notes.txt"]
    assert _files(inbox) == ["done/almirah-7/a.pdf", "done/almirah-7/b.pdf", "done/letter.pdf",
                             "failed/notes.txt", "failed/notes.txt.error.txt"]
    error = (inbox / "failed" / "notes.txt.error.txt").read_text()
    assert "error [input.unsupported]" in error and "What to do" in error and loose["batch_id"] in error

    from workers.context import WorkerContext

    engine = WorkerContext(_settings(tmp_path).worker_config()).engine
    with engine.connect() as c:
        rows = {r.name: r for r in c.execute(select(batches))}
        assert rows["almirah-7"].operator == "ramesh" and rows["almirah-7"].hints == {"location": "Almirah 7"}
        assert c.execute(select(func.count()).select_from(documents)).scalar() == 3


def test_a_file_still_being_written_is_taken_only_when_complete(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sanchika.watch import Watcher

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    data = pagegen.text_pdf(["जिला कार्यालय", "written slowly by a scanner"], pages=2)
    finished: list[float] = []

    def slow_writer() -> None:
        with (inbox / "slow.pdf").open("wb") as f:
            for i in range(6):
                f.write(data[i * len(data) // 6:(i + 1) * len(data) // 6])
                f.flush()
                time.sleep(0.4)
        finished.append(time.time())

    writer = threading.Thread(target=slow_writer)
    watcher = Watcher(inbox, _settings(tmp_path, settle=1.0))
    writer.start()
    taken_at, results = None, []
    deadline = time.time() + 120
    while not results and time.time() < deadline:
        results = watcher.cycle()
        taken_at = time.time()
        time.sleep(0.1)
    writer.join()
    assert results and finished and taken_at is not None and taken_at > finished[0]
    assert results[0].done == ("slow.pdf",) and _files(inbox) == ["done/slow.pdf"]
    assert (inbox / "done" / "slow.pdf").read_bytes() == data


def test_a_temporary_name_is_waited_for_and_the_rename_is_taken(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sanchika.watch import Watcher

    inbox = tmp_path / "inbox"
    (inbox / "batch-1").mkdir(parents=True)
    part = inbox / "batch-1" / "scan.pdf.part"
    part.write_bytes(pagegen.text_pdf(["renamed when complete"]))
    (inbox / "batch-1" / "other.pdf").write_bytes(pagegen.text_pdf(["ready beside it"]))
    for p in (part, inbox / "batch-1" / "other.pdf"):
        _old(p)
    watcher = Watcher(inbox, _settings(tmp_path))
    assert watcher.cycle() == []  # a sub-folder with a file still under a temporary name waits whole
    part.rename(inbox / "batch-1" / "scan.pdf")
    assert watcher.cycle() == []  # never at first sight
    [result] = watcher.cycle()  # written long before the rename: complete at the second look
    assert sorted(result.done) == ["batch-1/other.pdf", "batch-1/scan.pdf"]


def test_a_crash_between_stored_and_moved_takes_nothing_twice(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pytest

    import sanchika.watch as watch_mod
    from workers.context import WorkerContext

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "one.pdf").write_bytes(pagegen.text_pdf(["कार्यालय कलेक्टर", "crash test"]))
    _old(inbox / "one.pdf")
    settings = _settings(tmp_path)

    def crash(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(watch_mod, "move_aside", crash)
    first = watch_mod.Watcher(inbox, settings)
    assert first.cycle() == []
    with pytest.raises(KeyboardInterrupt):
        first.cycle()
    assert _files(inbox) == ["one.pdf"]  # stored, not moved
    monkeypatch.undo()

    watch_mod.recover(settings)  # what `sanchika watch` does at start
    restarted = watch_mod.Watcher(inbox, settings)  # a new process: nothing remembered
    assert restarted.cycle() == []
    [again] = restarted.cycle()
    assert again.done == ("one.pdf",) and _files(inbox) == ["done/one.pdf"]
    with WorkerContext(settings.worker_config()).engine.connect() as c:
        docs = c.execute(select(documents.c.id, documents.c.status)).all()
    assert len(docs) == 1 and docs[0].status == "done"


def test_a_thousand_files_are_taken_in_batches_and_none_is_lost(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sanchika.watch import MAX_BATCH_FILES, Watcher

    inbox = tmp_path / "inbox"
    (inbox / "drop").mkdir(parents=True)
    n = 1000
    for i in range(n):
        p = inbox / "drop" / f"note-{i:04d}.txt"
        p.write_text(f"not a scan {i}")
        _old(p)
    watcher = Watcher(inbox, _settings(tmp_path))
    t = time.perf_counter()
    assert watcher.ready() == ({}, n)  # first look
    ready, pending = watcher.ready()
    assert len(ready["drop"]) == n and pending == 0 and time.perf_counter() - t < 10
    results = watcher.cycle()
    assert len(results) == -(-n // MAX_BATCH_FILES)
    assert sum(len(r.failed) for r in results) == n
    left = _files(inbox)
    assert len(left) == 2 * n and all(f.startswith("failed/drop/") for f in left)
    assert not (inbox / "drop").exists()  # the emptied sub-folder; every file is in failed/


def _watch(tmp_path: Path, inbox: Path, *args: str):  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    env = {"SANCHIKA_HOME": str(tmp_path / "home"), "SANCHIKA_WORKERS": "1", "SANCHIKA_WATCH_SETTLE_SECONDS": "0.3",
           "SANCHIKA_WATCH_INTERVAL": "0.1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(SANCHIKA.parent.parent.parent)}
    return subprocess.Popen([sys.executable, "-m", "sanchika", "watch", str(inbox), *args], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def _ended(proc, sig: int) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """The watcher's output after ``sig``; every process of its session has ended with it."""
    import signal

    try:
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
    assert proc.returncode == 128 + sig, err
    for _ in range(100):
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return out.decode(), err.decode()
        time.sleep(0.1)
    raise AssertionError("a process of the stopped watcher is still running")


def test_a_stopped_watch_names_the_batch_it_was_running_and_the_next_one_finishes_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Ctrl-C on `sanchika watch` (SIGINT to its process group) while it runs a batch: it stops in
    order like `sanchika process` (exit 130, batch.interrupted on one line naming the batch, what
    it kept, and that its files stay in the folder for the next watch), nothing failed by the
    signal, no file moved; the next `sanchika watch --once` finishes the batch and moves every
    file to done/, one document each."""
    import signal

    from tests.scans import EDUCATION_LINES, REVENUE_LINES, page
    from workers.context import WorkerContext

    from ..test_requeue import _wait_for_recorded_inputs

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(7):
        lines = (EDUCATION_LINES if i % 2 else REVENUE_LINES)[:3] + [f"watched sheet {i}"]
        (inbox / f"sheet-{i}.png").write_bytes(pagegen.image_bytes(page(lines, 130 + i), "PNG", dpi=200))
        _old(inbox / f"sheet-{i}.png")
    settings = _settings(tmp_path)
    proc = _watch(tmp_path, inbox, "--operator", "ramesh")
    try:
        _wait_for_recorded_inputs(settings, proc, 2)
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C in a terminal
    _, err = _ended(proc, signal.SIGINT)
    engine = WorkerContext(settings.worker_config()).engine
    with engine.connect() as c:
        (batch_id, status), = c.execute(select(batches.c.id, batches.c.status)).all()
        kept = set(c.execute(select(batch_items.c.status)).scalars())
        page_states = set(c.execute(select(pages.c.status)).scalars())
    assert status in ("ingesting", "running") and "failed" not in kept and page_states <= {"done", "queued"}
    [line] = [x for x in err.splitlines() if not x.startswith("watching ")]
    assert line.startswith(f"error [batch.interrupted]: watch of {inbox} stopped: batch {batch_id} (watch-"), line
    assert "interrupted and stopped cleanly: kept " in line and "Its files stay in the folder" in line
    assert _files(inbox) == [f"sheet-{i}.png" for i in range(7)]  # nothing moved while its batch is unfinished

    again = _watch(tmp_path, inbox, "--once", "--json")
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err.decode()
    assert _files(inbox) == [f"done/sheet-{i}.png" for i in range(7)]
    with engine.connect() as c:
        assert c.execute(select(batches.c.status).where(batches.c.id == batch_id)).scalar() == "done"
        assert c.execute(select(func.count()).select_from(documents)).scalar() == 7  # the second batch: duplicates


def test_a_watch_stopped_between_batches_says_so_and_exits_143(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """SIGTERM (`systemctl stop`, `docker stop`) on a watcher waiting for files: exit 143 with
    batch.interrupted saying no batch was running; with --json the error body of `sanchika
    process --json` ({"error", "batch_id": null}) on one line of stdout."""
    import signal

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    proc = _watch(tmp_path, inbox, "--json")
    assert proc.stderr is not None
    assert proc.stderr.readline().decode().startswith("watching ")  # its signal handlers are in place
    proc.send_signal(signal.SIGTERM)
    out, err = _ended(proc, signal.SIGTERM)
    body = json.loads(out)
    assert body["batch_id"] is None and body["error"]["code"] == "batch.interrupted", out
    assert "between batches: no batch was running" in body["error"]["message"] and err == ""
