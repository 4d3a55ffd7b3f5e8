"""Every command that starts worker processes stops one way (sanchika.cli.common.StopOnSignal):
Ctrl-C or SIGTERM stops it in order, says on one line what became of its work, exits 128 + the
signal with no process of it left behind, and never waits unbounded: past
SANCHIKA_SHUTDOWN_SECONDS its worker processes (and their page processes) are stopped, and what
they were doing stays queued for `sanchika requeue`. Real commands in subprocesses, real SQLite."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer
from sqlalchemy import select

from sanchika.cli.common import StopOnSignal
from sanchika.ingest_record import stopped_marks
from sanchika.pipeline import ingest_batch
from sanchika.requeue import requeue
from sanchika.settings import Settings
from storage.schema import batches, documents, pages
from workers.context import WorkerContext
from workers.executor import open_executor

from . import pagegen
from .scans import EDUCATION_LINES, HEALTH_LINES, REVENUE_LINES, page

REPO = Path(__file__).resolve().parent.parent


def _start(tmp_path: Path, home: Path, *argv: str, workers: int = 1, **extra: str):  # type: ignore[no-untyped-def]
    """`sanchika ARGV` in a session of its own; its output goes to files (a process it left behind
    cannot hold a pipe open)."""
    env = {"SANCHIKA_HOME": str(home), "SANCHIKA_WORKERS": str(workers), "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1", **extra}
    out, err = (tmp_path / "stdout").open("wb"), (tmp_path / "stderr").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "sanchika", *argv], cwd=tmp_path, env=env, stdout=out, stderr=err,
                            start_new_session=True)
    out.close()
    err.close()
    return proc


def _session(sid: int) -> list[int]:
    """The processes of session ``sid`` (page processes lead process groups of their own in it)."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(f"/proc/{entry.name}/stat").read_bytes().rpartition(b")")[2].split()
            except OSError:
                continue
            if int(stat[3]) == sid and stat[0] != b"Z":
                found.append(int(entry.name))
    return found


