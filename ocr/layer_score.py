"""Judge a text layer's text: the checks that decide whether it is trusted instead of OCR.

A layer is trusted only if none of the checks below fires (each adds a finding):

- enough letters;
- no legacy-font names on a noticeable share of characters (a converted layer is judged
  without the fonts it converted);
- few unmapped glyphs ((cid:N), U+FFFD, private-use or control characters);
- Devanagari text: few structural impossibilities (a word starting with a vowel sign, a vowel
  sign after an independent vowel or after another vowel sign, virama before a vowel sign),
  Devanagari glued to a Latin letter ("किF"), common Hindi function words on longer pages, and a
  fair share of its words in the Hindi word list;
- Latin text: not legacy-font keystrokes (ocr/reading.py), and on a page of many Latin words a
  fair share of them in the English word list (keystrokes of a legacy font under a plain font name
  read as neither language: "saimmailat", "keâejCe");
- few letters of an unexpected script (Latin-1 / Latin Extended / Greek: upper-half legacy
  encodings such as DV-TT, Chanakya or APS-DV);
- not a page image with only a few words of text on it, not a scan under an invisible text layer,
  no large image without text over it (docs/adr/0017).
"""

from __future__ import annotations

import re
import unicodedata

import regex

from domain.text import devanagari_share
from ocr.legacy.registry import LEGACY_FONT
from ocr.reading import MIN_LETTERS, dictionary_share, read

_CID = re.compile(r"\(cid:\d+\)")
_DEVA_WORD = regex.compile(r"[\u0900-\u097F\uA8E0-\uA8FF]+")
_VOWEL_SIGN = "\u093a-\u094c\u094e\u094f\u0955-\u0957\u0962\u0963"
_ANOMALIES = regex.compile(
    rf"(?:^[{_VOWEL_SIGN}\u094d\u093c\u0900-\u0903])"  # word starts with a sign
    rf"|(?:[\u0904-\u0914\u0960\u0961\u0972-\u0977][{_VOWEL_SIGN}])"  # independent vowel + sign
    rf"|(?:[\u093e-\u094c][\u093e-\u094c])"  # two vowel signs
    rf"|(?:\u094d[{_VOWEL_SIGN}\u094d])"  # virama + vowel sign / virama
)
_MIXED_SCRIPT = regex.compile(r"[\u0900-\u097F][A-Za-z]|[A-Za-z][\u0900-\u097F]")  # e.g. "किF"
_COMMON_HINDI = frozenset(
    "के की का में है और से को एवं द्वारा पर लिए कि यह तथा हैं किया था थी ने भी इस जो दिनांक "
    "विषय श्री जिला कार्यालय सरकार विभाग संबंध सम्बन्ध प्रति".split()
)
BARE_IMAGE_SHARE = 0.20  # an image this share of the page with no text over it holds content of its own
MIN_DICT_SHARE = 0.30  # of Devanagari words (2+ letters) found in the Hindi word list
MIN_DICT_WORDS = 10  # words needed for that check (a 3-line Hindi note has about 17)
MIN_ENGLISH_SHARE = 0.30  # of Latin words (3+ letters) in the English word list, on pages of ...
MIN_ENGLISH_WORDS = 20  # ... this many Latin words


def _holes(text: str) -> int:
    return len(_CID.findall(text)) + sum(
        1 for c in text if c == "\ufffd" or unicodedata.category(c) == "Co" or (c < " " and c not in "\r\n")
    )


def _devanagari_findings(clean: str, share: float, info: list[str]) -> tuple[list[str], float]:
    findings: list[str] = []
    penalty = 0.0
    words = _DEVA_WORD.findall(clean)
    bad = sum(len(_ANOMALIES.findall(w)) for w in words) + len(_MIXED_SCRIPT.findall(clean))
    rate = bad / max(len(words), 1)
    if rate > 0.03:
        findings.append(f"broken-unicode:{rate:.2f}")
        penalty += min(0.7, rate * 5)
    common = sum(1 for w in words if w in _COMMON_HINDI)
    if share >= 0.3 and len(words) >= 40 and common < 0.04 * len(words):
        findings.append(f"few-common-hindi-words:{common}/{len(words)}")
        penalty += 0.4
    dict_share, counted = dictionary_share(clean)
    info.append(f"dictionary:{dict_share:.2f}")
    if counted >= MIN_DICT_WORDS and dict_share < MIN_DICT_SHARE:
        findings.append(f"few-dictionary-words:{dict_share:.2f}")
        penalty += 0.4
    penalty += 0.3 * max(0.0, 0.8 - dict_share) if counted >= 20 else 0.0  # ranks candidates
    return findings, penalty


