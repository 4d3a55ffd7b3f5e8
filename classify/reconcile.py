"""Compare what a file says it holds with what was scanned.

    report = reconcile(stated_pages=45, pages=[ScannedPage(index=0, text=..., image_hash=...), ...])

- **Duplicates**: the same sheet scanned twice. Two pages are duplicates when their perceptual
  hashes (``ocr.imagehash.dhash``, 256 bits) differ in at most ``max_hash_bits`` bits *and* their
  texts agree (word-shingle Jaccard >= ``min_text_jaccard``, skipped when either has no text), or,
  without hashes, when the texts alone are near-identical (Jaccard >= ``text_only_jaccard``).
  Layout alone is not enough: two letters on one letterhead can have close hashes.
- **Missing**: stated count minus the distinct content pages scanned (blank and separator pages
  and later copies of a duplicate do not count). Negative means more pages than stated.
- **Out of order**: printed page numbers (``find_page_number``) that go backwards within the run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

from classify.page_roles import find_page_number, prep_text

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")


@dataclass(frozen=True, slots=True)
class ScannedPage:
    index: int  # 0-based position in the bundle
    text: str
    image_hash: str | None = None  # hex from ocr.imagehash.dhash
    counted: bool = True  # False for blank and separator pages


@dataclass(frozen=True, slots=True)
class DuplicatePage:
    index: int  # the later copy
    duplicate_of: int  # the first copy
    hash_bits: int | None  # differing hash bits, when both had hashes
    text_jaccard: float | None
    reason: str


@dataclass(frozen=True, slots=True)
class OutOfOrderPage:
    index: int
    page_number: int
    previous_page_number: int  # the printed number on the page before it (in scan order)
    reason: str


@dataclass(frozen=True, slots=True)
class Reconciliation:
    stated_pages: int | None
    scanned_pages: int  # every page in the bundle
    content_pages: int  # counted pages, duplicates removed
    missing: int | None  # stated - content (None when nothing was stated); < 0: more than stated
    duplicates: tuple[DuplicatePage, ...]
    out_of_order: tuple[OutOfOrderPage, ...]
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return (self.missing in (None, 0)) and not self.duplicates and not self.out_of_order


def shingles(text: str, k: int = 3) -> frozenset[str]:
    """Word k-shingles of prepared, lower-cased text (Devanagari words kept whole)."""
    words = [w.casefold() for w in _WORD.findall(prep_text(text))]
    if len(words) < k:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + k]) for i in range(len(words) - k + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _bits(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()


def reconcile(
    stated_pages: int | None,
    pages: Sequence[ScannedPage],
    *,
    max_hash_bits: int = 40,
    min_text_jaccard: float = 0.6,
    text_only_jaccard: float = 0.85,
) -> Reconciliation:
    counted = [p for p in pages if p.counted]
    sh = {p.index: shingles(p.text) for p in counted}
    dups: list[DuplicatePage] = []
    dup_idx: set[int] = set()
    for j, pj in enumerate(counted):
        for pi in counted[:j]:
            if pi.index in dup_idx:
                continue
            a, b = sh[pi.index], sh[pj.index]
            jac = jaccard(a, b) if a and b else None
            if pi.image_hash and pj.image_hash:
                bits = _bits(pi.image_hash, pj.image_hash)
                if bits <= max_hash_bits and (jac is None or jac >= min_text_jaccard):
                    why = f"image hashes differ in {bits} bits" + (f", text Jaccard {jac:.2f}" if jac is not None else "")
                    dups.append(DuplicatePage(pj.index, pi.index, bits, jac, why))
                    dup_idx.add(pj.index)
                    break
            elif jac is not None and jac >= text_only_jaccard and len(a) >= 5:
                dups.append(DuplicatePage(pj.index, pi.index, None, jac, f"text Jaccard {jac:.2f}"))
                dup_idx.add(pj.index)
                break
    content = len(counted) - len(dup_idx)
    ooo: list[OutOfOrderPage] = []
    last: int | None = None
    for p in counted:
        if p.index in dup_idx:
            continue
        num, _ = find_page_number(p.text)
        if num is None:
            continue
        if last is not None and num < last and num != 1:  # 1 restarts a new document's numbering
            ooo.append(OutOfOrderPage(p.index, num, last, f"page {num} comes after page {last}"))
        last = num
    notes = []
    missing = None if stated_pages is None else stated_pages - content
    if missing is not None and missing > 0:
        notes.append(f"{missing} page(s) fewer than the {stated_pages} stated")
    elif missing is not None and missing < 0:
        notes.append(f"{-missing} page(s) more than the {stated_pages} stated")
    return Reconciliation(stated_pages, len(pages), content, missing, tuple(dups), tuple(ooo), tuple(notes))
