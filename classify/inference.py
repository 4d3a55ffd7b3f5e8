"""The shipped textcat's forward pass in numpy, read from the spaCy pipeline's own files (ADR 0016).

``spacy.load`` costs about 0.8 s in every process that classifies (importing spaCy and thinc is most
of it), where classifying a document costs about 2 ms. Worker processes, the CLI and a 200-page
born-digital batch pay it once each, before any work. A ``sanchika.TextCatTfidf.v1`` textcat
(classify/spacy_arch.py) needs nothing of spaCy at prediction time: its features are computed from
the text by :class:`classify.features.Featurizer`, the record of the training features (option
``seen_filter``), then an IDF table, a hashed linear layer
(thinc's ``SparseLinear.v2``), a softmax and the neighbour memory. :class:`TfidfInference` reads those
weights from ``pipeline/textcat/model`` (thinc's msgpack, read with ``srsly``, 0.15 s) and the options
from ``pipeline/config.cfg``, and computes the same probabilities as ``nlp(text).cats`` (to float32
rounding; tested against spaCy on real rows, both scripts, empty texts and batches).

Anything else (another architecture, a config or file it does not understand) raises
:class:`Unsupported`, and the caller loads the pipeline with spaCy as before. Training, the
``nlp`` attribute and the bench's baselines still use spaCy.
"""

from __future__ import annotations

import configparser
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from classify.features import KNN_PARAMS, Featurizer, WordRepair, keep_seen, mix_with_neighbours, tfidf_values
from classify.options import TEXTCAT_FIELDS

ARCHITECTURE = "sanchika.TextCatTfidf.v1"
# A saved config has every option of classify.options.TEXTCAT_FIELDS; one that lacks any was written by
# older code (classify.artifact refuses it as outdated).
_KEYS = set(TEXTCAT_FIELDS)


class Unsupported(ValueError):
    """The pipeline is not one this module can run; load it with spaCy instead."""


def _murmur3_32(keys: np.ndarray, seed: int) -> np.ndarray:
    """thinc's ``MurmurHash3_x86_32_uint64`` (sparselinear.pyx) of every key, vectorised."""
    c1, c2 = np.uint32(0xCC9E2D51), np.uint32(0x1B873593)
    h = np.full(len(keys), seed, dtype=np.uint32)
    with np.errstate(over="ignore"):
        for part in ((keys & np.uint64(0xFFFFFFFF)).astype(np.uint32), (keys >> np.uint64(32)).astype(np.uint32)):
            k = part * c1
            k = (k << np.uint32(15)) | (k >> np.uint32(17))
            k *= c2
            h ^= k
            h = (h << np.uint32(13)) | (h >> np.uint32(19))
            h = h * np.uint32(5) + np.uint32(0xE6546B64)
        h ^= np.uint32(8)
        h ^= h >> np.uint32(16)
        h *= np.uint32(0x85EBCA6B)
        h ^= h >> np.uint32(13)
        h *= np.uint32(0xC2B2AE35)
        h ^= h >> np.uint32(16)
    return h


def _model_options(pipeline_dir: Path) -> dict[str, Any]:
    cfg = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    cfg.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    if not cfg.read(pipeline_dir / "config.cfg", encoding="utf-8"):
        raise Unsupported("no config.cfg")
    section = "components.textcat.model"
    if not cfg.has_section(section) or cfg.get(section, "@architectures", fallback=None) != json.dumps(ARCHITECTURE):
        raise Unsupported(f"the textcat is not {ARCHITECTURE}")
    opts: dict[str, Any] = {}
    for key, raw in cfg.items(section):
        if key.startswith("@"):
            continue
        try:
            opts[key] = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise Unsupported(f"config value {key} = {raw!r}") from exc
    unknown = set(opts) - _KEYS - {"exclusive_classes", "nO"}
    if unknown or opts.get("exclusive_classes") is not True or opts.get("loss") not in ("ce", "hinge2"):
        raise Unsupported(f"textcat options this module does not know: {sorted(unknown) or opts.get('exclusive_classes')}")
    if _KEYS - set(opts):
        raise Unsupported(f"textcat options missing: {sorted(_KEYS - set(opts))}")
    return opts


