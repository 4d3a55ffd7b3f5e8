"""What a file cover (or the first notesheet page) says about the file.

    info = read_cover(text)        # CoverInfo: file number, subject, department, section, year, volume, pages
    efile_safe_name("12/3/2019-Estt")  ->  "fl-12_3_2019-Estt"

e-Office names: a file's folder in the migration package is ``fl-<file number with / as _>`` and
may hold only ASCII letters, digits, ``(``, ``)``, ``-`` and ``_``. A file number itself is valid
for e-Office when it uses only ASCII letters, digits and ``/ - ( ) . _`` (see
:func:`file_number_problems`); a Hindi file number (``245/भू-अभि/2018``) is kept as read but gets
a safe name with the Devanagari run replaced by a short hash, so two files never share a folder.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import regex

from classify.extract import find_file_numbers, find_subject, normalize_file_number
from classify.page_roles import prep_text
from classify.taxonomy import resolve

_ALLOWED_FILE_NUMBER = regex.compile(r"[A-Za-z0-9/\-()._]+")
_SAFE_NAME = regex.compile(r"fl-[A-Za-z0-9()\-_]+")

_FN_LABEL = regex.compile(
    r"(?<![\p{L}\p{M}])(?:file\s*no|f\s*\.\s*no|नस्ती\s*(?:क्रमांक|क्र|संख्या)|फाइल\s*(?:क्रमांक|संख्या|नं|सं)|पत्रावली\s*(?:क्रमांक|संख्या))"
    r"\s*\.?\s*[:\-–ः]?\s*(?P<fn>[^\n]+)",
    regex.IGNORECASE,
)
_DEPT_LABEL = regex.compile(
    r"(?<![\p{L}\p{M}])(?:department|dept|विभाग)\s*\.?\s*[:\-–ः]\s*(?P<v>[^\n]+)", regex.IGNORECASE
)
_SECTION_LABEL = regex.compile(
    r"(?<![\p{L}\p{M}])(?:section|branch|शाखा|अनुभाग|प्रकोष्ठ)\s*\.?\s*[:\-–ः]\s*(?P<v>[^\n]+)", regex.IGNORECASE
)
_YEAR_LABEL = regex.compile(
    r"(?<![\p{L}\p{M}])(?:year|वर्ष|सन्|opened\s+on|प्रारंभ\s+दिनांक|खोलने\s+की\s+तिथि)\s*\.?\s*[:\-–ः]?\s*[^\n]*?(?P<y>(?:19|20)\d\d)",
    regex.IGNORECASE,
)
_VOLUME = regex.compile(
    r"(?<![\p{L}\p{M}])(?P<k>volume|vol|part|खंड|भाग|वॉल्यूम)\s*\.?\s*(?:no\.?|क्रमांक|संख्या)?\s*[:\-–ः]?\s*(?P<v>[0-9]{1,3}|[IVX]{1,5}|[A-D])(?![\p{L}\p{M}\p{N}])",
    regex.IGNORECASE,
)
_PAGES = regex.compile(
    r"(?<![\p{L}\p{M}])(?:कुल\s*पृष्ठ(?:\s*संख्या)?|पृष्ठ\s*संख्या|total\s*(?:no\.?\s*of\s*)?pages?|no\.?\s*of\s*pages|pages)"
    r"\s*[:\-–ः]?\s*(?P<n>\d{1,4})(?!\d)",
    regex.IGNORECASE,
)
_LABEL_LINE = regex.compile(r"^\s*[\p{L}\p{M} /.]{1,25}\s*[:：ः]", regex.MULTILINE)  # "विभाग: ..." starts a field
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


@dataclass(frozen=True, slots=True)
class CoverInfo:
    file_number: str | None
    file_number_problems: tuple[str, ...]  # why e-Office would reject it (empty: valid)
    safe_name: str | None  # efile_safe_name(file_number)
    subject: str | None
    department: str | None  # a taxonomy key
    section: str | None
    opening_year: int | None
    volume: int | None  # volume / part number
    stated_pages: int | None  # "कुल पृष्ठ 45", "Total pages: 45"
    evidence: tuple[str, ...] = ()


def file_number_problems(file_number: str) -> tuple[str, ...]:
    """Why e-Office would not accept this file number as typed (empty when it would)."""
    problems = []
    if not file_number.strip():
        return ("empty file number",)
    bad = sorted({c for c in file_number if not _ALLOWED_FILE_NUMBER.fullmatch(c)})
    if bad:
        shown = "".join(c for c in bad if not c.isspace())
        problems.append(
            "characters e-Office does not allow: " + (repr(shown) if shown else "") + (" spaces" if any(c.isspace() for c in bad) else "")
        )
    if len(file_number) > 100:
        problems.append("longer than 100 characters")
    if not any(c.isdigit() for c in file_number):
        problems.append("no digit")
    return tuple(problems)


def efile_safe_name(file_number: str) -> str:
    """``fl-`` + the file number with ``/`` as ``_``, using only letters, digits, ``( ) - _``.

    Spaces and ``.`` become ``-``; other ASCII punctuation is dropped; runs of non-ASCII letters
    (Devanagari) are dropped and an 8-hex digest of the whole number is appended, so distinct
    numbers keep distinct names. Deterministic.
    """
    fn = normalize_file_number(file_number) or file_number.strip()
    out, lossy = [], False
    for ch in fn:
        if ch.isascii() and (ch.isalnum() or ch in "()-_"):
            out.append(ch)
        elif ch == "/":
            out.append("_")
        elif ch.isspace() or ch == ".":
            out.append("-")
        else:
            lossy = lossy or not ch.isascii() or ch.isalnum()
    name = regex.sub(r"-{2,}", "-", "".join(out))
    name = regex.sub(r"_-|-_", "_", name)
    name = regex.sub(r"_{2,}", "_", name).strip("-_")
    if lossy or not name:
        digest = hashlib.sha256(fn.encode()).hexdigest()[:8]
        name = f"{name}-h{digest}" if name else f"h{digest}"
    safe = f"fl-{name}"
    assert _SAFE_NAME.fullmatch(safe), safe
    return safe


def is_efile_safe(name: str) -> bool:
    return bool(regex.fullmatch(r"[A-Za-z0-9()\-_]+", name))


def _clean(v: str) -> str:
    return regex.sub(r"\s+", " ", v).strip(" :-–।.,")


def _department(text: str) -> tuple[str | None, str]:
    m = _DEPT_LABEL.search(text)
    candidates = [m.group("v")] if m else []
    candidates += text.split("\n")[:4]  # the office line at the top
    for cand in candidates:
        words = regex.findall(r"[\p{L}\p{M}\p{N}.\-]+", cand)
        for n in (4, 3, 2, 1):  # longest phrase first
            for i in range(len(words) - n + 1):
                key = resolve(" ".join(words[i : i + n]))
                if key:
                    return key, " ".join(words[i : i + n])
    return None, ""


def read_cover(text: str) -> CoverInfo:
    """Extract what a cover / first notesheet page states about its file."""
    t = prep_text(text)
    evidence = []
    fn = None
    m = _FN_LABEL.search(t)
    if m:
        found = find_file_numbers("No. " + m.group("fn"))
        fn = found[0] if found else normalize_file_number(m.group("fn").split("  ")[0]) or None
        if fn:
            evidence.append(f"file number after its label: {fn}")
    if fn is None:
        found = find_file_numbers(t)
        fn = found[0] if found else None
        if fn:
            evidence.append(f"first file number on the page: {fn}")
    dept, dept_words = _department(t)
    if dept:
        evidence.append(f"department {dept} from {dept_words!r}")
    sm = _SECTION_LABEL.search(t)
    ym = _YEAR_LABEL.search(t)
    vm = _VOLUME.search(t)
    volume = None
    if vm:
        v = vm.group("v").upper()
        volume = int(v) if v.isdigit() else _ROMAN.get(v, "ABCD".find(v) + 1 if v in "ABCD" else None)
    pm = _PAGES.search(t)
    return CoverInfo(
        file_number=fn,
        file_number_problems=file_number_problems(fn) if fn else ("no file number found",),
        safe_name=efile_safe_name(fn) if fn else None,
        subject=find_subject(_LABEL_LINE.sub(r"\n\g<0>", t)),
        department=dept,
        section=_clean(sm.group("v")) if sm else None,
        opening_year=int(ym.group("y")) if ym else None,
        volume=volume,
        stated_pages=int(pm.group("n")) if pm else None,
        evidence=tuple(evidence),
    )
