"""Ablation of the department model (issue 20; run through ``bench/classify.py --ablation``).

Each component of the recipe is removed in turn and scored on three things: the English held-out
part (macro-F1; the ``test`` part of the fixed hash split, English rows), the Hindi cross-validation
(3 folds over the 103 Hindi rows of train + dev, predictions pooled over the folds; the held-out
part's 17 Hindi titles decide nothing) and the drop under simulated OCR noise (3 %, English held-out
and Hindi CV). A fold model is trained on the English train part, the other folds' Hindi rows and the
augmentation of the options under test; its choices (epochs, neighbour memory, blend, temperature)
are made on the English dev rows. The base recipe is trained with several seeds: the spread of its
scores over the seeds is the yardstick, and a component earns its place only where removing it costs
more than that spread.

Components removed by retraining: the option changes in ``TRAINED``, each retrained with the seeds
of ``--component-seeds`` (the table takes the mean over every seed a component was trained with; a
component the base recipe lacks, e.g. run averaging or the refit in a cheap base, is added instead:
its gain is then what adding it brings). Components applied after training (``AFTER``: the neighbour memory, the
word repair, the temperature) are removed from the same fold models, with the temperature fitted again on dev where
the removal changes the probabilities.
"""

from __future__ import annotations

import copy
import hashlib
import json
import random
import time
from pathlib import Path
from typing import Any

import numpy as np

from classify import dataset
from classify.metrics import score
from classify.model import calibrated
from classify.noise import ocr_noise
from classify.options import DEFAULTS, Options
from classify.taxonomy import KEYS, UNKNOWN, term_tokens
from classify.textmodel import featurizer
from classify.training import augment, calibrate, refit, select

TRAINED: dict[str, dict[str, Any]] = {
    "lexicon block (l)": {"lexicon": False},
    "character n-grams (c)": {"char_hi": 0},
    "phonetic keys + acronyms (p)": {"phon_hi": 0, "acronyms": False},
    "glossary rows": {"glossary_rows": 0},
    "noisy copies": {"noise_copies": 0.0},
    "run averaging (3 runs -> 1)": {"runs": 1},
    "refit on train + dev": {"refit": False},
}
AFTER = ("neighbour memory", "word repair", "temperature")
NOISE_SEEDS = (7, 8)


def hindi_folds(rows: list[dict], folds: int) -> list[list[dict]]:
    parts = dataset.split_rows(rows)
    hindi = [r for r in parts["train"] + parts["dev"] if dataset.row_lang(r) == "hi"]
    hindi.sort(key=lambda r: hashlib.sha256(f"fold:{r['id']}".encode()).hexdigest())
    return [hindi[i::folds] for i in range(folds)]


def fold_training_rows(rows: list[dict], fold: int, folds: int) -> list[dict]:
    """A fold model's training rows before their augmentation (own sentences, lexicon and glossary
    rows, noisy copies): the English train part, the other folds' Hindi rows."""
    parts = dataset.split_rows(rows)
    held = {r["id"] for r in hindi_folds(rows, folds)[fold]}
    base = [r for r in parts["train"] if dataset.row_lang(r) == "en"]
    return base + [r for r in parts["train"] + parts["dev"] if dataset.row_lang(r) == "hi" and r["id"] not in held]


def fold_model(rows: list[dict], fold: int, folds: int, opts: Options) -> tuple[Any, dict[str, Any]]:
    """(selection, the model that the recipe ships: refit on train + English dev when ``opts.refit``)."""
    parts = dataset.split_rows(rows)
    base = fold_training_rows(rows, fold, folds)
    en_dev = [r for r in parts["dev"] if dataset.row_lang(r) == "en"]
    extra = dataset.handwritten_rows() + dataset.lexicon_rows(opts.lexicon_per_dept, seed=opts.seed + 13)
    train_rows = augment(base, extra, [], opts)
    sel = select(train_rows, en_dev, opts, None)
    refit_rows = augment(base + en_dev, extra, [], opts) if opts.refit else []
    model, _ = refit(sel, refit_rows, len(train_rows), time.process_time(), Options.of(**{**opts.to_json(),
                                                                                     "time_limit_s": 1e9}))
    return sel, {"model": model, "temperature": sel.temperature, "en_dev": en_dev}


