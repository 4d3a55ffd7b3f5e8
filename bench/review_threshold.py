"""Where to put SANCHIKA_DEPARTMENT_REVIEW_BELOW (ADR 0024): the shipped department model's
confidence on held-out rows, and what each review threshold would queue and catch.

    .venv/bin/python bench/review_threshold.py [--data PATH] [--noise 0.05] [--json OUT]

Held-out = the "test" part of the fixed hash split of TRAIN (classify.dataset.split_of), never
used for training or tuning the model; rows are read clean and with simulated OCR noise (the
pipeline classifies OCR text). For each threshold t: the share of documents queued for review
(department unknown, or confidence < t), the accuracy of the documents filed without review,
and the share of the classifier's wrong departments the queue catches. The reference, measured
in the same run, is doing nothing new: review only what the classifier already calls unknown
(t = SANCHIKA_CLASSIFIER_MIN_CONFIDENCE). Runs on one core.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classify import dataset  # noqa: E402
from classify.model import load_classifier  # noqa: E402
from classify.noise import ocr_noise  # noqa: E402
from classify.taxonomy import UNKNOWN  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "departments" / "train.jsonl"
MIN_CONFIDENCE = 0.35  # SANCHIKA_CLASSIFIER_MIN_CONFIDENCE's default: below it the department is unknown
THRESHOLDS = [MIN_CONFIDENCE, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9]


def sweep(results: list[tuple[str, float, str]]) -> list[dict[str, float]]:
    """(predicted, confidence, truth) per row -> one line per threshold."""
    n = len(results)
    wrong = sum(1 for p, _, t in results if p != t)
    out = []
    for th in THRESHOLDS:
        queued = [(p, c, t) for p, c, t in results if p == UNKNOWN or c < th]
        filed = [(p, c, t) for p, c, t in results if not (p == UNKNOWN or c < th)]
        caught = sum(1 for p, _, t in queued if p != t)
        out.append({"threshold": th, "queued": round(len(queued) / n, 4),
                    "filed_accuracy": round(sum(1 for p, _, t in filed if p == t) / len(filed), 4) if filed else 1.0,
                    "wrong_filed": round((wrong - caught) / n, 4), "errors_caught": round(caught / wrong, 4) if wrong else 1.0})
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--noise", type=float, default=0.05, help="Character error rate of the simulated OCR noise.")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    test = dataset.split_rows(dataset.load_rows(args.data))["test"]
    model = load_classifier(None, min_confidence=MIN_CONFIDENCE)
    rng = random.Random(7)
    report: dict[str, object] = {"data": str(args.data), "rows": len(test), "noise": args.noise}
    for label, texts in (("clean", [r["text"] for r in test]), ("ocr_noise", [ocr_noise(r["text"], args.noise, rng) for r in test])):
        got = model.classify_many(texts)
        results = [(c.department, float(c.confidence), r["department"]) for c, r in zip(got, test, strict=True)]
        lines = sweep(results)
        ref = lines[0]
        report[label] = lines
        print(f"\n{label}: {len(test)} held-out rows; reference = review only 'unknown' (t={MIN_CONFIDENCE})")
        print(f"{'t':>5} {'queued':>7} {'filed acc':>9} {'wrong filed':>11} {'caught':>7} {'wrong filed / ref':>17}")
        for x in lines:
            ratio = x["wrong_filed"] / ref["wrong_filed"] if ref["wrong_filed"] else 0.0
            print(f"{x['threshold']:5.2f} {x['queued']:7.1%} {x['filed_accuracy']:9.1%} {x['wrong_filed']:11.1%} "
                  f"{x['errors_caught']:7.1%} {ratio:17.2f}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
