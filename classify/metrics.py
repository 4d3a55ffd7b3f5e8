"""Evaluation of any classifier on labelled rows.

Result shape::

    {"n", "macro_f1", "accuracy",
     "per_language": {"hi": {"n", "macro_f1", "accuracy"}, "en": {...}},
     "per_class": {dept: {"precision", "recall", "f1", "support"}}}

Macro-F1 averages over the gold classes present in the slice. A prediction of "unknown" (or of any
label that is not the gold one) is an error; rows with a missing text are scored as "unknown".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from classify.dataset import row_lang
from domain.types import Classification


class Classifier(Protocol):
    def classify(self, text: str) -> Classification: ...


def _prf(gold: Sequence[str], pred: Sequence[str], label: str) -> tuple[float, float, float, int]:
    tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == label and p == label)
    n_pred = sum(1 for p in pred if p == label)
    support = sum(1 for g in gold if g == label)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / support if support else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, support


def score(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """n / macro_f1 / accuracy / per_class for parallel lists of gold and predicted labels."""
    n = len(gold)
    if n == 0:
        return {"n": 0, "macro_f1": 0.0, "accuracy": 0.0, "per_class": {}}
    per_class = {}
    for label in sorted(set(gold)):
        p, r, f, s = _prf(gold, pred, label)
        per_class[label] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": s}
    macro = sum(c["f1"] for c in per_class.values()) / len(per_class)
    acc = sum(1 for g, p in zip(gold, pred, strict=True) if g == p) / n
    return {"n": n, "macro_f1": round(macro, 4), "accuracy": round(acc, 4), "per_class": per_class}


def predict_all(classifier: Classifier, texts: list[str]) -> list[str]:
    many = getattr(classifier, "classify_many", None)
    if callable(many):
        return [c.department for c in many(texts)]
    return [classifier.classify(t).department for t in texts]


def evaluate(classifier: Classifier, rows: Iterable[dict]) -> dict[str, Any]:
    """Classify every row's text and score the predictions (:func:`evaluate_predictions`)."""
    rows = list(rows)
    texts = [text if isinstance(text := r.get("text"), str) else "" for r in rows]
    return evaluate_predictions(rows, predict_all(classifier, texts))


def evaluate_predictions(rows: Sequence[dict], pred: Sequence[str]) -> dict[str, Any]:
    """``n``, ``macro_f1``, ``accuracy``, ``per_language`` (hi, en) and ``per_class`` of ``pred`` (one
    department per row) against the rows' ``department``."""
    gold = [str(r.get("department", "")) for r in rows]
    pred = list(pred)
    result = score(gold, pred)
    per_language = {}
    for lang in ("hi", "en"):
        idx = [i for i, r in enumerate(rows) if row_lang(r) == lang]
        s = score([gold[i] for i in idx], [pred[i] for i in idx])
        per_language[lang] = {"n": s["n"], "macro_f1": s["macro_f1"], "accuracy": s["accuracy"]}
    return {
        "n": result["n"],
        "macro_f1": result["macro_f1"],
        "accuracy": result["accuracy"],
        "per_language": per_language,
        "per_class": result["per_class"],
    }


def confusion(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Confusion matrix: ``labels`` (gold labels, then other predicted ones, ``unknown`` last) and
    ``matrix[i][j]`` = rows of gold ``labels[i]`` predicted as ``labels[j]``."""
    labels = sorted(set(gold))
    labels += sorted(set(pred) - set(labels) - {"unknown"})
    if "unknown" in set(pred) and "unknown" not in labels:
        labels.append("unknown")
    idx = {lab: i for i, lab in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, pred, strict=True):
        matrix[idx[g]][idx[p]] += 1
    return {"labels": labels, "matrix": matrix}