def _variants(built: dict[str, Any]) -> dict[str, tuple[Any, float]]:
    """The fold model as trained ("base") and with each ``AFTER`` component removed: (model, T)."""
    model, en_dev = built["model"], built["en_dev"]
    out = {"base": (model, built["temperature"]), "temperature": (model, 1.0)}
    for name in AFTER[:2]:
        twin = copy.copy(model)
        twin.knn = dict(model.knn)
        if name == "neighbour memory":
            twin.knn["weight"] = 0.0
        else:
            twin.repair = None
        out[name] = (twin, calibrate(twin, en_dev, [twin.doc(r["text"]) for r in en_dev]))
    return out


def _labels(model: Any, temp: float, texts: list[str], cache: dict[Any, Any]) -> list[str]:
    """What the classifier says (threshold 0.35) for ``texts``; features cached per text set and
    featurisation (the word repair changes the features)."""
    key = (id(texts), model.repair is None)
    if key not in cache:
        cache[key] = [model.doc(t) for t in texts]
    p = calibrated(model.proba(texts, docs=cache[key]), temp)
    top = p.argmax(axis=1)
    return [KEYS[j] if p[i, j] >= 0.35 and term_tokens(texts[i]) else UNKNOWN for i, j in enumerate(top)]


def run_config(rows: list[dict], opts: Options, folds: int = 3) -> dict[str, Any]:
    """Scores of one recipe (and of its ``AFTER`` removals): English held-out clean / noisy, Hindi CV
    clean / noisy (pooled over the folds)."""
    parts = dataset.split_rows(rows)
    en_test = [r for r in parts["test"] if dataset.row_lang(r) == "en"]
    rng = random.Random(7)
    en_gold = [r["department"] for r in en_test]
    texts = {"en": [r["text"] for r in en_test], "en_noisy": [ocr_noise(r["text"], 0.03, rng) for r in en_test]}
    per: dict[str, dict[str, list]] = {}
    t0 = time.process_time()
    for fold in range(folds):
        _, built = fold_model(rows, fold, folds, opts)
        test = hindi_folds(rows, folds)[fold]
        texts["hi"] = [r["text"] for r in test]
        for s in NOISE_SEEDS:
            noisy_rng = random.Random(s * 100 + fold)
            texts[f"hi_noisy{s}"] = [ocr_noise(r["text"], 0.03, noisy_rng) for r in test]
        cache: dict[Any, Any] = {}
        for name, (model, temp) in _variants(built).items():
            got = per.setdefault(name, {"gold": [], "en": [], "en_noisy": [], "hi": [],
                                        **{f"hi_noisy{s}": [] for s in NOISE_SEEDS}})
            got["gold"] += [r["department"] for r in test]
            for part in ("hi", *(f"hi_noisy{s}" for s in NOISE_SEEDS)):
                got[part] += _labels(model, temp, texts[part], cache)
            for part in ("en", "en_noisy"):
                got[part].append(score(en_gold, _labels(model, temp, texts[part], cache))["macro_f1"])
    out: dict[str, Any] = {}
    for name, got in per.items():
        hi = score(got["gold"], got["hi"])["macro_f1"]
        hi_noisy = float(np.mean([score(got["gold"], got[f"hi_noisy{s}"])["macro_f1"] for s in NOISE_SEEDS]))
        en, en_noisy = float(np.mean(got["en"])), float(np.mean(got["en_noisy"]))
        out[name] = {"en": round(en, 4), "en_drop": round(100 * (en - en_noisy), 2), "hi_cv": round(hi, 4),
                     "hi_cv_noisy": round(hi_noisy, 4), "hi_drop": round(100 * (hi - hi_noisy), 2)}
    out["_cpu_seconds"] = round(time.process_time() - t0, 1)
    return out


def ablation(data: Path, base: dict[str, Any], seeds: int, only: list[str] | None, out_json: Path | None,
             seed_from: int = 0, component_seeds: tuple[int, ...] = (0,)) -> int:
    """Print the ablation table (see module doc); results are appended to ``out_json`` as they come.
    The base is trained with seeds ``seed_from .. seed_from + seeds - 1`` (0: none, e.g. to run
    components in another process), the components with ``component_seeds``."""
    rows = dataset.check_rows(dataset.load_rows(data))
    results: dict[str, Any] = _read(out_json) if out_json else {}
    if results.get("_base", base) != base:
        raise SystemExit(f"{out_json} holds results of another base recipe ({results['_base']}, not {base}): "
                         "give another --json")

    def run(name: str, changes: dict[str, Any], seed: int) -> dict[str, Any]:
        key = f"{name} | seed {seed}"
        if out_json:  # another process may have added results since: read them again
            results.update(_read(out_json))
        if key not in results:
            opts = Options.of(**{**base, **changes, "seed": seed})
            if name != "base" and opts == Options.of(**{**base, "seed": seed}):  # the base lacks it: add it
                opts = Options.of(**{**base, **{k: getattr(DEFAULTS, k) for k in changes}, "seed": seed})
                changes = {"_added": True}
            fz = featurizer(opts)  # one per feature set in this process: every text featurised once
            if fz.memo is None:
                fz.memo = {}
            results[key] = {**run_config(rows, opts), **changes}
            print(f"{key}: {json.dumps(results[key])}", flush=True)
            if out_json:
                results.update(_merge(out_json, {"_base": base, key: results[key]}))
        return results[key]

    for s in range(seed_from, seed_from + seeds):
        run("base", {}, s)
    for name, changes in TRAINED.items():
        for s in component_seeds if only is None or name in only else ():
            run(name, changes, s)
    print_table(results)
    return 0


