"""An embedded archive (SQLite + local folder) with a few processed documents, built once per
session and copied for each test that changes it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests import pagegen
from tests.scans import EDUCATION_LINES, HEALTH_LINES, REVENUE_LINES, page

LEGACY_LINES = ("कार्यालय जिला कलेक्टर, भू-अभिलेख शाखा", "विषय: खसरा नंबर 245 का नामांतरण", "जिला शिक्षा अधिकारी को सूचित किया जाए")
DOCUMENTS = ("health.pdf", "education.pdf", "revenue.png", "legacy.pdf")


def write_inputs(root: Path, seed: int = 0) -> Path:
    """Two born-digital PDFs (trusted text layers: fast), one scanned page (OCR: a page PDF with
    Tesseract's text layer and a page image) and a letter typed in DV-TTSurekh whose font is not
    embedded (its converted text layer is the page's text: issue 17, point 5)."""
    from ocr.legacy.registry import BY_NAME
    from ocr.legacy.shape import encode
    from tests.ocr.legacy import lying

    root.mkdir(parents=True, exist_ok=True)
    (root / "health.pdf").write_bytes(pagegen.text_pdf([*HEALTH_LINES, f"seed {seed}"], pages=2))
    (root / "education.pdf").write_bytes(pagegen.text_pdf([*EDUCATION_LINES, f"seed {seed}"]))
    (root / "revenue.png").write_bytes(pagegen.image_bytes(page([*REVENUE_LINES[:4], f"{seed}"], seed + 5), "PNG", dpi=200))
    (root / "legacy.pdf").write_bytes(lying.not_embedded_pdf(
        [encode(x, BY_NAME["dv-tt"]) for x in (*LEGACY_LINES, *pagegen.HINDI_LINES[:4])], "DV-TTSurekh",
        [f"F.No. 245/2018/Rev seed {seed}"]))
    return root


@pytest.fixture(scope="session")
def built_archive(tmp_path_factory):  # type: ignore[no-untyped-def]
    from sanchika.pipeline import process_batch
    from sanchika.settings import Settings

    root = tmp_path_factory.mktemp("archive")
    settings = Settings(home=root / "home", workers=2, ocr_dpi=200)
    report = process_batch([write_inputs(root / "in")], settings, batch_name="archive", operator="t")
    assert report.counts() == {"done": len(DOCUMENTS)}, report.to_json()
    return settings.home


@pytest.fixture
def archive(built_archive, tmp_path):  # type: ignore[no-untyped-def]
    """Settings of a private copy of the built archive."""
    from sanchika.settings import Settings

    home = tmp_path / "home"
    shutil.copytree(built_archive, home, symlinks=True)
    return Settings(home=home, workers=2, ocr_dpi=200)


def verify_a_large_original(ctx, folder: Path, mib: int = 48) -> tuple:  # type: ignore[no-untyped-def, type-arg]
    """Store a ``mib`` MiB original through ``ctx.store`` and verify the whole store under
    tracemalloc: (the FixityResult, peak bytes held by Python meanwhile, the object's key)."""
    import os
    import tracemalloc

    from ingest.spool import sha256_file
    from storage import keys
    from storage.fixity import verify_store

    big = folder / "big.tif"
    with big.open("wb") as f:
        for _ in range(mib):
            f.write(os.urandom(1 << 20))
    sha = sha256_file(big)
    ctx.store.put_file(keys.original(sha), big, "image/tiff", sha)
    tracemalloc.start()
    try:
        result = verify_store(ctx.engine, ctx.store)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak, keys.original(sha)
