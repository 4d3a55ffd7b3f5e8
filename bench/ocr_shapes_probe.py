"""Shapes no other bench has (issue 17, "generalise"): Sanchika's page reading against plain Tesseract.

    .venv/bin/python bench/ocr_shapes_probe.py [--procs 2] [--json FILE]

Written by the lead on 2026-12-06 as a new user's probe, after the other shape benches: pages in
**bold** Devanagari faces (no other bench uses one: Noto Sans/Serif Devanagari Bold, Annapurna SIL
Bold), generated at run time, each upright and turned (90, 180 or 270 in turn):
  - spread:  a book opened on the scanner, two pages side by side with a dark gutter shadow (landscape);
  - fax:     a paragraph page at 200 dpi, 1-bit (thresholded), light skew and noise;
  - title:   one centred line of large type on an empty page;
  - numeric: a statement of figures under a four-word Hindi heading (numbered rows, dates, amounts);
  - framed:  a paragraph page inside a heavy triple frame, grey ink on grey paper;
  - ruled:   a paragraph page on ruled (yellowed) paper, a grey rule under every line.
Printed per page and per kind/part (upright, turned): the rotation applied (upright pages must get 0,
turned pages their turn undone), the flag, CER of each pipeline, and the share of the reference's
words (4+ characters) found in the reading, which does not charge reading order (Tesseract reads a
column of figures column by column: on `numeric` the CER is mostly order, for both pipelines).
The first run found the `numeric` fault fixed with it (ADR 0025: numbers count among the words whose
boxes show the page's turn). These are generated pages, not real scans.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from bench.ocr_quality import _init, run_task  # noqa: E402
from bench.ocr_shapes import _distance  # noqa: E402
from tests import pagegen, pageshapes  # noqa: E402

OUT = REPO / "bench" / "out" / "shapes_probe"
BOLD = {"notosans-b": pagegen.FONT_DIR / "noto" / "NotoSansDevanagari-Bold.ttf",
        "notoserif-b": pagegen.FONT_DIR / "noto" / "NotoSerifDevanagari-Bold.ttf",
        "annapurna-b": pagegen.FONT_DIR / "annapurna" / "AnnapurnaSIL-Bold.ttf"}
KINDS = ("spread", "fax", "title", "numeric", "framed", "ruled")


def _prose(rng: np.random.Generator, n: int) -> list[str]:
    return [pageshapes.PROSE[int(i)] for i in rng.integers(0, len(pageshapes.PROSE), n)]


def _wrap(font: Path, px: int, sentences: list[str], width: int) -> list[str]:
    return pageshapes._wrap(ImageDraw.Draw(Image.new("L", (10, 10))), font, px, sentences, width)


def _spread(font: Path, rng: np.random.Generator) -> tuple[Image.Image, str]:
    w, h, px = 3508, 2480, 40
    img = Image.new("L", (w, h), 255)
    draw, face, lines = ImageDraw.Draw(img), pagegen._font(str(font), px), []
    for x0 in (150, w // 2 + 120):
        y = 200 + px
        for line in _wrap(font, px, _prose(rng, 14), w // 2 - 300)[:24]:
            draw.text((x0, y), line, font=face, fill=0, anchor="ls")
            y += int(px * 1.6)
            lines.append(line)
    a = np.asarray(img, dtype=np.float32)
    gutter = np.exp(-((np.arange(w) - w / 2) / 60.0) ** 2)  # the shadow where the book bends
    return Image.fromarray((a * (1 - 0.7 * gutter[None, :])).astype(np.uint8)), "\n".join(lines)


def page(kind: str, font: Path, seed: int) -> tuple[Image.Image, str]:
    """One upright page of ``kind`` at 300 dpi, and its text."""
    rng = np.random.default_rng(seed)
    if kind == "spread":
        img, text = _spread(font, rng)
        img.info["dpi"] = (300, 300)
        return img, text
    w, h = 2480, 3508
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    if kind == "title":
        px, lines, y = 150, [pageshapes.COVER_TITLES[seed % 4][1]], 1500
    elif kind == "numeric":
        px, y = 42, 300
        lines = ["वर्ष 2019-20 की प्रगति"] + [
            f"{i + 1}.   {int(rng.integers(1000, 99999))}   {int(rng.integers(1, 28)):02d}/{int(rng.integers(1, 12)):02d}/"
            f"20{int(rng.integers(10, 24))}   {int(rng.integers(10, 999))}.{int(rng.integers(0, 99)):02d}" for i in range(22)]
    else:
        px, y = (40 if kind == "fax" else 46), 300
        lines = _wrap(font, px, _prose(rng, 20), w - 500)[:28]
    face = pagegen._font(str(font), px)
    y += px
    for line in lines:
        x = (w - face.getlength(line)) / 2 if kind == "title" else 250
        draw.text((x, y), line, font=face, fill=0, anchor="ls")
        if kind == "ruled":
            draw.line([(150, y + 14), (w - 150, y + 14)], fill=110, width=3)
        y += int(px * 1.7)
    if kind == "framed":
        for k in range(3):
            draw.rectangle([150 + k * 25, 150 + k * 25, w - 150 - k * 25, h - 150 - k * 25], outline=0, width=12 - 4 * k)
    img.info["dpi"] = (300, 300)
    return img, "\n".join(lines)


def scan(img: Image.Image, kind: str, turn: int, seed: int) -> tuple[Image.Image, int]:
    """The page as scanned (turned ``turn`` degrees clockwise), and its dpi."""
    if kind == "fax":
        small = img.resize((img.width * 2 // 3, img.height * 2 // 3))
        out = pagegen.degrade(small, seed=seed, skew=0.4, noise=6, rotate=turn)
        return Image.fromarray(((np.asarray(out) > 150) * 255).astype(np.uint8)).convert("1"), 200
    return pagegen.degrade(img, seed=seed, skew=0.6, noise=4, blur=0.6, rotate=turn,
                           yellow=kind == "ruled", low_contrast=kind == "framed"), 300


def _found(reference: str, hypothesis: str) -> tuple[int, int]:
    from bench.ocr_eval.metrics import norm_text

    wanted = [t for t in norm_text(reference).split() if len(t) >= 4]
    got = set(norm_text(hypothesis).split())
    return sum(t in got for t in wanted), len(wanted)


def make_pages(out: Path) -> list[dict]:
    """Write every kind in every bold face, upright and turned, into ``out``; one entry per page image."""
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    for ki, kind in enumerate(KINDS):
        for fi, (name, font) in enumerate(BOLD.items()):
            seed = 100 + ki * 10 + fi
            img, text = page(kind, font, seed)
            for turn in (0, (90, 180, 270)[(ki + fi) % 3]):
                scanned, dpi = scan(img, kind, turn, seed)
                png = out / f"{kind}-{name}-{turn}.png"
                scanned.save(png, dpi=(dpi, dpi))
                pages.append({"kind": kind, "font": name, "turn": turn, "png": str(png), "dpi": dpi, "text": text})
    return pages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    pages = make_pages(OUT)
    # interleaved; the same readers as bench/ocr_shapes.py: read_page, and `tesseract PAGE out -l LANG txt`
    tasks = [(pipe, p["png"], p["dpi"]) for p in pages for pipe in ("sanchika", "raw")]
    with ProcessPoolExecutor(args.procs, initializer=_init) as pool:
        results = {(r["pipeline"], r["png"]): r for r in pool.map(run_task, tasks)}
    groups: dict[tuple[str, str], list[float]] = {}
    wrong = 0
    for p in pages:
        s, t = results[("sanchika", p["png"])], results[("raw", p["png"])]
        right = s["rotation"] == (360 - p["turn"]) % 360
        wrong += not right
        ds, dp, n = _distance(p["text"], s["text"]), _distance(p["text"], t["text"]), max(1, len(p["text"]))
        (fs, total), (fp, _) = _found(p["text"], s["text"]), _found(p["text"], t["text"])
        print(f"{p['kind']:8s} {p['font']:12s} turn {p['turn']:3d} -> {s['rotation']:3d} {'ok' if right else 'WRONG':5s} "
              f"flag {s['flag'] or '-':12s} CER {ds / n:.3f} vs {dp / n:.3f}  words {fs}/{total} vs {fp}/{total}")
        g = groups.setdefault((p["kind"], "upright" if p["turn"] == 0 else "turned"), [0, 0, 0, 0, 0, 0, 0])
        for i, v in enumerate((ds, dp, n, fs, fp, total, int(not right))):
            g[i] += v
    print(f"\n{'kind':8s} {'part':8s} {'wrong turn':>10s} {'CER S':>7s} {'CER plain':>9s} {'ratio':>6s} {'words S':>8s} {'words plain':>11s}")
    for (kind, part), (ds, dp, n, fs, fp, total, bad) in sorted(groups.items()):
        print(f"{kind:8s} {part:8s} {bad:10d} {ds / n:7.3f} {dp / n:9.3f} {ds / max(dp, 1):6.2f} "
              f"{fs / max(total, 1):8.3f} {fp / max(total, 1):11.3f}")
    print(f"\npages with the wrong turn: {wrong} of {len(pages)}")
    if args.json:
        args.json.write_text(json.dumps({"pages": pages, "results": list(results.values())},
                                        ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
