"""`sanchika requeue` in embedded mode: pages left `queued` by a process that stopped run once,
here, on the local pool; a second run finds nothing; young documents, finished documents' items
and interrupted uploads are handled as documented (sanchika/requeue.py)."""

from __future__ import annotations

import json
import signal

import pytest
from sqlalchemy import func, select, update
from typer.testing import CliRunner

from sanchika.cli import app
from sanchika.pipeline import ingest_batch
from sanchika.requeue import requeue
from sanchika.settings import Settings
from storage.schema import batch_items, batches, documents, pages
from workers.context import WorkerContext
from workers.steps import ocr_page

from . import pagegen
from .scans import EDUCATION_LINES, HEALTH_LINES, REVENUE_LINES, page


def _scans(root):  # type: ignore[no-untyped-def]
    root.mkdir()
    imgs = [page(REVENUE_LINES[:4] + ["requeue one"], 71), page(REVENUE_LINES[2:6] + ["requeue two"], 72)]
    (root / "two-pages.pdf").write_bytes(pagegen.image_pdf(imgs, dpi=200))
    (root / "one-page.png").write_bytes(pagegen.image_bytes(page(EDUCATION_LINES[:4], 73), "PNG", dpi=200))
    return root


def _page_rows(ctx: WorkerContext) -> dict[tuple[str, int], tuple[str, object]]:
    with ctx.engine.connect() as c:
        return {(r.document_id, r.page_no): (r.status, r.updated_at) for r in c.execute(select(pages))}


def _wait_for_recorded_inputs(settings: Settings, proc, n: int) -> None:  # type: ignore[no-untyped-def]
    """Until the `sanchika process` ``proc`` has recorded ``n`` inputs in its batch (2 minutes at most)."""
    import time

    deadline = time.monotonic() + 120
    recorded: list[str] = []
    while time.monotonic() < deadline and proc.poll() is None and len(recorded) < n:
        if (settings.home / "sanchika.db").exists():
            try:
                with WorkerContext(settings.worker_config()).engine.connect() as c:
                    recorded = list(c.execute(select(batch_items.c.name)).scalars())
            except Exception:  # noqa: BLE001 - the database is still being created
                recorded = []
        if len(recorded) < n:
            time.sleep(0.05)
    assert len(recorded) >= n, proc.stderr.read().decode() if proc.poll() is not None else "no input recorded"


def test_stranded_pages_run_once_and_a_second_requeue_does_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(home=tmp_path / "home", workers=2)
    batch_id, jobs = ingest_batch([_scans(tmp_path / "scans")], settings, batch_name="stranded")
    ctx = WorkerContext(settings.worker_config())
    two = next(j for j in jobs if j.pages == 2)
    # the process that ran the batch stopped after page 1 of the PDF: page 2 and the image are stranded
    assert ocr_page(ctx, two.page_jobs()[0]).ok
    before = _page_rows(ctx)

    young = requeue(settings, min_age=300)
    assert (young.pages, young.completions, young.too_young) == (0, 0, 2)

    dry = requeue(settings, min_age=0, dry_run=True)
    assert (dry.mode, dry.pages, dry.completions, dry.documents) == ("embedded", 2, 0, sorted(j.document_id for j in jobs))
    assert _page_rows(ctx) == before  # a dry run changes nothing

    report = requeue(settings, min_age=0)
    assert (report.pages, report.completions, report.files) == (2, 0, [])
    after = _page_rows(ctx)
    assert {s for s, _ in after.values()} == {"done"}
    assert after[(two.document_id, 1)] == before[(two.document_id, 1)]  # the page already done was not run again
    with ctx.engine.connect() as c:
        assert {r.status for r in c.execute(select(documents.c.status))} == {"done"}
        assert {r.status for r in c.execute(select(batch_items.c.status))} == {"done"}
        assert c.execute(select(batches.c.status).where(batches.c.id == batch_id)).scalar() == "done"
    hits = ctx.index.search("requeue")
    assert {h.document_id for h in hits} == {two.document_id}

    again = requeue(settings, min_age=0)
    assert again.nothing_to_do and again.pages == 0 and again.completions == 0
    assert _page_rows(ctx) == after


