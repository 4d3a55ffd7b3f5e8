"""The trained department classifier: :class:`classify.textmodel.TextModel` (one model, one forward
pass), calibrated, with a confidence threshold.

Scores: ``softmax(log p_model / T)`` with the temperature ``T`` fitted on the dev split (never on the
held-out split); the taxonomy lexicon's matches are the evidence shown with a decision. Options:
:class:`classify.options.Options`. Training: classify/training.py, docs/adr/0005. A model written by
older code is refused with ``dependency.model_outdated``.

    from classify.model import load_classifier
    clf = load_classifier()                       # shipped model; rules fallback on a broken one
    clf.classify(text)                            # -> Classification(method="model")
"""

from __future__ import annotations

import logging
import math
import warnings
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from classify import artifact
from classify.metrics import evaluate
from classify.rules import RulesClassifier, lexicon_scores
from classify.taxonomy import _TOKEN_RE, KEYS, UNKNOWN, fold_token, term_tokens
from classify.textmodel import TextModel
from domain.errors import UsageError
from domain.text import normalize
from domain.types import Classification

log = logging.getLogger(__name__)

DEFAULT_MODEL_DIR = Path(__file__).parent / "data" / "model"
FEATURES = artifact.FEATURES
__all__ = [
    "DEFAULT_MODEL_DIR",
    "Classifier",
    "ModelClassifier",
    "evaluate",
    "load_classifier",
]


class Classifier(Protocol):
    def classify(self, text: str) -> Classification: ...


def calibrated(proba: np.ndarray, temperature: float) -> np.ndarray:
    """``softmax(log proba / temperature)``, row by row."""
    logits = np.log(np.clip(proba, 1e-9, 1.0)) / temperature
    logits -= logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)


class ModelClassifier:
    method = "model"

    def __init__(self, model: TextModel, manifest: dict[str, Any], min_confidence: float = 0.35) -> None:
        if not 0.0 <= min_confidence <= 1.0:
            raise UsageError("min_confidence must be within 0..1")
        self.model = model
        self.manifest = manifest
        self.min_confidence = min_confidence
        self.temperature = float(manifest.get("temperature", 1.0))

    def _predict(self, texts: Sequence[str], batch_size: int = 256) -> np.ndarray:
        """The model's probabilities, rows in ``KEYS`` order."""
        out = np.zeros((len(texts), len(KEYS)), dtype=np.float64)
        for start in range(0, len(texts), batch_size):
            out[start : start + batch_size] = self.model.proba(texts[start : start + batch_size])
        return out

    def classify(self, text: str) -> Classification:
        return self.classify_many([text])[0]

    def classify_many(self, texts: Sequence[str], batch_size: int = 256) -> list[Classification]:
        texts = [t if isinstance(t, str) else "" for t in texts]
        probs = calibrated(self._predict(texts, batch_size), self.temperature)
        out = []
        for i, text in enumerate(texts):
            scores = {k: round(float(p), 6) for k, p in zip(KEYS, probs[i], strict=True)}
            top = int(probs[i].argmax())
            conf = float(probs[i][top])
            empty = not term_tokens(text)
            dept = KEYS[top] if conf >= self.min_confidence and not empty else UNKNOWN
            ev = tuple(lexicon_scores(text)[1].get(KEYS[top], ())[:10])
            out.append(Classification(dept, round(0.0 if empty else conf, 4), scores, ev, self.method))
        return out

    def read_as(self, word: str) -> str | None:
        """The word the model reads for an OCR-damaged ``word`` (word repair, option ``repair_words``),
        or None when it reads the word as it is."""
        repair = self.model.repair
        if repair is None:
            return None
        got = repair.text(word)
        return got if got != word else None

    def explain(self, text: str, department: str | None = None, k: int = 8) -> list[tuple[str, float]]:
        """The words that drove the decision: each distinct word of ``text`` (up to 200) with the drop
        in the log-odds of ``department`` (default: the top one) when that word is removed
        (occlusion). Largest positive drops first; at most ``k``."""
        surface = _TOKEN_RE.findall(normalize(text).casefold())
        groups: dict[str, list[int]] = {}
        for i, tok in enumerate(surface):
            groups.setdefault(fold_token(tok), []).append(i)
        words = list(groups)[:200]
        if not words:
            return []
        variants = [text] + [
            " ".join(t for i, t in enumerate(surface) if fold_token(t) != w) for w in words
        ]
        probs = calibrated(self._predict(variants), self.temperature)
        j = KEYS.index(department) if department in KEYS else int(probs[0].argmax())
        p = np.clip(probs[:, j], 1e-12, 1 - 1e-12)
        log_odds = np.log(p) - np.log1p(-p)
        drops = [(surface[groups[w][0]], float(log_odds[0] - log_odds[i + 1])) for i, w in enumerate(words)]
        drops.sort(key=lambda x: -x[1])
        floor = max(0.05, 0.1 * drops[0][1])
        return [(w, round(d, 3)) for w, d in drops[:k] if d >= floor]


def _mtime(model_dir: Path) -> int:
    return (Path(model_dir) / artifact.MANIFEST).stat().st_mtime_ns


@lru_cache(maxsize=8)
def _load_cached(model_dir: str, mtime_ns: int) -> tuple[TextModel, dict[str, Any]]:
    return artifact.load(Path(model_dir))


def load_classifier(model_dir: Path | None = None, min_confidence: float = 0.35) -> Classifier:
    """The trained model at ``model_dir`` (default: the one shipped in the package), loaded once per
    process; on a missing or broken artifact, a :class:`RulesClassifier` with a warning. A model of
    older code raises ``DependencyError`` (``dependency.model_outdated``)."""
    path = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
    try:
        model, manifest = _load_cached(str(path.resolve()), _mtime(path))
    except (OSError, ValueError, KeyError) as exc:
        msg = f"department model at {path} unusable ({exc}); falling back to the rules classifier"
        warnings.warn(msg, RuntimeWarning, stacklevel=2)
        log.warning(msg)
        return RulesClassifier(min_confidence=min_confidence)
    return ModelClassifier(model, manifest, min_confidence=min_confidence)


def fit_temperature(proba: np.ndarray, gold: np.ndarray) -> float:
    """Temperature minimising the negative log-likelihood on dev (grid search, 0.05..5)."""
    best_t, best_nll = 1.0, math.inf
    for t in np.exp(np.linspace(math.log(0.05), math.log(5.0), 60)):
        p = calibrated(proba, float(t))
        nll = float(-np.log(np.clip(p[np.arange(len(gold)), gold], 1e-12, 1.0)).mean())
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return best_t
