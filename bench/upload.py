"""Upload throughput and server memory: a ~200 MB batch through the web API in server mode.

    .venv/bin/python bench/upload.py [--mb 200] [--files 20] [--routes multipart,chunked]
                                     [--out bench/out/upload.json]

Starts a private deployment on 127.0.0.1: a fresh PostgreSQL database, its own Redis database
number (tests/services/redis.py), a SeaweedFS S3 server (tests/services/seaweed.py) and
`sanchika serve` as a separate process; **no worker runs**, so the numbers are the upload path
alone (receive, spool with SHA-256, store the original in S3, count pages, record rows, publish
the page tasks), not OCR. The batch is generated once (fixed seed) under bench/out/upload/:
scanned-looking PDFs of A4 300 dpi grey JPEG pages (~1 MB each, incompressible paper noise),
every file distinct so none is a duplicate.

Routes measured, each on the whole batch:
- ``multipart``: one ``POST /api/batches`` request carrying every file (field ``files``);
- ``chunked``: per file ``POST /api/uploads`` + ``PUT /api/uploads/{id}?offset=N`` in 2 MiB
  chunks (the web app's size), then one ``POST /api/batches/from-uploads``.

Reported per route: MB/s (MB = 10^6 bytes, batch bytes / wall time until every original is stored
and its pages published: the 202 answer comes earlier, since the files are ingested in the
background, OCR starting with the first file (ADR 0020); ``answer_seconds`` is the time to it) and the
server's memory: RSS before the request, peak RSS during it (sampled every 20 ms from
/proc/PID/status), peak growth, and the peak-RSS high-water mark (VmHWM) of the whole process.
Streaming means the growth stays far below the batch and the largest file. A warm-up upload of
one small file per route runs first (imports, S3 and database connections). The machine's load
average is recorded with the result: on a shared machine the MB/s are a lower bound.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SANCHIKA = REPO / ".venv" / "bin" / "sanchika"
SEED = 20241122
CHUNK = 2 << 20
OUT = REPO / "bench" / "out" / "upload"


# -- the batch -----------------------------------------------------------------------------------
def make_page(rnd: random.Random, n: int):  # type: ignore[no-untyped-def]
    """A4 at 300 dpi, grey: paper noise, a letterhead band and lines of dark 'text' blocks."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(SEED + n)
    w, h = 2480, 3508
    img = (232 + rng.normal(0, 9, (h, w))).clip(0, 255).astype("uint8")
    img[180:320, 200:w - 200] = (img[180:320, 200:w - 200] * 0.55).astype("uint8")
    y = 420
    while y < h - 250:
        x = 200
        while x < w - 300:
            word = rnd.randint(60, 260)
            img[y:y + 34, x:x + word] = (img[y:y + 34, x:x + word] * 0.25).astype("uint8")
            x += word + rnd.randint(25, 45)
        y += rnd.randint(70, 95)
    return Image.fromarray(img, "L")


def make_batch(total_mb: int, files: int) -> list[Path]:
    """``files`` PDFs adding up to about ``total_mb`` MB (generated once, then reused)."""
    folder = OUT / f"batch-{total_mb}mb-{files}"
    done = folder / "complete.json"
    if done.exists():
        return [folder / n for n in json.loads(done.read_text())]
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    rnd = random.Random(SEED)
    per_file = total_mb * 1_000_000 / files
    names, n = [], 0
    for i in range(files):
        pages, size = [], 0
        while size < per_file:
            import io

            page = make_page(rnd, n)
            n += 1
            buf = io.BytesIO()
            page.save(buf, "JPEG", quality=75)
            size += buf.tell()
            pages.append(page)
        name = f"scan-{i:03d}.pdf"
        pages[0].save(folder / name, "PDF", resolution=300.0, save_all=True, append_images=pages[1:], quality=75)
        names.append(name)
        print(f"  {name}: {len(pages)} pages, {(folder / name).stat().st_size / 1e6:.1f} MB", flush=True)
    done.write_text(json.dumps(names))
    return [folder / n for n in names]


