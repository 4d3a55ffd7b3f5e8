"""Language routing: one-script pages are read with a cheaper single-script language set.

The script comes for free from the preprocessing's line analysis (ocr/preprocess.py): a
Devanagari text line has a headline, its densest row; a Latin line has none. A page needs at
least three lines for a verdict. Routing (measured in docs/benchmarks.md, "Language routing"):

- every line Latin     -> ``lang_latin`` (``eng``): same CER on English pages, ~25-35 % less CPU;
- every line Devanagari -> ``lang_deva`` (``Devanagari``; the script model also knows Latin
  letters and digits, so an English word inside a Hindi line survives): ~25 % less Tesseract CPU
  with the engine kept loaded (ADR 0014), and fewer edits on pure Devanagari;
- anything else        -> the configured set (``Devanagari+eng``).

Safety net: a routed reading stands alone only when it is clean (ocr/judge.py): sound (mostly real
words, confidently) with no unsure line (``Judged.unsure_lines``: a line of 2+ words read unsurely, few
of them real words read surely). Otherwise the page is read again with the configured set, and:

- a set without a Devanagari model (``eng``): the routed reading is kept only if it scores better
  (ocr/judge.py; a tie keeps the configured set). Issue 17: a Hindi report page came out as "Re uf
  (Rifaa) F. 341/2004"; a Devanagari line read by ``eng`` holds listed Latin words read at 0.1-0.5;
- ``Devanagari`` alone: the configured set's reading is kept (issue 17, "do no harm"). Both sets read
  the page's Devanagari alike (scores within a few per cent either way, no signal to choose by); they
  differ on what is not Devanagari text, and an unsure line is such a thing (a signature scrawl read
  ``pp ahs on`` where ``Devanagari+eng`` reads ``So``, digits of a table, a stamp). On 75 pages called
  pure Devanagari (bench/ocr_route_deva.py, 2026-12-06), the 16 unclean routed readings had 300 edits,
  the configured set's 280 (choosing by score instead: 296); the 59 clean ones stay routed: 1,028
  edits against 1,164, and 25 % less Tesseract CPU than ``Devanagari+eng``.

A ``Devanagari`` reading whose letters are mostly Latin does not stand either, clean or not: the line shapes
called the page Devanagari and the reading says it is not (issue 17, docs/benchmarks.md "The page-script
verdict on real and generated pages": English set large, typed pages whose file claims half their dpi, a
ribbon-spread typewriter face; the run of merged letter tops looks like a headline). ``Devanagari`` reads such
a page's English a little worse than the configured set (a real 1927 newspaper column: "aecordance", "ohureh",
"he" for "be") and the page was flagged "Devanagari text not read as Devanagari"; the configured set reads it
as plain Tesseract does. Devanagari pages read by ``Devanagari`` come out in Devanagari letters (their English
words and digits are the few), so they are not read twice for this (ADR 0052).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ocr.judge import judge
from ocr.options import OcrOptions
from ocr.tesseract import TesseractOutput, installed_languages, run_tesseract

LATIN_MOSTLY = 0.5  # a routed Devanagari reading with more Latin letters than this share of its letters
READ_AS_LATIN = "read as Latin"  # the note of that fallback (ocr/upright.py: the page's later readings skip the route)

DEVANAGARI_MODELS = frozenset({"Devanagari", "hin", "mar", "san", "nep", "mai", "bih", "bho", "kok"})


def reads_devanagari(lang: str) -> bool:
    """Whether the language set has a model that reads Devanagari."""
    return any(code in DEVANAGARI_MODELS for code in lang.split("+"))


def latin_share(text: str) -> float:
    """Share of Latin letters among the Latin and Devanagari letters and vowel signs of a text (digits, dandas
    and other signs do not count); 0.0 without such letters."""
    latin = sum(1 for c in text if c.isalpha() and c.isascii())
    deva = sum(1 for c in text if "\u0900" <= c <= "\u0963" or "\u0970" <= c <= "\u097f")
    return latin / (latin + deva) if latin + deva else 0.0


def choose_lang(script: str, options: OcrOptions) -> tuple[str, str]:
    """(language set, a note for the page's steps)."""
    if not options.lang_routing or script not in ("latin", "deva"):
        return options.lang, f"lang:{options.lang}({script or 'unknown'})"
    lang = options.lang_latin if script == "latin" else options.lang_deva
    if not lang or lang == options.lang or any(code not in installed_languages() for code in lang.split("+")):
        return options.lang, f"lang:{options.lang}({script})"
    return lang, f"lang:{lang}({script})"


def keep_better(out: TesseractOutput, lang: str, image: np.ndarray, dpi: int, options: OcrOptions,
                *, timeout: float, pdf_image: bool = True) -> tuple[TesseractOutput, str, str]:
    """The routed result when it reads cleanly, else the configured set's (or, for a set without a
    Devanagari model, the better-scoring of the two)."""
    routed = judge(out)
    latin = reads_devanagari(lang) and latin_share(out.text) > LATIN_MOSTLY  # the page is not what its lines said
    if routed.sound and not routed.unsure_lines and not latin:  # no gibberish line either: those are unsure too
        return out, lang, ""
    full = run_tesseract(image, lang=options.lang, dpi=dpi, timeout=timeout, make_pdf=options.make_pdf,
                         pdf_image=pdf_image, library=options.tesseract_library)
    whole = judge(full)
    if not reads_devanagari(lang) and reads_devanagari(options.lang) and routed.score > whole.score:
        return replace(out), lang, f",kept({routed.note()}>{whole.note()})"
    if not reads_devanagari(lang):
        return full, options.lang, f",fallback:{options.lang}({routed.note()}<={whole.note()})"
    if latin:
        return full, options.lang, f",fallback:{options.lang}({READ_AS_LATIN}: {latin_share(out.text):.2f} of letters)"
    return full, options.lang, (f",fallback:{options.lang}(not clean: {routed.note()},{routed.unsure_lines} unsure,"
                                f"conf {routed.confidence:.2f})")
