"""Word repair on real Tesseract errors (docs/adr/0005, sixth round).

    .venv/bin/python bench/classify_ocr_words.py [--data PATH] [--procs 2] [--json FILE]

The word repair (``classify.repair.WordRepair``) was chosen on simulated OCR noise
(``classify/noise.py``). This bench checks it on the errors Tesseract really makes: the 103 Hindi titles
of the train and dev parts (the held-out part is never read) are typeset on A4 pages (8 Devanagari
fonts, 12 pt, wrapped at 60 characters), degraded like the OCR evaluation set (two to four of skew,
noise, blur, JPEG, low contrast, yellow paper, speckle, borders, 150/200 dpi; a third of the pages
clean) and read by the product's OCR (``ocr.read.read_page``, default options). The Devanagari words
of each page's text are aligned with the typeset words (``difflib``; one-for-one replacements only).

The known words are those of the CV's folds (``bench/classify_ablation.py``): for a title, the
Devanagari words of the shipped recipe's clean training texts without the title's fold (the other
Hindi titles, own sentences, lexicon pseudo-documents, 2,000 glossary rows), plus the list of real
Hindi words that the repair leaves alone. Printed, for the shipped repair and for the same repair
without that list:

- misread words whose typeset word is known: read back as it (mended), read as another word (wrong),
  left as they were; and how many of them are one OCR-like edit from the typeset word at all;
- words read right but unknown to the fold: changed by the repair (a real word read as another).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench.ocr_eval import generate  # noqa: E402
from classify import dataset  # noqa: E402
from classify.repair import _DEVA_WORD_RE, WordRepair, one_edit  # noqa: E402
from domain.text import normalize  # noqa: E402

PER_PAGE = 6
WRAP = 60


def wrap(text: str, width: int = WRAP) -> list[str]:
    lines, cur = [], ""
    for word in text.split():
        if cur and len(cur) + 1 + len(word) > width:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    return [*lines, cur] if cur else lines


def words(text: str) -> list[str]:
    return _DEVA_WORD_RE.findall(normalize(text))


def read(job: tuple[int, list[str], str, dict, int, int]) -> dict:
    """OCR one page: (page number, its lines, font, damage, dpi, seed) -> its text."""
    from domain.types import FileKind
    from ocr.options import OcrOptions
    from ocr.read import read_page
    from tests import pagegen

    n, lines, font, damage, dpi, seed = job
    img = pagegen.render_lines(lines, font=generate.FONTS[font], dpi=dpi, size="A4", font_pt=12,
                               line_spacing=1.55, margin_mm=18)
    img = pagegen.degrade(img, seed=seed, **damage)
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / f"p{n}.png"
        png.write_bytes(pagegen.image_bytes(img, "PNG", dpi=dpi))
        t0 = time.perf_counter()
        text = read_page(png, FileKind.PNG, 1, OcrOptions()).text.text
    return {"page": n, "text": text, "seconds": round(time.perf_counter() - t0, 2)}


def main() -> int:
    from classify_ablation import fold_training_rows, hindi_folds

    DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "departments" / "train.jsonl"

    from classify import dataset as ds

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--procs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()

    rows = dataset.check_rows(dataset.load_rows(args.data))
    folds = hindi_folds(rows, 3)
    keep = WordRepair.hindi_words()
    repairs: dict[str, list[WordRepair]] = {"shipped": [], "without the real-word list": []}
    for f in range(len(folds)):
        # what classify.textmodel.TextModel.set_vocab reads: the fold model's clean training texts
        clean = fold_training_rows(rows, f, len(folds)) + ds.handwritten_rows() + ds.lexicon_rows(30, seed=13)
        clean += ds.glossary_rows(ds.split_rows(rows)["train"], 2000, seed=17)
        known = WordRepair.vocabulary([r["text"] for r in clean])
        repairs["shipped"].append(WordRepair(known, keep))
        repairs["without the real-word list"].append(WordRepair(known))

    # pages: PER_PAGE titles each, fonts in turn, a third clean (as the OCR evaluation set)
    titles = [(f, r) for f, fold in enumerate(folds) for r in fold]
    rng = np.random.default_rng(args.seed)
    fonts = list(generate.FONTS)
    jobs, page_titles = [], []
    for n, start in enumerate(range(0, len(titles), PER_PAGE)):
        chunk = titles[start : start + PER_PAGE]
        lines = [line for _, r in chunk for line in wrap(r["text"])]
        damage, dpi = ({}, 300) if n % 3 == 0 else generate._damage(rng)
        damage.pop("rotate", None)  # orientation is the OCR bench's concern, not this one's
        jobs.append((n, lines, fonts[n % len(fonts)], damage, dpi, int(rng.integers(1 << 30))))
        page_titles.append(chunk)
    t0 = time.perf_counter()
    with ProcessPoolExecutor(args.procs) as pool:
        pages = list(pool.map(read, jobs))
    ocr_seconds = time.perf_counter() - t0

    report: dict = {"titles": len(titles), "pages": len(pages), "ocr_seconds": round(ocr_seconds, 1)}
    pairs: list[tuple[int, str, str]] = []  # (fold, typeset word, OCR word)
    right: list[tuple[int, str]] = []
    for page, chunk in zip(pages, page_titles, strict=True):
        # a page's words in order; each word keeps its title's fold
        truth = [(f, w) for f, r in chunk for w in words(r["text"])]
        got = words(page["text"])
        sm = difflib.SequenceMatcher(a=[w for _, w in truth], b=got, autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op == "equal":
                right += [(truth[i][0], truth[i][1]) for i in range(i1, i2)]
            elif op == "replace" and i2 - i1 == j2 - j1:
                pairs += [(truth[i1 + k][0], truth[i1 + k][1], got[j1 + k]) for k in range(i2 - i1)]
    n_truth = sum(len(words(r["text"])) for _, r in titles)
    report["typeset_words"] = n_truth
    report["read_right"] = len(right)
    report["misread_one_for_one"] = len(pairs)
    for name, reps in repairs.items():
        st: Counter[str] = Counter()
        for f, t, o in pairs:
            rep = reps[f]
            if t not in rep.known:
                st["misread, typeset word unknown"] += 1
                st["misread unknown, changed"] += rep.word(o) != o
                continue
            st["misread, typeset word known"] += 1
            st["of them one OCR-like edit away"] += one_edit(o, t) is not None
            fixed = rep.word(o)
            st["mended" if fixed == t else "left" if fixed == o else "wrong"] += 1
        for f, w in right:
            rep = reps[f]
            if w not in rep.known:
                st["read right, unknown to the fold"] += 1
                st["read right, unknown, changed"] += rep.word(w) != w
        report[name] = dict(st)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps({**report, "pages_text": pages}, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
