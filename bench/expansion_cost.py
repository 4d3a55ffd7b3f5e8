"""Cost of the query expansion alone (storage/search/expand.py ``key_expansions``): this tree
against a reference tree, on the same database, in alternating fresh processes (cold caches).

    .venv/bin/python bench/expansion_cost.py --url sqlite:///bench/out/search/search-20000.db \\
        --ref /tmp/base [--rounds 2] [--queries 100]

``--ref``: a checkout of the reference code (e.g. ``git archive <commit> | tar -x -C /tmp/base``).
The queries are bench/search_latency.py's query kinds (same seed) on a corpus it built with
``--keep``. Prints p50/p95 ms per kind for both trees and the ratio this/reference, per round: on a
shared machine the ratio within one round is the number to read, not the milliseconds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
KINDS = ["hi-1", "en-1", "hi-variant", "hi-inflect", "romanised", "loanword"]


def child(url: str, n: int) -> None:
    """Runs inside the tree under test (its path first on sys.path): times key_expansions."""
    from sqlalchemy import text  # noqa: F401  (the driver is loaded before timing)

    from bench.search_latency import query_sets
    from storage.db import open_engine
    from storage.search.expand import key_expansions

    sets = query_sets(n)
    engine = open_engine(url)
    out: dict[str, list[float]] = {}
    with engine.connect() as conn:
        key_expansions(conn, ["किसान", "police"])  # warm the connection, not the caches of the queries
        for kind in KINDS:
            times = []
            for q in sets[kind]:
                t = time.perf_counter()
                key_expansions(conn, q["q"].split())
                times.append((time.perf_counter() - t) * 1000)
            out[kind] = times
    engine.dispose()
    print(json.dumps(out))


def run(tree: Path, url: str, n: int) -> dict[str, list[float]]:
    code = (f"import sys; sys.path.insert(0, {str(tree)!r}); "
            f"from bench.expansion_cost import child; child({url!r}, {n})")
    if not (tree / "bench" / "expansion_cost.py").exists():  # a reference tree older than this bench
        code = (f"import sys; sys.path.insert(0, {str(tree)!r}); sys.path.insert(1, {str(REPO / 'bench')!r}); "
                f"import expansion_cost; expansion_cost.child({url!r}, {n})")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tree)
    return json.loads(res.stdout.strip().splitlines()[-1])


def p(times: list[float], q: float) -> float:
    s = sorted(times)
    return statistics.median(s) if q == 0.5 else s[int(q * (len(s) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--ref", type=Path, required=True)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--queries", type=int, default=100)
    args = ap.parse_args()
    for r in range(args.rounds):
        ref = run(args.ref, args.url, args.queries)
        cur = run(REPO, args.url, args.queries)
        print(f"round {r + 1}: key_expansions ms, reference / this tree (p50, p95), ratio of p50 and p95")
        for kind in KINDS:
            a50, a95, b50, b95 = p(ref[kind], 0.5), p(ref[kind], 0.95), p(cur[kind], 0.5), p(cur[kind], 0.95)
            print(f"  {kind:<11} {a50:6.2f} {a95:6.2f} / {b50:6.2f} {b95:6.2f}   x{b50 / a50:.2f} x{b95 / a95:.2f}")


if __name__ == "__main__":
    main()
