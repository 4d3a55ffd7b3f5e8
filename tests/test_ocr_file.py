"""`sanchika ocr` on a multi-page file reads its pages on the worker processes, and prints them in
page order as they come; one page is read without starting a pool."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

from sanchika.ocr_file import ocr_file
from sanchika.settings import Settings

from . import pagegen
from .scans import EDUCATION_LINES, HEALTH_LINES, REVENUE_LINES, page

TEXTS = [REVENUE_LINES[:3], EDUCATION_LINES[:3], HEALTH_LINES[:3], REVENUE_LINES[3:6]]


def _pdf(tmp_path: Path) -> Path:
    path = tmp_path / "four.pdf"
    path.write_bytes(pagegen.image_pdf([page(lines + [f"page {i + 1}"], 60 + i) for i, lines in enumerate(TEXTS)], dpi=200))
    return path


def test_pages_come_back_in_order_from_the_worker_processes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(home=tmp_path / "home", workers=2)
    before = set(multiprocessing.active_children())  # an earlier test's idle pool may still be up
    pool_sizes = []
    pages = []
    for result in ocr_file(_pdf(tmp_path), settings):
        pool_sizes.append(len(set(multiprocessing.active_children()) - before))
        pages.append(result.text)
    assert [p.page for p in pages] == [1, 2, 3, 4]
    assert "Education" in pages[1].text or "शिक्षा" in pages[1].text
    assert "Health" in pages[2].text or "स्वास्थ्य" in pages[2].text
    assert max(pool_sizes) >= 2  # read by the pool's processes, not in this one
    assert set(multiprocessing.active_children()) <= before  # the pool is gone once the file is read


def test_one_page_starts_no_pool(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "one.png"
    path.write_bytes(pagegen.image_bytes(page(REVENUE_LINES[:3], 70), "PNG", dpi=200))
    before = set(multiprocessing.active_children())  # an earlier test's idle pool may still be up
    results = ocr_file(path, Settings(home=tmp_path / "home", workers=2))
    first = next(results)
    assert set(multiprocessing.active_children()) <= before and first.text.page == 1
    assert list(results) == []


def test_the_ocr_command_prints_every_page_in_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "SANCHIKA_HOME": str(tmp_path / "home"), "SANCHIKA_WORKERS": "2"}
    out = subprocess.run([sys.executable, "-m", "sanchika", "ocr", str(_pdf(tmp_path)), "--json"], env=env,
                         capture_output=True, text=True, timeout=300, check=True)
    assert [p["page"] for p in json.loads(out.stdout)["pages"]] == [1, 2, 3, 4]
