"""Department-classifier benchmark (one run prints everything; see docs/adr/0005).

    .venv/bin/python bench/classify.py [--data PATH] [--model-dir DIR | --train] [--json OUT]

Held-out = the "test" part of the fixed hash split of TRAIN (classify.dataset.split_of), never used
for tuning. Compares the model with a TF-IDF + logistic-regression baseline (needs scikit-learn; same
train part, no lexicon) and a keyword-only baseline (department names alone), also under simulated
OCR noise and on rows without their ministry's keyword. Runs on one core (threads pinned to 1).
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import regex  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classify import dataset  # noqa: E402
from classify.metrics import evaluate  # noqa: E402
from classify.model import load_classifier, train  # noqa: E402
from classify.rules import RulesClassifier  # noqa: E402
from classify.taxonomy import DEPARTMENTS, UNKNOWN  # noqa: E402
from domain.text import normalize  # noqa: E402
from domain.types import Classification  # noqa: E402

DATA = Path("/work/shared/data/departments/train.jsonl")
# Ministry/department-name keywords (README caveat "label leakage by name"); word-start matched.
MINISTRY_KEYWORDS = {
    "education": ["education", "human resource", "hrd", "शिक्षा", "मानव संसाधन"],
    "panchayat_rural_development": ["panchayat", "rural development", "पंचायत", "ग्रामीण विकास"],
    "women_child_development": ["women", "child", "महिला", "बाल"],
    "agriculture": ["agricultur", "farmer", "कृषि", "किसान"],
    "health": ["health", "family welfare", "स्वास्थ्य"],
    "forest": ["environment", "forest", "climate", "पर्यावरण", "वन", "जलवायु"],
    "tribal_welfare": ["tribal", "जनजात", "आदिवासी"],
    "public_works": ["road transport", "highway", "सड़क परिवहन", "राजमार्ग"],
    "urban_administration": ["urban", "housing", "शहरी", "आवास"],
    "labour": ["labour", "employment", "श्रम", "रोजगार"],
    "police": ["police", "home affairs", "home minister", "पुलिस", "गृह"],
    "election": ["election", "निर्वाचन", "चुनाव"],
    "general_administration": ["personnel", "grievance", "pension", "upsc", "कार्मिक", "शिकायत", "पेंशन"],
}


def _kw_re(words: list[str]) -> regex.Pattern[str]:
    return regex.compile(r"(?<![\p{L}\p{M}])(?:" + "|".join(regex.escape(w) for w in words) + ")", regex.I)


_MINISTRY_RE = {k: _kw_re(v) for k, v in MINISTRY_KEYWORDS.items()}


class NamesOnly:
    """Keyword-only baseline: a department's English/Hindi name (``name_en``/``name_hi``) alone."""

    def __init__(self) -> None:
        self.res = {
            d.key: regex.compile(
                r"(?<![\p{L}\p{M}])(?:"
                + regex.escape(d.name_en)
                + "|"
                + regex.escape(d.name_hi)
                + r")(?![\p{L}\p{M}])",
                regex.I,
            )
            for d in DEPARTMENTS
        }

    def classify(self, text: str) -> Classification:
        t = normalize(text)
        counts = {k: len(r.findall(t)) for k, r in self.res.items()}
        best = max(counts, key=lambda k: counts[k])
        return Classification(best if counts[best] else UNKNOWN, 1.0 if counts[best] else 0.0, method="names")


