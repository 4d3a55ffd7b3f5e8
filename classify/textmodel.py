"""The department model: one definition, one forward pass (docs/adr/0005).

``TextModel.proba(texts)`` is the whole model: word repair (option ``repair_words``), the feature
blocks of each text (:class:`classify.features.Featurizer`), sublinear TF times IDF with each block scaled to unit length, a hashed linear layer
(two weight buckets per feature, from the two halves of its 64-bit key), a softmax, and the votes of
the most similar training documents mixed in (``knn``). Serving (:class:`classify.model.ModelClassifier`),
the bench, the held-out scores and every choice made on dev during training go through it; training
(classify/fit.py) fits ``W`` and ``b`` on the same features. Plain numpy: loading a model reads one
``.npz`` file and imports nothing heavy.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from classify.features import Featurizer, tfidf_values
from classify.memory import KNN_PARAMS, build_memory, mix_with_neighbours
from classify.options import DEFAULTS, Options
from classify.repair import WordRepair
from classify.taxonomy import KEYS

Doc = tuple[np.ndarray, np.ndarray, np.ndarray]  # a text's feature keys, values, blocks


def featurizer(opts: Options) -> Featurizer:
    """The featurizer of ``opts``' feature options, one per process and set of options: its per-word
    caches are shared by every model that reads texts the same way."""
    return _featurizer((opts.char_lo, opts.char_hi), opts.lexicon, (opts.phon_lo, opts.phon_hi), opts.acronyms)


@lru_cache(maxsize=8)
def _featurizer(*args: Any) -> Featurizer:
    return Featurizer(*args)


def buckets(keys: np.ndarray, length: int) -> tuple[np.ndarray, np.ndarray]:
    """The two weight buckets of every key: its low and its high 32 bits, modulo ``length``."""
    keys = np.asarray(keys, dtype=np.uint64)
    n = np.uint64(length)
    return (keys % n).astype(np.int64), ((keys >> np.uint64(32)) % n).astype(np.int64)


@dataclass
class TextModel:
    """Parameters of the model (see module doc): ``W`` is ``(length, len(KEYS))``; columns of ``W``,
    ``b`` and :meth:`proba` in ``KEYS`` order."""

    opts: Options = DEFAULTS
    idf: np.ndarray = field(default_factory=lambda: np.ones(0, np.float32))
    W: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    b: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    repair: WordRepair | None = None
    memory: dict[str, np.ndarray] | None = None
    knn: dict[str, Any] = field(default_factory=dict)  # k, weight, t_lin, blocks

    def __post_init__(self) -> None:
        if not len(self.idf):
            self.idf = np.ones(self.opts.idf_length, np.float32)
        if not self.W.size:
            self.W = np.zeros((self.opts.length, len(KEYS)), np.float32)
            self.b = np.zeros(len(KEYS), np.float32)
        self.featurizer = featurizer(self.opts)
        self.scales = np.asarray([self.opts.word_scale, self.opts.char_scale, self.opts.lex_scale,
                                  self.opts.phon_scale], np.float32)

    # -- the forward pass -------------------------------------------------------------------------
    def doc(self, text: str) -> Doc:
        """A text's features: (keys, TF-IDF values, blocks), its unknown Devanagari words repaired first."""
        if self.repair is not None:
            text = self.repair.text(text)
        k, c, b = self.featurizer(text)
        return k, tfidf_values(k, c, b, self.idf, self.scales), b

    def scores(self, docs: Sequence[Doc]) -> np.ndarray:
        """The linear layer's scores, ``(len(docs), len(KEYS))``."""
        out = np.repeat(self.b[None, :].astype(np.float32), len(docs), axis=0)
        for i, (k, v, _) in enumerate(docs):
            if len(k):
                i1, i2 = buckets(k, len(self.W))
                out[i] += v @ (self.W[i1] + self.W[i2])
        return out

    def proba(self, texts: Sequence[str], docs: Sequence[Doc] | None = None) -> np.ndarray:
        """Probabilities, ``(len(texts), len(KEYS))`` float32: softmax of the scores, mixed with the
        neighbours' votes when the memory is set and its weight above 0."""
        docs = [self.doc(t) for t in texts] if docs is None else docs
        s = self.scores(docs)
        e = np.exp(s - s.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
        if not self.memory or float(self.knn.get("weight", 0.0)) <= 0.0:
            return p.astype(np.float32)
        return mix_with_neighbours(p, docs, self.memory, len(KEYS), self.knn)

    # -- parameters set from the training texts --------------------------------------------------------
    def set_idf(self, texts: Sequence[str]) -> None:
        """``idf = 1 + log((1 + n) / (1 + df))`` per hashed bucket (smoothed, as scikit-learn)."""
        n = self.opts.idf_length
        df = np.zeros(n, dtype=np.float64)
        for t in texts:
            k, _, _ = self.featurizer(t)
            if len(k):
                df[np.unique((k % np.uint64(n)).astype(np.int64))] += 1
        self.idf = (1.0 + np.log((1.0 + len(texts)) / (1.0 + df))).astype(np.float32)

    def set_vocab(self, texts: Sequence[str]) -> None:
        """With ``repair_words``: the known Devanagari words of the (clean) training texts and the
        shipped list of real Hindi words (left alone). Set after training: the weights are learnt from
        the texts as they are, OCR-damaged copies included (docs/adr/0005)."""
        if self.opts.repair_words:
            self.repair = WordRepair(WordRepair.vocabulary(texts), WordRepair.hindi_words())

    def set_memory(self, texts: Sequence[str], labels: Sequence[int], max_df: float,
                   blocks: Sequence[int]) -> None:
        """The neighbour memory of ``texts`` (``labels``: indices into ``KEYS``), blocks ``blocks``."""
        self.memory = build_memory([self.doc(t) for t in texts], labels, max_df, blocks)
        self.knn = {**self.knn, "blocks": [int(x) for x in blocks]}

    # -- on disk -------------------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        arrays: dict[str, np.ndarray] = {"idf": self.idf, "W": self.W, "b": self.b}
        if self.repair is not None:
            arrays["vocab"] = self.repair.encode()
        for name, arr in (self.memory or {}).items():
            arrays[name] = arr
        with Path(path).open("wb") as fh:
            np.savez(fh, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path, opts: Options, knn: dict[str, Any]) -> TextModel:
        """Raises ``ValueError`` when the arrays do not fit ``opts``."""
        try:
            with np.load(Path(path), allow_pickle=False) as z:
                arrays = {name: z[name] for name in z.files}
        except (zipfile.BadZipFile, EOFError) as exc:  # a truncated or corrupt file
            raise ValueError(f"model arrays unreadable: {exc}") from None
        try:
            idf, W, b = arrays["idf"], arrays["W"], arrays["b"]
        except KeyError as exc:
            raise ValueError(f"model arrays incomplete: {exc}") from None
        if W.shape != (opts.length, len(KEYS)) or b.shape != (len(KEYS),) or idf.shape != (opts.idf_length,):
            raise ValueError(f"model arrays do not fit the options (W {W.shape}, idf {idf.shape})")
        memory = {k: arrays[k] for k in KNN_PARAMS if k in arrays}
        vocab = arrays.get("vocab")
        return cls(opts, idf, W, b, None if vocab is None else WordRepair.decode(vocab),
                   memory if len(memory) == len(KNN_PARAMS) else None, dict(knn))
