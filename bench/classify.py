"""Department-classifier benchmark (one run prints everything; see docs/adr/0005).

    .venv/bin/python bench/classify.py [--data PATH] [--model-dir DIR | --train] [--json OUT]

Held-out = the "test" part of the fixed hash split of TRAIN (classify.dataset.split_of), never used
for tuning. Compares the model with a TF-IDF + logistic-regression baseline (needs scikit-learn; trained
on the same rows as the shipped model: train + dev parts, no lexicon) and a keyword-only baseline
(department names alone), also under simulated OCR noise and on rows without their ministry's keyword.
Also prints the model's calibration on the held-out part (expected calibration error, 10 bins).
Runs on one core (threads pinned to 1).
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
from classify.model import load_classifier  # noqa: E402
from classify.noise import ocr_noise  # noqa: E402
from classify.rules import RulesClassifier  # noqa: E402
from classify.taxonomy import DEPARTMENTS, UNKNOWN  # noqa: E402
from classify.training import train  # noqa: E402
from domain.text import normalize  # noqa: E402
from domain.types import Classification  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "departments" / "train.jsonl"  # ../shared beside the checkout
NO_DATA_CLASSES = Path(__file__).resolve().parent / "data" / "no_data_classes.jsonl"
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


def calibration(model: object, rows: list[dict], bins: int = 10, threshold: float = 0.35) -> dict:
    """Expected calibration error of the top score (the threshold does not change scores) on ``rows``."""
    many = getattr(model, "classify_many", None)
    res = many([r["text"] for r in rows]) if callable(many) else [model.classify(r["text"]) for r in rows]  # type: ignore[attr-defined]
    conf, ok = [], []
    for r, c in zip(rows, res, strict=True):
        top = max(c.scores, key=lambda k: c.scores[k]) if c.scores else UNKNOWN
        conf.append(float(c.scores.get(top, 0.0)) if c.scores else 0.0)
        ok.append(top == r["department"])
    n = len(rows)
    ece = 0.0
    for b in range(bins):
        idx = [i for i, x in enumerate(conf) if b / bins < x <= (b + 1) / bins or (b == 0 and x == 0.0)]
        if idx:
            ece += len(idx) / n * abs(sum(conf[i] for i in idx) / len(idx) - sum(ok[i] for i in idx) / len(idx))
    low = [i for i, x in enumerate(conf) if x < threshold]
    return {"ece": round(ece, 4), "mean_confidence": round(sum(conf) / n, 4), "accuracy": round(sum(ok) / n, 4),
            "share_below_threshold": round(len(low) / n, 4),
            "accuracy_below_threshold": round(sum(ok[i] for i in low) / len(low), 4) if low else 0.0}


def _summ(res: dict) -> str:
    pl = res["per_language"]
    return f"en {pl['en']['macro_f1']:.3f} (n={pl['en']['n']})  hi {pl['hi']['macro_f1']:.3f} (n={pl['hi']['n']})"


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument(
        "--model-dir", type=Path, default=None, help="evaluate this model (default: train a fresh one)"
    )
    ap.add_argument("--noise", type=float, default=0.03)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--model-only", action="store_true",
                    help="score the model alone (no rules, keyword or TF-IDF baselines; the baseline targets are skipped)")
    ap.add_argument("--ablation", action="store_true",
                    help="the ablation table instead (bench/classify_ablation.py): each component removed in turn")
    ap.add_argument("--seeds", type=int, default=2, help="ablation: seeds of the base recipe (its spread)")
    ap.add_argument("--seed-from", type=int, default=0, help="ablation: the base's first seed")
    ap.add_argument("--only", default=None, help="ablation: comma-separated components to retrain without")
    ap.add_argument("--component-seeds", default="0",
                    help="ablation: comma-separated seeds the components are retrained with (default 0)")
    ap.add_argument("--base", type=json.loads, default={}, help="ablation: option changes of the base recipe (JSON)")
    args = ap.parse_args()
    if args.ablation:
        from classify_ablation import ablation

        return ablation(args.data, args.base, args.seeds, args.only.split(",") if args.only else None, args.json,
                        args.seed_from, tuple(int(s) for s in args.component_seeds.split(",")))

    rows = dataset.check_rows(dataset.load_rows(args.data))
    parts = dataset.split_rows(rows)
    test = parts["test"]
    report: dict = {"data_sha256": dataset.sha256_file(args.data), "n_test": len(test)}

    if args.model_dir is None:
        out = Path(tempfile.mkdtemp(prefix="sanchika-bench-")) / "model"
        t, c = time.perf_counter(), time.process_time()
        train(args.data, out)
        report["train_seconds"] = round(time.perf_counter() - t, 1)
        report["train_cpu_seconds"] = round(time.process_time() - c, 1)
        print(f"training (1 thread): {report['train_seconds']} s wall, {report['train_cpu_seconds']} CPU-s")
        model_dir = out
    else:
        model_dir = args.model_dir
    model = load_classifier(model_dir)
    report["model_method"] = getattr(model, "method", "?")

    clfs: dict[str, object] = {"model": model}
    if not args.model_only:
        clfs.update({"rules": RulesClassifier(), "names_only": NamesOnly()})
        try:
            clfs["tfidf_lr"] = TfidfLR(parts["train"] + parts["dev"])
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

    report["model_calibration"] = calibration(model, test)
    cal = report["model_calibration"]
    print(f"model calibration on the held-out part: ECE {cal['ece']:.3f} (10 bins), mean confidence "
          f"{cal['mean_confidence']:.3f} vs accuracy {cal['accuracy']:.3f}; confidence < 0.35 (unknown): "
          f"{cal['share_below_threshold']:.1%} of rows, their accuracy {cal['accuracy_below_threshold']:.2f}")

    # the single-seed noisy run above is the protocol; 17 Hindi rows make it coarse, so also 5 seeds
    drops: dict[str, list[float]] = {"en": [], "hi": []}
    for seed in range(7, 12):
        r2 = random.Random(seed)
        res = evaluate(model, [{**r, "text": ocr_noise(r["text"], args.noise, r2)} for r in test])  # type: ignore[arg-type]
        for g in drops:
            drops[g].append(100 * (report["model"]["clean"]["per_language"][g]["macro_f1"] - res["per_language"][g]["macro_f1"]))
    report["model_noise_drop_5_seeds"] = {g: {"mean": round(sum(v) / len(v), 1), "min": round(min(v), 1),
                                              "max": round(max(v), 1)} for g, v in drops.items()}
    print(f"model OCR-noise drop over 5 noise seeds (points): {report['model_noise_drop_5_seeds']}")

    nd_rows = dataset.load_rows(NO_DATA_CLASSES)
    nd = {name: evaluate(clf, nd_rows) for name, clf in clfs.items() if name in ("model", "rules")}  # type: ignore[arg-type]
    report["no_data_classes"] = nd
    for name, res in nd.items():
        rec = {k: res["per_class"][k]["recall"] for k in ("revenue", "cooperative")}
        print(f"{name:11s} revenue/cooperative (own {res['n']} sentences, not trained on): "
              f"accuracy {res['accuracy']:.2f}, recall {rec}")

    texts = [r["text"] for r in test]
    many = getattr(model, "classify_many", None)
    model.classify(texts[0])
    t, c = time.perf_counter(), time.process_time()
    for x in texts[:500]:
        model.classify(x)
    single = 500 / (time.perf_counter() - t)
    single_cpu = 500 / (time.process_time() - c)
    t = time.perf_counter()
    if callable(many):
        many(texts)
    batch = len(texts) / (time.perf_counter() - t)
    ptext = sum(len(x) for x in texts) / len(texts)
    long_texts = [(x + " ") * max(1, 1500 // max(len(x), 1)) for x in texts[:300]]
    t, c = time.perf_counter(), time.process_time()
    for x in long_texts:
        model.classify(x)
    long_wall = len(long_texts) / (time.perf_counter() - t)
    long_cpu = len(long_texts) / (time.process_time() - c)
    report["docs_per_second"] = {"single": round(single), "single_cpu": round(single_cpu), "batch": round(batch),
                                 "mean_chars": round(ptext), "single_1500_chars": round(long_wall),
                                 "single_1500_chars_cpu": round(long_cpu)}
    print(f"speed (1 thread, mean {ptext:.0f} chars): {single:.0f} docs/s one by one (wall; {single_cpu:.0f} per CPU-second), "
          f"{batch:.0f} docs/s batched")
    print(f"speed on ~1.5 KB texts: {long_wall:.0f} docs/s one by one (wall; {long_cpu:.0f} per CPU-second)")
    size = sum(f.stat().st_size for f in Path(model_dir).rglob("*") if f.is_file())
    report["model_mb"] = round(size / 2**20, 1)

    # -- targets of issue 4, in one place ------------------------------------------------------
    m, tf, kw = report["model"], report.get("tfidf_lr"), report.get("names_only")
    lang = {g: m["clean"]["per_language"][g]["macro_f1"] for g in ("en", "hi")}
    drop = {g: round(100 * (lang[g] - m["ocr_noise"]["per_language"][g]["macro_f1"]), 1) for g in ("en", "hi")}
    # CPU seconds where recorded (the wall clock grows with whatever else the machine runs)
    manifest = getattr(model, "manifest", {})
    train_s = report.get("train_cpu_seconds", manifest.get("train_cpu_seconds",
                         report.get("train_seconds", manifest.get("train_seconds"))))
    # (target, value shown, met, ratio: achieved / target for "at least" targets, target / achieved
    # for "at most" ones, so >= 1.0 means met)
    rows_out: list[tuple[str, str, bool, float | None]] = [
        ("held-out macro-F1 en >= 0.92", f"{lang['en']:.3f}", lang["en"] >= 0.92, lang["en"] / 0.92),
        ("held-out macro-F1 hi >= 0.80", f"{lang['hi']:.3f} (n={m['clean']['per_language']['hi']['n']})",
         lang["hi"] >= 0.80, lang["hi"] / 0.80),
    ]
    for g in ("en", "hi") if kw else ():
        base = [kw["clean"]["per_language"][g]["macro_f1"]] + ([tf["clean"]["per_language"][g]["macro_f1"]] if tf else [])
        rows_out.append((f"{g}: above TF-IDF+LR and keyword-only", f"{lang[g]:.3f} vs {', '.join(f'{b:.3f}' for b in base)}",
                         all(lang[g] > b for b in base), lang[g] / max(base) if max(base) > 0 else None))
    for g in ("en", "hi"):
        rows_out.append((f"{g}: OCR noise {args.noise:.0%} drop <= 5 points", f"{drop[g]:+.1f}", drop[g] <= 5.0,
                         5.0 / drop[g] if drop[g] > 0 else None))
    nd_m = nd.get("model")
    if nd_m:
        rec = min(nd_m["per_class"][k]["recall"] for k in ("revenue", "cooperative"))
        rows_out.append(("revenue & cooperative recognised (recall >= 0.8)", f"accuracy {nd_m['accuracy']:.2f}",
                         rec >= 0.8, rec / 0.8))
    rows_out.append(("classification >= 200 docs/s, one core", f"{single:.0f} wall, {single_cpu:.0f} per CPU-s",
                     single_cpu >= 200, single_cpu / 200))
    if train_s is not None:
        rows_out.append(("training <= 10 min", f"{float(train_s):.0f} s", float(train_s) <= 600, 600 / float(train_s)))
    rows_out.append(("model <= 20 MB", f"{report['model_mb']} MB", report["model_mb"] <= 20, 20 / report["model_mb"]))
    report["targets"] = [{"target": t_, "value": v, "met": bool(ok), "ratio": None if r is None else round(r, 3)}
                         for t_, v, ok, r in rows_out]
    manifest = getattr(model, "manifest", {})
    if manifest:
        print(f"\nmodel: {manifest.get('features')}, refit on train + dev: {manifest.get('refit_on_train_and_dev')}, "
              f"best epoch {manifest.get('best_epoch')}, runs {manifest.get('options', {}).get('runs')}, "
              f"temperature {manifest.get('temperature')}, neighbour memory "
              f"{ {k: v for k, v in (manifest.get('knn') or {}).items() if k != 'dev_macro_f1'} or 'none'}")
    print("\ntargets (issue 4; ratio >= 1 means met):")
    for t_, v, ok, r in rows_out:
        ratio = "   -  " if r is None else f"{r:5.2f}x"
        print(f"  [{'met' if ok else 'NOT MET':7s}] {t_:52s} {ratio}  {v}")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