# -- the server and its memory -------------------------------------------------------------------
def rss_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process in kB."""
    rss = hwm = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1])
        elif line.startswith("VmHWM:"):
            hwm = int(line.split()[1])
    return rss, hwm


class Sampler:
    def __init__(self, pid: int, every: float = 0.02) -> None:
        self.pid, self.every = pid, every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_kb(self.pid)[0])
            time.sleep(self.every)

    def __enter__(self) -> Sampler:
        self.peak = rss_kb(self.pid)[0]
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_kb(self.pid)[0])


def wait_http(base: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 90) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"sanchika serve exited {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base}/api/me", timeout=2).status_code == 401:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"sanchika serve did not answer in {timeout} s:\n{log.read_text()[-3000:]}")


# -- the two routes ------------------------------------------------------------------------------
def upload_multipart(client, paths: list[Path]) -> str:  # type: ignore[no-untyped-def]
    handles = [p.open("rb") for p in paths]
    try:
        r = client.post("/api/batches", files=[("files", (p.name, h, "application/pdf")) for p, h in zip(paths, handles, strict=True)],
                        data={"name": f"bench-multipart-{len(paths)}"})
    finally:
        for h in handles:
            h.close()
    assert r.status_code == 202, r.text
    return str(r.json()["id"])


def upload_chunked(client, paths: list[Path]) -> str:  # type: ignore[no-untyped-def]
    ids = []
    for p in paths:
        size = p.stat().st_size
        r = client.post("/api/uploads", json={"name": p.name, "size": size})
        assert r.status_code == 201, r.text
        upload_id = r.json()["id"]
        with p.open("rb") as f:
            offset = 0
            while chunk := f.read(CHUNK):
                r = client.put(f"/api/uploads/{upload_id}", params={"offset": offset}, content=chunk,
                               headers={"content-type": "application/octet-stream"})
                assert r.status_code == 200, r.text
                offset += len(chunk)
        ids.append(upload_id)
    r = client.post("/api/batches/from-uploads", json={"upload_ids": ids, "name": f"bench-chunked-{len(paths)}"})
    assert r.status_code == 202, r.text
    return str(r.json()["id"])


ROUTES = {"multipart": upload_multipart, "chunked": upload_chunked}


def wait_ingested(client, batch_id: str, n_files: int, timeout: float = 1800) -> None:  # type: ignore[no-untyped-def]
    """Until every file of the batch is recorded and none is still waiting to be stored."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        files = client.get(f"/api/batches/{batch_id}").json()["files"]
        if len(files) == n_files and all(f["status"] != "queued" for f in files):
            return
        time.sleep(0.05)
    raise SystemExit(f"batch {batch_id} not ingested in {timeout} s")


def check_batch(client, batch_id: str, n_files: int) -> dict[str, int]:  # type: ignore[no-untyped-def]
    r = client.get(f"/api/batches/{batch_id}")
    assert r.status_code == 200, r.text
    statuses: dict[str, int] = {}
    for f in r.json()["files"]:
        statuses[f["status"]] = statuses.get(f["status"], 0) + 1
    assert sum(statuses.values()) == n_files and "failed" not in statuses, statuses
    return statuses


