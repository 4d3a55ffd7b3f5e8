"""Trained department classifier: a spaCy ``textcat`` (exclusive classes, bag-of-n-grams) on
``spacy.blank("hi")``, combined with the taxonomy lexicon.

Features (``FEATURES``): the Devanagari-safe, stemmed tokens of :func:`classify.taxonomy.term_tokens`
(digits folded to a shape), plus one pseudo-token ``lex<dept>`` per lexicon match. The pseudo-tokens
are the cross-lingual bridge: the model learns their weights from English rows and applies them to
Hindi text. Scores: ``softmax(log p_model / T + beta * lexicon_score)`` with ``beta`` chosen and the
temperature ``T`` fitted on the dev split (never on the held-out split).

    from classify.model import load_classifier, train, evaluate
    clf = load_classifier()                       # shipped model; rules fallback on any mismatch
    clf.classify(text)                            # -> Classification(method="model")
    train(Path(".../train.jsonl"), Path("out/"))  # -> metrics dict; writes out/ atomically
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
from classify.rules import RulesClassifier, lexicon_scores, match_terms
from classify.taxonomy import KEYS, UNKNOWN, term_tokens
from domain.errors import UsageError
from domain.types import Classification

log = logging.getLogger(__name__)

DEFAULT_MODEL_DIR = Path(__file__).parent / "data" / "model"
FEATURES = artifact.FEATURES
__all__ = ["DEFAULT_MODEL_DIR", "Classifier", "ModelClassifier", "evaluate", "features", "load_classifier", "train"]


class Classifier(Protocol):
    def classify(self, text: str) -> Classification: ...


def _shape(tok: str) -> str:
    return "#" * min(len(tok), 4) if tok.isdigit() else tok


def features(text: str) -> list[str]:
    """Model input tokens for one text (see module doc)."""
    toks = [_shape(t) for t in term_tokens(text)]
    lex = ["lex" + dept.replace("_", "") for dept, _, _ in match_terms(text)]
    return toks + lex


def build_nlp(length: int = 2**17, ngram_size: int = 2) -> Any:
    import spacy

    nlp = spacy.blank("hi")
    model = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": ngram_size,
             "no_output_layer": False, "length": length}
    textcat = nlp.add_pipe("textcat", config={"model": model})
    for key in KEYS:
        textcat.add_label(key)
    return nlp


def _docs(nlp: Any, texts: Sequence[str]) -> list[Any]:
    from spacy.tokens import Doc

    return [Doc(nlp.vocab, words=features(t) or ["<empty>"]) for t in texts]


def predict_proba(nlp: Any, texts: Sequence[str], batch_size: int = 256) -> np.ndarray:
    """Raw textcat probabilities, rows in ``KEYS`` order."""
    textcat = nlp.get_pipe("textcat")
    order = [textcat.labels.index(k) for k in KEYS]
    out = np.zeros((len(texts), len(KEYS)), dtype=np.float64)
    for start in range(0, len(texts), batch_size):
        docs = list(textcat.pipe(_docs(nlp, texts[start : start + batch_size]), batch_size=batch_size))
        for i, doc in enumerate(docs):
            cats = doc.cats
            out[start + i] = [cats[textcat.labels[j]] for j in order]
    return out


def lexicon_matrix(texts: Sequence[str]) -> tuple[np.ndarray, list[dict[str, list[str]]]]:
    raw = np.zeros((len(texts), len(KEYS)))
    evidence = []
    for i, t in enumerate(texts):
        scores, ev = lexicon_scores(t)
        raw[i] = [scores[k] for k in KEYS]
        evidence.append(ev)
    return raw, evidence


def combine(proba: np.ndarray, lex: np.ndarray, temperature: float, beta: float) -> np.ndarray:
    logits = np.log(np.clip(proba, 1e-9, 1.0)) / temperature + beta * lex
    logits -= logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)


class ModelClassifier:
    method = "model"

    def __init__(self, nlp: Any, manifest: dict[str, Any], min_confidence: float = 0.35) -> None:
        if not 0.0 <= min_confidence <= 1.0:
            raise UsageError("min_confidence must be within 0..1")
        self.nlp = nlp
        self.manifest = manifest
        self.min_confidence = min_confidence
        self.temperature = float(manifest.get("temperature", 1.0))
        self.beta = float(manifest.get("beta", 0.0))

    def classify(self, text: str) -> Classification:
        return self.classify_many([text])[0]

    def classify_many(self, texts: Sequence[str], batch_size: int = 256) -> list[Classification]:
        texts = [t if isinstance(t, str) else "" for t in texts]
        lex, evidence = lexicon_matrix(texts)
        probs = combine(predict_proba(self.nlp, texts, batch_size), lex, self.temperature, self.beta)
        out = []
        for i, text in enumerate(texts):
            scores = {k: round(float(p), 6) for k, p in zip(KEYS, probs[i], strict=True)}
            top = int(probs[i].argmax())
            conf = float(probs[i][top])
            empty = not term_tokens(text)
            dept = KEYS[top] if conf >= self.min_confidence and not empty else UNKNOWN
            ev = tuple(evidence[i].get(KEYS[top], ())[:10])
            out.append(Classification(dept, round(0.0 if empty else conf, 4), scores, ev, self.method))
        return out


@lru_cache(maxsize=8)
def _load_cached(model_dir: str, mtime_ns: int) -> tuple[Any, dict[str, Any]]:
    return artifact.load(Path(model_dir))


def load_classifier(model_dir: Path | None = None, min_confidence: float = 0.35) -> Classifier:
    """The trained model at ``model_dir`` (default: the one shipped in the package), loaded once per
    process; on a missing/incompatible artifact, a :class:`RulesClassifier` with a warning."""
    path = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
    try:
        mtime = (path / artifact.MANIFEST).stat().st_mtime_ns
        nlp, manifest = _load_cached(str(path.resolve()), mtime)
    except (OSError, ValueError, KeyError) as exc:
        msg = f"department model at {path} unusable ({exc}); falling back to the rules classifier"
        warnings.warn(msg, RuntimeWarning, stacklevel=2)
        log.warning(msg)
        return RulesClassifier(min_confidence=min_confidence)
    return ModelClassifier(nlp, manifest, min_confidence=min_confidence)


def fit_temperature(proba: np.ndarray, lex: np.ndarray, gold: np.ndarray, beta: float) -> float:
    """Temperature minimising the negative log-likelihood on dev (grid search, 0.05..5)."""
    best_t, best_nll = 1.0, math.inf
    for t in np.exp(np.linspace(math.log(0.05), math.log(5.0), 60)):
        p = combine(proba, lex, float(t), beta)
        nll = float(-np.log(np.clip(p[np.arange(len(gold)), gold], 1e-12, 1.0)).mean())
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return best_t


def train(data_path: Path, out_dir: Path, corrections: Sequence[dict] = (), **options: Any) -> dict[str, Any]:
    """Train on ``data_path`` (JSON Lines) plus ``corrections`` rows ({"text", "department"}), write the
    artifact to ``out_dir`` atomically and return its metrics (dev and held-out "test" splits)."""
    from classify.training import run_training

    return run_training(Path(data_path), Path(out_dir), list(corrections), **options)
