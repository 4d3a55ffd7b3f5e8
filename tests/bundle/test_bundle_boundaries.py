"""Document boundaries inside a bundle: generated bundles and a hand-made one with a separator."""

from __future__ import annotations

import dataclasses

from bench.page_roles_data import labelled_bundles
from classify.boundaries import split_bundle
from classify.page_roles import page_features
from tests.bundle.test_bundle_roles import ISSUE_EN, NOTESHEET_HI, ORDER_HI, RECEIPT_HI


def test_generated_bundles_precision_recall() -> None:
    tp = fp = fn = 0
    for b in labelled_bundles(seed=5, n=15):
        feats = [
            dataclasses.replace(page_features(p.text, blank=p.blank, separator=p.separator), ruled_lines=p.ruled_lines, vertical_rules=p.vertical_rules)
            for p in b.pages
        ]
        pred = {s.start for s in split_bundle(feats)}
        tp += len(pred & set(b.starts))
        fp += len(pred - set(b.starts))
        fn += len(set(b.starts) - pred)
    assert tp / (tp + fp) >= 0.75 and tp / (tp + fn) >= 0.85


def test_hand_made_bundle() -> None:
    texts = [NOTESHEET_HI, "4. चर्चा की गई। प्रस्ताव स्वीकृत।\nकलेक्टर\n15.03.2019", RECEIPT_HI, "", ISSUE_EN,
             "SEPARATOR", ORDER_HI]
    feats = [page_features(t) for t in texts]
    feats[5] = page_features("SEPARATOR", separator=True, separator_file_number="45/2/2020-ADMN")
    spans = split_bundle(feats)
    assert [(s.start, s.end, s.role) for s in spans] == [
        (0, 2, "notesheet"), (2, 4, "receipt"), (4, 5, "issue"), (5, 6, "separator"), (6, 7, "order")
    ]
    assert spans[4].file_number == "45/2/2020-ADMN" and spans[4].confidence == 1.0
    assert spans[2].reasons and all(0 <= s.confidence <= 1 for s in spans)
    assert spans[1].page_roles == ("receipt", "blank")


def test_page_number_continuation_keeps_a_letter_together() -> None:
    first = page_features(RECEIPT_HI.replace("उप संचालक कृषि\n", "") + "\nPage 1 of 2")
    second = page_features("Page 2 of 2\nजांच प्रतिवेदन सात दिवस में भिजवाना सुनिश्चित करें।\nउप संचालक कृषि")
    spans = split_bundle([first, second])
    assert [(s.start, s.end) for s in spans] == [(0, 2)]
