"""Scaling of server mode: pages per minute with 1 and with 2 Celery worker processes.

    .venv/bin/python bench/scaling.py [--pages 96] [--workers 1,2] [--repeat 1]
                                      [--out bench/out/scaling.json]

Each run gets a fresh PostgreSQL database (tests/services/postgres.py), its own Redis database
number, a local-folder object store and N `sanchika worker -Q ocr,post --concurrency 1`
processes (each one OCR process; OMP_THREAD_LIMIT=1 is set and checked in every pool process).
Fairness:
- **Warm workers.** Before the clock starts, every worker has run a warm-up batch (2 documents
  of 2 pages per worker, another seed) to completion: imports, database and store connections,
  the Tesseract check and the classifier model are loaded in every pool process, so neither run
  pays start-up inside its timing.
- **Enough pages.** 96 pages (4 per PDF) by default: with 2 workers the idle tail (the last
  page, then the last document's completion) is a few percent of the run, not a third.
- **Steady state.** Besides end to end (publish -> every document done), the rate between the
  10th and the 90th percentile of page completion times (``pages.updated_at``) is reported: it
  leaves out the start and the tail.
- **CPU time.** The CPU seconds of each worker's process tree (worker, pool process, Tesseract
  children; from /proc, during the timed window only) give the cost per page, which does not
  depend on the neighbours; ``cpu_speedup`` = N2/N1 x cost(N1)/cost(N2) is the speed-up the second
  worker would give with a core of its own. ``worker_core_share`` = worker CPU / (wall x N) says
  how much of a core each worker actually got; ``others_cpu`` is the share of the machine's CPU
  used by every other process (other sessions, PostgreSQL, Redis, this script) during the run.
- **Order.** With ``--repeat`` the worker counts alternate (1, 2, 1, 2, ...) so a change of
  load on the shared machine hits both; the median ratio is reported.

The load average before, during (mean of samples) and after each run is recorded with the
result: ratios from a loaded machine say more about the neighbours than about Sanchika.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.server.harness import make_batch  # noqa: E402
from tests.services.postgres import fresh_database  # noqa: E402
from tests.services.redis import flush_db, lease_db, shared_redis  # noqa: E402

SANCHIKA = REPO / ".venv" / "bin" / "sanchika"
TICK = os.sysconf("SC_CLK_TCK")


# -- processes and CPU time ----------------------------------------------------------------------
def _stat(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return raw[raw.rindex(")") + 2:].split()  # fields from 3 (state) on


def tree(root: int) -> list[int]:
    """``root`` and every live descendant."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            st = _stat(int(entry.name))
            if st:
                children.setdefault(int(st[1]), []).append(int(entry.name))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def tree_cpu(roots: list[int]) -> float:
    """CPU seconds of the process trees: user + system of each live process, plus what its
    waited-for children (Tesseract runs) used."""
    total = 0
    for root in roots:
        for pid in tree(root):
            st = _stat(pid)
            if st:
                total += sum(int(x) for x in st[11:15])  # utime stime cutime cstime
    return total / TICK


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    total = sum(fields[:8])
    return (total - idle) / TICK, total / TICK


def omp_limit(pids: list[int]) -> set[str]:
    values = set()
    for pid in pids:
        try:
            env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            continue
        values.add(next((e.decode().split("=", 1)[1] for e in env if e.startswith(b"OMP_THREAD_LIMIT=")), "unset"))
    return values


class LoadSampler:
    def __init__(self) -> None:
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(2.0):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> LoadSampler:
        self.samples.append(os.getloadavg()[0])
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])


# -- workers -------------------------------------------------------------------------------------
def start_workers(n: int, env: dict[str, str], home: Path) -> list[subprocess.Popen[bytes]]:
    procs = []
    for i in range(n):
        log = (home / f"worker-{i}.log").open("ab")
        procs.append(subprocess.Popen([str(SANCHIKA), "worker", "-Q", "ocr,post", "--concurrency", "1",
                                       "--name", f"bench{i}-{os.getpid()}@bench", "--loglevel", "WARNING"],
                                      env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                      start_new_session=True))
    return procs


def wait_online(app, n: int, timeout: float = 120.0) -> None:  # type: ignore[no-untyped-def]
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


def steady_rate(url: str, doc_ids: list[str]) -> float | None:
    """Pages per minute between the 10th and 90th percentile of page completion times."""
    from sqlalchemy import create_engine, select

    from storage.schema import pages

    eng = create_engine(url)
    try:
        with eng.connect() as c:
            times = sorted(r[0].timestamp() for r in c.execute(select(pages.c.updated_at).where(
                pages.c.document_id.in_(doc_ids), pages.c.status == "done")) if r[0] is not None)
    finally:
        eng.dispose()
    if len(times) < 10:
        return None
    lo, hi = int(0.1 * (len(times) - 1)), int(0.9 * (len(times) - 1))
    span = times[hi] - times[lo]
    return (hi - lo) * 60 / span if span > 0 else None


