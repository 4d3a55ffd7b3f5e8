"""Trained department classifier: a spaCy ``textcat`` (exclusive classes) on ``spacy.blank("hi")``,
combined with the taxonomy lexicon.

The model (manifest ``features: text+tfidf-blocks+knn/v4``) uses our architecture
``sanchika.TextCatTfidf.v1`` (classify/spacy_arch.py): the textcat reads the document text and computes
hashed TF-IDF blocks itself (words + bigrams, character n-grams, Devanagari skeletons, lexicon matches,
phonetic keys), linear, trained with a squared hinge, its probabilities mixed with the votes of the most
similar training documents (neighbour memory). Scores: ``softmax(log p_model / T + beta *
lexicon_score)`` with ``beta`` chosen and the temperature ``T`` fitted on the dev split (never on the
held-out split). Options: :class:`classify.options.Options`. Training: classify/training.py,
docs/adr/0005. A model written by older code is refused with ``dependency.model_outdated``.

    from classify.model import load_classifier, train, evaluate
    clf = load_classifier()                       # shipped model; rules fallback on any mismatch
    clf.classify(text)                            # -> Classification(method="model")
    clf.nlp(text).cats                            # the plain spaCy way (uncalibrated textcat scores)
    train(Path(".../train.jsonl"), Path("out/"))  # -> metrics dict; writes out/ atomically

A loaded model predicts through :class:`classify.inference.TfidfInference` (the same textcat's forward
pass in numpy, without importing spaCy: ADR 0016) when its pipeline is a ``sanchika.TextCatTfidf.v1``;
``clf.nlp`` loads the spaCy pipeline on first use.
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
from classify.options import DEFAULTS, Options
from classify.rules import RulesClassifier, lexicon_scores
from classify.taxonomy import _TOKEN_RE, KEYS, UNKNOWN, fold_token, term_tokens
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
    "train",
]


class Classifier(Protocol):
    def classify(self, text: str) -> Classification: ...


def build_nlp(opts: Options = DEFAULTS) -> Any:
    """``spacy.blank("hi")`` with a ``textcat`` of our architecture ``sanchika.TextCatTfidf.v1``
    (classify/spacy_arch.py: hashed TF-IDF blocks of words, character n-grams, Devanagari skeletons,
    lexicon matches and phonetic keys computed from the document text, linear, squared-hinge or
    cross-entropy loss, neighbour memory), configured by ``opts`` (:class:`classify.options.Options`)."""
    import spacy

    import classify.spacy_arch  # noqa: F401  (registers the architecture)

    nlp = spacy.blank("hi")
    model = {"@architectures": "sanchika.TextCatTfidf.v1", "exclusive_classes": True, **opts.textcat()}
    textcat: Any = nlp.add_pipe("textcat", config={"model": model})
    for key in KEYS:
        textcat.add_label(key)
    return nlp


def reads_text(nlp: Any) -> bool:
    """True when the textcat computes its features from the document text (``sanchika.TextCatTfidf``)."""
    return any(node.name == "tfidf_features" for node in nlp.get_pipe("textcat").model.walk())


def _docs(nlp: Any, texts: Sequence[str]) -> list[Any]:
    """Docs for the textcat: the tokenised text itself (the textcat computes its features from it)."""
    return [nlp.make_doc(t) for t in texts]


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

    def __init__(self, nlp: Any, manifest: dict[str, Any], min_confidence: float = 0.35, *,
                 inference: Any = None, model_dir: Path | None = None) -> None:
        """``nlp``: the spaCy pipeline, or None with ``inference`` (a :class:`TfidfInference`) and the
        ``model_dir`` to load the pipeline from when :attr:`nlp` is asked for."""
        if not 0.0 <= min_confidence <= 1.0:
            raise UsageError("min_confidence must be within 0..1")
        if nlp is None and (inference is None or model_dir is None):
            raise ValueError("ModelClassifier needs a spaCy pipeline, or an inference and its model_dir")
        self._nlp = nlp
        self.inference = inference
        self.model_dir = model_dir
        self.manifest = manifest
        self.min_confidence = min_confidence
        self.temperature = float(manifest.get("temperature", 1.0))
        self.beta = float(manifest.get("beta", 0.0))

    @property
    def nlp(self) -> Any:
        """The spaCy pipeline (loaded on first use when predictions come from :attr:`inference`)."""
        if self._nlp is None:
            assert self.model_dir is not None
            self._nlp = _load_spacy_cached(str(self.model_dir), _mtime(self.model_dir))[0]
        return self._nlp

    def _predict(self, texts: Sequence[str], batch_size: int = 256) -> np.ndarray:
        """Raw textcat probabilities, rows in ``KEYS`` order."""
        if self.inference is None:
            return predict_proba(self.nlp, texts, batch_size)
        order = [self.inference.labels.index(k) for k in KEYS]
        out = np.zeros((len(texts), len(KEYS)), dtype=np.float64)
        for start in range(0, len(texts), batch_size):
            out[start : start + batch_size] = self.inference.predict(texts[start : start + batch_size])[:, order]
        return out

    def classify(self, text: str) -> Classification:
        return self.classify_many([text])[0]

    def classify_many(self, texts: Sequence[str], batch_size: int = 256) -> list[Classification]:
        texts = [t if isinstance(t, str) else "" for t in texts]
        lex, evidence = lexicon_matrix(texts)
        probs = combine(self._predict(texts, batch_size), lex, self.temperature, self.beta)
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

    def read_as(self, word: str) -> str | None:
        """The word the model reads for an OCR-damaged ``word`` (word repair, option ``repair_words``),
        or None when it reads the word as it is."""
        if self.inference is not None:
            repair = self.inference.featurizer.repair
        else:
            from classify.spacy_arch import word_repair

            repair = word_repair(self.nlp)
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
        lex, _ = lexicon_matrix(variants)
        raw = self._predict(variants)
        probs = combine(raw, lex, self.temperature, self.beta)
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
def _load_spacy_cached(model_dir: str, mtime_ns: int) -> tuple[Any, dict[str, Any]]:
    return artifact.load(Path(model_dir))


@lru_cache(maxsize=8)
def _load_cached(model_dir: str, mtime_ns: int) -> tuple[Any, Any, dict[str, Any]]:
    """(spaCy pipeline or None, TfidfInference or None, manifest): the numpy forward pass when the
    pipeline allows it (ADR 0016), else the spaCy pipeline."""
    got = artifact.load_inference(Path(model_dir))
    if got is not None:
        return None, got[0], got[1]
    nlp, manifest = _load_spacy_cached(model_dir, mtime_ns)
    return nlp, None, manifest


def load_classifier(model_dir: Path | None = None, min_confidence: float = 0.35) -> Classifier:
    """The trained model at ``model_dir`` (default: the one shipped in the package), loaded once per
    process; on a missing/incompatible artifact, a :class:`RulesClassifier` with a warning."""
    path = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
    try:
        resolved = path.resolve()
        nlp, inference, manifest = _load_cached(str(resolved), _mtime(path))
    except (OSError, ValueError, KeyError) as exc:
        msg = f"department model at {path} unusable ({exc}); falling back to the rules classifier"
        warnings.warn(msg, RuntimeWarning, stacklevel=2)
        log.warning(msg)
        return RulesClassifier(min_confidence=min_confidence)
    return ModelClassifier(nlp, manifest, min_confidence=min_confidence, inference=inference, model_dir=resolved)


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
    artifact to ``out_dir`` atomically and return its metrics (dev and held-out "test" splits).
    ``options``: changes to the defaults of :class:`classify.options.Options`."""
    from classify.training import run_training

    return run_training(Path(data_path), Path(out_dir), list(corrections), Options.of(**options))