def _read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() and path.stat().st_size else {}


def _merge(path: Path, new: dict[str, Any]) -> dict[str, Any]:
    """Add ``new`` to the results in ``path`` and return them all. The file is read again under a lock
    and replaced atomically, so processes sharing it (``--seed-from``, ``--only``) keep each other's
    results (each used to write the results it had read when it started over the file)."""
    import fcntl
    import os
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    tag = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]  # the lock stays out of bench/data
    with open(Path(tempfile.gettempdir()) / f"sanchika-ablation-{tag}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        merged = {**_read(path), **new}
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(merged, indent=1, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    return merged


METRICS = (("en", "English held-out", 1), ("hi_cv", "Hindi CV clean", 1), ("hi_cv_noisy", "Hindi CV noisy", 1),
           ("en_drop", "English noise drop", -1), ("hi_drop", "Hindi noise drop", -1))


def print_table(results: dict[str, Any]) -> None:
    """Each component: the change of every metric when it is removed (base mean minus variant, in
    points; for the drops, variant minus base, so positive = the component helps), against the spread
    of the base over the seeds (max - min); verdict: earns its place where any gain exceeds its spread."""
    bases = [v for k, v in sorted(results.items()) if k.startswith("base | seed ")]
    if not bases:
        return
    mean = {m: float(np.mean([b["base"][m] for b in bases])) for m, _, _ in METRICS}
    spread = {m: float(np.ptp([b["base"][m] for b in bases])) for m, _, _ in METRICS}
    scale = {m: (100.0 if m in ("en", "hi_cv", "hi_cv_noisy") else 1.0) for m, _, _ in METRICS}
    head = "| component removed | " + " | ".join(label for _, label, _ in METRICS) + " | verdict |"
    print("\nablation (gain of the component in points = what removing it costs; spread = base over "
          f"{len(bases)} seeds)")
    print(head)
    print("|" + "---|" * (len(METRICS) + 2))
    print("| base: mean (spread, points) | " + " | ".join(
        (f"{mean[m]:.3f}" if scale[m] == 100 else f"{mean[m]:.1f}") + f" ({spread[m] * scale[m]:.1f})"
        for m, _, _ in METRICS) + " | |")
    rows: list[tuple[str, dict[str, Any]]] = [
        (n, {m: float(np.mean([b[n][m] for b in bases])) for m, _, _ in METRICS}) for n in AFTER if n in bases[0]]
    for n in TRAINED:  # a trained component: the mean over the seeds it was trained with
        runs = [v for k, v in sorted(results.items()) if k.startswith(f"{n} | seed ")]
        if runs:
            seeds = ", ".join(k.rsplit(" ", 1)[1] for k in sorted(results) if k.startswith(f"{n} | seed "))
            rows.append((f"{n}, seed{'s' if len(runs) > 1 else ''} {seeds}",
                         {**{m: float(np.mean([r["base"][m] for r in runs])) for m, _, _ in METRICS},
                          "_added": runs[0].get("_added", False)}))
    for name, got in rows:
        flip = -1 if got.get("_added") else 1  # a component the base lacks was added: its gain is the rise
        gains = {m: flip * sign * (mean[m] - got[m]) * scale[m] for m, _, sign in METRICS}
        name = f"{name} (base lacks it: added)" if got.get("_added") else name
        earns = [m for m, _, _ in METRICS if gains[m] > spread[m] * scale[m]]
        print(f"| {name} | " + " | ".join(f"{gains[m]:+.1f}" for m, _, _ in METRICS)
              + f" | {'keeps (' + ', '.join(earns) + ')' if earns else 'does not earn its place'} |")
