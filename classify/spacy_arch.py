"""spaCy text-classifier architectures of our own (registered on import; ``classify.artifact.load``
imports this module before ``spacy.load``, so a pipeline using them loads anywhere this package is
installed).

``sanchika.TextCatTfidf.v1`` (the shipped model, docs/adr/0005): a linear classifier over hashed
TF-IDF feature blocks computed from the document text itself, so ``nlp(text).cats`` works on any
text (no feature tokens in the vocabulary, which therefore does not grow with what a worker reads):

- ``w``: word unigrams (+ bigrams) of :func:`classify.taxonomy.term_tokens` (Devanagari-safe, light
  stemming; numbers folded to a shape ``####``);
- ``c``: character ``char_lo..char_hi``-grams of every whitespace-separated word, padded with spaces
  (like scikit-learn's ``char_wb``): OCR-damaged and inflected words keep most of them;
- ``s``: Devanagari *skeleton* n-grams: vowel signs, virama, nasal marks and nukta removed and
  look-alike letters (ब/व, भ/म, घ/ध, ष/प, थ/य, ड/ढ, न/त, ख/रव ...) merged, so a dropped matra or a
  confused letter leaves the feature unchanged;
- ``l``: one pseudo-feature per taxonomy lexicon match (:func:`classify.rules.match_terms`), the
  cross-lingual bridge (learnt mostly from English rows, applied to Hindi text);
- ``p``: character n-grams of a script-independent *phonetic key* of every word (:func:`latin_key`:
  Devanagari words romanised first), so names, schemes and English loanwords written in Devanagari
  (पोखरियाल / Pokhriyal, कलेक्टर / collector, मनरेगा / MGNREGA) share features with the English rows;
  Devanagari acronyms spelt as letter names (एनसीईआरटी, आईआईटी) also add the Latin word (ncert, iit)
  to the ``w`` block. The second cross-lingual bridge.

With ``seen_filter`` (new models), features that no training text had are left out first (a Bloom
filter of the training features, :func:`classify.features.keep_seen`, filled by :func:`set_idf`): an
OCR-damaged word has no learnt weight but the highest IDF, and would otherwise take a share of its
block's unit length from the words the model knows. With ``repair_words`` (sixth round), before any feature is made
at prediction time an unknown Devanagari word one OCR-like edit from a word of the clean training texts
is read as that word (:class:`classify.features.WordRepair`; the known words and the list of real
Hindi words it leaves alone are the layer's ``vocab`` parameter, set after training by
:func:`set_vocab`). Each block: sublinear counts ``1 + log(c)``
times an IDF table (hashed; set from the training documents by :func:`set_idf`), scaled to unit L2
norm times the block's ``scale``. Then
``SparseLinear`` (two hashes per feature) and a softmax. ``loss``: "ce" trains with cross-entropy,
"hinge2" with the multi-class squared hinge (Weston-Watkins; what a linear SVM optimises); either
way the output is a softmax over the scores, calibrated later by a temperature (classify/model.py).

With ``knn`` (the shipped model, manifest features ``text+tfidf-blocks+knn/v4``) the linear
probabilities are mixed with a **nearest-neighbour memory** of the training documents (their ``w`` and
``l`` blocks, cosine similarity, features in more than ``knn_max_df`` of the documents left out):
``p = (1 - knn_weight) * softmax(scores / t_lin) + knn_weight * K`` with ``K`` the similarity-squared
vote of the ``knn_k`` most similar training documents. The memory, ``knn_k``, ``knn_weight`` and
``t_lin`` are set after training (:func:`set_knn_memory`, chosen on dev by classify/training.py);
while training, and while the memory is empty, the layer passes the linear output through.

Options and their defaults: :class:`classify.options.Options` (a saved config has every key).
"""

from __future__ import annotations

from functools import partial
from typing import Any, cast

import numpy as np

from classify.features import (  # noqa: F401
    BLOCKS,
    KNN_BLOCKS,
    KNN_COLS,
    KNN_PARAMS,
    Featurizer,
    WordRepair,
    acronym,
    keep_seen,
    knn_vector,
    knn_votes,
    latin_key,
    mix_with_neighbours,
    phonetic,
    romanize,
    seen_filter,
    skeleton,
    tfidf_values,
)

# The features live in classify/features.py (spaCy-free, shared with classify/inference.py); their
# names stay importable from here.
from classify.options import DEFAULTS as D


