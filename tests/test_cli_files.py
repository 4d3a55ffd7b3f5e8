"""Digital files, the eFile migration package and the digitisation report through the `sanchika`
command (real subprocess, real Tesseract): one small bundle processed once for the module."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
import regex

from workers.efile_export import validate_efile_package

from . import pagegen
from .scans import EDUCATION_LINES, page
from .test_cli import sanchika

FILE_NO = "1187/Edu/2024"
NOTESHEET = [
    "NOTE SHEET",
    f"File No. {FILE_NO}",
    "1. Put up the letter of the District Education Officer.",
    "Section Officer",
    "11.01.2024",
    "2. Approved. Issue the order.",
    "Collector",
    "12.01.2024",
]
ORDER = [
    "OFFICE ORDER",
    f"No. {FILE_NO} dated 15.01.2024",
    "It is hereby ordered that all headmasters",
    "shall report the enrolment with immediate effect.",
    "District Collector",
]


@pytest.fixture(scope="module")
def batch(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A 4-page bundle (notesheet, received letter, blank back, order) and a one-page letter of
    the same file in a second document."""
    scans = tmp_path_factory.mktemp("scans")
    folder = scans / "file-1187"
    folder.mkdir()
    blank = pagegen.render_lines([], dpi=200, size="A5")
    bundle = [page(NOTESHEET, 1), page([*EDUCATION_LINES, "Inward No. 981 Diary No. 77"], 2), blank, page(ORDER, 3)]
    (folder / "a-bundle.pdf").write_bytes(pagegen.image_pdf(bundle, dpi=200))
    (folder / "b-letter.png").write_bytes(pagegen.image_bytes(page(EDUCATION_LINES, 4), "PNG", dpi=200))
    home = tmp_path_factory.mktemp("home")
    report = json.loads(sanchika(home, "process", str(scans), "--batch", "files-test", "--operator", "ravi", "--json").stdout)
    assert all(f["status"] == "done" for f in report["files"]), report
    return home, report


def test_files_list(batch) -> None:  # type: ignore[no-untyped-def]
    home, report = batch
    files = json.loads(sanchika(home, "files", "--json").stdout)["files"]
    f = next(f for f in files if f["file_number"] == FILE_NO)
    assert f["documents"] == 2 and f["pages"] == 5 and f["department"] == "education"
    assert f["title"]
    assert sum(x["documents"] for x in files) == len(report["files"])
    assert FILE_NO in sanchika(home, "files").stdout


