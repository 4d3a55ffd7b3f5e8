"""ocr/judge.read_twice: the words read twice (a box lying half over a surer word's), found in bounded time.

A garbage reading of thousands of wide boxes piled on each other made the old sweep by left edge compare
every pair (5,000 full-width boxes: 5.8 CPU-s; 20,000 boxes, a tenth full-width: 30 CPU-s)."""

from __future__ import annotations

import random
import time

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.types import Word
from ocr.judge import OVERLAP, read_twice


def _reference(words: list[Word]) -> set[int]:
    """Every pair compared (numpy): a word is read twice when a surer one (of two equally sure, the earlier)
    overlaps it by ``OVERLAP`` of the smaller box or more."""
    if not words:
        return set()
    left, top = np.array([w.left for w in words], np.int64), np.array([w.top for w in words], np.int64)
    right = left + np.array([w.width for w in words], np.int64)
    bottom = top + np.array([w.height for w in words], np.int64)
    area = (right - left) * (bottom - top)
    conf = np.array([w.confidence for w in words])
    index = np.arange(len(words))
    twice: set[int] = set()
    for i in range(len(words)):
        dx = np.minimum(right, right[i]) - np.maximum(left, left[i])
        dy = np.minimum(bottom, bottom[i]) - np.maximum(top, top[i])
        over = (dx > 0) & (dy > 0) & (dx * dy >= OVERLAP * np.minimum(area, area[i]))
        surer = (conf > conf[i]) | ((conf == conf[i]) & (index < i))
        if np.any(over & surer):
            twice.add(i)
    return twice


_box = st.tuples(st.integers(0, 60), st.integers(0, 60), st.integers(0, 40), st.integers(0, 30),
                 st.sampled_from([0.3, 0.5, 0.9, 0.91]))


_page_box = st.tuples(st.integers(0, 2500), st.integers(0, 3500), st.integers(0, 2500), st.integers(0, 300),
                     st.sampled_from([0.3, 0.9, 0.91]))


@settings(max_examples=400, deadline=None)
@given(st.lists(_box, max_size=40))
def test_the_same_words_as_every_pair_compared(boxes: list[tuple[int, int, int, int, float]]) -> None:
    words = [Word("x", *box) for box in boxes]
    assert read_twice(words) == _reference(words)


@settings(max_examples=200, deadline=None)
@given(st.lists(_page_box, max_size=30))
def test_the_same_words_on_a_page_of_wide_boxes(boxes: list[tuple[int, int, int, int, float]]) -> None:
    words = [Word("x", *box) for box in boxes]
    assert read_twice(words) == _reference(words)


def _hostile(n: int, wide: float, seed: int) -> list[Word]:
    """A garbage reading: ``n`` boxes over an A4 page at 300 dpi, a ``wide`` share of them the page's width."""
    rng = random.Random(seed)
    words = []
    for _ in range(n):
        if rng.random() < wide:
            left = rng.randint(0, 50)
            width = 2480 - left - rng.randint(0, 50)
        else:
            left, width = rng.randint(0, 2440), rng.randint(5, 300)
        words.append(Word("x", left, rng.randint(0, 3448), width, rng.randint(10, 60), rng.random()))
    return words


def test_a_hostile_reading_costs_milliseconds_and_counts_the_same() -> None:
    words = _hostile(5000, 1.0, 1)
    started = time.process_time()
    found = read_twice(words)
    assert time.process_time() - started < 1.0  # ~0.03 s; the sweep by left edge took 5.8 s
    assert found == _reference(words)
    started = time.process_time()
    read_twice(_hostile(20000, 0.1, 2))
    assert time.process_time() - started < 3.0  # ~0.17 s; the sweep took 30 s


def test_past_the_budget_the_least_sure_words_count_as_read_twice() -> None:
    """Boxes that cross without overlapping by half (bars and columns spanning the page) cost look-ups that
    find nothing; past the budget the words not yet looked at count as read twice: never fewer than the
    pairs say, so such a reading cannot score more than it would have."""
    bars = [Word("x", 0, 20 * i, 2480, 10, 0.9) for i in range(600)]
    columns = [Word("x", 4 * i, 0, 3, 3508, 0.8) for i in range(600)]
    started = time.process_time()
    found = read_twice(bars + columns)
    assert time.process_time() - started < 1.0
    assert found >= _reference(bars + columns)
    assert all(i >= len(bars) for i in found)  # the surer bars were looked at within the budget