def _register() -> None:
    from spacy.util import registry
    from thinc.api import Model, SparseLinear_v2, chain, resizable
    from thinc.layers.resizable import resize_linear_weighted, resize_model

    def _resize(model: Model, new_nO: int, resizable_layer: Model) -> Model:
        resizable_layer = resize_model(resizable_layer, new_nO)
        model.set_ref("output_layer", resizable_layer.layers[0])
        model.set_dim("nO", new_nO, force=True)
        return model

    # -- sanchika.TextCatTfidf.v1 ------------------------------------------------------------------

    def tfidf_features(featurizer: Featurizer, scales: tuple[float, ...], idf_length: int,
                       with_blocks: bool = False, seen_filter: bool = False, repair_words: bool = False) -> Model:
        def init(model: Model, X: Any = None, Y: Any = None) -> None:
            if not model.has_param("idf") or model.get_param("idf") is None:
                model.set_param("idf", model.ops.alloc1f(idf_length) + 1.0)

        def forward(model: Model, docs: Any, is_train: bool) -> Any:
            idf = np.asarray(model.get_param("idf"))
            seen = np.asarray(model.get_param("seen")) if seen_filter and model.has_param("seen") else None
            if repair_words:
                _sync_repair(model, featurizer)
            all_k, all_v, all_b, lengths = [], [], [], []
            scale = np.asarray(scales, dtype=np.float32)
            for doc in docs:
                k, c, b = keep_seen(seen, *featurizer(doc.text))
                all_k.append(k)
                all_v.append(tfidf_values(k, c, b, idf, scale))
                all_b.append(b)
                lengths.append(len(k))
            keys = np.concatenate(all_k) if all_k else np.zeros(0, np.uint64)
            vals = np.concatenate(all_v) if all_v else np.zeros(0, np.float32)
            out: tuple[np.ndarray, ...] = (keys, vals, np.asarray(lengths, dtype=np.int32))
            if with_blocks:  # for the neighbour memory (knn_mix)
                out = (*out, np.concatenate(all_b) if all_b else np.zeros(0, np.int8))
            return out, lambda d: []

        return Model("tfidf_features", forward, init=init, params={"idf": None, "seen": None, "vocab": None},
                     attrs={"idf_length": idf_length, "featurizer": featurizer, "with_blocks": with_blocks,
                            "seen_filter": seen_filter, "repair_words": repair_words})

    def init_mix(model: Model, X: Any = None, Y: Any = None) -> None:
        inner = model.layers[0]
        inner.initialize(X=None if X is None else X[:3], Y=Y)
        if inner.has_dim("nO") and inner.get_dim("nO") is not None:
            model.set_dim("nO", inner.get_dim("nO"), force=True)

    def knn_mix(inner: Model) -> Model:
        """``inner`` (linear scores -> softmax) on (keys, vals, lengths); at prediction time, with a
        memory set (:func:`set_knn_memory`), its probabilities are mixed with the neighbour votes."""

        def forward(model: Model, X: Any, is_train: bool) -> Any:
            keys, vals, lengths, blocks = X
            Y, bp_inner = inner((keys, vals, lengths), is_train)
            cfg = model.attrs.get("knn") or {}
            weight = float(cfg.get("weight", 0.0))
            if is_train or weight <= 0.0 or not model.has_param("knn_cols") or model.get_param("knn_cols") is None:
                return Y, bp_inner
            memory = {name: np.asarray(model.get_param(name)) for name in KNN_PARAMS}
            ends = np.cumsum(np.asarray(lengths))
            docs = [(keys[e - n : e], vals[e - n : e], blocks[e - n : e]) for e, n in zip(ends, lengths, strict=True)]
            p = mix_with_neighbours(np.asarray(Y), docs, memory, model.attrs["nO"], cfg)
            return model.ops.asarray2f(cast(Any, p)), bp_inner

        return Model("knn_mix", forward, layers=[inner], dims={"nO": None},
                     params={k: None for k in KNN_PARAMS},
                     attrs={"knn": {}}, init=init_mix)

    def scores_output(loss: str) -> Model:
        """Softmax forward. Backprop receives spaCy's ``scores - truths`` (TextCategorizer.get_loss)
        and returns the gradient of ``loss`` w.r.t. the linear scores."""

        def forward(model: Model, X: Any, is_train: bool) -> Any:
            Y = model.ops.softmax(X, inplace=False)

            def backprop(dY: Any) -> Any:
                if loss == "ce":  # d(cross-entropy)/d(scores) = softmax - truth = dY
                    return dY
                truth = (Y - dY) > 0.5
                gold = (X * truth).sum(axis=1, keepdims=True)
                viol = np.maximum(0.0, 1.0 - gold + X) * (~truth)
                dX = 2.0 * viol
                dX -= truth * dX.sum(axis=1, keepdims=True)
                return dX.astype("float32")

            return Y, backprop

        return Model("scores_output", forward, attrs={"loss": loss})

    @registry.architectures("sanchika.TextCatTfidf.v1")
    def build_tfidf(
        exclusive_classes: bool,
        length: int = D.length,
        idf_length: int = D.idf_length,
        bigrams: bool = D.bigrams,
        char_lo: int = D.char_lo,
        char_hi: int = D.char_hi,
        skel_lo: int = D.skel_lo,
        skel_hi: int = D.skel_hi,
        lexicon: bool = D.lexicon,
        phon_lo: int = D.phon_lo,
        phon_hi: int = D.phon_hi,
        acronyms: bool = D.acronyms,
        word_scale: float = D.word_scale,
        char_scale: float = D.char_scale,
        skel_scale: float = D.skel_scale,
        lex_scale: float = D.lex_scale,
        phon_scale: float = D.phon_scale,
        loss: str = D.loss,
        knn: bool = D.knn,
        seen_filter: bool = D.seen_filter,
        repair_words: bool = D.repair_words,
        nO: int | None = None,
    ) -> Model:
        if loss not in ("ce", "hinge2"):
            raise ValueError(f"loss {loss!r} not in ce | hinge2")
        length = 2 ** (length - 1).bit_length()
        featurizer = Featurizer(bigrams, (char_lo, char_hi), (skel_lo, skel_hi), lexicon, (phon_lo, phon_hi), acronyms)
        scales = (word_scale, char_scale, skel_scale, lex_scale, phon_scale)
        sparse_linear = SparseLinear_v2(nO=nO, length=length)
        fill = {"b": -1e4 if exclusive_classes else 0, "W": 0}
        layer: Model = resizable(sparse_linear, resize_layer=partial(resize_linear_weighted, fill_defaults=fill))
        model: Model
        if knn:
            mix = knn_mix(chain(layer, scores_output(loss)))
            model = chain(tfidf_features(featurizer, scales, idf_length, with_blocks=True, seen_filter=seen_filter,
                                                   repair_words=repair_words), mix)
        else:
            model = chain(tfidf_features(featurizer, scales, idf_length, seen_filter=seen_filter,
                                          repair_words=repair_words), layer,
                          scores_output(loss))
        if nO is not None:
            model.set_dim("nO", nO)
        model.set_ref("output_layer", sparse_linear)
        model.attrs["multi_label"] = not exclusive_classes
        model.attrs["resize_output"] = partial(_resize, resizable_layer=layer)
        return model


