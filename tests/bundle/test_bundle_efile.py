"""The eFile migration package: layout, manifest, validation and byte-identical re-export."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from tests import pagegen
from workers.efile_export import EFileDocument, EFileSpec, validate_efile_package, write_efile_package

SHA = "ab" * 32


def pdf(seed: int, pages: int = 1) -> bytes:
    imgs = [pagegen.render_lines(pagegen.office_lines(seed + k, 6), dpi=72) for k in range(pages)]
    return pagegen.image_pdf(imgs, dpi=72)


def spec(**kw) -> EFileSpec:  # type: ignore[no-untyped-def]
    docs = (
        EFileDocument("cover", (1,), pdf(1), SHA, 0.91, "operator1", "", "File cover"),
        EFileDocument("notesheet", (2, 3), pdf(2, 2), SHA, 0.88, "operator1", "so.admin", "Noting"),
        EFileDocument("blank", (4,), pdf(9), SHA),
        EFileDocument("receipt", (5,), pdf(3), SHA, 0.93, "operator1", "so.admin", "कृषि भूमि के नामांतरण"),
        EFileDocument("order", (6,), pdf(4), SHA, None, "operator2", "so.admin"),
        EFileDocument("annexure", (7, 8), pdf(5, 2), SHA, 0.8, "operator2", ""),
    )
    base = dict(file_number="12/3/2019-Estt", subject="Transfer of teachers", department="education",
                location="Almirah 3, Box 12", documents=docs)
    return EFileSpec(**(base | kw))


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_package_layout_and_manifest(tmp_path: Path) -> None:
    out = write_efile_package(spec(), tmp_path)
    assert out.name == "fl-12_3_2019-Estt"
    assert validate_efile_package(out) == []
    files = sorted(tree(out))
    assert files == [
        "Issues/004-order-p0006-0006.pdf", "Notes/002-notesheet-p0002-0003.pdf", "Receipts/003-receipt-p0005-0005.pdf",
        "References/001-cover-p0001-0001.pdf", "References/005-annexure-p0007-0008.pdf", "manifest.csv", "manifest.json",
    ]
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    notes = m["documents"][1]
    assert (notes["pages"], notes["source_pages"], notes["verified_by"], notes["department"]) == (2, [2, 3], "so.admin", "education")
    assert notes["sha256"] == hashlib.sha256((out / notes["path"]).read_bytes()).hexdigest()
    assert m["excluded"] == [{"role": "blank", "source_pages": [4], "source_sha256": SHA}]
    assert "exported_at" not in m and m["file"]["location"] == "Almirah 3, Box 12"
    csv_lines = (out / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert csv_lines[0].startswith("seq,path,folder,role,pages,source_pages") and len(csv_lines) == 6


def test_export_twice_gives_identical_bytes(tmp_path: Path) -> None:
    a = write_efile_package(spec(), tmp_path / "a")
    b = write_efile_package(spec(), tmp_path / "b")
    assert tree(a) == tree(b)
    again = write_efile_package(spec(), tmp_path / "a")  # over an existing package
    assert tree(again) == tree(b)


def test_reexport_removes_stale_documents(tmp_path: Path) -> None:
    write_efile_package(spec(), tmp_path)
    smaller = spec(documents=spec().documents[:2])
    out = write_efile_package(smaller, tmp_path)
    assert validate_efile_package(out) == [] and not (out / "Receipts").exists()


def test_hindi_file_number_gets_a_safe_folder(tmp_path: Path) -> None:
    out = write_efile_package(spec(file_number="245/भू-अभि/2018"), tmp_path)
    assert out.name.startswith("fl-245_2018-h") and validate_efile_package(out) == []


def test_validator_finds_problems(tmp_path: Path) -> None:
    out = write_efile_package(spec(), tmp_path)
    (out / "Notes" / "002-notesheet-p0002-0003.pdf").write_bytes(pdf(7))
    (out / "Receipts" / "extra copy.pdf").write_bytes(pdf(8))
    (out / "Drafts").mkdir()
    problems = validate_efile_package(out)
    assert any("SHA-256" in p for p in problems)
    assert any("extra copy.pdf" in p and "characters" in p for p in problems)
    assert any("not in the manifest" in p for p in problems)
    assert any("Drafts: unexpected folder" in p for p in problems)


def test_unknown_role_is_refused(tmp_path: Path) -> None:
    from domain.errors import UsageError

    bad = spec(documents=(EFileDocument("memo", (1,), pdf(1), SHA),))
    with pytest.raises(UsageError):
        write_efile_package(bad, tmp_path)
