"""The epoch kept on dev (classify/fit.py ``choose_epoch``): the fewest epochs within one standard
error of the best, the standard error being that of the paired gap on the dev rows (docs/adr/0005)."""

from __future__ import annotations

import numpy as np

from classify.fit import EPOCH_RESAMPLES, choose_epoch, macro_f1_resampled
from classify.metrics import score


def _preds(n: int = 2000, classes: int = 13, right: float = 0.85, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    gold = rng.integers(0, classes, n)
    return gold, np.where(rng.random(n) < right, gold, rng.integers(0, classes, n))


def _f1(gold: np.ndarray, pred: np.ndarray) -> float:
    return float(score([str(g) for g in gold], [str(p) for p in pred])["macro_f1"])


def test_resampled_macro_f1_is_the_metrics_macro_f1_of_each_resample() -> None:
    gold, pred = _preds()
    got = macro_f1_resampled(gold, np.stack([pred, gold]), 50, seed=3)
    idx = np.random.default_rng(3).integers(0, len(gold), size=(50, len(gold)))
    for b in (0, 17, 49):
        assert abs(got[0, b] - _f1(gold[idx[b]], pred[idx[b]])) < 1e-4
    assert np.allclose(got[1], 1.0)  # every row right


def test_an_epoch_inside_the_noise_of_the_best_is_preferred_when_fewer() -> None:
    gold, first = _preds(seed=1)
    rng = np.random.default_rng(2)
    # the second epoch changes 120 rows, 64 to right and 56 to wrong: a gap of a few rows
    wrong = np.flatnonzero(first != gold)[:64]
    right = np.flatnonzero(first == gold)[:56]
    second = first.copy()
    second[wrong] = gold[wrong]
    second[right] = (gold[right] + 1 + rng.integers(0, 12, len(right))) % 13
    f1 = [_f1(gold, first), _f1(gold, second)]
    assert f1[1] > f1[0]
    chosen, se = choose_epoch(f1, gold, np.stack([first, second]), seed=0)
    assert f1[1] - f1[0] <= se[0] and chosen == 0 and se[1] == 0.0


def test_an_epoch_clearly_worse_than_the_best_is_not_kept() -> None:
    gold, first = _preds(seed=4)
    wrong = np.flatnonzero(first != gold)[:80]  # the second epoch puts 80 rows right, none wrong
    second = first.copy()
    second[wrong] = gold[wrong]
    third = second.copy()
    third[wrong[:3]] = first[wrong[:3]]  # the third falls back by three rows
    f1 = [_f1(gold, p) for p in (first, second, third)]
    chosen, se = choose_epoch(f1, gold, np.stack([first, second, third]), seed=0)
    assert f1[1] - f1[0] > se[0] and chosen == 1  # never a later epoch than the best
    assert EPOCH_RESAMPLES >= 1000
