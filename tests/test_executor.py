"""The embedded executor (workers/local.py) under injected faults, following the one RetryPolicy:
a page that kills its worker process fails alone (its neighbours in flight with it are done), a
transient error is retried with backoff and gives up after the policy's retries, and concurrent
submissions share one pool. Faults are injected by a runner wrapped around the real step, reading
instructions from files beside the object store (every pool process sees them)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sqlalchemy import select

from domain.errors import TransientError
from sanchika.pipeline import ingest_batch, process_batch, start_batch
from sanchika.settings import Settings
from storage.schema import batches, documents, pages
from workers.context import WorkerContext
from workers.jobs import Job, PageJob
from workers.local import LocalExecutor, run_job
from workers.retry import RetryPolicy

from . import pagegen
from .scans import EDUCATION_LINES, HEALTH_LINES, REVENUE_LINES


def faulty(job: Job):  # type: ignore[no-untyped-def]
    """run_job, unless a fault file names this page: ``crash`` (the process dies) or
    ``transient N`` (the first N runs raise TransientError). Every run is counted in a file."""
    import workers.local as local

    assert local._CTX is not None
    if isinstance(job, PageJob):
        faults = Path(local._CTX.config.store.root).parent / "faults"
        name = f"{job.document_id}-{job.page_no}"
        with (faults / f"{name}.runs").open("a") as runs:
            runs.write("x")
        spec = (faults / name).read_text().split() if (faults / name).exists() else []
        if spec[:1] == ["crash"]:
            os._exit(9)
        if spec[:1] == ["transient"] and (faults / f"{name}.runs").stat().st_size <= int(spec[1]):
            raise TransientError("the object store is restarting (injected)")
    return run_job(job)


def _batch(tmp_path: Path, settings: Settings):  # type: ignore[no-untyped-def]
    folder = tmp_path / "scans"
    folder.mkdir()
    for i, lines in enumerate((REVENUE_LINES, EDUCATION_LINES, HEALTH_LINES)):
        (folder / f"doc{i}.pdf").write_bytes(pagegen.text_pdf(lines[:3], pages=3))
    batch_id, jobs = ingest_batch([folder], settings, batch_name="faults")
    (settings.home / "faults").mkdir()
    return batch_id, jobs


def _runs(settings: Settings, doc_id: str, page_no: int) -> int:
    path = settings.home / "faults" / f"{doc_id}-{page_no}.runs"
    return path.stat().st_size if path.exists() else 0


def _pages(settings: Settings) -> dict[tuple[str, int], tuple[str, str | None]]:
    ctx = WorkerContext(settings.worker_config())
    with ctx.engine.connect() as c:
        rows = c.execute(select(pages.c.document_id, pages.c.page_no, pages.c.status, pages.c.error_code)).all()
    return {(r.document_id, r.page_no): (r.status, r.error_code) for r in rows}


def test_a_page_that_kills_its_process_fails_alone(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(home=tmp_path / "home", workers=2)
    _, jobs = _batch(tmp_path, settings)
    victim = jobs[1]
    (settings.home / "faults" / f"{victim.document_id}-2").write_text("crash")
    seen: list[object] = []
    LocalExecutor(settings.worker_config(), runner=faulty).run(jobs, seen.append, seen.append)

    status = _pages(settings)
    assert status.pop((victim.document_id, 2)) == ("failed", "worker.crashed")
    assert set(status.values()) == {("done", None)}  # every page in flight beside it was done
    assert _runs(settings, victim.document_id, 2) == RetryPolicy().crashes
    assert len(seen) == 9 + 3  # each page and each document reported once


def test_transient_errors_are_retried_then_given_up(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(home=tmp_path / "home", workers=2, retries=2, retry_max_delay=0.2)
    _, jobs = _batch(tmp_path, settings)
    flaky, broken = (jobs[0].document_id, 1), (jobs[2].document_id, 3)
    (settings.home / "faults" / f"{flaky[0]}-{flaky[1]}").write_text("transient 2")  # two failures, then fine
    (settings.home / "faults" / f"{broken[0]}-{broken[1]}").write_text("transient 99")
    LocalExecutor(settings.worker_config(), runner=faulty).run(jobs)

    status = _pages(settings)
    assert status[flaky] == ("done", None) and _runs(settings, *flaky) == 3
    assert status[broken] == ("failed", "transient.gave_up") and _runs(settings, *broken) == 1 + 2
    assert sum(s == ("done", None) for s in status.values()) == 8


class Counting(LocalExecutor):
    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.pools = 0

    def pool(self):  # type: ignore[no-untyped-def]
        self.pools += 1
        return super().pool()


def _until_idle(executor: LocalExecutor, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while executor._driving and time.monotonic() < deadline:
        time.sleep(0.05)
    return not executor._driving


def test_submissions_share_one_pool_and_return_at_once(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(home=tmp_path / "home", workers=2)
    _, jobs = _batch(tmp_path, settings)
    executor = Counting(settings.worker_config())
    first = executor.submit(jobs[:2])
    second = executor.submit(jobs[2:])
    assert first.wait(120) and second.wait(120)
    assert executor.pools == 1
    assert set(_pages(settings).values()) == {("done", None)}


def test_a_pool_warmed_ahead_of_the_work_is_the_one_that_reads_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """process_batch starts the pool before it opens the database (executor.warm): the run takes
    that pool instead of forking another; a warmed pool no run took is stopped by cool()."""
    settings = Settings(home=tmp_path / "home", workers=2)
    _, jobs = _batch(tmp_path, settings)
    executor = Counting(settings.worker_config())
    executor.warm()
    executor.run(jobs[:2])
    assert executor.pools == 1 and executor.take_warm() is None
    executor.warm()
    executor.cool()
    assert executor.take_warm() is None
    executor.run(jobs[2:])
    assert executor.pools == 3
    assert set(_pages(settings).values()) == {("done", None)}


def test_work_handed_over_after_an_idle_moment_finds_the_pool_up(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A web upload or page replacement shortly after the last one does not fork a new pool (and
    load the model again); after SANCHIKA_WORKER_IDLE_SECONDS the pool stops."""
    settings = Settings(home=tmp_path / "home", workers=2, worker_idle_seconds=2)
    _, jobs = _batch(tmp_path, settings)
    executor = Counting(settings.worker_config())
    assert executor.submit(jobs[:1]).wait(120)
    time.sleep(0.5)  # the first submission is over; the pool waits for more
    assert executor.submit(jobs[1:]).wait(120)
    assert executor.pools == 1
    assert _until_idle(executor)  # the idle time ran out: the drive ended, its pool with it
    assert set(_pages(settings).values()) == {("done", None)}


