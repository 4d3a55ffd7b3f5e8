"""thinc's Adam with parameter averaging, for the hashed weight table, without its per-step overheads
(docs/adr/0005).

``thinc.api.Adam(use_averages=True)`` called once per minibatch on ``W`` (2^17 x 15) allocates and
passes over the whole table several times besides the fused Adam kernel: the dense gradient
(``X.T @ d``, though a batch of 32 texts touches about 15 % of the rows), ``gradient *= 0`` after the
kernel has already zeroed it, and the moving average ``ema -= (1 - decay) * (ema - weights)`` with two
temporary tables. :class:`Adam` runs the same kernel (``NumpyOps.adam``) with the same bias-corrected
rate, gradient and momentum arrays, and the same averaging arithmetic in place: the weights and the
averages are **bit for bit thinc's** (tests/classify/test_classify_optim.py). The gradient buffer
is reused: only the touched rows are written, and the kernel zeroes it after each step.

A lazy (sparse) Adam, updating only the touched rows, was measured and dropped: at 15 % of the rows
per batch numpy's gathers and scatters cost more than the fused dense kernel (docs/adr/0005).
"""

from __future__ import annotations

from typing import Any

import numpy as np


class Adam:
    """Adam (``b1`` 0.9, ``b2`` 0.999, ``eps`` 1e-8, thinc's defaults; no gradient clipping; ``l2`` as
    thinc's decoupled weight decay) on a ``(rows, cols)`` float32 table, with thinc's moving average
    of its values (``decay_t = min(0.9999, (1 + t) / (10 + t))``)."""

    def __init__(self, shape: tuple[int, int], learn_rate: float, l2: float = 0.0) -> None:
        from thinc.api import NumpyOps

        self.ops: Any = NumpyOps()
        self.W = np.zeros(shape, np.float32)
        self.grad = np.zeros(shape, np.float32)  # zeroed by the kernel after every step
        self.m = np.zeros(self.W.size, np.float32)
        self.v = np.zeros(self.W.size, np.float32)
        self.avg = np.zeros(shape, np.float32)
        self._tmp = np.zeros(shape, np.float32)
        self.lr, self.l2 = learn_rate, l2
        self.b1, self.b2, self.eps = 0.9, 0.999, 1e-8
        self.t = 0

    def step(self, rows: np.ndarray | None, grad: np.ndarray) -> None:
        """One step with the gradient ``grad`` of ``rows`` (unique row indices; the others' gradient is
        zero), or of every row when ``rows`` is None."""
        if rows is None:
            self.grad[...] = grad
        else:
            self.grad[rows] = grad
        self.t += 1
        t = self.t
        lr = self.lr * (1.0 - self.b2**t) ** 0.5 / (1.0 - self.b1**t)
        w1, g1 = self.W.reshape(-1), self.grad.reshape(-1)
        self.ops.adam(w1, g1, self.m, self.v, self.b1, self.b2, self.eps, lr)  # zeroes the gradient
        if self.l2:
            self.W -= self.lr * self.l2 * self.W
        decay = min(0.9999, (1.0 + t) / (10.0 + t))
        np.subtract(self.avg, self.W, out=self._tmp)
        np.multiply(self._tmp, 1 - decay, out=self._tmp)
        self.avg -= self._tmp

    def averages(self) -> np.ndarray:
        """The moving average of the values (a copy)."""
        return self.avg.copy()
