"""The optimiser (classify/optim.py: thinc's Adam with averaging, bit for bit, without its per-step
allocations), the batch gradient on the touched rows and the first run's early stop (classify/fit.py)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import classify.fit
from classify import dataset
from classify.fit import loss_gradient
from classify.optim import Adam
from classify.training import train


def test_the_weights_and_averages_are_thincs_adam_bit_for_bit() -> None:
    from thinc.api import Adam as ThincAdam

    rng = np.random.default_rng(0)
    shape = (400, 3)
    dense = ThincAdam(0.003, L2=0.0, grad_clip=0.0, use_averages=True)
    W = np.zeros(shape, np.float32)
    ours = Adam(shape, 0.003)
    for t in range(150):
        rows = np.unique(rng.integers(0, shape[0], 60))  # a batch touches some rows; the rest coast
        g = rng.normal(size=(len(rows), shape[1])).astype(np.float32)
        full = np.zeros(shape, np.float32)
        full[rows] = g
        flat, _ = dense((0, "W"), W.ravel(), full.ravel().copy())  # thinc zeroes it
        W = flat.reshape(shape)
        ours.step(rows if t % 2 else None, g if t % 2 else full)
        assert not ours.grad.any()  # the reused buffer is clean for the next step
    assert np.abs(W).max() > 0.05  # the weights moved
    assert np.array_equal(ours.W, W)
    assert np.array_equal(ours.averages(), dense.averages[(0, "W")].reshape(shape))


def test_the_batch_gradient_on_the_touched_rows_is_the_dense_one() -> None:
    import scipy.sparse as sp

    from classify.fit import _step

    rng = np.random.default_rng(2)
    X = sp.random(32, 500, density=0.05, format="csr", dtype=np.float32, random_state=3)
    W = rng.normal(size=(500, 4)).astype(np.float32)
    b = rng.normal(size=4).astype(np.float32)
    gold = rng.integers(0, 4, 32)
    rows, dW, db, value = _step(W, b, X, gold, "hinge2")
    d, expect_value = loss_gradient(np.asarray(X @ W, dtype=np.float64) + b, gold, "hinge2")
    dense = np.asarray(X.T @ d.astype(np.float32), dtype=np.float32)
    assert np.array_equal(rows, np.flatnonzero(np.asarray(abs(X).sum(axis=0)).ravel()))
    assert np.array_equal(dW, dense[rows]) and not np.delete(dense, rows, axis=0).any()
    assert value == expect_value and np.allclose(db, d.sum(axis=0))


def test_the_first_run_stops_after_patience_epochs_without_a_better_dev_score(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    rows = dataset.lexicon_rows(per_dept=8, seed=3, langs=("hi", "en"))
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps({**r, "id": f"k:{i}"}, ensure_ascii=False) + "\n" for i, r in enumerate(rows)),
                    encoding="utf-8")
    small = {"length": 2**12, "idf_length": 2**12, "lexicon_per_dept": 2, "refit": False, "runs": 1,
             "glossary_rows": 0, "knn": False, "epochs": 12}
    for patience in (1, 0):
        monkeypatch.setattr(classify.fit, "PATIENCE", patience)
        train(data, tmp_path / f"p{patience}", **small)
        history = json.loads((tmp_path / f"p{patience}" / "manifest.json").read_text(encoding="utf-8"))["history"]
        f1 = [h["dev_macro_f1"] for h in history]
        stale = [e + 1 - (int(np.argmax(f1[: e + 1])) + 1) for e in range(len(f1))]
        if patience:
            # it stops at the first epoch with `patience` epochs since the best, or trains them all
            assert all(s < patience for s in stale[:-1])
            assert stale[-1] >= patience or len(f1) == small["epochs"]
        else:
            assert len(f1) == small["epochs"]
