"""Shared fixtures: settings pointing at a temporary SANCHIKA_HOME, and generated scan batches."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

REPO = Path(__file__).resolve().parent.parent
SANCHIKA = REPO / ".venv" / "bin" / "sanchika"


@pytest.fixture(autouse=True)
def _fresh_page_process():  # type: ignore[no-untyped-def]
    """Each test's OCR pages run in a page process forked during that test, so it sees the
    test's monkeypatches (ocr.watchdog keeps one page process alive between pages)."""
    from ocr.watchdog import stop_page_process

    stop_page_process()
    yield
    stop_page_process()


@pytest.fixture
def make_settings(tmp_path_factory):  # type: ignore[no-untyped-def]
    from sanchika.settings import Settings

    def build(**overrides):  # type: ignore[no-untyped-def]
        home = overrides.pop("home", None) or tmp_path_factory.mktemp("home")
        return Settings(home=home, workers=2, **overrides)

    return build
