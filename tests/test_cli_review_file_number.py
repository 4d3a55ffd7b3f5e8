"""`sanchika review set-file-number` as a user runs it (real subprocess): the correction is stored
with who and when, the document moves to the digital file of the new number (`sanchika file
show NEW` lists it, the old file no longer does), and odd characters are warned about, not refused.
Text-layer PDFs keep it fast (no OCR)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from . import pagegen
from .scans import EDUCATION_LINES, HEALTH_LINES
from .test_cli import sanchika

OLD = "560/CMHO/2021"
NEW = "77/नजूल/2020"


@pytest.fixture(scope="module")
def processed(tmp_path_factory):  # type: ignore[no-untyped-def]
    scans = tmp_path_factory.mktemp("scans")
    (scans / "health.pdf").write_bytes(pagegen.text_pdf(HEALTH_LINES))
    (scans / "education.pdf").write_bytes(pagegen.text_pdf(EDUCATION_LINES))
    home = tmp_path_factory.mktemp("home")
    report = json.loads(sanchika(home, "process", str(scans), "--batch", "fn-test", "--operator", "asha", "--json").stdout)
    assert all(f["status"] == "done" for f in report["files"]), report
    return home, {Path(f["path"]).name: f["document_id"] for f in report["files"]}


def _ids(home: Path, number: str) -> list[str]:
    return [d["id"] for d in json.loads(sanchika(home, "file", "show", number, "--json").stdout)["documents"]]


def test_set_file_number_relinks_the_document(processed) -> None:  # type: ignore[no-untyped-def]
    home, docs = processed
    doc = docs["health.pdf"]
    assert _ids(home, OLD) == [doc]
    proc = sanchika(home, "review", "set-file-number", doc, NEW, "--user", "asha", "--reason", "cover", "--json")
    out = json.loads(proc.stdout)
    assert (out["document_id"], out["field"], out["old"], out["new"]) == (doc, "file_number", OLD, NEW)
    assert out["user"] == "asha" and out["reason"] == "cover" and out["file_key"] == f"fn:{NEW}" and out["at"]
    assert any("e-Office does not allow" in w for w in out["warnings"])
    assert _ids(home, NEW) == [doc]
    assert doc not in _ids(home, OLD)
    files = json.loads(sanchika(home, "files", "--json").stdout)["files"]
    assert NEW in {f["file_number"] for f in files} and OLD not in {f["file_number"] for f in files}
    shown = json.loads(sanchika(home, "file", "show", NEW, "--json").stdout)
    assert shown["department"] == "health" and shown["documents"][0]["verified_by"] == "asha"


def test_set_file_number_human_output_warnings_and_errors(processed) -> None:  # type: ignore[no-untyped-def]
    home, docs = processed
    doc = docs["education.pdf"]
    proc = sanchika(home, "review", "set-file-number", doc, "F. No. 1187 / Edu/२०२४/शिक्षा", "--user", "asha")
    assert "file number 1187/Edu/2024 -> 1187/Edu/2024/शिक्षा (by asha" in proc.stdout
    assert "warning: characters e-Office does not allow" in proc.stderr
    assert _ids(home, "1187/Edu/2024/शिक्षा") == [doc]
    empty = sanchika(home, "review", "set-file-number", doc, "  ", check=False)
    assert empty.returncode == 2 and empty.stderr.startswith("error [usage]")
    missing = sanchika(home, "review", "set-file-number", "nosuchdoc", "1/2/2020", check=False)
    assert missing.returncode == 6 and "not_found" in missing.stderr
