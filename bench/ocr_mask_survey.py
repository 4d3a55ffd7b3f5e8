"""What the analysis masks' rule for rules and bands does to the shape cues (issue 17; ADR 0032). No OCR.

    .venv/bin/python bench/ocr_mask_survey.py [--fresh] [--json FILE]

Over the generated shapes (tests/pageshapes.py: every kind and table kind x 8 faces x clean/letterpress,
each read at 0, 90, 180 and 270; with ``--fresh`` also tests/freshshapes.py's tuning part, its first
seed, scanned as bench/ocr_shapes_fresh.py scans it), ``ocr.preprocess.detect_orientation_and_skew`` is
run twice per page: with the old mask rule (every row and column over half inked dropped, the code
before ADR 0032) and with ``ocr.inkmask.without_rules``. Tesseract's strip probe is not run: a page
whose shape cues are unsure is counted as "probe" (the reading then decides, ocr/upright.py).

Printed per kind and rule: the page's script verdict at the chosen axis (deva/latin/mixed/none) and
the Devanagari and Latin line counts on upright pages; the 0/180 headline votes (mean vote/weight
signed so that + is right); pages whose 0/90 axis is wrong; and the shape cue's decision:
**right** (decided by shape, right), **WRONG** (decided by shape, wrong: a confident wrong cue the
reading must catch) or **probe** (unsure). Also, per kind, the over-half-inked row/column groups that
have no long run, by their side ratio (``ocr.inkmask.side_ratio``): headlines
(lines of text along the rows of an upright page) against the rest.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import ocr.preprocess as pp  # noqa: E402
from ocr.inkmask import RULE_RUN, RULE_SIDE, dense_groups, longest_run, rule_rows, side_ratio, without_rules  # noqa: E402
from ocr.options import OcrOptions  # noqa: E402
from ocr.probe import UPRIGHT  # noqa: E402


def old_rule(mask: np.ndarray) -> np.ndarray:
    """The rule before ADR 0032: every row, then every column, over half inked is dropped."""
    mask = mask.copy()
    mask[mask.mean(axis=1) > 0.5, :] = False
    mask[:, mask.mean(axis=0) > 0.5] = False
    return mask


RULES = {"old": old_rule, "new": without_rules}


def pages(fresh: bool):
    """(kind, name, grey page as scanned, dpi, turn applied clockwise)."""
    from tests import pageshapes

    for kind in pageshapes.KINDS + pageshapes.TABLE_KINDS:
        for fonts, seed in ((pageshapes.TUNE_FONTS, 2), (pageshapes.HELD_OUT_FONTS, 3)):
            for font in fonts:
                for lp in (False, True):
                    page = pageshapes.make(kind, font, seed, letterpress=lp)
                    for turn in (0, 90, 180, 270):
                        yield kind, f"{kind}-{font}{'-lp' if lp else ''}-r{turn}", pageshapes.turned(page, turn), 300, turn
    if fresh:
        from tests import freshshapes as fs

        for kind in fs.KINDS:
            for font in fs.TUNE_FONTS:
                page = fs.make(kind, font, fs.FRESH_SEED)
                for turn in (0, 90, 180, 270):
                    image, dpi = fs.scan(page, turn)
                    yield f"fresh-{kind}", f"fresh-{kind}-{font}-r{turn}", image, dpi, turn


def decide(gray: np.ndarray, dpi: int, rule) -> dict:
    """The shape cues' decision on one page with mask ``rule`` (the probe recorded, not run)."""
    seen: dict = {"probe": False}
    votes, scripts = pp._line_votes, pp.line_scripts

    def probe(*_a, **_k):
        seen["probe"] = True
        return UPRIGHT  # taken as upright (ocr/probe.py)

    def line_votes(profile):
        seen["vote"] = votes(profile)
        return seen["vote"]

    def line_scripts(*a, **k):
        seen["lines"] = scripts(*a, **k)
        return seen["lines"]

    saved = (pp.without_rules, pp._probe_upright, pp._line_votes, pp.line_scripts)
    pp.without_rules, pp._probe_upright, pp._line_votes, pp.line_scripts = rule, probe, line_votes, line_scripts
    try:
        rotation, angle, cue, script, _ = pp.detect_orientation_and_skew(gray, dpi, OcrOptions())
    finally:
        pp.without_rules, pp._probe_upright, pp._line_votes, pp.line_scripts = saved
    return {"rotation": rotation, "cue": cue, "script": script or "none", "probe": seen["probe"],
            "vote": seen.get("vote", (0.0, 0.0)), "lines": seen.get("lines", (0, 0, 0))}