def _ended(tmp_path: Path, proc, sig: int) -> str:  # type: ignore[no-untyped-def]
    """The one line the command wrote on stderr once ``sig`` stopped it: exit 128 + ``sig`` and no
    process of its session left (within 10 s)."""
    try:
        proc.wait(timeout=120)
        deadline = time.monotonic() + 10
        while _session(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = _session(proc.pid)
    finally:
        for pid in _session(proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if proc.poll() is None:
            proc.wait(timeout=30)
    err = (tmp_path / "stderr").read_text()
    assert proc.returncode == 128 + sig, err
    assert not left, f"processes of the stopped command still running: {left}"
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error [batch.interrupted]: "), lines
    return lines[0]


def _page_states(settings: Settings) -> list[str]:
    with WorkerContext(settings.worker_config()).engine.connect() as c:
        return list(c.execute(select(pages.c.status).order_by(pages.c.document_id, pages.c.page_no)).scalars())


def _wait(cond, what: str, timeout: float = 120) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def _mark_by_an_ended_process(settings: Settings, batch_id: str) -> None:
    """The batch marked as stopped cleanly by a command that has ended (sanchika.ingest_record)."""
    code = f"from sanchika.ingest_record import mark_stopped; from sanchika.settings import Settings; " \
           f"assert mark_stopped(Settings(home={str(settings.home)!r}), {batch_id!r})"
    subprocess.run([sys.executable, "-c", code], check=True, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


def test_a_requeue_stopped_by_sigterm_ends_with_its_processes_and_its_batch_stays_marked(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`sanchika requeue` (embedded: it reads the pages on its own pool) stopped by SIGTERM (`kill`,
    `docker stop`) while it reads a stopped batch: it says so and exits 143 with no process left
    (it used to die at once, leaving its pool's processes running for ever); nothing failed, the
    batch it took stays marked, so the next plain `sanchika requeue` finishes it at once."""
    scans = tmp_path / "scans"
    scans.mkdir()
    for i in range(6):
        lines = (EDUCATION_LINES if i % 2 else REVENUE_LINES)[:3] + [f"requeue stopped {i}"]
        (scans / f"sheet-{i}.png").write_bytes(pagegen.image_bytes(page(lines, 150 + i), "PNG", dpi=200))
    settings = Settings(home=tmp_path / "home", workers=1)
    batch_id, _ = ingest_batch([scans], settings, batch_name="left by a stopped run")
    _mark_by_an_ended_process(settings, batch_id)

    proc = _start(tmp_path, settings.home, "requeue")  # a plain requeue: the mark says "at once"
    _wait(lambda: "done" in _page_states(settings) or proc.poll() is not None, "no page read")
    proc.send_signal(signal.SIGTERM)
    line = _ended(tmp_path, proc, signal.SIGTERM)
    assert "requeue stopped" in line and "the next `sanchika requeue` goes on with it" in line
    states = _page_states(settings)
    assert "failed" not in states and "queued" in states  # stopped midway, nothing failed by the signal
    assert stopped_marks(settings) == [batch_id]  # put back: the next requeue finishes it at once too

    report = requeue(settings)  # no --min-age 0
    assert report.stopped == [batch_id] and report.too_young == 0
    assert set(_page_states(settings)) == {"done"}
    with WorkerContext(settings.worker_config()).engine.connect() as c:
        assert c.execute(select(batches.c.status)).scalar() == "done"


def test_ocr_stopped_by_sigterm_ends_with_its_pool(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`sanchika ocr` reads on a pool of its own (workers/page_pool.py): SIGTERM stops the pool
    and the command says how far it got (it used to die at once, its pool processes reading on)."""
    pdf = tmp_path / "file.pdf"
    pdf.write_bytes(pagegen.image_pdf([page(REVENUE_LINES[:4] + [f"page {i}"], 170 + i) for i in range(16)], dpi=200))
    proc = _start(tmp_path, tmp_path / "home", "ocr", str(pdf), workers=2)
    _wait(lambda: "--- page 1 " in (tmp_path / "stdout").read_text() or proc.poll() is not None, "no page printed")
    proc.send_signal(signal.SIGTERM)
    line = _ended(tmp_path, proc, signal.SIGTERM)
    printed = (tmp_path / "stdout").read_text().count("--- page ")
    assert 1 <= printed < 16 and f"stopped after {printed} pages read: nothing is stored" in line


def _heavy_page() -> bytes:
    """A full A4 page of dense text at 300 dpi, turned: seconds of Tesseract (8 CPU-s here)."""
    lines = (REVENUE_LINES + EDUCATION_LINES + HEALTH_LINES) * 3
    img = pagegen.degrade(pagegen.render_lines(lines, dpi=300, size="A4"), seed=5, rotate=90, noise=8)
    return pagegen.image_bytes(img, "PNG", dpi=300)


def _page_process_of(sid: int) -> bool:
    """A page process (ocr/watchdog.py: it leads a process group of its own) runs in session ``sid``."""
    for pid in _session(sid):
        try:
            stat = Path(f"/proc/{pid}/stat").read_bytes().rpartition(b")")[2].split()
        except OSError:
            continue
        if pid != sid and int(stat[2]) == pid:
            return True
    return False


@pytest.mark.parametrize("argv", [("ocr",), ("classify",)])
def test_a_one_page_file_read_by_the_command_itself_stops_within_the_bound(tmp_path, argv) -> None:  # type: ignore[no-untyped-def]
    """`sanchika ocr` / `sanchika classify FILE` on a file of one page read it in the command's own
    page process (no pool: workers/page_pool.py). SIGTERM while that page is being read: the
    command ends within SANCHIKA_SHUTDOWN_SECONDS, its page process with it (it used to wait at exit
    for the page to be finished, up to SANCHIKA_PAGE_TIMEOUT)."""
    scan = tmp_path / "register.png"
    scan.write_bytes(_heavy_page())
    proc = _start(tmp_path, tmp_path / "home", *argv, str(scan), workers=2, SANCHIKA_SHUTDOWN_SECONDS="0.5")
    _wait(lambda: _page_process_of(proc.pid) or proc.poll() is not None, "no page process started")
    time.sleep(1.0)  # the page is being read (seconds of Tesseract)
    proc.send_signal(signal.SIGTERM)
    started = time.monotonic()
    proc.wait(timeout=120)
    waited = time.monotonic() - started
    line = _ended(tmp_path, proc, signal.SIGTERM)
    assert waited < 0.5 + 2.5, f"{waited:.1f} s after SIGTERM"  # the bound, and an interpreter's exit under load
    assert "nothing is stored" in line


def test_a_stop_waits_for_the_page_being_read_only_so_long(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`sanchika process` stopped while a long page is being read: past SANCHIKA_SHUTDOWN_SECONDS
    its worker processes (and the page process) are stopped, it says so and exits 143 with nothing
    left running; the page stays queued and a plain `sanchika requeue` reads it (it used to wait
    for the page, up to SANCHIKA_PAGE_TIMEOUT: longer than systemd or docker wait)."""
    scans = tmp_path / "scans"
    scans.mkdir()
    (scans / "a-note.png").write_bytes(pagegen.image_bytes(page(EDUCATION_LINES[:3], 161), "PNG", dpi=200))
    (scans / "b-register.png").write_bytes(_heavy_page())
    settings = Settings(home=tmp_path / "home", workers=1)
    proc = _start(tmp_path, settings.home, "process", "scans", SANCHIKA_SHUTDOWN_SECONDS="0.5")
    _wait(lambda: (settings.home / "sanchika.db").exists() and "done" in _page_states(settings)
          or proc.poll() is not None, "the short page was not read")
    time.sleep(1.0)  # the long page is being read now (the one pool process took it after the short one)
    proc.send_signal(signal.SIGTERM)
    started = time.monotonic()
    line = _ended(tmp_path, proc, signal.SIGTERM)
    assert time.monotonic() - started < 30
    assert "did not end within 0.5 s (SANCHIKA_SHUTDOWN_SECONDS)" in line
    assert sorted(_page_states(settings)) == ["done", "queued"]  # the long page was stopped, not failed
    with WorkerContext(settings.worker_config()).engine.connect() as c:
        (batch_id,) = c.execute(select(batches.c.id)).scalars()

    report = requeue(settings)  # marked as stopped cleanly: at once
    assert report.stopped == [batch_id]
    assert _page_states(settings) == ["done", "done"]  # the long page read by requeue
    with WorkerContext(settings.worker_config()).engine.connect() as c:
        assert set(c.execute(select(documents.c.status)).scalars()) == {"done"}
        assert c.execute(select(batches.c.status)).scalar() == "done"


def test_work_left_running_when_a_command_ends_is_stopped_within_the_bound(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """The safety net of every command's end: an executor that still runs work in the background
    when the command leaves its StopOnSignal block is closed within the bound, its processes
    stopped, said on stderr, exit 1; the work stays for `sanchika requeue`."""
    scans = tmp_path / "scans"
    scans.mkdir()
    (scans / "register.png").write_bytes(_heavy_page())
    settings = Settings(home=tmp_path / "home", workers=1)
    _, jobs = ingest_batch([scans], settings, batch_name="left running")
    executor = open_executor(settings.worker_config())
    submission = executor.submit(jobs)  # a background drive, as a web upload's
    time.sleep(1.0)
    started = time.monotonic()
    with pytest.raises(typer.Exit) as ended, StopOnSignal(executor, grace=0.5):
        pass
    assert ended.value.exit_code == 1 and time.monotonic() - started < 30
    assert "the worker pool still had work 0.5 s after the command ended" in capsys.readouterr().err
    assert submission.done and not multiprocessing.active_children()
    assert _page_states(settings) == ["queued"]
    assert requeue(settings, min_age=0, dry_run=True).pages == 1  # found again


def test_a_requeue_whose_broker_does_not_answer_leaves_no_executor_open(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`sanchika requeue` in server mode checks the broker before it opens the executor: a broker
    that does not answer ends the command with nothing left open (the executor used to be opened
    first and never closed)."""
    from typer.testing import CliRunner

    import sanchika.checks
    import workers.executor
    from domain.errors import DependencyError
    from sanchika.cli import app

    opened: list[object] = []

    def unreachable(settings):  # type: ignore[no-untyped-def]
        raise DependencyError("SANCHIKA_BROKER_URL is not reachable.", code="dependency.broker")

    monkeypatch.setattr(sanchika.checks, "check_broker", unreachable)
    monkeypatch.setattr(workers.executor, "open_executor", lambda config: opened.append(config))
    monkeypatch.setenv("SANCHIKA_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SANCHIKA_BROKER_URL", "redis://127.0.0.1:9/0")
    result = CliRunner().invoke(app, ["requeue"])
    assert "error [dependency.broker]" in result.output and result.exit_code != 0, result.output
    assert opened == []


def test_a_signal_as_the_block_is_left_starts_no_wait(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A signal handled while the block is being left (the handlers not yet put back) starts no
    grace wait that nobody ends: it would stop this process's worker processes later, in whatever
    runs then."""
    import workers.processes

    stopped: list[int] = []
    monkeypatch.setattr(workers.processes, "stop_worker_processes", lambda: stopped.append(1) or 0)

    class Pool:
        def interrupt(self) -> None:
            pass

        def close(self, grace: float) -> bool:
            return True

    with StopOnSignal(Pool(), grace=0.05) as stop:  # type: ignore[arg-type]
        pass
    stop(signal.SIGTERM, None)  # as the handler ran at the end of __exit__
    time.sleep(0.5)
    assert stopped == [] and not stop.overdue