def test_a_lost_replacement_page_is_read_from_its_new_scan(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A page being replaced by a new scan (workers.rescan) whose page job was lost: requeue reads
    the replacement scan, not the original page, and the replacement ends ``done``."""
    from storage import rescans
    from workers.rescan import submit_replacement

    settings = Settings(home=tmp_path / "home", workers=1)
    root = tmp_path / "scans"
    root.mkdir()
    (root / "one.png").write_bytes(pagegen.image_bytes(page(EDUCATION_LINES[:4], 85), "PNG", dpi=200))
    _, (job,) = ingest_batch([root], settings, batch_name="rescanned")
    assert requeue(settings, min_age=0).pages == 1  # read to the end
    ctx = WorkerContext(settings.worker_config())
    (before,) = ctx.catalog.pages_of(job.document_id)
    assert "Ajmer" in before["text"] and "Vaccination" not in before["text"]
    scan = tmp_path / "new-scan.png"
    scan.write_bytes(pagegen.image_bytes(page(HEALTH_LINES[:3], 86), "PNG", dpi=200))
    submitted = submit_replacement(ctx, job.document_id, 1, scan, name="new-scan.png", user="olga")
    # its page job is lost: nothing runs it

    report = requeue(settings, min_age=0)
    assert (report.pages, report.completions, report.documents) == (1, 0, [job.document_id])
    (row,) = ctx.catalog.pages_of(job.document_id)
    assert row["status"] == "done" and row["steps"][0] == f"replaced:{submitted.sha256[:16]}", row["steps"]
    assert "Vaccination" in row["text"] and "Ajmer" not in row["text"], row["text"]
    assert rescans.get(ctx.engine, submitted.rescan_id)["state"] == "done"
    assert ctx.catalog.document(job.document_id)["status"] == "done"
    assert requeue(settings, min_age=0).nothing_to_do


def test_lost_completion_settled_items_and_interrupted_uploads(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(home=tmp_path / "home", workers=1)
    root = tmp_path / "scans"
    root.mkdir()
    (root / "one.png").write_bytes(pagegen.image_bytes(page(EDUCATION_LINES[:4], 81), "PNG", dpi=200))
    batch_id, jobs = ingest_batch([root], settings, batch_name="lost")
    ctx = WorkerContext(settings.worker_config())
    (job,) = jobs
    assert ocr_page(ctx, job.page_jobs()[0]).ok  # every page read, completion never ran
    item_id = ctx.catalog.add_item(batch_id, 99, "half-uploaded.pdf", "")  # the ingest stopped before storing it

    result = CliRunner().invoke(app, ["requeue", "--min-age", "0", "--json"], env={"SANCHIKA_HOME": str(settings.home)})
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["pages"], report["completions"], report["items_interrupted"]) == (0, 1, 1)
    with ctx.engine.connect() as c:
        assert c.execute(select(documents.c.status).where(documents.c.id == job.document_id)).scalar() == "done"
        item = c.execute(select(batch_items).where(batch_items.c.id == item_id)).one()
        assert (item.status, item.error_code) == ("failed", "input.interrupted")
        assert c.execute(select(batches.c.status).where(batches.c.id == batch_id)).scalar() == "done"

    # an item left `processing` after its document finished is settled without running anything
    with ctx.engine.begin() as c:
        c.execute(update(batch_items).where(batch_items.c.document_id == job.document_id).values(status="processing"))
        c.execute(update(batches).where(batches.c.id == batch_id).values(status="running"))
    report2 = requeue(settings, min_age=0, failed=False)
    assert (report2.pages, report2.completions, report2.items_settled) == (0, 0, 1)
    with ctx.engine.connect() as c:
        assert c.execute(select(batch_items.c.status).where(batch_items.c.document_id == job.document_id)).scalar() == "done"
        assert c.execute(select(batches.c.status).where(batches.c.id == batch_id)).scalar() == "done"
    assert requeue(settings, min_age=0).nothing_to_do


def test_a_broker_message_is_read_back_as_the_job_that_wrote_it() -> None:
    """What the broker holds is read with the jobs' own message format (workers.jobs), as a Redis
    queue stores it (kombu JSON, body base64): a page, a page's replacement scan, a completion; a
    message this Sanchika did not write is ignored."""
    import base64

    from workers.broker import decode_task as _decode_task
    from workers.jobs import CompletionJob, PageJob

    def kombu(task: str, args: list[object]) -> bytes:
        body = base64.b64encode(json.dumps([args, {}, {}]).encode()).decode()
        return json.dumps({"body": body, "headers": {"task": task}, "properties": {"body_encoding": "base64"}}).encode()

    assert _decode_task(kombu("sanchika.ocr_page", PageJob("d1", "ab" * 32, "pdf", 7).message())) == ("page", "d1", 7)
    assert _decode_task(kombu("sanchika.ocr_page", PageJob("d1", "ab" * 32, "pdf", 3, rescan=12).message())) == ("page", "d1", 3)
    assert PageJob.from_message(PageJob("d1", "ab" * 32, "png", 3, rescan=12).message()) == PageJob("d1", "ab" * 32, "png", 3, 12)
    assert _decode_task(kombu("sanchika.complete_document", CompletionJob("d2").message())) == ("doc", "d2")
    assert _decode_task(kombu("sanchika.ocr_page", ["d1", "ab"])) is None
    assert _decode_task(kombu("other.task", ["x"])) is None


def test_a_killed_sanchika_process_is_finished_by_requeue(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`sanchika process scans late.png` (relative paths) killed while it stores its inputs: the
    batch stays `ingesting`; a requeue while it runs leaves its ingest alone; after the kill,
    requeue stores the inputs not yet recorded (a file removed meanwhile fails as input.missing),
    reads every page and closes the batch; every input is in the batch report, named as given."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    from sanchika.pipeline import batch_report

    scans = tmp_path / "scans"
    (scans / "box-2").mkdir(parents=True)
    inputs = [scans / f"sheet-{i}.png" for i in range(5)] + [scans / "box-2" / f"note-{i}.png" for i in range(2)]
    for i, path in enumerate(inputs):
        lines = (EDUCATION_LINES if i % 2 else REVENUE_LINES)[:3] + [f"killed ingest {i}"]
        path.write_bytes(pagegen.image_bytes(page(lines, 90 + i), "PNG", dpi=200))
    (tmp_path / "late.png").write_bytes(pagegen.image_bytes(page(HEALTH_LINES[:3], 99), "PNG", dpi=200))
    names = sorted(str(p.relative_to(tmp_path)) for p in inputs) + ["late.png"]
    settings = Settings(home=tmp_path / "home", workers=1)
    repo = Path(__file__).resolve().parent.parent
    env = {"SANCHIKA_HOME": str(settings.home), "SANCHIKA_WORKERS": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(repo)}
    proc = subprocess.Popen([sys.executable, "-m", "sanchika", "process", "scans", "late.png"], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _wait_for_recorded_inputs(settings, proc, 2)
        alive = requeue(settings, min_age=0, dry_run=True)  # the process still runs its ingest
        assert (alive.ingests_resumed, alive.items_interrupted) == ([], 0)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the command and its pool processes, as a machine's crash would
        proc.wait(timeout=30)

    ctx = WorkerContext(settings.worker_config())
    with ctx.engine.connect() as c:
        (batch_id, status), = c.execute(select(batches.c.id, batches.c.status)).all()
        recorded = list(c.execute(select(batch_items.c.name).order_by(batch_items.c.seq)).scalars())
    assert status == "ingesting" and 2 <= len(recorded) < len(names)  # killed in the middle of its ingest
    assert recorded == names[:len(recorded)]
    assert (settings.spool_dir / "ingests" / f"{batch_id}.json").exists()

    killed = requeue(settings, dry_run=True)  # killed, not stopped cleanly: the age rule (300 s) holds
    assert (killed.ingests_resumed, killed.stopped, killed.pages) == ([], [], 0) and killed.too_young > 0
    (tmp_path / "late.png").unlink()  # the operator moved one file away meanwhile
    report = requeue(settings, min_age=0)
    assert report.ingests_resumed == [batch_id] and report.items_interrupted == 0
    files = batch_report(batch_id, settings).files
    assert [f.path for f in files] == names  # every input once, in order, named as given
    assert [f.status for f in files] == ["done"] * len(inputs) + ["failed"]
    assert files[-1].error is not None and files[-1].error["code"] == "input.missing"
    with ctx.engine.connect() as c:
        assert c.execute(select(batches.c.status)).scalar() == "done"
        assert set(c.execute(select(pages.c.status)).scalars()) == {"done"}
        assert c.execute(select(func.count()).select_from(pages)).scalar() == len(inputs)
    assert not (settings.spool_dir / "ingests").exists() or not any((settings.spool_dir / "ingests").iterdir())
    assert requeue(settings, min_age=0).nothing_to_do


@pytest.mark.parametrize(("sig", "as_json"), [(signal.SIGINT, False), (signal.SIGTERM, True)])
def test_an_interrupted_sanchika_process_says_so_and_requeue_finishes_it(tmp_path, sig, as_json) -> None:  # type: ignore[no-untyped-def]
    """Ctrl-C (SIGINT to the command's process group, as a terminal sends it) or SIGTERM while
    `sanchika process` stores and reads its inputs: it stops cleanly (its pool's processes gone,
    no page failed by the signal, nothing left in the spool but its ingest record and its mark), says on one
    line (or in JSON) which batch stopped, what it kept and that `sanchika requeue` finishes it,
    and exits 128 + the signal (Ctrl-C pressed twice alike); requeue then stores the rest and
    reads every page."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    from sanchika.pipeline import batch_report

    scans = tmp_path / "scans"
    scans.mkdir()
    inputs = [scans / f"sheet-{i}.png" for i in range(7)]
    for i, path in enumerate(inputs):
        lines = (EDUCATION_LINES if i % 2 else REVENUE_LINES)[:3] + [f"interrupted batch {i}"]
        path.write_bytes(pagegen.image_bytes(page(lines, 110 + i), "PNG", dpi=200))
    settings = Settings(home=tmp_path / "home", workers=1)
    repo = Path(__file__).resolve().parent.parent
    env = {"SANCHIKA_HOME": str(settings.home), "SANCHIKA_WORKERS": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(repo)}
    argv = [sys.executable, "-m", "sanchika", "process", "scans", "--batch", "box 7"] + (["--json"] if as_json else [])
    proc = subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        _wait_for_recorded_inputs(settings, proc, 2)
        if sig == signal.SIGINT:
            os.killpg(proc.pid, sig)  # the command and its pool processes, as Ctrl-C in a terminal
            time.sleep(0.2)
            os.killpg(proc.pid, sig)  # pressed twice: still stopped in order, still said
        else:
            os.kill(proc.pid, sig)  # the command only, as `kill` or `docker stop`
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
    assert proc.returncode == 128 + sig, err.decode()
    for _ in range(100):  # every process of the command's session ends with it
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("a process of the interrupted command is still running")

    ctx = WorkerContext(settings.worker_config())
    with ctx.engine.connect() as c:
        (batch_id, status), = c.execute(select(batches.c.id, batches.c.status)).all()
        kept = list(c.execute(select(batch_items.c.name, batch_items.c.status)).all())
        page_states = list(c.execute(select(pages.c.status)).scalars())
    assert status in ("ingesting", "running") and 2 <= len(kept) <= len(inputs)
    assert all(s != "failed" for _, s in kept) and set(page_states) <= {"done", "queued"}  # nothing failed by the signal
    assert "queued" in page_states or len(kept) < len(inputs)  # stopped midway: something is left to do
    done = page_states.count("done")
    spooled = sorted(p.relative_to(settings.spool_dir) for p in settings.spool_dir.rglob("*") if p.is_file())
    mark = Path("ingests") / f"{batch_id}.stopped"  # stopped cleanly: not left to --min-age
    assert spooled in ([mark], [Path("ingests") / f"{batch_id}.json", mark])  # no half-written copy
    if as_json:
        body = json.loads(out)
        assert body["error"]["code"] == "batch.interrupted" and body["batch_id"] == batch_id
        message = body["error"]["message"]
    else:
        lines = err.decode().splitlines()
        assert len(lines) == 1, lines
        assert lines[0].startswith("error [batch.interrupted]: ")
        message = lines[0]
    assert f"batch {batch_id} (box 7)" in message
    assert f"kept {len(kept)} inputs" in message and f"{done} of their {len(page_states)} pages read" in message
    assert f"`sanchika requeue --batch {batch_id}` stores the rest" in message  # no --min-age 0: it was marked

    # a plain requeue finishes it at once (the batch's command stopped cleanly and has ended),
    # not after --min-age (300 s)
    argv = ["requeue", "--json"] if sig == signal.SIGINT else ["requeue", "--batch", batch_id, "--json"]
    result = CliRunner().invoke(app, argv, env={"SANCHIKA_HOME": str(settings.home), "SANCHIKA_WORKERS": "1"})
    assert result.exit_code == 0, result.output
    finished = json.loads(result.output)
    assert finished["stopped"] == [batch_id] and finished["too_young"] == 0, finished
    assert not list(settings.spool_dir.rglob("*.stopped"))  # the mark is taken: a second requeue has no favour
    files = batch_report(batch_id, settings).files
    assert [f.path for f in files] == [str(p.relative_to(tmp_path)) for p in inputs]  # every input once, in order
    assert [f.status for f in files] == ["done"] * len(inputs)
    with ctx.engine.connect() as c:
        assert c.execute(select(batches.c.status)).scalar() == "done"
        assert c.execute(select(func.count()).select_from(pages).where(pages.c.status == "done")).scalar() == len(inputs)
    assert not any((settings.spool_dir / "ingests").iterdir())


def test_a_batch_marked_stopped_is_listed_once_its_process_has_ended(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """sanchika.ingest_record's mark of a batch stopped cleanly: not listed while the process that
    wrote it is alive (its work may not be over), listed once it has ended, taken by one requeue."""
    import os
    import socket
    import subprocess

    from sanchika.ingest_record import _started, claim_stopped, mark_stopped, stopped_marks

    settings = Settings(home=tmp_path / "home")
    assert mark_stopped(settings, "b-mine") and stopped_marks(settings) == ["b-mine"]  # this process: its run is over
    sleeper = subprocess.Popen(["sleep", "30"])
    try:
        owner = [socket.gethostname(), sleeper.pid, _started(sleeper.pid)]
        (settings.spool_dir / "ingests" / "b-live.stopped").write_text(json.dumps({"batch_id": "b-live", "owner": owner}))
        assert stopped_marks(settings) == ["b-mine"] and stopped_marks(settings, "b-live") == []
    finally:
        sleeper.kill()
        sleeper.wait()
    assert stopped_marks(settings) == ["b-live", "b-mine"]
    assert claim_stopped(settings, "b-live") and not claim_stopped(settings, "b-live")
    assert stopped_marks(settings) == ["b-mine"] and os.path.exists(settings.spool_dir / "ingests" / "b-mine.stopped")