class TfidfInference:
    """Probabilities of a ``sanchika.TextCatTfidf.v1`` textcat, in ``labels`` order, without spaCy."""

    def __init__(self, pipeline_dir: Path) -> None:
        pipeline_dir = Path(pipeline_dir)
        opts = _model_options(pipeline_dir)
        try:
            import srsly

            with (pipeline_dir / "textcat" / "cfg").open(encoding="utf-8") as fh:
                self.labels: list[str] = list(json.load(fh)["labels"])
            msg = srsly.msgpack_loads((pipeline_dir / "textcat" / "model").read_bytes())
            nodes = {node["name"]: i for i, node in enumerate(msg["nodes"])}
            params, attrs = msg["params"], msg["attrs"]
            lin = nodes["sparse_linear"]
            length = int(msg["nodes"][lin]["dims"]["length"])
            n_out = int(msg["nodes"][lin]["dims"]["nO"])
            if srsly.msgpack_loads(attrs[lin].get("v1_indexing", b"\xc2")):
                raise Unsupported("SparseLinear v1 indexing")
            self.W = np.asarray(params[lin]["W"], dtype=np.float32).reshape(n_out, length)
            self.b = np.asarray(params[lin]["b"], dtype=np.float32)
            feats = nodes["tfidf_features"]
            self.idf = np.asarray(params[feats]["idf"], dtype=np.float32)
            seen = params[feats].get("seen") if opts["seen_filter"] else None
            self.seen = None if seen is None else np.asarray(seen, dtype=np.uint8)
            vocab = params[feats].get("vocab") if opts["repair_words"] else None
            self.knn: dict[str, Any] = {}
            self.memory: dict[str, np.ndarray] = {}
            if "knn_mix" in nodes:
                mix = nodes["knn_mix"]
                self.knn = dict(srsly.msgpack_loads(attrs[mix]["knn"])) if "knn" in attrs[mix] else {}
                self.memory = {k: np.asarray(params[mix][k]) for k in KNN_PARAMS if params[mix].get(k) is not None}
                if len(self.memory) != len(KNN_PARAMS):
                    self.memory = {}
        except Unsupported:
            raise
        except Exception as exc:  # a corrupt or unexpected file: the spaCy loader gives the verdict
            raise Unsupported(f"cannot read the textcat's weights: {exc}") from exc
        if len(self.labels) != n_out or len(self.idf) != opts["idf_length"] or length != opts["length"]:
            raise Unsupported("the textcat's weights do not match its config")
        self.has_knn = "knn_mix" in nodes
        self.length = length
        self.scales = np.asarray([opts[f"{b}_scale"] for b in ("word", "char", "skel", "lex", "phon")], np.float32)
        self.featurizer = Featurizer(opts["bigrams"], (opts["char_lo"], opts["char_hi"]), (opts["skel_lo"], opts["skel_hi"]),
                                     opts["lexicon"], (opts["phon_lo"], opts["phon_hi"]), opts["acronyms"])
        self.featurizer.repair = None if vocab is None else WordRepair.decode(vocab)

    def _tfidf(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(keys, values, blocks) as ``tfidf_features`` computes them (classify/spacy_arch.py)."""
        k, c, b = keep_seen(self.seen, *self.featurizer(text))
        return k, tfidf_values(k, c, b, self.idf, self.scales), b

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        """``(len(texts), len(labels))`` float32, as the spaCy textcat's ``predict`` for one batch
        (like spaCy, a batch of nothing but empty texts gives zeros)."""
        n_out = len(self.labels)
        if not any(texts):
            return np.zeros((len(texts), n_out), dtype=np.float32)
        docs = [self._tfidf(t) for t in texts]
        scores = np.repeat(self.b[None, :], len(texts), axis=0)
        for i, (k, v, _) in enumerate(docs):
            if len(k):
                idx1 = _murmur3_32(k, 0) % np.uint32(self.length)
                idx2 = _murmur3_32(k, 1) % np.uint32(self.length)
                scores[i] += (self.W[:, idx1] + self.W[:, idx2]) @ v
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        probs = e / e.sum(axis=1, keepdims=True)
        if not self.memory or float(self.knn.get("weight", 0.0)) <= 0.0:
            return probs.astype(np.float32)
        return mix_with_neighbours(probs, docs, self.memory, n_out, self.knn)