class TfidfLR:
    def __init__(self, rows: list[dict]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        x = self.vec.fit_transform([r["text"] for r in rows])
        self.lr = LogisticRegression(C=20, max_iter=3000).fit(x, [r["department"] for r in rows])

    def classify_many(self, texts: list[str]) -> list[Classification]:
        return [
            Classification(str(p), 1.0, method="tfidf") for p in self.lr.predict(self.vec.transform(texts))
        ]

    def classify(self, text: str) -> Classification:
        return self.classify_many([text])[0]


MATRAS = {chr(c) for c in range(0x093E, 0x094D)} | {"\u0901", "\u0902", "\u0903", "\u094d"}
CONFUSE = dict(
    [
        ("ब", "व"),
        ("व", "ब"),
        ("भ", "म"),
        ("म", "भ"),
        ("घ", "ध"),
        ("ध", "घ"),
        ("ष", "प"),
        ("प", "ष"),
        ("ख", "रव"),
        ("थ", "य"),
        ("य", "थ"),
        ("ड", "ढ"),
        ("ङ", "ड"),
        ("न", "त"),
        ("त", "न"),
        ("l", "1"),
        ("i", "l"),
        ("o", "0"),
        ("O", "0"),
        ("e", "c"),
        ("c", "e"),
        ("m", "rn"),
        ("h", "b"),
        ("u", "v"),
        ("n", "h"),
        ("S", "5"),
        ("B", "8"),
        ("a", "o"),
        ("t", "f"),
        ("r", "n"),
    ]
)


def ocr_noise(text: str, rate: float, rng: random.Random) -> str:
    """Simulated OCR damage: each character with probability ``rate`` is a dropped matra or a
    confused character (look-alike table; other letters: dropped)."""
    out = []
    for ch in text:
        if rng.random() >= rate:
            out.append(ch)
        elif ch in MATRAS:
            continue
        elif ch in CONFUSE:
            out.append(CONFUSE[ch])
        elif not ch.isalpha():
            out.append(ch)
    return "".join(out)


def _summ(res: dict) -> str:
    pl = res["per_language"]
    return f"en {pl['en']['macro_f1']:.3f} (n={pl['en']['n']})  hi {pl['hi']['macro_f1']:.3f} (n={pl['hi']['n']})"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument(
        "--model-dir", type=Path, default=None, help="evaluate this model (default: train a fresh one)"
    )
    ap.add_argument("--noise", type=float, default=0.03)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()

    rows = dataset.check_rows(dataset.load_rows(args.data))
    parts = dataset.split_rows(rows)
    test = parts["test"]
    report: dict = {"data_sha256": dataset.sha256_file(args.data), "n_test": len(test)}

    if args.model_dir is None:
        out = Path(tempfile.mkdtemp(prefix="sanchika-bench-")) / "model"
        t = time.perf_counter()
        train(args.data, out, time_limit_s=600.0)
        report["train_seconds"] = round(time.perf_counter() - t, 1)
        print(f"training (1 core): {report['train_seconds']} s")
        model_dir = out
    else:
        model_dir = args.model_dir
    model = load_classifier(model_dir)
    report["model_method"] = getattr(model, "method", "?")

    clfs: dict[str, object] = {"model": model, "rules": RulesClassifier(), "names_only": NamesOnly()}
    try:
        clfs["tfidf_lr"] = TfidfLR(parts["train"])
    except ImportError:
        print("scikit-learn not installed: TF-IDF baseline skipped")

    rng = random.Random(7)
    noisy = [{**r, "text": ocr_noise(r["text"], args.noise, rng)} for r in test]
    no_kw = [r for r in test if not _MINISTRY_RE[r["department"]].search(normalize(r["text"]))]
    report["n_test_no_ministry_keyword"] = len(no_kw)
    for name, clf in clfs.items():
        res = {
            "clean": evaluate(clf, test),
            "ocr_noise": evaluate(clf, noisy),
            "no_ministry_kw": evaluate(clf, no_kw),
        }  # type: ignore[arg-type]
        report[name] = res
        print(f"{name:11s} clean: {_summ(res['clean'])}")
        print(f"{'':11s} noisy {args.noise:.0%}: {_summ(res['ocr_noise'])}")
        print(f"{'':11s} no ministry keyword: {_summ(res['no_ministry_kw'])}")

    texts = [r["text"] for r in test]
    many = getattr(model, "classify_many", None)
    t = time.perf_counter()
    for x in texts[:500]:
        model.classify(x)
    single = 500 / (time.perf_counter() - t)
    t = time.perf_counter()
    if callable(many):
        many(texts)
    batch = len(texts) / (time.perf_counter() - t)
    ptext = sum(len(x) for x in texts) / len(texts)
    report["docs_per_second"] = {"single": round(single), "batch": round(batch), "mean_chars": round(ptext)}
    print(
        f"speed (1 core, mean {ptext:.0f} chars): {single:.0f} docs/s one by one, {batch:.0f} docs/s batched"
    )
    long_texts = [(x + " ") * max(1, 1500 // max(len(x), 1)) for x in texts[:300]]
    t = time.perf_counter()
    for x in long_texts:
        model.classify(x)
    report["docs_per_second"]["single_1500_chars"] = round(len(long_texts) / (time.perf_counter() - t))
    print(f"speed on ~1.5 KB texts: {report['docs_per_second']['single_1500_chars']} docs/s one by one")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
