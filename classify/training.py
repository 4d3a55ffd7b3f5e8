"""Training procedure behind :func:`classify.model.train` (see docs/adr/0005-department-classifier.md)."""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from pathlib import Path
from typing import Any

import numpy as np

from classify import artifact, dataset
from classify.metrics import evaluate, score
from classify.model import ModelClassifier, build_nlp, combine, fit_temperature, lexicon_matrix, predict_proba
from classify.taxonomy import KEYS
from domain.errors import UsageError

log = logging.getLogger(__name__)


def _examples(nlp: Any, rows: list[dict], opts: dict[str, Any]) -> list[Any]:
    from spacy.training import Example

    from classify.model import _docs

    docs = _docs(nlp, [r["text"] for r in rows], opts)
    return [
        Example.from_dict(doc, {"cats": {k: float(k == r["department"]) for k in KEYS}})
        for doc, r in zip(docs, rows, strict=True)
    ]


def _lang_macro(rows: list[dict], pred: list[str]) -> float:
    """Mean of the per-language macro-F1 (so the small Hindi slice counts as much as English)."""
    vals = []
    for lang in ("en", "hi"):
        idx = [i for i, r in enumerate(rows) if dataset.row_lang(r) == lang]
        if idx:
            vals.append(score([rows[i]["department"] for i in idx], [pred[i] for i in idx])["macro_f1"])
    return float(np.mean(vals)) if vals else 0.0


