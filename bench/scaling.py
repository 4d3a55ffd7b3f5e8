"""Scaling of server mode: pages per minute with 1 and with 2 Celery worker processes.

    .venv/bin/python bench/scaling.py [--pages 24] [--workers 1,2] [--out bench/out/scaling.json]

Each run gets a fresh PostgreSQL database (tests/services/postgres.py), its own Redis database
number, a local-folder object store and N `sanchika worker -Q ocr,post --concurrency 1`
processes (each one OCR process, OMP_THREAD_LIMIT=1). The batch (generated A5 pages at 200 dpi,
4 per PDF) is ingested first; the clock runs from publishing the tasks until the database says
every document is done. The ratio of the two rates is the scaling factor (target >= 1.8 on 2
cores); per-core throughput feeds docs/scaling.md. Numbers are only meaningful on an otherwise
idle machine: the load average before and after each run is recorded with the result.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.server.harness import make_batch  # noqa: E402
from tests.services.postgres import fresh_database  # noqa: E402
from tests.services.redis import flush_db, lease_db, shared_redis  # noqa: E402

SANCHIKA = REPO / ".venv" / "bin" / "sanchika"


def start_workers(n: int, env: dict[str, str], home: Path) -> list[subprocess.Popen[bytes]]:
    procs = []
    for i in range(n):
        log = (home / f"worker-{i}.log").open("ab")
        procs.append(subprocess.Popen([str(SANCHIKA), "worker", "-Q", "ocr,post", "--concurrency", "1",
                                       "--name", f"bench{i}-{os.getpid()}@bench", "--loglevel", "WARNING"],
                                      env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                      start_new_session=True))
    return procs


def wait_online(app, n: int, timeout: float = 90.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.inspect(timeout=1.0).ping() or {}
        if len(replies) >= n:
            return
    raise RuntimeError(f"{n} workers did not come online in {timeout} s")


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for p in procs:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for p in procs:
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(5)


def run(n_workers: int, pages: int, scans: Path, redis_base: str, redis_port: int, db: int) -> dict[str, float]:
    from sanchika.pipeline import ingest_batch
    from sanchika.settings import Settings
    from workers.celery_app import make_app
    from workers.remote import CeleryExecutor

    cpu_before = _children_cpu()
    url, drop = fresh_database("bench_scaling")
    home = Path(tempfile.mkdtemp(prefix=f"sanchika-bench-{n_workers}-"))
    flush_db(redis_port, db)
    env_vars = {"SANCHIKA_HOME": str(home), "SANCHIKA_DATABASE_URL": url,
                "SANCHIKA_BROKER_URL": f"{redis_base}/{db}", "SANCHIKA_OCR_DPI": "200"}
    env = dict(os.environ, **env_vars, OMP_THREAD_LIMIT="1")
    settings = Settings(**{k[len("SANCHIKA_"):].lower(): v for k, v in env_vars.items()})
    procs = start_workers(n_workers, env, home)
    try:
        app = make_app(settings.worker_config())
        wait_online(app, n_workers)
        _, jobs = ingest_batch([scans], settings, batch_name=f"bench-{n_workers}")
        assert sum(j.pages for j in jobs) == pages, (sum(j.pages for j in jobs), pages)
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        CeleryExecutor(settings.worker_config(), poll_seconds=0.1).run(jobs)
        seconds = time.perf_counter() - started
        load_after = os.getloadavg()[0]
    finally:
        stop(procs)
        drop()
        flush_db(redis_port, db)
    cpu = _children_cpu() - cpu_before  # the worker trees, start-up included (waited for by stop())
    return {"workers": n_workers, "pages": pages, "seconds": round(seconds, 2),
            "worker_cpu_seconds_per_page": round(cpu / pages, 3),
            "pages_per_minute": round(pages * 60 / seconds, 1), "load_before": round(load_before, 2),
            "load_after": round(load_after, 2)}


def _children_cpu() -> float:
    """CPU seconds of every waited-for descendant (workers, their pool processes, Tesseract)."""
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=24, help="pages in the batch (a multiple of 4)")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "scaling.json")
    args = ap.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    scans, pages = make_batch(Path(tempfile.mkdtemp(prefix="sanchika-bench-scans-")), docs=args.pages // 4,
                              pages_per_doc=4, seed=99)
    redis_base, redis_port = shared_redis()
    lease = lease_db(redis_port)
    if lease is None:
        raise SystemExit("every Redis database number 1..15 is leased by concurrent runs; try again later")
    db, release = lease
    try:
        results = [run(int(n), pages, scans, redis_base, redis_port, db) for n in args.workers.split(",")]
    finally:
        release()
    out = {"cores": os.cpu_count(), "results": results}
    if len(results) >= 2:
        out["speedup"] = round(results[-1]["pages_per_minute"] / results[0]["pages_per_minute"], 2)
        out["pages_per_hour_per_core"] = round(results[0]["pages_per_minute"] * 60)
        out["pages_per_hour_per_cpu_second_basis"] = round(3600 / results[0]["worker_cpu_seconds_per_page"])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
