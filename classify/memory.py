"""The neighbour memory (option ``knn``, docs/adr/0005): the training documents' feature vectors of
some blocks, as posting lists sorted by column, and the similarity-squared class votes of the ``k``
training documents most similar to a text, mixed into the linear model's probabilities."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

KNN_COLS = 2**24  # feature keys folded to this many columns (exact in int32)


def knn_vector(keys: np.ndarray, vals: np.ndarray, blocks: np.ndarray, drop: np.ndarray | None,
               use: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """(columns, values) of a document for the neighbour memory: its features of the blocks ``use``
    (indices into ``classify.features.BLOCKS``), without the columns in ``drop`` (sorted), summed per column and scaled to
    unit length."""
    m = np.isin(blocks, use)
    cols = (keys[m] % np.uint64(KNN_COLS)).astype(np.int64)
    v = np.asarray(vals[m], dtype=np.float64)
    if drop is not None and len(drop) and len(cols):
        keep = ~np.isin(cols, drop)
        cols, v = cols[keep], v[keep]
    if not len(cols):
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    cols, inv = np.unique(cols, return_inverse=True)
    sums = np.bincount(inv, weights=v)
    norm = float(np.sqrt((sums * sums).sum()))
    return cols, (sums / max(norm, 1e-12)).astype(np.float32)


KNN_PARAMS = ("knn_cols", "knn_ptr", "knn_docs", "knn_vals", "knn_labels", "knn_drop")


def knn_votes(memory: Mapping[str, np.ndarray], n_classes: int, keys: np.ndarray, vals: np.ndarray,
              blocks: np.ndarray, k: int, use: Sequence[int]) -> np.ndarray | None:
    """Similarity-squared class votes (summing to 1) of the ``k`` training documents most similar to
    one document (cosine over :func:`knn_vector` of the blocks ``use``, those the memory was filled
    with); None when it shares no feature with the memory.
    ``memory``: the ``KNN_PARAMS`` arrays (:func:`build_memory`)."""
    mcols, ptr = memory["knn_cols"], memory["knn_ptr"]
    docs, mvals, labels = memory["knn_docs"], memory["knn_vals"], memory["knn_labels"]
    cols, v = knn_vector(keys, vals, blocks, memory["knn_drop"], use)
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
    votes = np.bincount(labels[top], weights=sims[top] ** 2, minlength=n_classes)
    return votes / votes.sum()


def mix_with_neighbours(probs: np.ndarray, docs: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]],
                        memory: Mapping[str, np.ndarray], n_classes: int, cfg: Mapping[str, Any]) -> np.ndarray:
    """``(1 - weight) * softmax(log probs / t_lin) + weight * votes`` per document (``docs``: its
    keys, values, blocks); a document sharing no feature with the memory keeps the first term.
    ``cfg``: ``k``, ``weight``, ``t_lin`` and ``blocks`` (those of the memory)."""
    use = tuple(cfg["blocks"])
    weight = float(cfg.get("weight", 0.0))
    logits = np.log(np.clip(np.asarray(probs, dtype=np.float64), 1e-30, 1.0)) / float(cfg.get("t_lin", 1.0))
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    for i, (k, v, b) in enumerate(docs):
        votes = knn_votes(memory, n_classes, k, v, b, int(cfg.get("k", 5)), use)
        if votes is not None:
            p[i] = (1.0 - weight) * p[i] + weight * votes
    return p.astype(np.float32)


def build_memory(docs: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]], labels: Sequence[int], max_df: float,
                 blocks: Sequence[int]) -> dict[str, np.ndarray]:
    """The ``KNN_PARAMS`` arrays of the training documents ``docs`` (keys, values, blocks; ``labels``
    their class indices): their :func:`knn_vector` of ``blocks``, columns in more than ``max_df`` of
    the documents left out, as posting lists sorted by column (document and value in 4 bytes)."""
    use = tuple(int(x) for x in blocks)
    raw = [knn_vector(k, v, b, None, use) for k, v, b in docs]
    allc = np.concatenate([c for c, _ in raw]) if raw else np.zeros(0, np.int64)
    ucols, df = np.unique(allc, return_counts=True)
    drop = ucols[df > max_df * max(len(docs), 1)]
    cols_l, vals_l, docs_l = [], [], []
    for d, (k, v, b) in enumerate(docs):
        c, w = knn_vector(k, v, b, drop, use)
        cols_l.append(c)
        vals_l.append(w)
        docs_l.append(np.full(len(c), d, dtype=np.int32))
    cols = np.concatenate(cols_l) if cols_l else np.zeros(0, np.int64)
    order = np.argsort(cols, kind="stable")
    cols = cols[order]
    ucols, starts = np.unique(cols, return_index=True)
    doc_type = np.uint16 if len(docs) < 2**16 else np.int32
    return {
        "knn_cols": ucols.astype(np.int32),
        "knn_ptr": np.append(starts, len(cols)).astype(np.int32),
        "knn_docs": (np.concatenate(docs_l)[order] if docs_l else np.zeros(0, np.int32)).astype(doc_type),
        "knn_vals": (np.concatenate(vals_l)[order] if vals_l else np.zeros(0, np.float32)).astype(np.float16),
        "knn_labels": np.asarray(labels, dtype=np.int32),
        "knn_drop": drop.astype(np.int32),
    }
