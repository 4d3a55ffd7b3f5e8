"""Where the wall time of `sanchika process` goes against raw Tesseract: a timeline of each run.

    .venv/bin/python bench/ocr_timeline.py [--rounds 2] [--pages 40] [--pdf] [--compare-tree DIR] [--json FILE]

On the PNG pages of bench/ocr_throughput.py (or its 20-page image PDF with ``--pdf``), rounds
interleaved: raw ``tesseract`` with 2 processes (each run's start and end), then ``sanchika
process`` (fresh SANCHIKA_HOME, 2 workers) with bench/timeline_hook/sitecustomize.py loaded in
every process (marks: interpreter start, the first file's ingest, each job, each Tesseract call,
exit) while a sampler reads every process's CPU and run-queue wait (/proc/PID/schedstat) every
10 ms; then the same for ``--compare-tree`` (another checkout: its code first on PYTHONPATH).

Printed per pipeline, summed over the rounds (wall = the command's wall time; 2 cores):
- wall, CPU, and Tesseract's core-seconds (sum of its calls: raw = each command's whole run);
- first/second: seconds from the command's start to the first Tesseract call of each lane (a page
  process; a thread of raw tesseract's pool);
- core-seconds without Tesseract, 2 x wall - Tesseract's: before each lane's first call (head),
  after its last (tail: the last pages' and documents' steps, waiting for the other lane, exit)
  and the rest (mid: page preparation, document steps, handoffs);
- sampled: core-seconds with no process of the run on CPU in the same three phases, and the
  run-queue wait of the run's processes (runnable but not running: the machine's other load and
  the run's own processes competing);
- when each mark was first reached (imports done, pool forked, first file ingested, first job...).
The Tesseract figures are structural; on a loaded machine every wall figure stretches, so compare
trees in the same rounds. Both trees are compiled first (as an install has them).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from ocr_throughput import OUT, SANCHIKA, compile_tree, make_pages, make_pdf  # noqa: E402

HOOK = REPO / "bench" / "timeline_hook"
CORES = 2


class Sampler(threading.Thread):
    """CPU and run-queue wait (ns) of a process and its descendants, sampled every ``period``."""

    def __init__(self, root: int, period: float = 0.01) -> None:
        super().__init__(daemon=True)
        self.root, self.period = root, period
        self.samples: list[tuple[float, int, int]] = []  # (t, total run ns, total wait ns)
        self.seen: dict[int, tuple[int, int]] = {}  # pid -> last (run, wait): exited pids keep theirs
        self.stop = threading.Event()

    def tree(self) -> list[int]:
        out, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            out.append(pid)
            try:
                for tid in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{tid}/children") as f:
                        todo.extend(int(c) for c in f.read().split())
            except OSError:
                continue
        return out

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in self.tree():
                try:
                    with open(f"/proc/{pid}/schedstat") as f:
                        run, wait, _ = (int(x) for x in f.read().split())
                except (OSError, ValueError):
                    continue
                self.seen[pid] = (run, wait)
            self.samples.append((time.monotonic(), sum(r for r, _ in self.seen.values()),
                                 sum(w for _, w in self.seen.values())))
            self.stop.wait(self.period)


def idle_between(samples: list[tuple[float, int, int]], a: float, b: float) -> float:
    """Core-seconds with no process of the run on CPU in [a, b] (sampled)."""
    idle = 0.0
    for (t0, r0, _), (t1, r1, _) in zip(samples, samples[1:], strict=False):
        lo, hi = max(a, t0), min(b, t1)
        if hi <= lo or t1 <= t0:
            continue
        busy = (r1 - r0) / 1e9 / (t1 - t0)
        idle += max(0.0, CORES - busy) * (hi - lo)
    return idle


def phases(lanes: dict[object, list[tuple[float, float]]], start: float, end: float) -> dict[str, float]:
    """Core-seconds without Tesseract, given its calls (start, end) per lane (a page process; a
    thread of raw tesseract's pool): before each lane's first call (head), after its last (tail),
    and the rest of 2 x wall (mid)."""
    calls = sorted(c for lane in lanes.values() for c in lane)
    if not calls:
        return {"tess_core_s": 0.0, "head": 0.0, "mid": 0.0, "tail": 0.0}
    busy = sum(e - s for s, e in calls)
    firsts = sorted(min(s for s, _ in lane) for lane in lanes.values())
    lasts = sorted(max(e for _, e in lane) for lane in lanes.values())
    head = sum(f - start for f in firsts[:CORES]) + (end - start) * max(0, CORES - len(firsts))
    tail = sum(end - last for last in lasts[-CORES:])
    return {"tess_core_s": busy, "first": firsts[0] - start, "second": firsts[min(1, len(firsts) - 1)] - start,
            "head": head, "mid": CORES * (end - start) - busy - head - tail, "tail": tail,
            "last_end": lasts[-1] - start, "other_last_end": lasts[max(0, len(lasts) - 2)] - start}


def raw_round(pages: list[Path], lang: str) -> dict[str, float]:
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    tmp = OUT / "raw"
    tmp.mkdir(parents=True, exist_ok=True)
    lanes: dict[object, list[tuple[float, float]]] = {}

    def one(p: Path) -> None:
        s = time.monotonic()
        subprocess.run(["tesseract", str(p), str(tmp / p.stem), "-l", lang, "txt"], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        lanes.setdefault(threading.get_ident(), []).append((s, time.monotonic()))

    cpu0 = os.times()
    start = time.monotonic()
    with ThreadPoolExecutor(CORES) as pool:
        list(pool.map(one, pages))
    end = time.monotonic()
    cpu1 = os.times()
    out = {"wall": end - start, "cpu": cpu1.children_user + cpu1.children_system
           - cpu0.children_user - cpu0.children_system, **phases(lanes, start, end)}
    return out


def read_marks(path: Path) -> list[tuple[float, int, str, str]]:
    marks = []
    for line in path.read_text().splitlines():
        t, pid, event, _cpu, *rest = line.split(" ", 4)
        marks.append((float(t), int(pid), event, rest[0].strip() if rest else ""))
    return marks


def sanchika_round(target: Path, name: str, tree: Path | None) -> dict[str, float]:
    home = OUT / f"home-timeline-{name}"
    shutil.rmtree(home, ignore_errors=True)
    log = OUT / f"timeline-{name}.log"
    log.unlink(missing_ok=True)
    path = [str(HOOK)] + ([str(tree)] if tree else [])
    env = {**os.environ, "SANCHIKA_HOME": str(home), "SANCHIKA_WORKERS": str(CORES), "SANCHIKA_TIMELINE": str(log),
           "PYTHONPATH": os.pathsep.join(path)}
    cpu0 = os.times()
    start = time.monotonic()
    proc = subprocess.Popen([str(SANCHIKA), "process", str(target), "--json"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = Sampler(proc.pid)
    sampler.start()
    out_text, err = proc.communicate()
    end = time.monotonic()
    sampler.stop.set()
    sampler.join()
    cpu1 = os.times()
    if proc.returncode != 0:
        raise SystemExit(f"sanchika process failed ({proc.returncode}): {err[-2000:]}")
    pages = json.loads(out_text)["pages_total"]
    return summarise(read_marks(log), sampler, start, end, pages,
                     cpu1.children_user + cpu1.children_system - cpu0.children_user - cpu0.children_system)


def summarise(marks: list[tuple[float, int, str, str]], sampler: Sampler, start: float, end: float, pages: int,
              cpu: float) -> dict[str, float]:
    open_calls: dict[int, float] = {}
    lanes: dict[object, list[tuple[float, float]]] = {}
    for t, pid, event, _ in marks:
        if event == "tess+":
            open_calls[pid] = t
        elif event == "tess-" and pid in open_calls:
            lanes.setdefault(pid, []).append((open_calls.pop(pid), t))
    out = {"wall": end - start, "cpu": cpu, "pages": float(pages), **phases(lanes, start, end)}

    def first(event: str) -> float:
        return min((t for t, _, e, _ in marks if e == event), default=end) - start

    def last(event: str) -> float:
        return max((t for t, _, e, _ in marks if e == event), default=start) - start

    out.update({"imports_done": first("batch+"), "pool_forked": first("init+"), "engine_loaded": first("engine_warm-"),
                "first_ingested": first("ingest-"), "first_job": first("job+"), "last_job_end": last("job-"),
                "exit_mark": last("exit") if any(e == "exit" for _, _, e, _ in marks) else end - start})
    first_tess = start + out["first"]
    last_tess = start + out["last_end"]
    s = sampler.samples
    out["idle_head"] = idle_between(s, start, first_tess)
    out["idle_mid"] = idle_between(s, first_tess, last_tess)
    out["idle_tail"] = idle_between(s, last_tess, end)
    out["runq_wait"] = (s[-1][2] - s[0][2]) / 1e9 if len(s) > 1 else 0.0
    jobs = [(t, pid, e, d) for t, pid, e, d in marks if e in ("job+", "job-")]
    out["doc_steps_core_s"] = _doc_step_seconds(jobs)
    return out


def _doc_step_seconds(jobs: list[tuple[float, int, str, str]]) -> float:
    opened: dict[int, float] = {}
    total = 0.0
    for t, pid, e, d in jobs:
        if not d.startswith("CompletionJob"):
            continue
        if e == "job+":
            opened[pid] = t
        elif pid in opened:
            total += t - opened.pop(pid)
    return total


def show(rows: dict[str, list[dict[str, float]]]) -> None:
    keys = ["wall", "cpu", "tess_core_s", "first", "second", "head", "mid", "tail",
            "idle_head", "idle_mid", "idle_tail", "runq_wait", "imports_done", "pool_forked", "engine_loaded",
            "first_ingested", "first_job", "last_end", "other_last_end", "last_job_end", "doc_steps_core_s"]
    names = list(rows)
    print(f"{'(sums over rounds; starts: mean)':34s}" + "".join(f"{n[:22]:>24s}" for n in names))
    for k in keys:
        vals = []
        for n in names:
            rs = [r for r in rows[n] if k in r]
            if not rs:
                vals.append("")
                continue
            v = sum(r[k] for r in rs)
            mean = k in ("first", "second", "imports_done", "pool_forked", "engine_loaded", "first_ingested",
                         "first_job", "last_end", "other_last_end", "last_job_end")
            vals.append(f"{v / len(rs) if mean else v:24.2f}")
        print(f"{k:34s}" + "".join(f"{v:>24s}" for v in vals))
    base = rows.get("raw tesseract")
    if base:
        for n in names[1:]:
            w = sum(r["wall"] for r in base) / sum(r["wall"] for r in rows[n])
            c = sum(r["cpu"] for r in base) / sum(r["cpu"] for r in rows[n])
            print(f"  {n} vs raw tesseract: {w:.3f}x wall ({c:.3f}x CPU)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=40)
    ap.add_argument("--pdf", action="store_true", help="the 20-page image PDF instead of the PNGs")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--compare-tree", type=Path, default=None)
    ap.add_argument("--json", type=Path, default=None, help="write every round's figures here")
    args = ap.parse_args()
    from ocr.options import OcrOptions

    lang = OcrOptions().lang
    if args.pdf:
        target, pages = make_pdf(20)
    else:
        pages = make_pages(args.pages)
        target = pages[0].parent
    rows: dict[str, list[dict[str, float]]] = {"raw tesseract": [], "sanchika": []}
    if args.compare_tree:
        rows["other tree"] = []
    for tree in (REPO, *([args.compare_tree] if args.compare_tree else [])):
        compile_tree(tree)
    load = os.getloadavg()[0]
    for _ in range(args.rounds):
        rows["raw tesseract"].append(raw_round(pages, lang))
        rows["sanchika"].append(sanchika_round(target, "this", None))
        if args.compare_tree:
            rows["other tree"].append(sanchika_round(target, "other", args.compare_tree))
    print(f"{len(pages)} pages{' (PDF)' if args.pdf else ''}, {args.rounds} rounds; load average {load:.1f} at the "
          f"start, {os.getloadavg()[0]:.1f} at the end, on {os.cpu_count()} cores")
    show(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