def _sync_repair(model: Any, featurizer: Featurizer) -> None:
    """Point the featurizer's word repair at the layer's ``vocab`` parameter (rebuilt when the
    parameter object changes, as after ``from_bytes``)."""
    vocab = model.get_param("vocab") if model.has_param("vocab") else None
    if vocab is None:
        featurizer.repair = None
    elif featurizer.repair is None or featurizer.repair.source is not vocab:
        featurizer.repair = WordRepair.decode(vocab)
        featurizer.repair.source = vocab


def word_repair(nlp: Any) -> WordRepair | None:
    """The word repair the textcat reads texts with (option ``repair_words``), or None."""
    feats = find_tfidf_layer(nlp)
    if not feats.attrs.get("repair_words"):
        return None
    _sync_repair(feats, feats.attrs["featurizer"])
    return feats.attrs["featurizer"].repair


def set_vocab(nlp: Any, texts: list[str]) -> None:
    """With the option ``repair_words``: the known Devanagari words of the (clean) training texts,
    stored in the textcat with the shipped list of real Hindi words (left alone); from then on an
    unknown word one OCR-like edit from a known one is read as it (:class:`classify.features.WordRepair`).
    Called after training (docs/adr/0005, sixth round: the weights are learnt from the texts as they
    are, OCR-damaged copies included). A no-op without the option."""
    feats = find_tfidf_layer(nlp)
    if not feats.attrs.get("repair_words"):
        return
    feats.set_param("vocab", WordRepair(WordRepair.vocabulary(texts), WordRepair.hindi_words()).encode())
    _sync_repair(feats, feats.attrs["featurizer"])


def set_idf(nlp: Any, texts: list[str]) -> None:
    """Fill the IDF table of a ``sanchika.TextCatTfidf.v1`` textcat from training texts:
    ``idf = 1 + log((1 + n) / (1 + df))`` (smoothed, as scikit-learn), per hashed bucket. With the
    option ``seen_filter``, also the record of their features (:func:`classify.features.seen_filter`):
    from then on the textcat leaves out the features of a text that no training text had."""
    feats = find_tfidf_layer(nlp)
    idf_length = feats.attrs["idf_length"]
    fz: Featurizer = feats.attrs["featurizer"]
    df = np.zeros(idf_length, dtype=np.float64)
    seen: list[np.ndarray] = []
    for t in texts:
        k, _, _ = fz(t)
        if len(k):
            df[np.unique((k % np.uint64(idf_length)).astype(np.int64))] += 1
            seen.append(k)
    idf = 1.0 + np.log((1.0 + len(texts)) / (1.0 + df))
    feats.set_param("idf", feats.ops.asarray1f(idf.astype(np.float32)))
    if feats.attrs.get("seen_filter"):
        feats.set_param("seen", seen_filter(np.concatenate(seen) if seen else np.zeros(0, np.uint64)))


