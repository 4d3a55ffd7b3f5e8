"""Language routing: one-script pages are read with a cheaper single-script language set.

The script comes for free from the preprocessing's line analysis (ocr/preprocess.py): a
Devanagari text line has a headline, its densest row; a Latin line has none. A page needs at
least three lines for a verdict. Routing (measured in docs/benchmarks.md, "Language routing"):

- every line Latin     -> ``lang_latin`` (``eng``): same CER on English pages, ~25-35 % less CPU;
- every line Devanagari -> ``lang_deva`` (``Devanagari``; the script model also knows Latin
  letters and digits, so an English word inside a Hindi line survives): ~30-45 % less CPU;
- anything else        -> the configured set (``Devanagari+eng``).

Safety nets:
- a set without a Devanagari model (``eng``) is kept only on strong evidence of no Devanagari,
  checked by reading (issue 17: a Hindi report page came out as "Re uf (Rifaa) F. 341/2004"): the
  routed reading must be sound (ocr/judge.py: mostly real words, confidently) with no line of
  gibberish, counting as real only the words read surely (``Judged.unsure_lines``: a Devanagari line read
  by ``eng`` holds listed Latin words read at 0.1-0.5). Otherwise the page is read again with the
  configured set, and the routed reading is kept only if it scores better (ocr/judge.py; a tie keeps the configured set);
- any other routed set: when the run's mean word confidence is under ``FALLBACK_CONFIDENCE`` (a
  line misjudged, an unusual font), the page is read again with the configured set and the more
  confident result is kept.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ocr.judge import judge
from ocr.options import OcrOptions
from ocr.tesseract import TesseractOutput, installed_languages, run_tesseract

FALLBACK_CONFIDENCE = 0.70
DEVANAGARI_MODELS = frozenset({"Devanagari", "hin", "mar", "san", "nep", "mai", "bih", "bho", "kok"})


def reads_devanagari(lang: str) -> bool:
    """Whether the language set has a model that reads Devanagari."""
    return any(code in DEVANAGARI_MODELS for code in lang.split("+"))


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
    """The routed result, or the configured set's when the routed one looks unsure."""
    latin_only = not reads_devanagari(lang) and reads_devanagari(options.lang)
    if latin_only:
        routed = judge(out)
        if routed.sound and not routed.unsure_lines:  # no gibberish line either: those are unsure too
            return out, lang, ""
    elif out.words and out.confidence >= FALLBACK_CONFIDENCE:
        return out, lang, ""
    full = run_tesseract(image, lang=options.lang, dpi=dpi, timeout=timeout, make_pdf=options.make_pdf,
                         pdf_image=pdf_image, library=options.tesseract_library)
    if latin_only:
        whole = judge(full)
        if routed.score > whole.score:
            return replace(out), lang, f",kept({routed.note()}>{whole.note()})"
        return full, options.lang, f",fallback:{options.lang}({routed.note()}<={whole.note()})"
    if full.confidence > out.confidence:
        return full, options.lang, f",fallback:{options.lang}({out.confidence:.2f}<{full.confidence:.2f})"
    return replace(out), lang, f",kept({out.confidence:.2f}>={full.confidence:.2f})"
