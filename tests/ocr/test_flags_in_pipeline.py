"""Quality flags and blank pages through the whole pipeline: stored per page, listed by
`sanchika review --json`, blank pages kept but neither indexed nor counted; `sanchika ocr --explain`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sanchika.pipeline import process_batch
from sanchika.queries import open_queries
from sanchika.settings import Settings
from storage.catalog import Catalog
from storage.db import init_schema, open_engine
from tests import pagegen

REPO = Path(__file__).resolve().parents[2]


def _sanchika(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SANCHIKA_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "sanchika", *args], env=env, capture_output=True, text=True,
                          cwd=REPO, timeout=300, check=True)


@pytest.fixture(scope="module")
def run(tmp_path_factory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("flags")
    front = pagegen.render_lines(list(pagegen.HINDI_LINES[:6]), size="A5", dpi=200)
    back = pagegen.degrade(pagegen.render_lines([], size="A5", dpi=200), seed=9, noise=4)
    (root / "duplex.pdf").write_bytes(pagegen.image_pdf([front, back], dpi=200))
    poor = pagegen.degrade(pagegen.render_lines(list(pagegen.ENGLISH_LINES[:5]), size="A5", dpi=100), seed=4,
                           blur=1.6, low_contrast=True, noise=12)
    (root / "poor.png").write_bytes(pagegen.image_bytes(poor, "PNG", dpi=100))
    settings = Settings(home=tmp_path_factory.mktemp("home"), workers=2)
    report = process_batch([root], settings, batch_name="flags")
    return settings, report, root


def _doc(report, suffix: str) -> str:  # type: ignore[no-untyped-def]
    return next(f.document_id for f in report.files if f.path.endswith(suffix))


def test_blank_back_is_stored_flagged_and_not_indexed(run) -> None:  # type: ignore[no-untyped-def]
    settings, report, _ = run
    engine = open_engine(settings.db_url)
    init_schema(engine)
    rows = Catalog(engine).pages_of(_doc(report, "duplex.pdf"))
    assert [(r["status"], bool(r["blank"])) for r in rows] == [("done", False), ("done", True)]
    hits = open_queries(settings).search("शिक्षा")
    assert hits and all(h["page"] == 1 for h in hits if h["document_id"] == _doc(report, "duplex.pdf"))


def test_review_lists_the_poor_page_with_reasons(run) -> None:  # type: ignore[no-untyped-def]
    settings, report, _ = run
    listed = json.loads(_sanchika(settings.home, "review", "--json").stdout)
    poor = [p for p in listed["pages"] if p["document_id"] == _doc(report, "poor.png")]
    assert poor and poor[0]["reason"] == "needs_rescan" and poor[0]["error_code"] is None, listed["pages"]
    assert poor[0]["quality"] < 0.45 and any("resolution" in r for r in poor[0]["quality_reasons"])
    assert not [p for p in listed["pages"] if p["document_id"] == _doc(report, "duplex.pdf")]


def test_ocr_explain_shows_each_decision(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings, _, root = run
    out = json.loads(_sanchika(settings.home, "ocr", "--explain", "--json", str(root / "duplex.pdf")).stdout)
    first, second = (p["explain"] for p in out["pages"])
    assert first["decision"] == "OCR (text layer rejected)" and "no-text-layer" in first["text_layer"]
    assert second["blank"] and second["decision"].startswith("blank page")
    kruti = tmp_path / "kruti.pdf"
    kruti.write_bytes(pagegen.legacy_font_pdf())
    text = _sanchika(settings.home, "ocr", "--explain", str(kruti)).stdout
    assert "text layer (converted from Kruti Dev)" in text and "legacy-converted:won" in text


def test_stored_page_text_names_the_flag_as_before(run) -> None:  # type: ignore[no-untyped-def]
    """A page's text JSON in the object store keeps its flag as a plain string, "" when none (as
    before PageText.flag was a PageFlag), agreeing with the page's row."""
    from storage import keys
    from workers.context import WorkerContext

    settings, report, _ = run
    ctx = WorkerContext(settings.worker_config())
    seen = set()
    for f in report.files:
        for row in ctx.catalog.pages_of(f.document_id):
            raw = ctx.store.get_bytes(keys.page_text(f.sha256, row["page_no"]))
            stored = json.loads(raw)["flag"]
            assert type(stored) is str and stored == (row["flag"] or ""), (f.path, row["page_no"], stored)
            seen.add(stored)
    assert "" in seen and seen - {""}  # pages without a flag and a flagged one