def find_knn_layer(nlp: Any) -> Any | None:
    for node in nlp.get_pipe("textcat").model.walk():
        if node.name == "knn_mix":
            return node
    return None


def set_knn_memory(nlp: Any, texts: list[str], labels: list[int], max_df: float = 0.2,
                   blocks: tuple[int, ...] = KNN_BLOCKS) -> None:
    """Fill the neighbour memory of a textcat built with ``knn``: the feature blocks ``blocks``
    (indices into ``BLOCKS``; default ``w`` and ``l``) of ``texts`` (``labels``: their indices into
    the textcat's labels) (TF-IDF values of the trained model; columns in more than ``max_df`` of the
    texts left out), as posting lists sorted by column. The blocks are kept in the mix settings."""
    knn, feats = find_knn_layer(nlp), find_tfidf_layer(nlp)
    if knn is None:
        raise ValueError("the textcat has no neighbour memory (knn option off)")
    use = tuple(int(x) for x in blocks)
    vecs = []
    for i in range(0, len(texts), 256):
        docs = [nlp.make_doc(t) for t in texts[i : i + 256]]
        (keys, vals, lengths, kinds), _ = feats(docs, is_train=False)
        off = 0
        for n in lengths:
            vecs.append((keys[off : off + n], vals[off : off + n], kinds[off : off + n]))
            off += n
    raw = [knn_vector(k, v, b, None, use) for k, v, b in vecs]
    allc = np.concatenate([c for c, _ in raw]) if raw else np.zeros(0, np.int64)
    ucols, df = np.unique(allc, return_counts=True)
    drop = ucols[df > max_df * max(len(texts), 1)]
    cols_l, vals_l, docs_l = [], [], []
    for d, (k, v, b) in enumerate(vecs):
        c, w = knn_vector(k, v, b, drop, use)
        cols_l.append(c)
        vals_l.append(w)
        docs_l.append(np.full(len(c), d, dtype=np.int32))
    cols = np.concatenate(cols_l) if cols_l else np.zeros(0, np.int64)
    order = np.argsort(cols, kind="stable")
    cols = cols[order]
    ucols, starts = np.unique(cols, return_index=True)
    ptr = np.append(starts, len(cols)).astype(np.int32)
    knn.set_param("knn_cols", ucols.astype(np.int32))
    knn.set_param("knn_ptr", ptr)
    # (document, value) per posting in 4 bytes when there are fewer than 65,536 documents (model size)
    doc_type = np.uint16 if len(vecs) < 2**16 else np.int32
    knn.set_param("knn_docs", (np.concatenate(docs_l)[order] if docs_l else np.zeros(0, np.int32)).astype(doc_type))
    knn.set_param("knn_vals", (np.concatenate(vals_l)[order] if vals_l else np.zeros(0, np.float32)).astype(np.float16))
    knn.set_param("knn_labels", np.asarray(labels, dtype=np.int32))
    knn.set_param("knn_drop", drop.astype(np.int32))
    knn.attrs["nO"] = len(nlp.get_pipe("textcat").labels)
    knn.attrs["knn"] = {**(knn.attrs.get("knn") or {}), "blocks": list(use)}


def set_knn_mix(nlp: Any, k: int, weight: float, t_lin: float) -> None:
    """Neighbour count, mixing weight and the temperature of the linear part (see module doc)."""
    knn = find_knn_layer(nlp)
    if knn is None:
        raise ValueError("the textcat has no neighbour memory (knn option off)")
    blocks = (knn.attrs.get("knn") or {}).get("blocks")  # those the memory was filled with
    knn.attrs["knn"] = {"k": int(k), "weight": float(weight), "t_lin": float(t_lin),
                        **({"blocks": blocks} if blocks else {})}


def find_tfidf_layer(nlp: Any) -> Any:
    for node in nlp.get_pipe("textcat").model.walk():
        if node.name == "tfidf_features":
            return node
    raise ValueError("the textcat is not a sanchika.TextCatTfidf model")


__all__ = ["BLOCKS", "Featurizer", "find_knn_layer", "find_tfidf_layer", "set_idf", "set_knn_memory", "set_vocab", "set_knn_mix",
           "skeleton", "word_repair"]

try:
    _register()
except Exception:  # noqa: BLE001 - registering twice (module reloaded) is harmless
    pass