def test_with_no_idle_time_the_pool_stops_when_the_work_is_done(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(home=tmp_path / "home", workers=2, worker_idle_seconds=0)
    _, jobs = _batch(tmp_path, settings)
    executor = Counting(settings.worker_config())
    assert executor.submit(jobs[:1]).wait(120) and _until_idle(executor, 30)
    assert executor.submit(jobs[1:]).wait(120)
    assert executor.pools == 2


def test_an_upload_is_read_while_it_is_still_being_ingested(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The web upload path (start_batch -> executor.submit): OCR starts with the first file."""
    from PIL import Image

    folder = tmp_path / "scans"
    folder.mkdir()
    for i in range(10):  # blank sheets: read fast, each a different file
        img = Image.new("L", (850, 1100), 255)
        img.putpixel((5 + i, 5), 200)
        (folder / f"sheet-{i:02d}.png").write_bytes(pagegen.image_bytes(img, "PNG", dpi=100))
    settings = Settings(home=tmp_path / "home", workers=1)
    executor = LocalExecutor(settings.worker_config())
    batch_id, submission = start_batch([folder], settings, executor, remove=[folder])
    assert submission.wait(120) and not folder.exists()  # the copies go once every input is recorded
    with executor.context.engine.connect() as c:
        status = c.execute(select(batches.c.status).where(batches.c.id == batch_id)).scalar()
        first_page_done = c.execute(select(pages.c.updated_at).order_by(pages.c.updated_at).limit(1)).scalar()
        last_ingested = c.execute(select(documents.c.created_at).order_by(documents.c.created_at.desc()).limit(1)).scalar()
    assert status == "done"
    assert first_page_done < last_ingested


def test_a_batch_whose_every_file_failed_says_failed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "notes.txt").write_text("not a scan")
    settings = Settings(home=tmp_path / "home", workers=1)
    executor = Counting(settings.worker_config())
    report = process_batch([folder], settings, executor=executor)
    assert report.counts() == {"failed": 2}
    assert executor.pools == 1 and executor.take_warm() is None  # the warmed pool no page reached is stopped
    ctx = WorkerContext(settings.worker_config())
    assert ctx.catalog.batch(report.batch_id)["status"] == "failed"
    # and one good file among bad ones: done
    (folder / "good.pdf").write_bytes(pagegen.text_pdf(REVENUE_LINES[:2]))
    report = process_batch([folder], settings)
    assert ctx.catalog.batch(report.batch_id)["status"] == "done"



def second_page_down(job: Job):  # type: ignore[no-untyped-def]
    """run_job, but page 2 of every document meets a store that never comes back."""
    if isinstance(job, PageJob) and job.page_no == 2:
        raise TransientError("the object store is down (injected)")
    return run_job(job)


def test_a_batch_opens_one_database_engine_in_this_process(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """process_batch ingests, runs the pool, records a failure that used up its retries and builds
    the report on the executor's one context: one engine in this process (issue 20 point 2; the
    pool's processes have their own, one each)."""
    import workers.context

    opened: list[str] = []
    real = workers.context.open_engine
    monkeypatch.setattr(workers.context, "open_engine", lambda url: opened.append(url) or real(url))
    folder = tmp_path / "scans"
    folder.mkdir()
    for i, lines in enumerate((REVENUE_LINES, EDUCATION_LINES)):
        (folder / f"doc{i}.pdf").write_bytes(pagegen.text_pdf(lines[:3], pages=3))
    (folder / "empty.pdf").write_bytes(b"")
    settings = Settings(home=tmp_path / "home", workers=2, retries=1, retry_max_delay=0.1)
    report = process_batch([folder], settings, executor=LocalExecutor(settings.worker_config(), runner=second_page_down))
    assert report.counts() == {"done": 2, "failed": 1}
    assert sorted(e["code"] for e in report.page_errors) == ["transient.gave_up"] * 2
    assert opened == [settings.db_url]


def _word_lists_here_and_in_the_page_process() -> tuple[int, int]:
    """Word lists loaded in this pool process, then in its page process."""
    from ocr.reading import _word_list
    from ocr.watchdog import run_in_page_process

    return _word_list.cache_info().currsize, run_in_page_process(_word_lists_here, (), 60)


def _word_lists_here() -> int:
    from ocr.reading import _word_list

    return _word_list.cache_info().currsize


def test_a_warmed_pool_process_has_loaded_the_word_lists_its_first_page_needs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Before any job the word lists (a page's first judgement) are loaded in the pool process, and
    its page process, forked after, shares them."""
    from ocr.reading import _word_list

    _word_list.cache_clear()  # this process's, which a forked pool process would share
    executor = LocalExecutor(Settings(home=tmp_path / "home", workers=1).worker_config())
    executor.warm()
    pool = executor.take_warm()
    assert pool is not None
    try:
        assert pool.submit(_word_lists_here_and_in_the_page_process).result(120) == (2, 2)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _note(name: str) -> Path:
    import workers.local as local

    assert local._CTX is not None
    return Path(local._CTX.config.store.root).parent / "notes" / name


def slow_last_page(job: Job):  # type: ignore[no-untyped-def]
    """run_job, noting when each job starts and ends in which process; page 3 takes 3 s more."""
    kind = f"page{job.page_no}" if isinstance(job, PageJob) else "completion"
    _note(f"{kind}.start").write_text(f"{os.getpid()} {time.time()}")
    if isinstance(job, PageJob) and job.page_no == 3:
        time.sleep(3)
    outcome = run_job(job)
    _note(f"{kind}.end").write_text(f"{os.getpid()} {time.time()}")
    return outcome


def noting_prepare(config) -> None:  # type: ignore[no-untyped-def]
    from workers.local import prepare_document_step

    notes = Path(config.store.root).parent / "notes"
    (notes / f"prepare.{os.getpid()}").write_text(str(time.time()))
    prepare_document_step(config)


def test_an_idle_process_prepares_the_document_step_while_the_last_page_is_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """At the end of a run (no page left to start, the last one still being read) the idle pool
    process loads what the document step needs (the PDF/A validator), so a long document's step
    after its last page does not: the prepare task runs in another process than the last page's,
    before that page ends."""
    settings = Settings(home=tmp_path / "home", workers=2)
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "doc.pdf").write_bytes(pagegen.text_pdf(REVENUE_LINES[:3], pages=3))
    _, jobs = ingest_batch([folder], settings, batch_name="tail")
    (settings.home / "notes").mkdir()
    executor = LocalExecutor(settings.worker_config(), runner=slow_last_page)
    executor.prepare = noting_prepare
    executor.run(jobs)
    notes = settings.home / "notes"
    last_pid, _ = (notes / "page3.start").read_text().split()
    _, last_end = (notes / "page3.end").read_text().split()
    prepared = {p.name.split(".")[1]: float(p.read_text()) for p in notes.glob("prepare.*")}
    assert prepared and last_pid not in prepared, prepared
    assert min(prepared.values()) < float(last_end)
    assert set(_pages(settings).values()) == {("done", None)}


def _collector_state() -> tuple[int, float]:
    """(objects frozen out of the collector, ms of a full collection) in this pool process."""
    import gc

    started = time.process_time()
    gc.collect()
    return gc.get_freeze_count(), (time.process_time() - started) * 1000


def test_a_pool_process_keeps_what_it_inherited_out_of_the_garbage_collector(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A pool process freezes what it inherited (gc.freeze): a full collection, which the PDF/A
    validator runs first, no longer walks the parent's modules and model."""
    executor = LocalExecutor(Settings(home=tmp_path / "home", workers=1).worker_config())
    pool = executor.pool()
    try:
        frozen, _ms = pool.submit(_collector_state).result(120)
    finally:
        pool.shutdown(wait=True)
    assert frozen > 10_000


def noting_order(job: Job):  # type: ignore[no-untyped-def]
    """run_job, appending the job's kind and start time to a note (one line per job)."""
    with _note("order").open("a") as notes:
        notes.write(f"{'page' if isinstance(job, PageJob) else 'step'} {time.time()}\n")
    return run_job(job)


def _starts_of_ten_documents(tmp_path: Path) -> list[tuple[str, float]]:
    settings = Settings(home=tmp_path / "home", workers=2)
    folder = tmp_path / "scans"
    folder.mkdir()
    lines = (REVENUE_LINES, EDUCATION_LINES, HEALTH_LINES)
    for i in range(10):  # more documents than the window of pages in flight (3 per process)
        (folder / f"doc{i}.pdf").write_bytes(pagegen.text_pdf(lines[i % 3][i // 3:i // 3 + 3], pages=1))
    _, jobs = ingest_batch([folder], settings, batch_name="order")
    (settings.home / "notes").mkdir()
    LocalExecutor(settings.worker_config(), runner=noting_order).run(jobs)
    assert set(_pages(settings).values()) == {("done", None)}
    notes = (settings.home / "notes" / "order").read_text().split("\n")
    return sorted(((kind, float(t)) for kind, t in (line.split() for line in notes if line)), key=lambda kt: kt[1])


def test_document_steps_wait_while_pages_are_left_to_start(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The document steps of a batch of one-page files wait for the pages: the steps are released
    when the last page is handed out, so the batch ends with the short steps on both processes.
    (Start times are written by two processes: the process left without a page may start a step
    or two while the other starts the last page; without the hold most steps start earlier.)"""
    starts = _starts_of_ten_documents(tmp_path)
    last_page = max(t for kind, t in starts if kind == "page")
    early = [t for kind, t in starts if kind == "step" and t < last_page]
    assert sorted(kind for kind, _ in starts) == ["page"] * 10 + ["step"] * 10
    assert len(early) <= 2, starts  # without the hold: 6 of 10 steps before the last page


def test_at_most_hold_steps_per_process_wait(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Beyond HOLD waiting steps per process, a step starts before the next page (documents do
    not all wait for the end of a long batch)."""
    import workers.drive as drive

    monkeypatch.setattr(drive, "HOLD", 1)
    order = [kind for kind, _ in _starts_of_ten_documents(tmp_path)]
    assert sorted(order) == ["page"] * 10 + ["step"] * 10
    assert order.index("step") < len(order) - 1 - order[::-1].index("page")


def test_closing_the_celery_executor_stops_publishing_between_two_documents(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Server mode's web app stopping (Executor.close): the publishing thread ends after the
    document it pulled, pulls (ingests) nothing further, and its submission ends with
    ExecutorStopped; afterwards the executor takes work again."""
    import threading

    from workers.jobs import DocumentJob, ExecutorStopped
    from workers.remote import CeleryExecutor

    executor = CeleryExecutor(Settings(home=tmp_path / "home").worker_config())
    published: list[str] = []
    executor.publish = lambda job: published.append(job.document_id)  # type: ignore[method-assign]
    gate, pulled, closed = threading.Event(), [], []

    def jobs():  # type: ignore[no-untyped-def]
        try:
            for name in ("a", "b", "c"):
                pulled.append(name)
                yield DocumentJob(name, "0" * 64, "pdf", 1)
                gate.wait(10)  # the next document is being ingested while the app stops
        finally:
            closed.append(True)

    submission = executor.submit(jobs())
    deadline = time.monotonic() + 10
    while not published and time.monotonic() < deadline:
        time.sleep(0.01)
    ended: list[bool] = []
    closer = threading.Thread(target=lambda: ended.append(executor.close(10)))
    closer.start()
    while not executor.stopping.is_set():
        time.sleep(0.01)
    gate.set()
    closer.join(20)
    assert ended == [True] and published == ["a", "b"] and pulled == ["a", "b"] and closed == [True]
    assert submission.done and isinstance(submission.error, ExecutorStopped)
    assert not executor.stopping.is_set() and executor.submit([]).wait(10)  # usable again
