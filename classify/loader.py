"""Pick the classifier a worker uses: the trained model when one is available, else rules."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from domain.types import Classification


class Classifier(Protocol):
    def classify(self, text: str) -> Classification: ...


def load_default_classifier(model_dir: Path | None, min_confidence: float) -> Classifier:
    try:
        from .model import load_classifier
    except ImportError:
        from .rules import RulesClassifier

        return RulesClassifier(min_confidence=min_confidence)
    return load_classifier(model_dir, min_confidence=min_confidence)  # type: ignore[no-any-return]