def run(n_workers: int, scans: Path, warm: Path, pages: int, redis_base: str, redis_port: int, db: int) -> dict:  # type: ignore[type-arg]
    from sanchika.pipeline import ingest_batch
    from sanchika.settings import Settings
    from workers.celery_app import make_app
    from workers.remote import CeleryExecutor

    url, drop = fresh_database("bench_scaling")
    home = Path(tempfile.mkdtemp(prefix=f"sanchika-bench-{n_workers}-"))
    flush_db(redis_port, db)
    env_vars = {"SANCHIKA_HOME": str(home), "SANCHIKA_DATABASE_URL": url,
                "SANCHIKA_BROKER_URL": f"{redis_base}/{db}", "SANCHIKA_OCR_DPI": "200"}
    env = dict(os.environ, **env_vars, OMP_THREAD_LIMIT="1")
    settings = Settings(**{k[len("SANCHIKA_"):].lower(): v for k, v in env_vars.items()})
    procs = start_workers(n_workers, env, home)
    executor = CeleryExecutor(settings.worker_config(), poll_seconds=0.25)
    try:
        app = make_app(settings.worker_config())
        wait_online(app, n_workers)
        _, warm_jobs = ingest_batch([warm], settings, batch_name=f"warm-{n_workers}")
        executor.run(warm_jobs)
        omp = omp_limit([pid for p in procs for pid in tree(p.pid)])
        if omp != {"1"}:
            raise RuntimeError(f"OMP_THREAD_LIMIT in the worker processes: {omp}")
        _, jobs = ingest_batch([scans], settings, batch_name=f"bench-{n_workers}")
        assert sum(j.pages for j in jobs) == pages, (sum(j.pages for j in jobs), pages)
        roots = [p.pid for p in procs]
        with LoadSampler() as load:
            cpu0, (busy0, total0) = tree_cpu(roots), machine_cpu()
            started = time.perf_counter()
            executor.run(jobs)
            seconds = time.perf_counter() - started
            cpu, (busy1, total1) = tree_cpu(roots) - cpu0, machine_cpu()
        steady = steady_rate(url, [j.document_id for j in jobs])
    finally:
        stop(procs)
        drop()
        flush_db(redis_port, db)
        shutil.rmtree(home, ignore_errors=True)
    machine_busy, machine_total = busy1 - busy0, total1 - total0
    return {"workers": n_workers, "pages": pages, "seconds": round(seconds, 2),
            "pages_per_minute": round(pages * 60 / seconds, 1),
            "steady_pages_per_minute": round(steady, 1) if steady else None,
            "worker_cpu_seconds_per_page": round(cpu / pages, 3),
            "worker_core_share": round(cpu / (seconds * n_workers), 2),
            "others_cpu": round(max(0.0, machine_busy - cpu) / machine_total, 2) if machine_total else None,
            "machine_busy": round(machine_busy / machine_total, 2) if machine_total else None,
            "load_before": round(load.samples[0], 2), "load_mean": round(statistics.fmean(load.samples), 2),
            "load_after": round(load.samples[-1], 2)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=96, help="pages in the timed batch (a multiple of 4)")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--repeat", type=int, default=1, help="rounds; the worker counts alternate within a round")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "scaling.json")
    args = ap.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    counts = [int(n) for n in args.workers.split(",")]
    scans, pages = make_batch(Path(tempfile.mkdtemp(prefix="sanchika-bench-scans-")), docs=args.pages // 4,
                              pages_per_doc=4, seed=99)
    warm, _ = make_batch(Path(tempfile.mkdtemp(prefix="sanchika-bench-warm-")), docs=2 * max(counts),
                         pages_per_doc=2, seed=7)
    redis_base, redis_port = shared_redis()
    lease = lease_db(redis_port)
    if lease is None:
        raise SystemExit("every Redis database number 1..15 is leased by concurrent runs; try again later")
    db, release = lease
    results = []
    try:
        for r in range(args.repeat):
            order = counts if r % 2 == 0 else counts[::-1]
            for n in order:
                results.append(run(n, scans, warm, pages, redis_base, redis_port, db))
                print(json.dumps(results[-1]), flush=True)
    finally:
        release()
        shutil.rmtree(scans, ignore_errors=True)
        shutil.rmtree(warm, ignore_errors=True)
    out: dict[str, object] = {"cores": os.cpu_count(), "results": results}
    if len(counts) >= 2:
        lo, hi = counts[0], counts[-1]
        by = {n: [x for x in results if x["workers"] == n] for n in (lo, hi)}
        pairs = list(zip(by[lo], by[hi], strict=False))

        def ratio(key: str) -> float | None:
            vals = [b[key] / a[key] for a, b in pairs if a.get(key) and b.get(key)]
            return round(statistics.median(vals), 2) if vals else None

        out["speedup"] = ratio("pages_per_minute")
        out["speedup_steady"] = ratio("steady_pages_per_minute")
        cpu = [(hi / lo) * a["worker_cpu_seconds_per_page"] / b["worker_cpu_seconds_per_page"] for a, b in pairs]
        out["cpu_speedup"] = round(statistics.median(cpu), 2)
        cost = statistics.median(x["worker_cpu_seconds_per_page"] for x in by[lo])
        out["pages_per_hour_per_core_cpu"] = round(3600 / cost)
        out["pages_per_hour_per_worker_wall"] = round(statistics.median(x["pages_per_minute"] for x in by[lo]) * 60 / lo)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
