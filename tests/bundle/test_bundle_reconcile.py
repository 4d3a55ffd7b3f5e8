"""Reconciliation of a stated page count with the scanned pages."""

from __future__ import annotations

import numpy as np

from classify.reconcile import ScannedPage, reconcile
from ocr.imagehash import dhash
from tests import pagegen


def test_missing_duplicate_and_out_of_order_by_text() -> None:
    texts = [f"Page {n}\n" + " ".join(pagegen.office_lines(n, 8)) for n in (1, 2, 3, 5, 4)]
    pages = [ScannedPage(i, t) for i, t in enumerate(texts)]
    pages.append(ScannedPage(5, texts[1]))  # page 2 scanned again
    pages.append(ScannedPage(6, "", counted=False))  # a blank back
    r = reconcile(6, pages)
    assert [(d.index, d.duplicate_of) for d in r.duplicates] == [(5, 1)]
    assert r.content_pages == 5 and r.missing == 1 and r.scanned_pages == 7
    assert [(o.index, o.page_number, o.previous_page_number) for o in r.out_of_order] == [(4, 4, 5)]
    assert not r.ok


def test_duplicates_by_image_hash_need_agreeing_text() -> None:
    img = lambda s: np.asarray(pagegen.render_lines(pagegen.office_lines(s, 12), dpi=100))  # noqa: E731
    rescan = np.asarray(pagegen.degrade(pagegen.render_lines(pagegen.office_lines(1, 12), dpi=100), seed=3, noise=6))
    t1, t2 = " ".join(pagegen.office_lines(1, 12)), " ".join(pagegen.office_lines(2, 12))
    pages = [ScannedPage(0, t1, dhash(img(1))), ScannedPage(1, t2, dhash(img(2))), ScannedPage(2, t1, dhash(rescan))]
    r = reconcile(2, pages)
    assert [(d.index, d.duplicate_of) for d in r.duplicates] == [(2, 0)] and r.duplicates[0].hash_bits is not None
    assert r.missing == 0
    # same layout hash but different text: not a duplicate
    r2 = reconcile(None, [ScannedPage(0, t1, dhash(img(1))), ScannedPage(1, t2, dhash(img(1)))])
    assert r2.duplicates == () and r2.missing is None and r2.ok


def test_page_one_restarts_are_not_out_of_order() -> None:
    pages = [ScannedPage(i, f"Page {n}\nbody {i}") for i, n in enumerate((1, 2, 1, 2, 3))]
    assert reconcile(5, pages).ok
