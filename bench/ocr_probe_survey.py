"""The Tesseract orientation probe (ocr/probe.py) on pages whose way up is known: how often it runs, how often it
is wrong, and how strong its evidence was when it was right and when it was wrong (ADR 0055).

    .venv/bin/python bench/ocr_probe_survey.py [--part tune|held-out|real|all] [--sets shapes,fresh,...]
                                               [--cache DIR] [--json FILE]

Pages: bench/script_survey.py's sets (generated pages of tests/*shapes.py, a size grid, the real scans already
fetched under bench/out/), each upright and turned 180, preprocessed as ``read_page`` does (crop, 0/90, skew, the
line check, then the probe only when the shape cues are unsure). Per probe run: the two halves of the strip judged
as page readings (ocr/judge.py: quality, words, confidence), confidence x characters each way, whether the probe's
own verdict was right (the turn it chose undoes the page's), and whether ADR 0055 calls its evidence weak (a weak
probe proposes no turn: the page as scanned is read first). Only the probe's Tesseract run; no page is read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.script_survey import SETS, cached  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", default="tune", choices=("tune", "held-out", "real", "all"))
    ap.add_argument("--sets", default="shapes,fresh,fresh2,fresh3,legacy,capture,latin,sizes")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/script-survey-pages"))
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    from ocr import OcrOptions
    from ocr import preprocess as pp

    real_probe = pp._probe_upright
    seen: list = []

    def probe(*a: object, **k: object) -> object:
        seen.append(real_probe(*a, **k))  # type: ignore[arg-type]
        return seen[-1]

    pp._probe_upright = probe  # type: ignore[assignment]
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = []
    for set_name in args.sets.split(","):
        for sname, part, name, make in SETS[set_name]():
            if args.part != "all" and part != args.part:
                continue
            gray, dpi, _ = cached(args.cache, f"{sname}-{part}-{name}", make)
            for turn in (0, 180):
                seen.clear()
                pre = pp.preprocess(gray if turn == 0 else gray[::-1, ::-1].copy(), dpi, OcrOptions())
                s = stats[f"{sname}/{part}"]
                s["pages"] += 1
                if not seen:
                    continue
                p = seen[0]
                weak = pre.orientation_cue.startswith("tesseract:weak")
                old = (pre.rotation + 180) % 360 if weak else pre.rotation
                right = old == turn  # the probe's choice undid the turn
                s["probes"] += 1
                s["probe wrong"] += not right
                s["weak"] += p.weak
                s["gated (weak, said turn)"] += weak
                s["gated, probe was right"] += weak and right
                s["gated, probe was wrong"] += weak and not right
                s["wrong, not gated"] += not right and not weak
                row = {"set": sname, "part": part, "page": name, "turn": turn, "dpi": dpi, "old": old,
                       "new": pre.rotation, "right": right, "weak": p.weak, "upright": p.upright,
                       "scores": [round(x, 1) for x in p.scores],
                       "q": [p.as_is.quality, p.turned.quality], "words": [p.as_is.words, p.turned.words],
                       "conf": [p.as_is.confidence, p.turned.confidence], "real": [p.as_is.real, p.turned.real]}
                rows.append(row)
                print(f"  {sname}/{part} {name} t{turn}: probe {'right' if right else 'WRONG'} old {old} new "
                      f"{pre.rotation} {p.note()} w{row['words']} conf{row['conf']} real{row['real']}", flush=True)
    keys = ("pages", "probes", "probe wrong", "weak", "gated (weak, said turn)", "gated, probe was right",
            "gated, probe was wrong", "wrong, not gated")
    print(f"{'set/part':<18}" + "".join(f"{k[:22]:>24}" for k in keys))
    total: dict[str, int] = defaultdict(int)
    for key, s in sorted(stats.items()):
        print(f"{key:<18}" + "".join(f"{s[k]:>24}" for k in keys))
        for k in keys:
            total[k] += s[k]
    print(f"{'all':<18}" + "".join(f"{total[k]:>24}" for k in keys))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=0))


if __name__ == "__main__":
    main()
