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

Each block: sublinear counts ``1 + log(c)`` times an IDF table (hashed; set from the training
documents by :func:`set_idf`), scaled to unit L2 norm times the block's ``scale``. Then
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

``sanchika.TextCatBOWNorm.v1`` (kept as an option): spaCy's BOW over feature tokens with counts
scaled to unit length.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import regex

BLOCKS = ("w", "c", "s", "l", "p")

# Devanagari skeleton: marks dropped, look-alikes merged (classify/noise.py simulates the same
# classes of OCR error; they are the usual Tesseract Devanagari confusions).
_DEV_MARKS = {chr(c) for c in range(0x093E, 0x094E)} | {"\u0900", "\u0901", "\u0902", "\u0903", "\u093c",
                                                        "\u0962", "\u0963", "\u0951", "\u0952"}
_DEV_MERGE = {"व": "ब", "म": "भ", "ध": "घ", "ष": "प", "थ": "य", "ढ": "ड", "ङ": "ड", "ख": "रब",
              "आ": "अ", "ई": "इ", "ऊ": "उ", "ऐ": "ए", "औ": "ओ", "ण": "न", "श": "स", "त": "न"}
_SKEL_TABLE = {ord(c): None for c in _DEV_MARKS} | {ord(k): v for k, v in _DEV_MERGE.items()}


def skeleton(word: str) -> str:
    """Devanagari consonant skeleton of one word (see module doc); other scripts unchanged."""
    return word.translate(_SKEL_TABLE)


# Romanisation (cross-lingual bridge for names, loanwords and acronyms, which Hindi government text
# writes in Devanagari: जावड़ेकर / Javadekar, मोबाइल ऐप / mobile app, आईआईटी / IIT).
_CONS = dict(zip("कखगघङचछजझञटठडढणतथदधनपफबभमयरलळवशषसह",
                 "k kh g gh n ch chh j jh n t th d dh n t th d dh n p ph b bh m y r l l v sh sh s h".split(),
                 strict=True))
_NUKTA_CONS = {"क": "q", "ख": "kh", "ग": "g", "ज": "z", "ड": "d", "ढ": "dh", "फ": "f", "य": "y"}
_VOWELS = dict(zip("अआइईउऊऋएऐओऔऑऍ", "a a i i u u ri e ai o au o e".split(), strict=True))
_MATRAS = dict(zip("\u093e\u093f\u0940\u0941\u0942\u0943\u0947\u0948\u094b\u094c\u0949\u0945",
                   "a i i u u ri e ai o au o e".split(), strict=True))
_LABIALS = set("पफबभम")


def romanize(word: str) -> str:
    """Rough Latin spelling of a Devanagari word (inherent vowel kept except word-finally; nasal ->
    n/m). Other characters pass through."""
    out: list[str] = []
    n = len(word)
    i = 0
    while i < n:
        ch = word[i]
        if ch in _CONS:
            nxt = word[i + 1] if i + 1 < n else ""
            if nxt == "\u093c":
                out.append(_NUKTA_CONS.get(ch, _CONS[ch]))
                i += 1
                nxt = word[i + 1] if i + 1 < n else ""
            else:
                out.append(_CONS[ch])
            if nxt in _MATRAS:
                out.append(_MATRAS[nxt])
                i += 1
            elif nxt == "\u094d":
                i += 1
            elif i + 1 < n and nxt not in "\u093c" and not (nxt in "\u0902\u0901" and i + 2 >= n):
                out.append("a")
        elif ch in _VOWELS:
            out.append(_VOWELS[ch])
        elif ch in "\u0902\u0901":
            out.append("m" if i + 1 < n and word[i + 1] in _LABIALS else "n")
        elif ch == "\u0903":
            out.append("h")
        elif not ("\u0900" <= ch <= "\u097f"):
            out.append(ch)
        i += 1
    return "".join(out)


