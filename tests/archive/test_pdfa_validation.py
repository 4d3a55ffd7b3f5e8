"""Which document PDFs the PDF/A validator checks (SANCHIKA_PDFA_VALIDATE, ocr/pdfa.py):
``foreign`` validates a document with any page not of Sanchika's own forms every time, and a
document of own forms only while its forms are new to the process; ``always`` every document;
``never`` none, and then a document with foreign pages is not claimed. A validator that refuses an
own form (a writer library changed) takes that form's trust away for the rest of the process.
The validator runs for real; it is only counted (and made to refuse once, for the fault)."""

from __future__ import annotations

import io

import numpy as np
import pikepdf
import pytest

from ocr import pdfa
from ocr.searchable_pdf import assemble_pdf, image_page_pdf
from tests.ocr.legacy import lying


@pytest.fixture
def calls(monkeypatch):  # type: ignore[no-untyped-def]
    """The validator's verdicts, in order, as it is called."""
    seen: list[tuple[str, ...]] = []
    real = pdfa.validate

    def counted(pdf: bytes) -> tuple[str, ...]:
        seen.append(real(pdf))
        return seen[-1]

    monkeypatch.setattr(pdfa, "validate", counted)
    pdfa.forget_approved_forms()
    yield seen
    pdfa.forget_approved_forms()


def _image_doc(seed: int, pages: int = 2) -> bytes:
    rng = np.random.default_rng(seed)
    return assemble_pdf([image_page_pdf((250 - rng.integers(0, 4, (300, 200))).astype(np.uint8), 72)
                         for _ in range(pages)])


def _claims(pdf: bytes) -> bool:
    with pikepdf.open(io.BytesIO(pdf)) as p:
        return p.open_metadata().get("pdfaid:part") == "2" and "/OutputIntents" in p.Root


def test_foreign_validates_the_first_document_of_an_own_form_then_trusts_the_producer(calls) -> None:  # type: ignore[no-untyped-def]
    first = pdfa.archival_pdf(_image_doc(1), forms=("image", "image"), validation="foreign")
    second = pdfa.archival_pdf(_image_doc(2), forms=("image", "image"), validation="foreign")
    assert (first.basis, second.basis) == ("validator", "producer") and len(calls) == 1
    assert first.pdfa and second.pdfa and _claims(second.pdf)
    assert pdfa.validate(second.pdf) == ()  # what the producer's form promised holds


def test_foreign_validates_every_document_with_a_foreign_page(calls) -> None:  # type: ignore[no-untyped-def]
    letter = lying.not_embedded_pdf(["Office of the CMHO"], "Arial")  # a born-digital page reused as is: font not embedded
    mixed = assemble_pdf([_image_doc(3, pages=1), letter])
    pdfa.archival_pdf(_image_doc(4), forms=("image", "image"), validation="foreign")  # "image" is approved now
    for _ in range(2):
        out = pdfa.archival_pdf(mixed, forms=("image", ""), validation="foreign")
        assert not out.pdfa and out.problems and not _claims(out.pdf)
    unknown = pdfa.archival_pdf(_image_doc(5), forms=None, validation="foreign")  # no producer named
    assert unknown.basis == "validator" and len(calls) == 4


def test_forms_that_do_not_match_the_pages_are_foreign(calls) -> None:  # type: ignore[no-untyped-def]
    pdfa.archival_pdf(_image_doc(6), forms=("image", "image"), validation="foreign")
    out = pdfa.archival_pdf(_image_doc(7, pages=3), forms=("image", "image"), validation="foreign")
    assert out.basis == "validator" and len(calls) == 2


def test_always_validates_every_document(calls) -> None:  # type: ignore[no-untyped-def]
    for seed in (8, 9):
        assert pdfa.archival_pdf(_image_doc(seed), forms=("image", "image"), validation="always").basis == "validator"
    assert len(calls) == 2


def test_never_claims_own_forms_and_leaves_foreign_pages_plain(calls) -> None:  # type: ignore[no-untyped-def]
    own = pdfa.archival_pdf(_image_doc(10), forms=("image", "image"), validation="never")
    assert own.pdfa and own.basis == "producer" and _claims(own.pdf)
    foreign = pdfa.archival_pdf(_image_doc(11), forms=("image", ""), validation="never")
    assert not foreign.pdfa and not _claims(foreign.pdf) and "never" in foreign.problems[0]
    assert calls == []


def test_a_refused_own_form_is_validated_every_time_after(calls, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    pdfa.archival_pdf(_image_doc(12), forms=("image", "image"), validation="foreign")
    pdfa.forget_approved_forms()
    counted = pdfa.validate
    monkeypatch.setattr(pdfa, "validate", lambda pdf: ("6.2.11.4.1: injected fault",))  # the library changed
    refused = pdfa.archival_pdf(_image_doc(13), forms=("image", "image"), validation="foreign")
    assert not refused.pdfa and not _claims(refused.pdf) and "image" in caplog.text
    monkeypatch.setattr(pdfa, "validate", counted)
    for seed in (14, 15):
        again = pdfa.archival_pdf(_image_doc(seed), forms=("image", "image"), validation="foreign")
        assert again.pdfa and again.basis == "validator"
    assert len(calls) == 3


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError):
        pdfa.archival_pdf(_image_doc(16), validation="sometimes")


def _pages(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as p:
        return len(p.pages)


def test_the_canary_of_a_long_document_validates_a_sample_of_each_new_form(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A 6-page document of two new own forms: the validator sees its first two pages of each form
    (4 pages), not all 6; both forms are approved then, and what the producer promised holds for the
    whole document."""
    seen: list[int] = []
    real = pdfa.validate
    monkeypatch.setattr(pdfa, "validate", lambda pdf: (seen.append(_pages(pdf)), real(pdf))[1])
    pdfa.forget_approved_forms()
    try:
        out = pdfa.archival_pdf(_image_doc(16, pages=6), forms=("ocr", "image", "ocr", "image", "ocr", "image"),
                                validation="foreign")
        assert out.pdfa and out.basis == "producer" and out.pages == 6 and _claims(out.pdf)
        assert seen == [4]
        assert real(out.pdf) == ()  # the whole document conforms, as the sample said
        again = pdfa.archival_pdf(_image_doc(17, pages=3), forms=("ocr", "image", "ocr"), validation="foreign")
        assert again.basis == "producer" and seen == [4]
    finally:
        pdfa.forget_approved_forms()


def test_a_refused_sample_sends_the_whole_document_to_the_validator(monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    seen: list[int] = []
    monkeypatch.setattr(pdfa, "validate", lambda pdf: (seen.append(_pages(pdf)), ("6.2.11.4.1: injected fault",))[1])
    pdfa.forget_approved_forms()
    try:
        out = pdfa.archival_pdf(_image_doc(18, pages=5), forms=("image",) * 5, validation="foreign")
        assert seen == [2, 5] and not out.pdfa and not _claims(out.pdf) and out.problems
        assert "image" in caplog.text
    finally:
        pdfa.forget_approved_forms()
