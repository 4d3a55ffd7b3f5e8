"""Fitting the linear layer of :class:`classify.textmodel.TextModel` (docs/adr/0005).

Minibatches of the training documents' features (the model's own :meth:`TextModel.doc`, as a scipy
sparse matrix over the weight buckets), the gradient of the multi-class squared hinge (what a linear SVM optimises; or cross-entropy) with respect
to ``W`` and ``b``, computed here in numpy on the weight rows the batch touches, and thinc's Adam with parameter averaging
(:class:`classify.optim.Adam`: the same arithmetic without thinc's per-step allocations; the averaged
weights are the ones scored and kept). The first run stops early when dev has not improved for :data:`PATIENCE`
epochs. With ``opts.runs`` > 1 the layer is trained that many times from zero weights with different
example orders and the runs' weights are averaged.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from classify.metrics import score
from classify.optim import Adam
from classify.options import Options
from classify.taxonomy import KEYS
from classify.textmodel import Doc, TextModel, buckets

log = logging.getLogger(__name__)


def encode(docs: Sequence[Doc], length: int) -> Any:
    """The training documents as a sparse matrix (scipy CSR, one row per document, one column per
    weight bucket; both buckets of every feature carry its value)."""
    import scipy.sparse as sp

    idx_l, val_l, lens = [], [], [0]
    for k, v, _ in docs:
        i1, i2 = buckets(k, length)
        idx_l.append(np.concatenate([i1, i2]).astype(np.int32))
        val_l.append(np.concatenate([v, v]).astype(np.float32))
        lens.append(2 * len(k))
    X = sp.csr_matrix((np.concatenate(val_l), np.concatenate(idx_l), np.cumsum(lens)), shape=(len(docs), length))
    X.sum_duplicates()
    return X


def loss_gradient(scores: np.ndarray, gold: np.ndarray, loss: str) -> tuple[np.ndarray, float]:
    """d(loss)/d(scores) and the loss, summed over the rows."""
    n = np.arange(len(gold))
    if loss == "ce":
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        p = e / e.sum(axis=1, keepdims=True)
        value = float(-np.log(np.clip(p[n, gold], 1e-12, 1.0)).sum())
        p[n, gold] -= 1.0
        return p, value
    viol = np.maximum(0.0, 1.0 - scores[n, gold][:, None] + scores)
    viol[n, gold] = 0.0
    d = 2.0 * viol
    d[n, gold] -= d.sum(axis=1)
    return d, float((viol * viol).sum())


def _step(W: np.ndarray, b: np.ndarray, X: Any, gold: np.ndarray,
          loss: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """The rows of ``W`` (``(length, n_classes)``) the batch ``X`` (CSR rows) touches, their gradient,
    the gradient of ``b`` (gold class indices ``gold``) and the batch's loss."""
    touched = np.zeros(W.shape[0], bool)
    touched[X.indices] = True
    rows = np.flatnonzero(touched)
    local = np.empty(W.shape[0], np.int32)
    local[rows] = np.arange(len(rows), dtype=np.int32)
    Xs = type(X)((X.data, local[X.indices], X.indptr), shape=(X.shape[0], len(rows)))
    d, value = loss_gradient(np.asarray(Xs @ W[rows], dtype=np.float64) + b, gold, loss)
    d = d.astype(np.float32)
    return rows, np.asarray(Xs.T @ d, dtype=np.float32), d.sum(axis=0), value


def train_linear(model: TextModel, docs: Sequence[Doc], gold: Sequence[int], epochs: int, opts: Options,
                 dev: tuple[Sequence[Doc], Sequence[str]] | None = None,
                 t_end: float | None = None) -> tuple[int, list[dict]]:
    """Fit ``model.W`` and ``model.b`` on ``docs`` (``gold``: class indices). With ``dev`` (its docs and
    departments): the first run scores dev after every epoch (stopping after :data:`PATIENCE` epochs
    without a better score, or when this process's CPU time, ``time.process_time()``, passes ``t_end``)
    and keeps the epoch :func:`choose_epoch` picks, and later
    runs train that many epochs; without: every run trains ``epochs``.
    Returns (epochs kept, history of the first run)."""
    X, y = encode(docs, opts.length), np.asarray(gold, dtype=np.int64)
    history: list[dict] = []
    soup: list[tuple[np.ndarray, np.ndarray]] = []
    kept = epochs
    for run in range(max(1, opts.runs)):
        W, b, kept = _one_run(model, X, y, run, epochs if run == 0 else kept, opts, dev if run == 0 else None,
                              t_end if run == 0 else None, history)
        soup.append((W, b))
        log.info("run %d of %d done", run + 1, opts.runs)
        if t_end is not None and time.process_time() > t_end:
            break
    model.W = np.mean([w for w, _ in soup], axis=0).astype(np.float32)
    model.b = np.mean([b for _, b in soup], axis=0).astype(np.float32)
    return kept, history


