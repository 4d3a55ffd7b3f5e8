"""The operator's department hint against the classifier (workers.steps._with_hint): the hint
decides where the classifier is unknown or less sure than the review threshold; a sure classifier
keeps its department and the hint is noted as evidence."""

from __future__ import annotations

import pytest

from domain.types import Classification
from workers.steps import _with_hint


def cls(department: str, confidence: float) -> Classification:
    return Classification(department=department, confidence=confidence, scores={department: confidence}, method="model")


@pytest.mark.parametrize(("department", "confidence"), [("unknown", 0.2), ("police", 0.38), ("police", 0.59)])
def test_the_hint_decides_where_the_classifier_is_not_sure(department: str, confidence: float) -> None:
    got = _with_hint(cls(department, confidence), "public_works", 0.6)
    assert got.department == "public_works" and got.method == "model+hint"
    assert got.confidence == confidence  # kept: the document still waits in the review queue
    assert "operator's hint: public_works" in got.evidence


def test_a_sure_classifier_keeps_its_department() -> None:
    got = _with_hint(cls("police", 0.8), "public_works", 0.6)
    assert got.department == "police" and got.method == "model"
    assert "operator's hint was public_works" in got.evidence


def test_no_hint_changes_nothing() -> None:
    c = cls("police", 0.38)
    assert _with_hint(c, None, 0.6) is c