def measure_route(name: str, paths: list[Path], warm: Path, home: Path, s3, broker: str) -> dict:  # type: ignore[no-untyped-def]
    """A fresh database, bucket and `sanchika serve`; one warm-up file, then the batch."""
    import httpx

    from tests.services.postgres import fresh_database
    from tests.services.seaweed import free_port

    url, drop = fresh_database("bench_upload")
    proc = None
    try:
        env = dict(os.environ, SANCHIKA_HOME=str(home), SANCHIKA_DATABASE_URL=url, SANCHIKA_BROKER_URL=broker,
                   SANCHIKA_S3_ENDPOINT=s3.endpoint, SANCHIKA_S3_ACCESS_KEY=s3.access_key,
                   SANCHIKA_S3_SECRET_KEY=s3.secret_key, SANCHIKA_S3_BUCKET=f"bench-upload-{name}")
        token = json.loads(subprocess.run([str(SANCHIKA), "users", "add", "bench", "--role", "operator", "--json"],
                                          env=env, capture_output=True, text=True, check=True).stdout)["token"]
        http_port = free_port()
        home.mkdir(parents=True, exist_ok=True)
        log = home / "serve.log"
        with log.open("wb") as out:
            proc = subprocess.Popen([str(SANCHIKA), "serve", "--port", str(http_port)], env=env, stdout=out,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        base = f"http://127.0.0.1:{http_port}"
        wait_http(base, proc, log)
        total = sum(p.stat().st_size for p in paths)
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=1800) as client:
            wait_ingested(client, ROUTES[name](client, [warm]), 1)  # warm-up: imports, connections, the bucket
            load_before = os.getloadavg()
            rss_before, _ = rss_kb(proc.pid)
            t0 = time.perf_counter()
            with Sampler(proc.pid) as sampler:
                batch_id = ROUTES[name](client, paths)
                answer = time.perf_counter() - t0
                wait_ingested(client, batch_id, len(paths))
            seconds = time.perf_counter() - t0
            load_after = os.getloadavg()
            statuses = check_batch(client, batch_id, len(paths))
            _, hwm = rss_kb(proc.pid)
        row = {"route": name, "files": len(paths), "mb": round(total / 1e6, 1),
               "largest_file_mb": round(max(p.stat().st_size for p in paths) / 1e6, 1),
               "seconds": round(seconds, 1), "answer_seconds": round(answer, 2), "mb_per_s": round(total / 1e6 / seconds, 1),
               "rss_before_mb": round(rss_before / 1024, 1), "rss_peak_mb": round(sampler.peak / 1024, 1),
               "rss_growth_mb": round((sampler.peak - rss_before) / 1024, 1),
               "vm_hwm_mb": round(hwm / 1024, 1), "items": statuses,
               "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in load_after]}
        print(json.dumps(row), flush=True)
        return row
    finally:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)
        drop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=int, default=200, help="batch size in MB (10^6 bytes)")
    ap.add_argument("--files", type=int, default=20)
    ap.add_argument("--routes", default="multipart,chunked")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "upload.json")
    args = ap.parse_args()

    from tests.services.redis import flush_db, lease_db, shared_redis
    from tests.services.seaweed import SeaweedS3

    print(f"batch: {args.mb} MB in {args.files} files (bench/out/upload/)", flush=True)
    paths = make_batch(args.mb, args.files)
    total = sum(p.stat().st_size for p in paths)
    warm = OUT / "warm-up.pdf"
    if not warm.exists():
        make_page(random.Random(1), 10_000).save(warm, "PDF", resolution=300.0, quality=75)

    scratch = Path(tempfile.mkdtemp(prefix="sanchika-bench-upload-"))
    s3 = SeaweedS3(scratch / "seaweed")
    base_redis, port = shared_redis()
    lease = lease_db(port)
    if lease is None:
        raise SystemExit("every Redis database number 1..15 is leased by concurrent runs; try again later")
    db, release = lease
    results = []
    try:
        s3.start()
        for name in args.routes.split(","):  # each route on a fresh deployment: no file is a duplicate
            results.append(measure_route(name, paths, warm, scratch / name, s3, f"{base_redis}/{db}"))
            flush_db(port, db)
    finally:
        s3.stop()
        release()
        shutil.rmtree(scratch, ignore_errors=True)
    out = {"cores": os.cpu_count(), "batch_mb": round(total / 1e6, 1), "results": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2) + "\n")
    print("\n| route | MB | files | s | MB/s | server RSS before → peak (growth) MB | load avg (1 min) |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['route']} | {r['mb']} | {r['files']} | {r['seconds']} | **{r['mb_per_s']}** | "
              f"{r['rss_before_mb']} → {r['rss_peak_mb']} (**+{r['rss_growth_mb']}**) | "
              f"{r['load_before'][0]} → {r['load_after'][0]} |")


if __name__ == "__main__":
    main()