def run_training(
    data_path: Path,
    out_dir: Path,
    corrections: list[dict],
    *,
    epochs: int = 8,
    seed: int = 0,
    length: int = 2**17,
    ngram_size: int = 1,
    lexicon_per_dept: int = 30,
    betas: tuple[float, ...] = (0.0, 0.1, 0.25, 0.5, 1.0),
    time_limit_s: float = 540.0,
    bigrams: bool = False,
    char: tuple[int, int] = (4, 4),
    binary: bool = True,
    noise_copies: float = 0.5,
    noise_rate: float = 0.03,
    min_class_rows: int = 0,
    hi_repeat: int = 1,
    batch_size: int = 64,
    learn_rate: float | None = None,
    arch: str = "bow",
) -> dict[str, Any]:
    """See docs/adr/0005. ``noise_copies``: share of train rows added again with simulated OCR damage
    (``noise_rate`` of characters); ``min_class_rows``: rows of smaller classes are repeated up to
    about this many (class weighting by oversampling); ``hi_repeat``: each Hindi train row (data, own
    sentences, lexicon pseudo-documents) is seen this many times per epoch; ``bigrams``/``char``/``binary``: features."""
    from spacy.util import compounding, fix_random_seed, minibatch

    t0 = time.perf_counter()
    fix_random_seed(seed)
    all_rows = dataset.load_rows(data_path)
    rows = dataset.check_rows(all_rows)
    bad_corr = [c for c in corrections if c not in dataset.check_rows([c])]
    if bad_corr:
        raise UsageError(
            f"{len(bad_corr)} correction(s) lack a text or a valid department key; valid: {KEYS}"
        )
    parts = dataset.split_rows(rows)
    extra = dataset.handwritten_rows() + dataset.lexicon_rows(lexicon_per_dept, seed=seed + 13)
    train_rows = parts["train"] + extra + list(corrections)
    train_rows += [r for r in train_rows if dataset.row_lang(r) == "hi"] * max(0, hi_repeat - 1)
    train_rows += _oversample(train_rows, min_class_rows, random.Random(seed + 1))
    train_rows += _noisy_copies(train_rows, noise_copies, noise_rate, random.Random(seed + 2))
    fopts = {"bigrams": bool(bigrams), "char": [int(char[0]), int(char[1])], "binary": bool(binary)}
    dev_rows, test_rows = parts["dev"], parts["test"]
    if not train_rows or not dev_rows:
        raise UsageError(f"not enough labelled rows in {data_path} to train (train={len(train_rows)})")

    nlp = build_nlp(length=length, ngram_size=ngram_size, arch=arch)
    examples = _examples(nlp, train_rows, fopts)
    optimizer = nlp.initialize(lambda: examples[:500])
    if learn_rate is not None:
        optimizer.learn_rate = learn_rate
    rng = random.Random(seed)
    dev_texts = [r["text"] for r in dev_rows]
    dev_gold = [r["department"] for r in dev_rows]
    best: tuple[float, bytes, int] = (-1.0, b"", 0)
    history = []
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=compounding(8.0, float(batch_size), 1.2)):
            nlp.update(batch, sgd=optimizer, losses=losses, drop=0.0)
        proba = predict_proba(nlp, dev_texts, opts=fopts)
        dev_pred = [KEYS[i] for i in proba.argmax(axis=1)]
        f1 = _lang_macro(dev_rows, dev_pred)
        history.append(
            {
                "epoch": epoch + 1,
                "loss": round(losses.get("textcat", 0.0), 4),
                "dev_lang_macro_f1": round(f1, 4),
            }
        )
        log.info("epoch %d loss %.3f dev %.4f", epoch + 1, losses.get("textcat", 0.0), f1)
        if f1 > best[0]:
            best = (f1, nlp.get_pipe("textcat").to_bytes(), epoch + 1)
        if time.perf_counter() - t0 > time_limit_s:
            break
    nlp.get_pipe("textcat").from_bytes(best[1])

    # Blend weight (dev macro-F1) and temperature (dev NLL): tuned on dev only.
    proba = predict_proba(nlp, dev_texts, opts=fopts)
    lex, _ = lexicon_matrix(dev_texts)
    gold_idx = np.array([KEYS.index(g) for g in dev_gold])
    beta_scores = {
        b: _lang_macro(dev_rows, [KEYS[i] for i in combine(proba, lex, 1.0, b).argmax(axis=1)]) for b in betas
    }
    beta = max(betas, key=lambda b: (beta_scores[b], -b))
    temperature = fit_temperature(proba, lex, gold_idx, beta)
    train_seconds = time.perf_counter() - t0

    manifest = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "training_data": data_path.name,
        "training_data_sha256": dataset.sha256_file(data_path),
        "training_rows": {
            "train": len(parts["train"]),
            "dev": len(dev_rows),
            "test": len(test_rows),
            "handwritten_and_lexicon": len(extra),
            "corrections": len(corrections),
            "augmented_total": len(train_rows),
            "skipped_invalid": len(all_rows) - len(rows),
        },
        "split": "sha256(id)[:8] % 100: <70 train, <85 dev, else test",
        "temperature": round(temperature, 4),
        "beta": beta,
        "options": {
            "epochs": epochs,
            "best_epoch": best[2],
            "seed": seed,
            "length": length,
            "ngram_size": ngram_size,
            "lexicon_per_dept": lexicon_per_dept,
            "features": fopts,
            "noise_copies": noise_copies,
            "noise_rate": noise_rate,
            "min_class_rows": min_class_rows,
            "hi_repeat": hi_repeat,
            "batch_size": batch_size,
            "arch": arch,
            "learn_rate": learn_rate,
        },
        "history": history,
        "beta_dev_scores": {str(b): round(s, 4) for b, s in beta_scores.items()},
        "train_seconds": round(train_seconds, 1),
        "spacy_version": __import__("spacy").__version__,
    }
    clf = ModelClassifier(nlp, manifest, min_confidence=0.0)
    manifest["metrics"] = {"dev": evaluate(clf, dev_rows), "test": evaluate(clf, test_rows)}
    artifact.save(nlp, manifest, Path(out_dir))
    return {
        "train_seconds": round(train_seconds, 1),
        "beta": beta,
        "temperature": manifest["temperature"],
        **manifest["metrics"],
    }


def _oversample(rows: list[dict], min_rows: int, rng: random.Random) -> list[dict]:
    """Extra copies of the rows of classes with fewer than ``min_rows`` rows (at most 4x)."""
    if min_rows <= 0:
        return []
    by: dict[str, list[dict]] = {}
    for r in rows:
        by.setdefault(r["department"], []).append(r)
    out: list[dict] = []
    for items in by.values():
        want = min(min_rows, 4 * len(items)) - len(items)
        if want > 0:
            out += [items[i % len(items)] for i in range(want)]
    rng.shuffle(out)
    return out


def _noisy_copies(rows: list[dict], share: float, rate: float, rng: random.Random) -> list[dict]:
    """OCR-damaged copies of a random ``share`` of the rows (damage rate uniform in 0.5..1.5 x ``rate``)."""
    from classify.noise import ocr_noise

    if share <= 0 or rate <= 0:
        return []
    pick = [r for r in rows if rng.random() < share]
    return [{**r, "text": ocr_noise(r["text"], rate * rng.uniform(0.5, 1.5), rng), "source": "noise"} for r in pick]
