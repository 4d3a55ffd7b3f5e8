"""Fixtures for the OCR stage tests: generated pages written to tmp files (nothing committed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests import pagegen

HINDI = "कार्यालय जिला शिक्षा अधिकारी, कृषि विभाग"
ENGLISH = "Office of the District Collector, F.No. 12/3/2019/Rev"


@pytest.fixture(scope="session")
def two_lines() -> list[str]:
    return [HINDI, ENGLISH]


@pytest.fixture(scope="session")
def strip_image(two_lines: list[str]) -> np.ndarray:
    """A 148 x 45 mm strip, 300 dpi, the two lines; mode L as uint8."""
    return np.asarray(pagegen.render_lines(two_lines, size=(148, 45), margin_mm=8))


@pytest.fixture(scope="session")
def a5_lines() -> list[str]:
    return pagegen.office_lines(seed=7, n=10)


@pytest.fixture(scope="session")
def a5_page(a5_lines: list[str]):  # type: ignore[no-untyped-def]
    return pagegen.render_lines(a5_lines, size="A5", dpi=300)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path