_PHON_RULES = [("tion", "san"), ("sion", "san"), ("ce", "se"), ("ci", "si"), ("cy", "sy"), ("sch", "sk"), ("chh", "c"), ("ch", "c"), ("ph", "f"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("bh", "b"),
               ("kh", "k"), ("gh", "g"), ("jh", "j"), ("ck", "k"), ("c", "k"), ("q", "k"), ("w", "v"), ("z", "j"),
               ("x", "ks"), ("ee", "i"), ("oo", "u")]
_PHON_RE = regex.compile("|".join(regex.escape(a) for a, _ in _PHON_RULES))
_PHON_MAP = dict(_PHON_RULES)
_DOUBLE_RE = regex.compile(r"(.)\1+")


def phonetic(latin: str) -> str:
    """Crude phonetic key of a Latin word, shared by English words and romanised Hindi ones
    (aspiration, vowel length, doubled letters, c/k/q, w/v, z/j ignored)."""
    t = "".join(c for c in latin.casefold() if "a" <= c <= "z")
    t = _PHON_RE.sub(lambda m: _PHON_MAP[m.group(0)], t)
    return _DOUBLE_RE.sub(r"\1", t)


_VOWEL_RE = regex.compile("[aeiouy]+")


def latin_key(latin: str) -> str:
    """Consonants of :func:`phonetic` (vowels are what English and romanised Hindi spell least alike):
    "Pokhriyal" and पोखरियाल -> "pkrl", "collector" and कलेक्टर -> "klktr"."""
    return _DOUBLE_RE.sub(r"\1", _VOWEL_RE.sub("", phonetic(latin)))


# Devanagari spellings of the Latin letter names: "एनसीईआरटी" -> "ncert".
_LETTER_NAMES = {
    "ए": "a", "बी": "b", "सी": "c", "डी": "d", "ई": "e", "एफ": "f", "जी": "g", "एच": "h", "आई": "i", "जे": "j",
    "के": "k", "एल": "l", "एम": "m", "एन": "n", "ओ": "o", "पी": "p", "क्यू": "q", "आर": "r", "एस": "s", "टी": "t",
    "यू": "u", "वी": "v", "डब्ल्यू": "w", "डबल्यू": "w", "एक्स": "x", "वाई": "y", "जेड": "z", "ज़ेड": "z",
}  # fmt: skip
_MAX_NAME = max(map(len, _LETTER_NAMES))


def acronym(word: str) -> str:
    """Latin letters of a Devanagari word spelt entirely as two or more letter names, else ""."""
    n = len(word)
    best: list[str | None] = [None] * (n + 1)
    best[0] = ""
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 1, min(n, i + _MAX_NAME) + 1):
            letter = _LETTER_NAMES.get(word[i:j])
            if letter is not None and best[j] is None:
                best[j] = best[i] + letter  # type: ignore[operator]
    got = best[n]
    return got if got and len(got) >= 2 else ""


_DEVA_RE = regex.compile("[\u0900-\u097f]")


def _is_deva(word: str) -> bool:
    return _DEVA_RE.search(word) is not None