def _latin_findings(clean: str, info: list[str]) -> tuple[list[str], float]:
    findings: list[str] = []
    penalty = 0.0
    reading = read(clean)
    if reading.keystrokes:
        findings.append(f"latin-gibberish:odd={reading.latin_odd:.2f},k={reading.k_share:.2f},"
                        f"kruti-pairs={reading.kruti_pairs:.2f}")
        penalty += 0.6
    elif reading.latin_words >= MIN_ENGLISH_WORDS and reading.english_known < MIN_ENGLISH_SHARE:
        findings.append(f"few-english-words:{reading.english_known:.2f}")
        penalty += 0.5
    info.append(f"latin-odd:{reading.latin_odd:.2f}")
    info.append(f"english:{reading.english_known:.2f}")
    return findings, penalty


def _page_findings(image_cover: float, letters: int, invisible: float, bare_image: float) -> tuple[list[str], float]:
    findings: list[str] = []
    penalty = 0.0
    if image_cover > 0.5 and letters < 200:
        findings.append(f"image-page-little-text:{image_cover:.2f}")
        penalty += 0.5
    if image_cover > 0.5 and invisible > 0.5:
        findings.append(f"ocr-layer-over-scan:invisible={invisible:.2f},image={image_cover:.2f}")
        penalty += 0.5
    if bare_image >= BARE_IMAGE_SHARE:
        findings.append(f"image-without-text:{bare_image:.2f}")
        penalty += 0.5
    return findings, penalty


def score_text(
    text: str, fonts: dict[str, int], image_cover: float = 0.0, *, invisible: float = 0.0,
    bare_image: float = 0.0,
) -> tuple[bool, float, tuple[str, ...]]:
    """Judge extracted text. ``fonts`` maps font name to its number of characters; ``image_cover``
    the share of the page under images, ``invisible`` the share of the characters drawn invisibly
    (text render mode 3), ``bare_image`` the page share of the largest image with no text over it.
    Returns (trusted, score 0..1, ("trusted"|"rejected", findings..., info...))."""
    findings: list[str] = []
    score = 1.0
    holes = _holes(text)
    clean = _CID.sub("", text)
    letters = sum(1 for c in clean if c.isalpha())
    share = devanagari_share(clean)
    info = [f"letters:{letters}", f"devanagari:{share:.2f}"]
    if letters < MIN_LETTERS:
        findings.append(f"too-little-text:{letters}")
        score = 0.0
    total_chars = sum(fonts.values()) or 1
    legacy = {f: n for f, n in fonts.items() if LEGACY_FONT.search(f)}
    if sum(legacy.values()) > 0.05 * total_chars:
        findings.append("legacy-font:" + ",".join(sorted(legacy)))
        score -= 0.6
    if holes > 0.02 * (letters + holes):
        findings.append(f"unmapped-glyphs:{holes}")
        score -= 0.5
    unexpected = sum(1 for c in clean if "\u00c0" <= c <= "\u03ff" and c.isalpha())
    if unexpected >= 10 and unexpected > 0.05 * letters:
        findings.append(f"unexpected-letters:{unexpected / max(letters, 1):.2f}")
        score -= 0.6
    # Devanagari checks on a Devanagari page, and on the Hindi lines of an English page (their rates
    # are per Devanagari word, so a few broken Hindi lines on an English page are still seen)
    if letters >= MIN_LETTERS and (share >= 0.3 or len(_DEVA_WORD.findall(clean)) >= 5):
        more, penalty = _devanagari_findings(clean, share, info)
        findings += more
        score -= penalty
    if share < 0.7 and letters >= MIN_LETTERS:
        more, penalty = _latin_findings(clean, info)
        findings += more
        score -= penalty
    more, penalty = _page_findings(image_cover, letters, invisible, bare_image)
    findings += more
    score -= penalty
    trusted = not findings
    head = "trusted" if trusted else "rejected"
    return trusted, max(0.0, min(1.0, score)), (head, *findings, *info)
