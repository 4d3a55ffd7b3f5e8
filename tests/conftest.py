"""Shared fixtures: settings pointing at a temporary SANCHIKA_HOME, and generated scan batches."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

REPO = Path(__file__).resolve().parent.parent
SANCHIKA = REPO / ".venv" / "bin" / "sanchika"


@pytest.fixture
def make_settings(tmp_path_factory):  # type: ignore[no-untyped-def]
    from sanchika.settings import Settings

    def build(**overrides):  # type: ignore[no-untyped-def]
        home = overrides.pop("home", None) or tmp_path_factory.mktemp("home")
        return Settings(home=home, workers=2, **overrides)

    return build