class Featurizer:
    """Hashed feature blocks of a text (see module doc): ``(keys uint64, counts float32, block int8)``.

    Per-word results are cached (bounded), so repeated words cost a dict lookup.
    """

    CACHE_MAX = 300_000

    def __init__(self, bigrams: bool = True, char: tuple[int, int] = (2, 5), skel: tuple[int, int] = (2, 4),
                 lexicon: bool = True, phon: tuple[int, int] = (3, 4), acronyms: bool = True) -> None:
        from spacy.strings import hash_string

        self.bigrams, self.char, self.skel, self.lexicon = bigrams, tuple(char), tuple(skel), lexicon
        self.phon, self.acronyms = tuple(phon), acronyms
        self._phon_cache: dict[str, tuple[list[int], list[int]]] = {}
        self._hash = hash_string
        self._char_cache: dict[str, list[int]] = {}
        self._skel_cache: dict[str, list[int]] = {}
        self.memo: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] | None = None  # training only
        self._lex_keys = {}
        from classify.taxonomy import KEYS

        for k in KEYS:
            self._lex_keys[k] = hash_string("l\x1f" + k)

    def _ngrams(self, prefix: str, word: str, lo: int, hi: int) -> list[int]:
        w = f" {word} "
        h = self._hash
        out = []
        for n in range(lo, hi + 1):
            if n > len(w):
                break
            out += [h(prefix + w[i : i + n]) for i in range(len(w) - n + 1)]
        if hi and len(w) < lo:
            out.append(h(prefix + w))
        return out

    def _memo(self, cache: dict[str, list[int]], word: str, make: Callable[[str], list[int]]) -> list[int]:
        """``make(word)``, remembered in ``cache`` (emptied when it passes CACHE_MAX words)."""
        got = cache.get(word)
        if got is None:
            if len(cache) > self.CACHE_MAX:
                cache.clear()
            got = cache[word] = make(word)
        return got

    def _char(self, word: str) -> list[int]:
        return self._memo(self._char_cache, word, lambda w: self._ngrams("c\x1f", w, *self.char))

    def _skel(self, word: str) -> list[int]:
        def make(w: str) -> list[int]:
            sk = skeleton(w)
            return self._ngrams("s\x1f", sk, *self.skel) + [self._hash("S\x1f" + sk)] if sk else []

        return self._memo(self._skel_cache, word, make)

    def _phon(self, word: str) -> tuple[list[int], list[int]]:
        """(phonetic-key features, acronym word features) of one word, both scripts."""
        got = self._phon_cache.get(word)
        if got is None:
            if len(self._phon_cache) > self.CACHE_MAX:
                self._phon_cache.clear()
            deva = _is_deva(word)
            key = latin_key(romanize(word) if deva else word)
            feats = self._ngrams("p\x1f", key, *self.phon) if self.phon[1] and key else []
            if len(key) >= 3 and self.phon[1]:
                feats.append(self._hash("P\x1f" + key))
            acr = acronym(word) if deva and self.acronyms else ""
            got = self._phon_cache[word] = (feats, [self._hash("w\x1f" + acr)] if acr else [])
        return got

    def __call__(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self.memo is not None:
            got = self.memo.get(text)
            if got is None:
                got = self.memo[text] = self._features(text)
            return got
        return self._features(text)

    def _features(self, text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        from classify.rules import match_terms
        from classify.taxonomy import _TOKEN_RE, term_tokens
        from domain.text import normalize

        h = self._hash
        keys: list[np.ndarray] = []
        counts: list[np.ndarray] = []
        blocks: list[np.ndarray] = []

        def add(block: int, raw: list[int]) -> None:
            if raw:
                k, c = np.unique(np.asarray(raw, dtype=np.uint64), return_counts=True)
                keys.append(k)
                counts.append(c.astype(np.float32))
                blocks.append(np.full(len(k), block, dtype=np.int8))

        toks = ["#" * min(len(t), 4) if t.isdigit() else t for t in term_tokens(text)]
        wraw = [h("w\x1f" + t) for t in toks]
        if self.bigrams:
            wraw += [h(f"b\x1f{a}\x1f{b}") for a, b in zip(toks, toks[1:], strict=False)]
        norm = normalize(text).casefold()
        if self.char[1]:
            craw: list[int] = []
            for word in norm.split():
                craw += self._char(word)
            add(1, craw)
        if self.skel[1] and _DEVA_RE.search(norm):
            sraw: list[int] = []
            for word in _TOKEN_RE.findall(norm):
                if _is_deva(word):
                    sraw += self._skel(word)
            add(2, sraw)
        if self.lexicon:
            add(3, [self._lex_keys[d] for d, _, _ in match_terms(text)])
        if self.phon[1] or self.acronyms:
            praw: list[int] = []
            for word in _TOKEN_RE.findall(norm):
                if not word.isdigit():
                    feats, acr = self._phon(word)
                    praw += feats
                    wraw += acr
            add(4, praw)
        add(0, wraw)
        if not keys:
            return np.zeros(0, np.uint64), np.zeros(0, np.float32), np.zeros(0, np.int8)
        return np.concatenate(keys), np.concatenate(counts), np.concatenate(blocks)


KNN_BLOCKS = (0, 3)  # w (words, bigrams, acronyms) and l (lexicon matches)
KNN_COLS = 2**24  # feature keys folded to this many columns (exact in int32)


def knn_vector(keys: np.ndarray, vals: np.ndarray, blocks: np.ndarray,
               drop: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(columns, values) of a document for the neighbour memory: its ``KNN_BLOCKS`` features, without
    the columns in ``drop`` (sorted), summed per column and scaled to unit length."""
    m = np.isin(blocks, KNN_BLOCKS)
    cols = (keys[m] % np.uint64(KNN_COLS)).astype(np.int64)
    v = np.asarray(vals[m], dtype=np.float64)
    if drop is not None and len(drop) and len(cols):
        keep = ~np.isin(cols, drop)
        cols, v = cols[keep], v[keep]
    if not len(cols):
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    cols, inv = np.unique(cols, return_inverse=True)
    v = np.bincount(inv, weights=v)
    norm = float(np.sqrt((v * v).sum()))
    return cols, (v / max(norm, 1e-12)).astype(np.float32)


def knn_votes(model: Any, keys: np.ndarray, vals: np.ndarray, blocks: np.ndarray, k: int) -> np.ndarray | None:
    """Similarity-squared class votes (summing to 1) of the ``k`` training documents most similar to
    one document (cosine over :func:`knn_vector`); None when it shares no feature with the memory."""
    mcols, ptr = model.get_param("knn_cols"), model.get_param("knn_ptr")
    docs, mvals, labels = model.get_param("knn_docs"), model.get_param("knn_vals"), model.get_param("knn_labels")
    cols, v = knn_vector(keys, vals, blocks, model.get_param("knn_drop"))
    if not len(cols) or not len(mcols):
        return None
    pos = np.minimum(np.searchsorted(mcols, cols), len(mcols) - 1)
    hit = mcols[pos] == cols
    if not hit.any():
        return None
    starts, ends = ptr[pos[hit]].astype(np.int64), ptr[pos[hit] + 1].astype(np.int64)
    lens = ends - starts
    idx = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(int(lens.sum()))
    sims = np.bincount(docs[idx], weights=mvals[idx].astype(np.float64) * np.repeat(v[hit], lens), minlength=len(labels))
    k = min(k, len(sims))
    top = np.argpartition(-sims, k - 1)[:k]
    top = top[sims[top] > 0]
    if not len(top):
        return None
    votes = np.bincount(labels[top], weights=sims[top] ** 2, minlength=model.attrs["nO"])
    return votes / votes.sum()


def _register() -> None:
    from spacy.attrs import ORTH
    from spacy.ml.extract_ngrams import extract_ngrams
    from spacy.util import registry
    from thinc.api import Model, SparseLinear_v2, chain, resizable, softmax_activation, with_cpu
    from thinc.layers.resizable import resize_linear_weighted, resize_model

    def normalize_bag(scale: float) -> Model:
        def forward(model: Model, inputs: Any, is_train: bool) -> Any:
            keys, vals, lengths = inputs
            v = 1.0 + np.log(np.maximum(np.asarray(vals, dtype="float32"), 1.0))  # sublinear counts
            doc = np.repeat(np.arange(len(lengths)), np.asarray(lengths))
            norm = np.sqrt(np.bincount(doc, weights=v * v, minlength=len(lengths))).astype("float32")
            v = (v * (scale / np.maximum(norm, 1e-6))[doc]).astype("float32")
            return (keys, model.ops.asarray(v, dtype="f"), lengths), lambda d: []

        return Model("normalize_bag", forward)

    @registry.architectures("sanchika.TextCatBOWNorm.v1")
    def build(exclusive_classes: bool, length: int = 2**17, scale: float = 8.0, nO: int | None = None) -> Model:
        length = 2 ** (length - 1).bit_length()
        sparse_linear = SparseLinear_v2(nO=nO, length=length)
        fill = {"b": -1e4 if exclusive_classes else 0, "W": 0}
        layer = resizable(sparse_linear, resize_layer=partial(resize_linear_weighted, fill_defaults=fill))
        model = chain(extract_ngrams(1, attr=ORTH), normalize_bag(scale), layer)
        model = with_cpu(model, model.ops)
        model = chain(model, with_cpu(softmax_activation(), model.ops))
        if nO is not None:
            model.set_dim("nO", nO)
        model.set_ref("output_layer", sparse_linear)
        model.attrs["multi_label"] = not exclusive_classes
        model.attrs["resize_output"] = partial(_resize, resizable_layer=layer)
        return model

    def _resize(model: Model, new_nO: int, resizable_layer: Model) -> Model:
        resizable_layer = resize_model(resizable_layer, new_nO)
        model.set_ref("output_layer", resizable_layer.layers[0])
        model.set_dim("nO", new_nO, force=True)
        return model

    # -- sanchika.TextCatTfidf.v1 ------------------------------------------------------------------

    def tfidf_features(featurizer: Featurizer, scales: tuple[float, ...], idf_length: int,
                       with_blocks: bool = False) -> Model:
        def init(model: Model, X: Any = None, Y: Any = None) -> None:
            if not model.has_param("idf") or model.get_param("idf") is None:
                model.set_param("idf", model.ops.alloc1f(idf_length) + 1.0)

        def forward(model: Model, docs: Any, is_train: bool) -> Any:
            idf = model.get_param("idf")
            all_k, all_v, all_b, lengths = [], [], [], []
            scale = np.asarray(scales, dtype=np.float32)
            for doc in docs:
                k, c, b = featurizer(doc.text)
                if len(k):
                    v = (1.0 + np.log(c)) * idf[(k % np.uint64(idf_length)).astype(np.int64)]
                    sq = np.bincount(b, weights=v * v, minlength=len(BLOCKS))
                    v = v * (scale / np.sqrt(np.maximum(sq, 1e-12)))[b]
                all_k.append(k)
                all_v.append(np.asarray(v if len(k) else c, dtype=np.float32))
                all_b.append(b)
                lengths.append(len(k))
            keys = np.concatenate(all_k) if all_k else np.zeros(0, np.uint64)
            vals = np.concatenate(all_v) if all_v else np.zeros(0, np.float32)
            out = (keys, vals, np.asarray(lengths, dtype=np.int32))
            if with_blocks:  # for the neighbour memory (knn_mix)
                out = (*out, np.concatenate(all_b) if all_b else np.zeros(0, np.int8))
            return out, lambda d: []

        return Model("tfidf_features", forward, init=init, params={"idf": None},
                     attrs={"idf_length": idf_length, "featurizer": featurizer, "with_blocks": with_blocks})

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
            t_lin = float(cfg.get("t_lin", 1.0))
            logits = np.log(np.clip(np.asarray(Y, dtype=np.float64), 1e-30, 1.0)) / t_lin
            logits -= logits.max(axis=1, keepdims=True)
            p = np.exp(logits)
            p /= p.sum(axis=1, keepdims=True)
            off = 0
            for i, n in enumerate(np.asarray(lengths)):
                votes = knn_votes(model, keys[off : off + n], vals[off : off + n], blocks[off : off + n],
                                  int(cfg.get("k", 5)))
                if votes is not None:
                    p[i] = (1.0 - weight) * p[i] + weight * votes
                off += n
            return model.ops.asarray2f(p.astype("float32")), bp_inner

        return Model("knn_mix", forward, layers=[inner], dims={"nO": None},
                     params={k: None for k in ("knn_cols", "knn_ptr", "knn_docs", "knn_vals", "knn_labels", "knn_drop")},
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
        length: int = 2**17,
        idf_length: int = 2**18,
        bigrams: bool = True,
        char_lo: int = 2,
        char_hi: int = 5,
        skel_lo: int = 2,
        skel_hi: int = 4,
        lexicon: bool = True,
        phon_lo: int = 3,
        phon_hi: int = 4,
        acronyms: bool = True,
        word_scale: float = 1.0,
        char_scale: float = 1.0,
        skel_scale: float = 0.5,
        lex_scale: float = 0.5,
        phon_scale: float = 0.5,
        loss: str = "hinge2",
        knn: bool = False,  # off here so that v3 configs (without the key) build the same model;
        nO: int | None = None,  # classify.model.TFIDF_DEFAULTS turns it on for new models
    ) -> Model:
        if loss not in ("ce", "hinge2"):
            raise ValueError(f"loss {loss!r} not in ce | hinge2")
        length = 2 ** (length - 1).bit_length()
        featurizer = Featurizer(bigrams, (char_lo, char_hi), (skel_lo, skel_hi), lexicon, (phon_lo, phon_hi), acronyms)
        scales = (word_scale, char_scale, skel_scale, lex_scale, phon_scale)
        sparse_linear = SparseLinear_v2(nO=nO, length=length)
        fill = {"b": -1e4 if exclusive_classes else 0, "W": 0}
        layer = resizable(sparse_linear, resize_layer=partial(resize_linear_weighted, fill_defaults=fill))
        if knn:
            mix = knn_mix(chain(layer, scores_output(loss)))
            model = chain(tfidf_features(featurizer, scales, idf_length, with_blocks=True), mix)
        else:
            model = chain(tfidf_features(featurizer, scales, idf_length), layer, scores_output(loss))
        if nO is not None:
            model.set_dim("nO", nO)
        model.set_ref("output_layer", sparse_linear)
        model.attrs["multi_label"] = not exclusive_classes
        model.attrs["resize_output"] = partial(_resize, resizable_layer=layer)
        return model


def set_idf(nlp: Any, texts: list[str]) -> None:
    """Fill the IDF table of a ``sanchika.TextCatTfidf.v1`` textcat from training texts:
    ``idf = 1 + log((1 + n) / (1 + df))`` (smoothed, as scikit-learn), per hashed bucket."""
    feats = find_tfidf_layer(nlp)
    idf_length = feats.attrs["idf_length"]
    fz: Featurizer = feats.attrs["featurizer"]
    df = np.zeros(idf_length, dtype=np.float64)
    for t in texts:
        k, _, _ = fz(t)
        if len(k):
            df[np.unique((k % np.uint64(idf_length)).astype(np.int64))] += 1
    idf = 1.0 + np.log((1.0 + len(texts)) / (1.0 + df))
    feats.set_param("idf", feats.ops.asarray1f(idf.astype(np.float32)))


def find_knn_layer(nlp: Any) -> Any | None:
    for node in nlp.get_pipe("textcat").model.walk():
        if node.name == "knn_mix":
            return node
    return None


def set_knn_memory(nlp: Any, texts: list[str], labels: list[int], max_df: float = 0.2) -> None:
    """Fill the neighbour memory of a textcat built with ``knn``: the ``w`` and ``l`` blocks of
    ``texts`` (``labels``: their indices into the textcat's labels) (TF-IDF values of the trained model; columns in more than ``max_df`` of the texts left
    out), as posting lists sorted by column."""
    knn, feats = find_knn_layer(nlp), find_tfidf_layer(nlp)
    if knn is None:
        raise ValueError("the textcat has no neighbour memory (knn option off)")
    vecs = []
    for i in range(0, len(texts), 256):
        docs = [nlp.make_doc(t) for t in texts[i : i + 256]]
        (keys, vals, lengths, blocks), _ = feats(docs, is_train=False)
        off = 0
        for n in lengths:
            vecs.append((keys[off : off + n], vals[off : off + n], blocks[off : off + n]))
            off += n
    raw = [knn_vector(k, v, b) for k, v, b in vecs]
    allc = np.concatenate([c for c, _ in raw]) if raw else np.zeros(0, np.int64)
    ucols, df = np.unique(allc, return_counts=True)
    drop = ucols[df > max_df * max(len(texts), 1)]
    cols_l, vals_l, docs_l = [], [], []
    for d, (k, v, b) in enumerate(vecs):
        c, w = knn_vector(k, v, b, drop)
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


def set_knn_mix(nlp: Any, k: int, weight: float, t_lin: float) -> None:
    """Neighbour count, mixing weight and the temperature of the linear part (see module doc)."""
    knn = find_knn_layer(nlp)
    if knn is None:
        raise ValueError("the textcat has no neighbour memory (knn option off)")
    knn.attrs["knn"] = {"k": int(k), "weight": float(weight), "t_lin": float(t_lin)}


def find_tfidf_layer(nlp: Any) -> Any:
    for node in nlp.get_pipe("textcat").model.walk():
        if node.name == "tfidf_features":
            return node
    raise ValueError("the textcat is not a sanchika.TextCatTfidf model")


__all__ = ["BLOCKS", "Featurizer", "find_knn_layer", "find_tfidf_layer", "set_idf", "set_knn_memory", "set_knn_mix",
           "skeleton"]

try:
    _register()
except Exception:  # noqa: BLE001 - registering twice (module reloaded) is harmless
    pass
