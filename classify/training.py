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


def _examples(nlp: Any, rows: list[dict]) -> list[Any]:
    from spacy.training import Example

    from classify.model import _docs

    docs = _docs(nlp, [r["text"] for r in rows])
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
    epochs: int = 10,
    seed: int = 0,
    length: int = 2**17,
    ngram_size: int = 2,
    lexicon_per_dept: int = 30,
    betas: tuple[float, ...] = (0.0, 0.1, 0.25, 0.5, 1.0),
    time_limit_s: float = 540.0,
) -> dict[str, Any]:
    from spacy.util import compounding, fix_random_seed, minibatch

    t0 = time.perf_counter()
    fix_random_seed(seed)
    all_rows = dataset.load_rows(data_path)
    rows = dataset.check_rows(all_rows)
    bad_corr = [c for c in corrections if c not in dataset.check_rows([c])]
    if bad_corr:
        raise UsageError(f"{len(bad_corr)} correction(s) lack a text or a valid department key; valid: {KEYS}")
    parts = dataset.split_rows(rows)
    extra = dataset.handwritten_rows() + dataset.lexicon_rows(lexicon_per_dept, seed=seed + 13)
    train_rows = parts["train"] + extra + list(corrections)
    dev_rows, test_rows = parts["dev"], parts["test"]
    if not train_rows or not dev_rows:
        raise UsageError(f"not enough labelled rows in {data_path} to train (train={len(train_rows)})")

    nlp = build_nlp(length=length, ngram_size=ngram_size)
    examples = _examples(nlp, train_rows)
    optimizer = nlp.initialize(lambda: examples[:500])
    rng = random.Random(seed)
    dev_texts = [r["text"] for r in dev_rows]
    dev_gold = [r["department"] for r in dev_rows]
    best: tuple[float, bytes, int] = (-1.0, b"", 0)
    history = []
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in minibatch(examples, size=compounding(8.0, 64.0, 1.2)):
            nlp.update(batch, sgd=optimizer, losses=losses, drop=0.0)
        proba = predict_proba(nlp, dev_texts)
        dev_pred = [KEYS[i] for i in proba.argmax(axis=1)]
        f1 = _lang_macro(dev_rows, dev_pred)
        history.append({"epoch": epoch + 1, "loss": round(losses.get("textcat", 0.0), 4), "dev_lang_macro_f1": round(f1, 4)})
        log.info("epoch %d loss %.3f dev %.4f", epoch + 1, losses.get("textcat", 0.0), f1)
        if f1 > best[0]:
            best = (f1, nlp.get_pipe("textcat").to_bytes(), epoch + 1)
        if time.perf_counter() - t0 > time_limit_s:
            break
    nlp.get_pipe("textcat").from_bytes(best[1])

    # Blend weight (dev macro-F1) and temperature (dev NLL): tuned on dev only.
    proba = predict_proba(nlp, dev_texts)
    lex, _ = lexicon_matrix(dev_texts)
    gold_idx = np.array([KEYS.index(g) for g in dev_gold])
    beta_scores = {b: _lang_macro(dev_rows, [KEYS[i] for i in combine(proba, lex, 1.0, b).argmax(axis=1)]) for b in betas}
    beta = max(betas, key=lambda b: (beta_scores[b], -b))
    temperature = fit_temperature(proba, lex, gold_idx, beta)
    train_seconds = time.perf_counter() - t0

    manifest = {
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "training_data_sha256": dataset.sha256_file(data_path),
        "training_rows": {"train": len(parts["train"]), "dev": len(dev_rows), "test": len(test_rows),
                          "handwritten_and_lexicon": len(extra), "corrections": len(corrections),
                          "skipped_invalid": len(all_rows) - len(rows)},
        "split": "sha256(id)[:8] % 100: <70 train, <85 dev, else test",
        "temperature": round(temperature, 4),
        "beta": beta,
        "options": {"epochs": epochs, "best_epoch": best[2], "seed": seed, "length": length,
                    "ngram_size": ngram_size, "lexicon_per_dept": lexicon_per_dept},
        "history": history,
        "beta_dev_scores": {str(b): round(s, 4) for b, s in beta_scores.items()},
        "train_seconds": round(train_seconds, 1),
        "spacy_version": __import__("spacy").__version__,
    }
    clf = ModelClassifier(nlp, manifest, min_confidence=0.0)
    manifest["metrics"] = {"dev": evaluate(clf, dev_rows), "test": evaluate(clf, test_rows)}
    artifact.save(nlp, manifest, Path(out_dir))
    return {"train_seconds": round(train_seconds, 1), "beta": beta, "temperature": manifest["temperature"],
            **manifest["metrics"]}
