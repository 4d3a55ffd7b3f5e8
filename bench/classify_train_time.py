"""Training time of the department model against a reference checkout, measured in the same run.

    .venv/bin/python bench/classify_train_time.py --reference /path/to/old/checkout [--data PATH]
        [--rounds 1] [--together] [--also NAME=PATH ...] [--json OUT] [--keep DIR]

A shared machine's wall clock says little (other work takes the cores), so the measure is CPU
seconds: each training runs in its own subprocess (one thread: OMP/OPENBLAS/MKL pinned to 1) and its
CPU time (user + system) is the rusage ``os.wait4`` returns for it when it ends (what
``getrusage(RUSAGE_CHILDREN)`` adds for that child; exact when two trainings run at once). The reference (e.g. the
commit before issue 20) and this checkout train with their own defaults on the same data, without a
time box (``time_limit_s`` 1e9, so a loaded machine does not cut phase 1 or skip the refit). Rounds
alternate which goes first; ``--together`` starts the two of a round at once (both see the same
load); ``--also NAME=PATH`` trains further checkouts in every round with them (e.g. a single change on
top of the reference). Prints CPU-s and wall-s of each and the ratio this / reference (and NAME /
reference).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
DATA = HERE.parent.parent / "shared" / "data" / "departments" / "train.jsonl"
if not DATA.exists():
    DATA = HERE.parent / "shared" / "data" / "departments" / "train.jsonl"

# ``classify.model.train`` before issue 20, ``classify.training.train`` after; both take **options
CODE = """
import json, sys
sys.path.insert(0, {root!r})
try:
    from classify.training import train
except ImportError:
    from classify.model import train
import classify
assert classify.__file__.startswith({root!r}), classify.__file__
out = train({data!r}, {out!r}, time_limit_s=1e9)
print(json.dumps({{"test": out.get("test", {{}}).get("per_language"), "train_seconds": out.get("train_seconds")}}))
"""


def _start(root: Path, data: Path, out: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "PYTHONPATH": str(root)}
    code = CODE.format(root=str(root), data=str(data), out=str(out))
    return subprocess.Popen([sys.executable, "-c", code], cwd=root, env=env, stdout=subprocess.PIPE, text=True)


def _wait(procs: dict[str, subprocess.Popen[str]], t0: dict[str, float]) -> dict[str, dict]:
    """Wait for each process; its CPU seconds are the growth of the children's rusage when it ends
    (``os.wait4`` gives exactly that process's own)."""
    got: dict[str, dict] = {}
    for name, p in procs.items():
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        out = p.stdout.read() if p.stdout else ""
        if p.returncode != 0:
            raise SystemExit(f"{name}: training failed ({p.returncode})")
        got[name] = {"cpu_s": round(usage.ru_utime + usage.ru_stime, 1), "wall_s": round(time.perf_counter() - t0[name], 1),
                     "result": json.loads(out.strip().splitlines()[-1])}
        print(f"  {name}: {got[name]['cpu_s']} CPU-s, {got[name]['wall_s']} s wall; held-out {got[name]['result']}",
              flush=True)
    return got


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reference", type=Path, required=True, help="checkout of the reference code")
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--together", action="store_true", help="start the two trainings of a round at once")
    ap.add_argument("--also", action="append", default=[], metavar="NAME=PATH",
                    help="another checkout trained in every round (repeatable)")
    ap.add_argument("--keep", type=Path, default=None, help="write this checkout's last model here")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    roots = {"this": HERE, "reference": args.reference.resolve()}
    roots.update({name: Path(path).resolve() for name, _, path in (a.partition("=") for a in args.also)})
    tmp = Path(tempfile.mkdtemp(prefix="sanchika-train-time-"))
    print(f"models in {tmp} (NAME-ROUND)", flush=True)
    runs: list[dict] = []
    for r in range(args.rounds):
        order = list(roots) if r % 2 == 0 else list(roots)[::-1]
        print(f"round {r + 1}: {' and '.join(order)}{' together' if args.together else ', one after the other'}",
              flush=True)
        outs = {n: (args.keep if n == "this" and args.keep and r == args.rounds - 1 else tmp / f"{n}-{r}") for n in order}
        got: dict[str, dict] = {}
        if args.together:
            t0 = {n: time.perf_counter() for n in order}
            got = _wait({n: _start(roots[n], args.data, outs[n]) for n in order}, t0)
        else:
            for n in order:
                t0 = {n: time.perf_counter()}
                got.update(_wait({n: _start(roots[n], args.data, outs[n])}, t0))
        runs.append(got)
    cpu = {n: [g[n]["cpu_s"] for g in runs] for n in roots}
    ratio = sum(cpu["this"]) / sum(cpu["reference"])
    print(f"\nCPU-s this {cpu['this']} vs reference {cpu['reference']}: ratio this / reference {ratio:.2f}")
    for name in list(roots)[2:]:
        print(f"CPU-s {name} {cpu[name]}: ratio {name} / reference {sum(cpu[name]) / sum(cpu['reference']):.2f}")
    if args.json:
        args.json.write_text(json.dumps({"data": str(args.data), "roots": {n: str(p) for n, p in roots.items()}, "runs": runs,
                                         "ratio_cpu": round(ratio, 3), "load": os.getloadavg()}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