def test_file_show_roles(batch) -> None:  # type: ignore[no-untyped-def]
    home, _ = batch
    f = json.loads(sanchika(home, "file", "show", FILE_NO, "--json").stdout)
    assert f["file_number"] == FILE_NO and [Path(d["name"]).name for d in f["documents"]] == ["a-bundle.pdf", "b-letter.png"]
    bundle, letter = f["documents"]
    roles = [p["role"] for p in bundle["page_roles"]]
    assert [p["page_no"] for p in bundle["page_roles"]] == [1, 2, 3, 4]
    assert roles[0] == "notesheet" and roles[2] == "blank" and roles[3] == "order", roles
    assert roles[1] in ("receipt", "issue"), roles
    assert all(0 < p["confidence"] <= 1 for p in bundle["page_roles"])
    assert bundle["operator"] == "ravi" and len(letter["page_roles"]) == 1
    human = sanchika(home, "file", "show", FILE_NO).stdout
    assert "notesheet" in human and "a-bundle.pdf" in human
    missing = sanchika(home, "file", "show", "no/such/file", check=False)
    assert missing.returncode == 6 and missing.stderr.startswith("error [not_found]")


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_export_efile_valid_and_byte_identical(batch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    home, _ = batch
    out = json.loads(sanchika(home, "export", "efile", FILE_NO, "--out", str(tmp_path / "a"), "--json").stdout)
    (pkg,) = out["packages"]
    path = Path(pkg["path"])
    assert path.parent == tmp_path / "a" and path.name == "fl-1187_Edu_2024"
    assert validate_efile_package(path) == []
    for p in path.rglob("*"):
        assert regex.fullmatch(r"[A-Za-z0-9()\-_]+(\.(pdf|json|csv))?", p.name), p
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    docs = manifest["documents"]
    assert [d["role"] for d in docs[:3]] == ["notesheet", docs[1]["role"], "order"]
    assert docs[0]["path"].startswith("Notes/") and docs[2]["path"].startswith("Issues/")
    assert [d["source_pages"] for d in docs[:3]] == [[1], [2], [4]] and docs[3]["source_pages"] == [1]
    assert all(d["digitised_by"] == "ravi" and d["department"] == "education" for d in docs)
    assert all(0 < d["ocr_confidence"] <= 1 and len(d["source_sha256"]) == 64 for d in docs)
    assert manifest["excluded"] == [{"role": "blank", "source_pages": [3], "source_sha256": docs[0]["source_sha256"]}]
    assert manifest["file"]["file_number"] == FILE_NO and "exported_at" not in manifest
    rows = list(csv.DictReader(io.StringIO((path / "manifest.csv").read_text(encoding="utf-8"))))
    assert [r["path"] for r in rows] == [d["path"] for d in docs]

    first = _tree(path)
    sanchika(home, "export", "efile", FILE_NO, "--out", str(tmp_path / "a"))  # in place
    sanchika(home, "export", "efile", FILE_NO, "--out", str(tmp_path / "b"))  # elsewhere
    assert _tree(path) == first and _tree(tmp_path / "b" / path.name) == first
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [path.name]  # no .part left behind

    bad = sanchika(home, "export", "efile", FILE_NO, "no/such/file", "--out", str(tmp_path / "c"), check=False)
    assert bad.returncode == 6 and bad.stderr.startswith("error [not_found]") and not (tmp_path / "c").exists()


def test_report_json_and_csv(batch) -> None:  # type: ignore[no-untyped-def]
    home, _ = batch
    r = json.loads(sanchika(home, "report", "--json").stdout)
    assert r["files"] == 1 and r["documents"] == 2 and r["pages"] == 5 == r["sheets_saved"]
    assert r["content_pages"] == 4 and r["blank_pages"] == 1 and 0 <= r["pages_needing_review"] <= 5
    (dep,) = r["departments"]
    assert dep["department"] == "education" and dep["files"] == 1 and dep["pages"] == 5
    assert sum(w["pages"] for w in r["weeks"]) == 5 and len(r["weeks"]) >= 12
    assert date.fromisoformat(r["date_to"]) >= date.fromisoformat(r["date_from"])

    rows = list(csv.DictReader(io.StringIO(sanchika(home, "report", "--csv").stdout)))
    assert rows[-1]["week"] == "total" and int(rows[-1]["pages"]) == 5 and int(rows[-1]["files"]) == 1
    (cell,) = rows[:-1]
    assert cell["department"] == "education" and int(cell["documents"]) == 2 and int(cell["sheets_saved"]) == 5
    assert set(cell) >= {"week", "files", "documents", "pages", "pages_needing_review", "sheets_saved"}

    past = json.loads(sanchika(home, "report", "--from", "2001-01-01", "--to", "2001-01-31", "--json").stdout)
    assert past["documents"] == 0 and past["departments"] == [] and len(past["weeks"]) == 5
    bad = sanchika(home, "report", "--from", "2024-02-01", "--to", "2024-01-01", check=False)
    assert bad.returncode == 2 and bad.stderr.startswith("error [usage]")
    assert "sheet(s) of paper" in sanchika(home, "report").stdout


def test_review_approve_names_the_verifier(batch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    home, report = batch
    doc_id = next(f["document_id"] for f in report["files"] if f["path"].endswith("a-bundle.pdf"))
    before = json.loads(sanchika(home, "file", "show", FILE_NO, "--json").stdout)
    assert {d["verified_by"] for d in before["documents"]} == {""}
    out = json.loads(sanchika(home, "review", "approve", doc_id, "--user", "asha", "--json").stdout)
    assert out["document_id"] == doc_id and out["verified_by"] == "asha"
    after = json.loads(sanchika(home, "file", "show", FILE_NO, "--json").stdout)
    assert {d["id"]: d["verified_by"] for d in after["documents"]}[doc_id] == "asha"
    sanchika(home, "export", "efile", FILE_NO, "--out", str(tmp_path), "--json")
    manifest = json.loads((tmp_path / "fl-1187_Edu_2024" / "manifest.json").read_text(encoding="utf-8"))
    assert {d["verified_by"] for d in manifest["documents"] if d["source_sha256"] == after["documents"][0]["sha256"]} == {"asha"}
    missing = sanchika(home, "review", "approve", "nosuchdoc", check=False)
    assert missing.returncode == 6 and "not_found" in missing.stderr


def test_process_hints_location_and_department(tmp_path) -> None:  # type: ignore[no-untyped-def]
    scans = tmp_path / "scans"
    scans.mkdir()
    # a letter whose text names no department: the operator's hint decides, and the location is kept
    (scans / "note.png").write_bytes(pagegen.image_bytes(page(["Please put up the papers tomorrow.", "Thank you."], 9), "PNG", dpi=200))
    home = tmp_path / "home"
    report = json.loads(sanchika(home, "process", str(scans), "--location", "Almirah 3", "--department", "PWD",
                                 "--file-number", "77/2/2020-PWD", "--json").stdout)
    (f,) = report["files"]
    assert f["status"] == "done" and f["department"] == "public_works" and f["file_number"] == "77/2/2020-PWD"
    shown = json.loads(sanchika(home, "file", "show", "77/2/2020-PWD", "--json").stdout)
    assert shown["location"] == "Almirah 3"
    bad = sanchika(home, "process", str(scans), "--department", "no such department", check=False)
    assert bad.returncode == 2 and "unknown department" in bad.stderr