def groups(mask: np.ndarray) -> list[tuple]:
    """(axis, share, longest run / length, side ratio, shares at 1-6 px above, shares at 1-6 px below) of
    each over-half-inked group (rows of the mask, then columns of the mask without its rule rows: as
    ``without_rules``)."""
    out = []
    for axis in ("row", "col"):
        m = mask.copy()
        if axis == "col":
            m[rule_rows(mask), :] = False
            m = m.T
        share = m.mean(axis=1)
        for a, b in dense_groups(share):
            longest = longest_run(m[a:b]) / m.shape[1]
            own = float(share[a:b].mean())
            up = [float(share[a - d]) if a - d >= 0 else 0.0 for d in range(1, 7)]
            down = [float(share[b - 1 + d]) if b - 1 + d < len(share) else 0.0 for d in range(1, 7)]
            out.append((axis, own, longest, side_ratio(share, a, b), up, down, b - a))
    return out


def masks_at(gray: np.ndarray, dpi: int) -> dict[str, np.ndarray]:
    import cv2

    out = {}
    for name, target in (("100dpi", pp.ANALYSIS_DPI), ("150dpi", pp.SCRIPT_DPI)):
        f = min(1.0, target / max(dpi, 1))
        small = cv2.resize(gray, None, fx=f, fy=f, interpolation=cv2.INTER_AREA) if f < 1 else gray
        thr, _ = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
        out[name] = small < min(thr, 200.0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fresh", action="store_true", help="also tests/freshshapes.py's tuning part")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    rows: list[dict] = []
    for kind, name, gray, dpi, turn in pages(args.fresh):
        want = (360 - turn) % 360
        row: dict = {"kind": kind, "name": name, "turn": turn}
        for rule_name, rule in RULES.items():
            d = decide(gray, dpi, rule)
            vote, weight = d["vote"]
            d["decision"] = "probe" if d["probe"] else ("right" if d["rotation"] == want else "WRONG")
            d["axis_ok"] = d["rotation"] % 180 == want % 180
            base = d["rotation"] % 180  # the axis chosen; the vote > 0 says the page is upright at it
            d["vote_right"] = (vote if base == want else -vote) if d["axis_ok"] else 0.0
            d["weight"] = weight
            row[rule_name] = d
        row["groups"] = {res: groups(m) for res, m in masks_at(gray, dpi).items()} if turn in (0, 90) else {}
        rows.append(row)
        print(f"{name:<40} " + "  ".join(f"{r}: {row[r]['decision']:<5} {row[r]['script']:<6} "
                                         f"lines {row[r]['lines']} vote {row[r]['vote_right']:+.1f}/{row[r]['weight']:.1f}"
                                         for r in RULES), flush=True)
    report(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, default=float))


def report(rows: list[dict]) -> None:
    kinds = sorted({r["kind"] for r in rows}, key=lambda k: [x["kind"] for x in rows].index(k))
    print(f"\n{'kind':<22} {'rule':<4} {'pages':>5} {'right':>5} {'WRONG':>5} {'probe':>5} {'axis wrong':>10} "
          f"{'vote+ (mean/weight)':>20} {'scripts (chosen axis)':<36} {'upright lines deva/latin/unclear':>32}")
    for kind in kinds + ["all"]:
        rs = [r for r in rows if kind in ("all", r["kind"])]
        for rule in RULES:
            ds = [r[rule] for r in rs]
            count = defaultdict(int)
            for d in ds:
                count[d["decision"]] += 1
            scripts = defaultdict(int)
            for d in ds:
                scripts[d["script"]] += 1
            up = [r[rule]["lines"] for r in rs if r["turn"] == 0]
            lines = np.sum(up, axis=0) if up else (0, 0, 0)
            wsum = sum(d["weight"] for d in ds if d["axis_ok"])
            vsum = sum(d["vote_right"] for d in ds if d["axis_ok"])
            print(f"{kind:<22} {rule:<4} {len(ds):>5} {count['right']:>5} {count['WRONG']:>5} {count['probe']:>5} "
                  f"{sum(not d['axis_ok'] for d in ds):>10} {vsum:>9.1f}/{wsum:<9.1f} "
                  f"{' '.join(f'{k}:{v}' for k, v in sorted(scripts.items())):<36} "
                  f"{'/'.join(str(int(x)) for x in lines):>32}")
    print("\nOver-half-inked groups without a long run (upright and 90 pages), side ratio quantiles (min/5%/50%/max):")
    for kind in kinds:
        for res in ("100dpi", "150dpi"):
            for along in ("text", "across"):
                ratios = []
                for r in rows:
                    if r["kind"] != kind or not r["groups"]:
                        continue
                    for axis, _own, longest, ratio, *_ in r["groups"][res]:
                        if longest >= RULE_RUN:
                            continue
                        text_axis = "row" if r["turn"] == 0 else "col"
                        if (axis == text_axis) == (along == "text"):
                            ratios.append(ratio)
                if ratios:
                    q = np.quantile(ratios, [0, 0.05, 0.5, 1])
                    print(f"  {kind:<22} {res} along {along:<6} n={len(ratios):>5}  " + " / ".join(f"{x:.2f}" for x in q)
                          + f"   under RULE_SIDE: {sum(x < RULE_SIDE for x in ratios)}")


if __name__ == "__main__":
    main()
