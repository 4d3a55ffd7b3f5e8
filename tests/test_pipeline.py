"""End to end on the embedded default: a batch of generated scans (and every kind of bad input)
through real Tesseract, SQLite FTS5 and the local object store."""

from __future__ import annotations

import pytest

from sanchika.pipeline import process_batch
from sanchika.queries import Queries
from sanchika.settings import Settings
from storage import keys

from . import pagegen
from .scans import bad_batch, good_batch, page

OTHER_LINES = ["Block Development Officer, Panchayat Samiti Kishangarh", "Minutes of the Gram Sabha meeting"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("scans")
    good = good_batch(root / "batch")
    other_png = pagegen.image_bytes(page(OTHER_LINES, 21), "PNG", dpi=200)
    bad = bad_batch(root / "batch" / "problems", other_png)
    settings = Settings(home=tmp_path_factory.mktemp("home"), workers=2)
    report = process_batch([root / "batch"], settings, batch_name="t1", operator="tester")
    return settings, report, good, bad, root


def by_name(report, suffix):  # type: ignore[no-untyped-def]
    matches = [f for f in report.files if f.path.endswith(suffix)]
    assert len(matches) == 1, (suffix, [f.path for f in report.files])
    return matches[0]


def test_every_input_is_accounted_for(run) -> None:  # type: ignore[no-untyped-def]
    _, report, good, bad, _ = run
    # 3 good + 7 loose bad/odd files + 2 zip members
    assert len(report.files) == len(good) + (len(bad) - 1) + 2
    assert {f.status for f in report.files} <= {"done", "duplicate", "failed"}


@pytest.mark.parametrize("name,code", [
    ("zero.pdf", "input.empty"), ("truncated.pdf", "input.corrupt"), ("garbage.png", "input.corrupt"),
    ("locked.pdf", "input.encrypted"), ("huge.png", "input.too_large"), ("notes.txt", "input.unsupported"),
    ("evil.zip!../../escape.png", "input.unsafe_archive"),
])
def test_bad_inputs_fail_alone_with_their_code(run, name, code) -> None:  # type: ignore[no-untyped-def]
    _, report, *_ = run
    f = by_name(report, name)
    assert f.status == "failed"
    assert f.error is not None and f.error["code"] == code
    assert len(f.error["message"]) > 20


def test_same_content_twice_in_a_batch_is_a_duplicate(run) -> None:  # type: ignore[no-untyped-def]
    _, report, *_ = run
    # the same bytes twice in one batch: the first seen (sorted order: evil.zip) is processed,
    # the second is a duplicate pointing at it
    inner = by_name(report, "evil.zip!inner/ok.png")
    assert inner.status == "done" and inner.pages == 1
    mis = by_name(report, "mislabelled.pdf")
    assert mis.status == "duplicate" and mis.document_id == inner.document_id
    assert mis.sha256 == inner.sha256


def test_scanned_revenue_file_is_read_classified_and_linked(run) -> None:  # type: ignore[no-untyped-def]
    settings, report, *_ = run
    f = by_name(report, "revenue-file/notesheet.pdf")
    assert f.status == "done" and f.pages == 2 and f.pages_failed == 0
    assert f.department == "revenue"
    assert f.file_number == "245/भू-अभि/2018"
    doc = Queries(settings).document(f.document_id)
    text = "\n".join(p["text"] for p in doc["pages_detail"])
    assert "खसरा" in text and "पटवारी" in text
    assert all(p["source"] == "ocr" for p in doc["pages_detail"])
    assert doc["digital_file"]["file_number"] == "245/भू-अभि/2018"


def test_rotated_page_comes_out_upright(run) -> None:  # type: ignore[no-untyped-def]
    settings, report, *_ = run
    f = by_name(report, "education-order.png")
    assert f.status == "done" and f.department == "education"
    doc = Queries(settings).document(f.document_id)
    p = doc["pages_detail"][0]
    assert p["rotation"] == 180
    assert "Attendance of teachers" in p["text"]


def test_born_digital_page_uses_its_text_layer(run) -> None:  # type: ignore[no-untyped-def]
    settings, report, *_ = run
    f = by_name(report, "health-circular.pdf")
    assert f.status == "done" and f.department == "health"
    doc = Queries(settings).document(f.document_id)
    assert doc["pages_detail"][0]["source"] == "textlayer"
    assert "टीकाकरण" in doc["pages_detail"][0]["text"]


def test_outputs_are_in_the_object_store(run) -> None:  # type: ignore[no-untyped-def]
    import pdfplumber

    settings, report, *_ = run
    f = by_name(report, "revenue-file/notesheet.pdf")
    objects = settings.home / "objects"
    assert (objects / keys.original(f.sha256)).exists()
    pdf_path = objects / keys.document_pdf(f.sha256)
    with pdfplumber.open(pdf_path) as pdf:
        assert len(pdf.pages) == 2
        assert "Patwari" not in (pdf.pages[0].extract_text() or "")  # page 1 is Hindi only
        assert "1123" in (pdf.pages[0].extract_text() or "")
    assert (objects / keys.document_text(f.sha256)).exists()


def test_search_finds_hindi_and_english_words(run) -> None:  # type: ignore[no-untyped-def]
    settings, report, *_ = run
    q = Queries(settings)
    rev = by_name(report, "revenue-file/notesheet.pdf")
    hits = q.search("खसरा")
    assert hits and hits[0]["document_id"] == rev.document_id
    assert "«खसरा»" in hits[0]["snippet"]
    edu = by_name(report, "education-order.png")
    assert [h["document_id"] for h in q.search("teachers attendance")][:1] == [edu.document_id]
    assert q.search("खसरा", departments=["education"]) == []
    assert [h["document_id"] for h in q.search("Gram Sabha")] == [inner_doc(report)]
    assert q.search("कौसानी") == []  # no false match on a word sharing only consonants


def test_reupload_is_a_duplicate_pointing_at_the_existing_document(run) -> None:  # type: ignore[no-untyped-def]
    settings, report, good, *_ = run
    again = process_batch([good["education"]], settings, batch_name="t2")
    (f,) = again.files
    assert f.status == "duplicate"
    assert f.document_id == by_name(report, "education-order.png").document_id
    assert f.department == "education"


def inner_doc(report):  # type: ignore[no-untyped-def]
    return by_name(report, "evil.zip!inner/ok.png").document_id


def test_mislabelled_file_is_processed_as_its_real_type(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings, *_ = run
    path = tmp_path / "scan-0042.pdf"  # really a PNG
    path.write_bytes(pagegen.image_bytes(page(["Labour Officer inspection of the brick kiln"], 31), "PNG", dpi=200))
    (f,) = process_batch([path], settings).files
    assert f.status == "done" and f.pages == 1 and f.error is None
    assert Queries(settings).document(f.document_id)["kind"] == "png"
