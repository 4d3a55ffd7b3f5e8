"""Language routing: one-script pages get the cheaper single-script set, mixed pages the full set."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from domain.types import FileKind
from ocr import OcrOptions, read_page
from ocr.preprocess import preprocess
from ocr.routing import choose_lang
from ocr.tesseract import run_tesseract
from tests import pagegen
from tests.ocr.conftest import write

OPTS = OcrOptions()


def _page(english_share: float, seed: int, **damage):  # type: ignore[no-untyped-def]
    lines = pagegen.office_lines(seed=seed, n=10, english_share=english_share)
    if english_share == 0.0:  # Hindi prose (a line of mostly digits is not one-script: it stays mixed)
        lines = [x for x in pagegen.HINDI_LINES if not any(c.isdigit() for c in x)][:9]
    elif english_share == 1.0:
        lines = list(pagegen.ENGLISH_LINES)
    else:
        lines = list(pagegen.HINDI_LINES[:5]) + list(pagegen.ENGLISH_LINES[:4])
    img = pagegen.render_lines(lines, size="A5", font=pagegen.DEFAULT_FONT if english_share == 0.0 else pagegen.SERIF_FONT)
    return pagegen.degrade(img, seed=seed, **damage) if damage else img


@pytest.mark.parametrize(
    ("share", "damage", "script"),
    [
        (1.0, {}, "latin"),
        (1.0, {"skew": 3.0, "noise": 6}, "latin"),
        (0.0, {}, "deva"),
        (0.0, {"rotate": 180, "skew": -2.0}, "deva"),
        (0.5, {}, "mixed"),
        (0.5, {"skew": 4.0, "low_contrast": True}, "mixed"),
    ],
)
def test_script_of_page(share: float, damage: dict, script: str) -> None:
    pre = preprocess(np.asarray(_page(share, 3, **damage)), 300, OPTS)
    if script == "deva":  # the safe failure is "mixed" (full set); a Hindi page is never read as English
        assert pre.script in ("deva", "mixed")
    else:
        assert pre.script == script


def test_choose_lang() -> None:
    assert choose_lang("latin", OPTS)[0] == "eng"
    assert choose_lang("deva", OPTS)[0] == "Devanagari"
    assert choose_lang("mixed", OPTS)[0] == "Devanagari+eng"
    assert choose_lang("", OPTS)[0] == "Devanagari+eng"
    assert choose_lang("latin", dataclasses.replace(OPTS, lang_routing=False))[0] == "Devanagari+eng"


def test_english_page_is_read_with_eng(tmp_path: Path) -> None:
    path = write(tmp_path, "en.png", pagegen.image_bytes(_page(1.0, 5)))
    page = read_page(path, FileKind.PNG, 1, dataclasses.replace(OPTS, make_pdf=False)).text
    assert page.lang == "eng" and "lang:eng(latin)" in page.steps
    assert pagegen.cer("\n".join(pagegen.ENGLISH_LINES), page.text) < 0.02, page.text


def test_mixed_page_keeps_both_languages(tmp_path: Path) -> None:
    path = write(tmp_path, "mixed.png", pagegen.image_bytes(_page(0.5, 6)))
    page = read_page(path, FileKind.PNG, 1, dataclasses.replace(OPTS, make_pdf=False)).text
    assert page.lang == "Devanagari+eng"
    assert "शिक्षा" in page.text and "Revenue Department" in page.text


def test_hindi_page_read_with_eng_alone_is_read_again_with_devanagari() -> None:
    """Routing to a set without a Devanagari model needs a sound reading with no gibberish line
    (issue 17: a Hindi report page came out as English words)."""
    from ocr.routing import keep_better, reads_devanagari

    image = np.asarray(_page(0.0, 7))
    routed = run_tesseract(image, lang="eng", make_pdf=False)
    out, lang, note = keep_better(routed, "eng", image, 300, dataclasses.replace(OPTS, make_pdf=False), timeout=60)
    assert lang == "Devanagari+eng" and reads_devanagari(lang) and "fallback" in note, note
    assert "शिक्षा" in out.text or "कार्यालय" in out.text, out.text


def test_reads_devanagari() -> None:
    from ocr.routing import reads_devanagari

    assert reads_devanagari("Devanagari+eng") and reads_devanagari("hin") and not reads_devanagari("eng")


A5_HINDI = "मुख्य चिकित्सा एवं स्वास्थ्य अधिकारी द्वारा टीकाकरण शिविर"
A5_ENGLISH = ["Office of the Chief Medical and Health Officer, Udaipur", "No. 560/CMHO/2021 dated 02.02.2021",
              "Subject: Vaccination camps at primary health centres"]


@pytest.mark.parametrize("seed", [0, 86])
def test_one_hindi_line_under_english_ones_is_read_with_devanagari(tmp_path: Path, seed: int) -> None:
    """An A5 page of three English lines and one Hindi line is taken for all-Latin by the line
    shapes (the headline row of a line across most of a narrow page is dropped with the rules);
    ``eng`` reads the Hindi line as listed Latin words at 0.1-0.5 ("FRA Fafencan Ud caren ..."),
    which hid it from the gibberish count: the page must still come out with its Hindi line."""
    img = pagegen.render_lines([*A5_ENGLISH, A5_HINDI], dpi=200, size="A5")
    img = pagegen.degrade(img, seed=seed, noise=3) if seed else img
    path = write(tmp_path, "a5.png", pagegen.image_bytes(img, "PNG", dpi=200))
    page = read_page(path, FileKind.PNG, 1, dataclasses.replace(OPTS, make_pdf=False)).text
    assert page.lang != "eng", page.steps
    assert pagegen.cer(A5_HINDI, page.text.strip().splitlines()[-1]) < 0.1, page.text
    assert pagegen.cer("\n".join(A5_ENGLISH), "\n".join(page.text.strip().splitlines()[:-1])) < 0.05, page.text


@pytest.mark.parametrize(("font", "seed"), [("lohit", 2), ("sarai", 3)])
def test_hindi_note_with_a_signature_reads_no_worse_than_plain_tesseract(tmp_path: Path, font: str, seed: int) -> None:
    """A pure-Hindi note with a signature scrawl (tests/freshshapes.py, tuning fonts): ``Devanagari`` alone
    read the scrawl as a line of Latin letter groups at 0.0-0.3 ("pe Eimiomsss s LSS"), worse than plain
    ``tesseract -l Devanagari+eng`` on the page as scanned (issue 17, do no harm). A routed reading with an
    unsure line does not stand alone: the configured set reads the page and its reading is kept."""
    from tests import freshshapes

    page = freshshapes.make("note", font, seed)
    image, dpi = freshshapes.scan(page, 0)
    path = write(tmp_path, "note.png", pagegen.image_bytes(Image.fromarray(image), "PNG", dpi=dpi))
    read = read_page(path, FileKind.PNG, 1, dataclasses.replace(OPTS, make_pdf=False)).text
    plain = run_tesseract(image, lang="Devanagari+eng", dpi=dpi, make_pdf=False)
    assert any(step.startswith("lang:Devanagari(deva),fallback:Devanagari+eng") for step in read.steps), read.steps
    assert read.lang == "Devanagari+eng", read.steps
    assert pagegen.cer(page.text, read.text) <= pagegen.cer(page.text, plain.text), (read.text, plain.text)


def test_clean_hindi_note_stays_routed_to_devanagari(tmp_path: Path) -> None:
    """A pure-Hindi note whose ``Devanagari`` reading is clean (its scrawl read as one short group) is read
    once, with ``Devanagari`` alone: on pure Devanagari it reads as well as the full set, with 25 % less
    Tesseract CPU (docs/benchmarks.md)."""
    from tests import freshshapes

    image, dpi = freshshapes.scan(freshshapes.make("note", "gargi", 1), 0)
    path = write(tmp_path, "note.png", pagegen.image_bytes(Image.fromarray(image), "PNG", dpi=dpi))
    read = read_page(path, FileKind.PNG, 1, dataclasses.replace(OPTS, make_pdf=False)).text
    assert read.lang == "Devanagari" and "lang:Devanagari(deva)" in read.steps, read.steps


def test_latin_share() -> None:
    from ocr.routing import latin_share

    assert latin_share("In accordance with custom 1927") == 1.0
    assert latin_share("शिक्षा विभाग २०२४ 2024") == 0.0
    assert 0.2 < latin_share("शिक्षा विभाग Revenue") < 0.5
    assert latin_share("2024/1187 ।") == 0.0


def test_english_page_read_by_devanagari_alone_is_read_again_with_the_configured_set() -> None:
    """A page the line shapes call Devanagari (issue 17: English set large, typed pages whose file claims half
    their dpi) is routed to ``Devanagari`` alone, which reads clean English a little worse than the configured
    set; a routed reading mostly in Latin letters does not stand, however clean."""
    from ocr.routing import keep_better

    image = np.asarray(_page(1.0, 8).convert("L"))
    opts = dataclasses.replace(OPTS, make_pdf=False)
    routed = run_tesseract(image, lang="Devanagari", make_pdf=False)
    out, lang, note = keep_better(routed, "Devanagari", image, 300, opts, timeout=60)
    assert lang == "Devanagari+eng" and "read as Latin" in note, note
    assert out.text == run_tesseract(image, lang="Devanagari+eng", make_pdf=False).text


@pytest.mark.parametrize("seed", [0, 1])
def test_typed_english_page_called_devanagari_reads_as_plain_tesseract(tmp_path: Path, seed: int) -> None:
    """A ribbon-spread typewriter page scanned at 600 dpi and saved without its dpi (tests/latinshapes.py): its
    merged letter tops look like headlines, the page is called Devanagari. It was read by ``Devanagari`` alone
    and flagged "Devanagari text not read as Devanagari"; it must read as the configured set reads it, unflagged
    for Devanagari."""
    from ocr.quality import DEVANAGARI_UNREAD
    from tests import latinshapes

    img = latinshapes.make("typewriter", seed)
    path = write(tmp_path, "typed.png", pagegen.image_bytes(img, "PNG", dpi=None))  # saved without its dpi
    page = read_page(path, FileKind.PNG, 1, dataclasses.replace(OPTS, make_pdf=False)).text
    assert page.lang != "Devanagari", page.steps
    assert not any(r.startswith(DEVANAGARI_UNREAD) for r in page.quality_reasons), page.quality_reasons


def test_page_read_as_latin_once_is_not_routed_to_devanagari_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A typed English page called Devanagari (tests/latinshapes.py typewriter s0) with fill-in rules under four of its
    lines: its reading is not clean, so it is also read without the rules (ADR 0034). Its ``Devanagari`` reading came
    out mostly Latin and was read again with the configured set (ADR 0052); the reading without the rules, and any
    later reading of the page, go to the configured set directly: one thrown-away reading, not one per reading."""
    from PIL import ImageDraw

    import ocr.tesseract
    from tests import latinshapes

    img = latinshapes.make("typewriter", 0)
    draw = ImageDraw.Draw(img)
    for line in (3, 7, 11, 15):  # the typed lines' baselines: 600 px + 160 px a line
        draw.line([(400, 612 + 160 * line), (img.width - 400, 612 + 160 * line)], fill=0, width=6)
    path = write(tmp_path, "typed.png", pagegen.image_bytes(img, "PNG", dpi=None))
    calls: list[str] = []
    run = ocr.tesseract._run_command

    def counted(image: np.ndarray, **kw):  # type: ignore[no-untyped-def]
        calls.append(kw["lang"])
        return run(image, **kw)

    monkeypatch.setattr(ocr.tesseract, "_run_command", counted)
    opts = dataclasses.replace(OPTS, make_pdf=False, watchdog=False)
    page = read_page(path, FileKind.PNG, 1, opts).text
    routed = list(calls)
    calls.clear()
    plain = read_page(path, FileKind.PNG, 1, dataclasses.replace(opts, lang_routing=False)).text
    assert any("read as Latin" in s for s in page.steps) and any(s.startswith("rules:") for s in page.steps), page.steps
    assert routed.count("Devanagari") == 1 and len(routed) == len(calls) + 1, (routed, calls)
    assert (page.text, page.rotation, page.lang) == (plain.text, plain.rotation, plain.lang)
