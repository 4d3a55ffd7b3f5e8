"""Handwriting on office pages (issue 17): Sanchika's page reading against plain Tesseract on the same
pages, in the same run.

    .venv/bin/python bench/ocr_hand_probe.py [--kinds notesheet,...] [--part tune|held-out|both] [--procs 2] [--json FILE]

Pages come from tests/handshapes.py, generated at run time (seeded; nothing committed): a note-sheet of
handwritten noting with signatures and dates, a typed letter with handwritten remarks, underlines and a
signature, a citizen's application written by hand, a typed page with a handwritten endorsement across a
corner. Each page is read upright and turned (90, 180 or 270 in turn). The **tune** part (its font pairs
and even seeds) is what fixes were made on; the **held-out** part (other fonts, odd seeds) was not
looked at while fixing and is reported apart.

Tesseract cannot read handwriting, so what is measured is what must hold around it:
- upright pages turned (must be 0) and turned pages brought upright (or flagged);
- CER of the **typed** text against plain ``tesseract -l Devanagari+eng`` on the same page: over the
  whole reading, and "typed lines" (each typed line against the reading's line closest to it, so the
  hand's junk lines do not count; a junk word inside a typed line does);
- flags raised and their reasons; whether the page would be indexed (a reading flagged
  ``unreadable:`` is kept out of search and classification, workers/steps.py). A page that is mostly
  handwriting (``MOSTLY_HAND``) must be flagged, and one that is indexed anyway is counted, with the
  words of its reading that look like real words (what it would put into search);
- CPU seconds per upright page, Sanchika over plain.
These are generated pages, not real scans.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ocr_quality import _init, run_task  # noqa: E402
from bench.ocr_shapes import _distance  # noqa: E402

TURNS = (90, 180, 270)


def _make(job: tuple[str, str, int, int, str]) -> list[dict]:
    """One page of ``kind`` (font pair ``i`` of ``part``), written upright and turned (in a pool process)."""
    from tests import handshapes

    kind, part, i, seed, out = job
    pairs = handshapes.TUNE if part == "tune" else handshapes.HELD_OUT
    page = handshapes.make(kind, part, i, seed)
    pages = []
    for turn in (0, TURNS[(handshapes.KINDS.index(kind) + i) % len(TURNS)]):
        name = f"{part}-{kind}-{pairs[i][0]}+{pairs[i][1]}-s{seed}-r{turn}"
        path = Path(out) / f"{name}.png"
        handshapes.scan(page, turn).save(path, dpi=(300, 300))
        pages.append({"name": name, "png": str(path), "part": part, "kind": kind, "turn": turn,
                      "typed": page.typed, "mostly_hand": kind in handshapes.MOSTLY_HAND})
    return pages


def make_pages(out: Path, kinds: list[str], parts: list[str], pool: ProcessPoolExecutor) -> list[dict]:
    from tests import handshapes

    jobs = []
    for part in parts:
        pairs = handshapes.TUNE if part == "tune" else handshapes.HELD_OUT
        for kind in kinds:
            k = handshapes.KINDS.index(kind)  # a page's seed and turn do not depend on --kinds
            jobs += [(kind, part, i, 9000 + 100 * k + 2 * i + (part == "held-out"), str(out)) for i in range(len(pairs))]
    return [p for pages in pool.map(_make, jobs) for p in pages]


def typed_line_edits(typed: str, reading: str) -> int:
    """Edits of each typed line against the reading's closest line (the hand's own lines do not count)."""
    outs = [ln for ln in reading.splitlines() if ln.strip()] or [""]
    return sum(min(_distance(ref, out) for out in outs) for ref in typed.splitlines() if ref.strip())


def real_words(text: str) -> int:
    """Words of a reading that search would take for real ones (ocr/reading.py's word lists)."""
    from ocr.judge import is_real_word

    return sum(is_real_word(w) for w in text.split())


def tabulate(pages: list[dict], results: dict[tuple[str, str], dict]) -> dict[str, dict]:
    groups: dict[str, dict] = defaultdict(lambda: defaultdict(float))
    for p in pages:
        s, r = results[("sanchika", p["png"])], results[("raw", p["png"])]
        unreadable = any(x.startswith("unreadable:") for x in s.get("reasons", []))
        want = (360 - p["turn"]) % 360
        for key in (f"{p['part']}/{p['kind']}", f"{p['part']}/all"):
            g = groups[key]
            g["pages"] += 1
            up = p["turn"] == 0
            g["upright"] += up
            g["turned_wrongly"] += up and s["rotation"] != 0
            g["turned"] += not up
            g["came_upright"] += not up and s["rotation"] == want
            g["turned_kept_flagged"] += not up and s["rotation"] != want and bool(s["flag"])
            g["flagged"] += bool(s["flag"])
            g["unreadable"] += unreadable
            if p["mostly_hand"]:
                g["hand_pages"] += 1
                g["hand_silent"] += not s["flag"]
                g["hand_indexed"] += not unreadable
                g["hand_indexed_real_words"] += 0 if unreadable else real_words(s["text"])
            if p["typed"].strip() and not p["mostly_hand"]:
                n = len(p["typed"])
                g["typed_ref"] += n
                g["d_s"] += _distance(p["typed"], s["text"])
                g["d_p"] += _distance(p["typed"], r["text"])
                g["dl_s"] += typed_line_edits(p["typed"], s["text"])
                g["dl_p"] += typed_line_edits(p["typed"], r["text"])
                if up:
                    g["dl_s_up"] += typed_line_edits(p["typed"], s["text"])
                    g["dl_p_up"] += typed_line_edits(p["typed"], r["text"])
            if up:
                g["cpu_s_up"] += s["cpu"]
                g["cpu_p_up"] += r["cpu"]
    out = {}
    for key, g in sorted(groups.items()):
        ref = max(g["typed_ref"], 1)
        out[key] = {
            "pages": int(g["pages"]), "turned_wrongly": f"{int(g['turned_wrongly'])}/{int(g['upright'])}",
            "came_upright": f"{int(g['came_upright'])}/{int(g['turned'])}",
            "turned_kept_flagged": int(g["turned_kept_flagged"]),
            "flagged": int(g["flagged"]), "unreadable": int(g["unreadable"]),
            "hand_silent": f"{int(g['hand_silent'])}/{int(g['hand_pages'])}",
            "hand_indexed": f"{int(g['hand_indexed'])}/{int(g['hand_pages'])}",
            "hand_indexed_real_words": int(g["hand_indexed_real_words"]),
            "cer_typed_s": g["d_s"] / ref if g["typed_ref"] else None,
            "cer_typed_p": g["d_p"] / ref if g["typed_ref"] else None,
            "cer_lines_s": g["dl_s"] / ref if g["typed_ref"] else None,
            "cer_lines_p": g["dl_p"] / ref if g["typed_ref"] else None,
            "lines_ratio_upright": g["dl_s_up"] / max(g["dl_p_up"], 1e-9) if g["typed_ref"] else None,
            "cpu_ratio_upright": g["cpu_s_up"] / max(g["cpu_p_up"], 1e-9),
        }
    return out


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{100 * v:.2f}%"


def print_table(table: dict[str, dict]) -> None:
    print(f"\n{'part/kind':<22} {'pages':>5} {'turned wrongly':>14} {'came upright':>12} {'flagged':>7} "
          f"{'unreadable':>10} {'hand silent':>11} {'hand indexed':>12} {'(real words)':>12} {'CER typed S':>11} "
          f"{'plain':>7} {'lines S':>7} {'plain':>7} {'lines up S/P':>12} {'CPU up S/P':>10}")
    for key, v in table.items():
        ratio = "-" if v["lines_ratio_upright"] is None else f"{v['lines_ratio_upright']:.2f}x"
        print(f"{key:<22} {v['pages']:>5} {v['turned_wrongly']:>14} {v['came_upright']:>12} {v['flagged']:>7} "
              f"{v['unreadable']:>10} {v['hand_silent']:>11} {v['hand_indexed']:>12} {v['hand_indexed_real_words']:>12} "
              f"{_pct(v['cer_typed_s']):>11} {_pct(v['cer_typed_p']):>7} {_pct(v['cer_lines_s']):>7} "
              f"{_pct(v['cer_lines_p']):>7} {ratio:>12} {v['cpu_ratio_upright']:>9.2f}x")


def main() -> None:
    from tests import handshapes

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kinds", default=",".join(handshapes.KINDS))
    ap.add_argument("--part", default="tune", choices=("tune", "held-out", "both"))
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    os.environ["OMP_THREAD_LIMIT"] = "1"
    parts = ["tune", "held-out"] if args.part == "both" else [args.part]
    with tempfile.TemporaryDirectory(prefix="sanchika-hand-") as tmp, \
            ProcessPoolExecutor(args.procs, initializer=_init) as pool:
        pages = make_pages(Path(tmp), args.kinds.split(","), parts, pool)
        tasks = [(pipe, p["png"], 300) for p in pages for pipe in ("sanchika", "raw")]  # interleaved
        print(f"{len(pages)} pages ({sum(p['turn'] == 0 for p in pages)} upright), {len(tasks)} readings on "
              f"{args.procs} processes, load {os.getloadavg()[0]:.1f} ...", flush=True)
        results = {(r["pipeline"], r["png"]): r for r in pool.map(run_task, tasks)}
    rows = []
    for p in pages:
        s, r = results[("sanchika", p["png"])], results[("raw", p["png"])]
        ok = s["rotation"] == (360 - p["turn"]) % 360
        lines = (typed_line_edits(p["typed"], s["text"]), typed_line_edits(p["typed"], r["text"])) \
            if p["typed"].strip() else (0, 0)
        rows.append({"name": p["name"], "rotation": s["rotation"], "flag": s["flag"], "reasons": s["reasons"],
                     "steps": s["steps"], "typed_line_edits": lines, "cpu": (s["cpu"], r["cpu"])})
        print(f"{p['name']:<48} -> {s['rotation']:3d} {'ok ' if ok else 'WRONG'} flag {str(s['flag'] or '-'):<13} "
              f"typed-line edits {lines[0]:4d} vs {lines[1]:4d}  {'; '.join(s['reasons'])[:110]}")
    print(f"load at the end {os.getloadavg()[0]:.1f}")
    table = tabulate(pages, results)
    print_table(table)
    if args.json:
        args.json.write_text(json.dumps({"pages": rows, "table": table,
                                         "texts": {p["name"]: [results[(q, p["png"])]["text"] for q in ("sanchika", "raw")]
                                                   for p in pages}}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