def macro_f1_resampled(gold: np.ndarray, preds: np.ndarray, resamples: int, seed: int) -> np.ndarray:
    """Macro-F1 (as :func:`classify.metrics.score`: the mean F1 of the gold classes present) of each row of
    ``preds`` (``(epochs, n)`` class indices; ``gold``: ``(n,)``) on ``resamples`` bootstrap resamples of
    the ``n`` rows, the same resamples for every row of ``preds``: ``(epochs, resamples)``."""
    n, c = len(gold), int(max(gold.max(), preds.max())) + 1
    idx = np.random.default_rng(seed).integers(0, n, size=(resamples, n))
    off = (np.arange(resamples) * c)[:, None]
    g = gold[idx]
    n_gold = np.bincount((off + g).ravel(), minlength=resamples * c).reshape(resamples, c)
    present = n_gold > 0
    out = np.empty((len(preds), resamples))
    for e, pred in enumerate(preds):
        p = pred[idx]
        n_pred = np.bincount((off + p).ravel(), minlength=resamples * c).reshape(resamples, c)
        tp = np.bincount((off + g).ravel(), weights=(g == p).ravel(), minlength=resamples * c).reshape(resamples, c)
        f1 = np.where(present, 2.0 * tp / np.maximum(n_gold + n_pred, 1), 0.0)
        out[e] = f1.sum(axis=1) / present.sum(axis=1)
    return out


EPOCH_RESAMPLES = 1000
# the first run stops once this many epochs have passed without a better dev macro-F1 (early stopping
# with patience, Prechelt 1998; 0: it trains every epoch): the epoch kept is never after the best, and
# the dev curve of this recipe peaks by epoch 2 or 3 and does not rise again (docs/adr/0005)
PATIENCE = 2


def choose_epoch(f1: Sequence[float], gold: np.ndarray, preds: np.ndarray, seed: int) -> tuple[int, list[float]]:
    """The epoch kept (0-based) and each epoch's standard error of its gap to the best: the **fewest
    epochs whose dev macro-F1 is within one standard error of the best epoch's** (the one-standard-error
    rule of Breiman et al. 1984 and Hastie, Tibshirani & Friedman, *The Elements of Statistical
    Learning* §7.10). The standard error is that of the gap itself, ``f1[best] - f1[e]``: both epochs
    are scored on the same dev rows, so the gap's noise is what another draw of as many dev rows would
    do to it (a paired bootstrap, :data:`EPOCH_RESAMPLES` resamples of the dev rows); it shrinks as the
    dev set grows and with the rows the two epochs agree on (docs/adr/0005). ``f1``: each epoch's
    macro-F1; ``preds``: ``(epochs, n)`` its predicted class indices; ``gold``: ``(n,)``."""
    best = int(np.argmax(f1))
    boot = macro_f1_resampled(gold, preds, EPOCH_RESAMPLES, seed)
    se = [float(np.std(boot[best] - boot[e], ddof=1)) for e in range(len(f1))]
    chosen = next(e for e in range(best + 1) if f1[best] - f1[e] <= se[e])
    return chosen, se


def _one_run(model: TextModel, X: Any, y: np.ndarray, run: int, epochs: int, opts: Options,
             dev: tuple[Sequence[Doc], Sequence[str]] | None, t_end: float | None,
             history: list[dict]) -> tuple[np.ndarray, np.ndarray, int]:
    """One run from zero weights (example order of ``opts.seed + 1000 * run``): the averaged weights of
    the epoch :func:`choose_epoch` keeps on ``dev``, or of its last epoch, and that epoch's number."""
    opt_w = Adam((opts.length, len(KEYS)), opts.learn_rate, l2=opts.l2)
    opt_b = Adam((1, len(KEYS)), opts.learn_rate, l2=opts.l2)
    order = list(range(len(y)))
    rng = random.Random(opts.seed + 1000 * run)
    kept: list[tuple[np.ndarray, np.ndarray]] = []  # averaged weights of every epoch
    f1s: list[float] = []
    preds: list[np.ndarray] = []
    done = 0
    for epoch in range(epochs):
        rng.shuffle(order)
        total = 0.0
        for start in range(0, len(order), opts.batch_size):
            ids = order[start : start + opts.batch_size]
            rows, dW, db, value = _step(opt_w.W, opt_b.W[0], X[ids], y[ids], opts.loss)
            opt_w.step(rows, dW)
            opt_b.step(None, db[None, :])
            total += value
        aW, ab = opt_w.averages(), opt_b.averages()[0]
        if dev is None:
            kept = [(aW, ab)]
        else:
            kept.append((aW, ab))
            model.W, model.b = aW, ab
            preds.append(model.proba([], docs=dev[0]).argmax(axis=1))
            # epochs are chosen on all dev rows pooled: the 14 or so Hindi dev rows alone would decide a
            # per-language mean by one or two titles
            f1s.append(score(list(dev[1]), [KEYS[i] for i in preds[-1]])["macro_f1"])
            history.append({"epoch": epoch + 1, "loss": round(total, 4), "dev_macro_f1": round(f1s[-1], 4)})
            log.info("epoch %d loss %.3f dev %.4f", epoch + 1, total, f1s[-1])
        done = epoch + 1
        if t_end is not None and time.process_time() > t_end:
            break
        if dev is not None and done - (int(np.argmax(f1s)) + 1) >= PATIENCE > 0:
            log.info("no better dev score for %d epochs: stopped", PATIENCE)
            break
    if dev is None:
        return kept[-1][0], kept[-1][1], done
    gold = np.asarray([KEYS.index(d) for d in dev[1]])
    chosen, se = choose_epoch(f1s, gold, np.stack(preds), opts.seed)
    for h, s in zip(history[-len(se):], se, strict=True):
        h["se_of_gap_to_best"] = round(s, 4)
    log.info("epoch %d kept (best %d)", chosen + 1, int(np.argmax(f1s)) + 1)
    return kept[chosen][0], kept[chosen][1], chosen + 1
