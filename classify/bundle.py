"""A scanned bundle, read as e-Office sees a file: page roles, the documents inside it, the files
its separator sheets announce, what the cover says, and whether the pages add up.

    analysis = analyse_bundle(pages)    # pages: BundlePage, in scan order (read pages only)

Pure function over page text and the OCR stage's flags (no database, no images): the document
step (``workers.steps.complete_document``) stores the result. Parts come from
:func:`classify.boundaries.split_bundle`; a separator sheet that announces a file number starts a
new *file group* (its parts belong to that digital file); the cover (or the first notesheet page)
of each group is read by :func:`classify.cover.read_cover`; :func:`classify.reconcile.reconcile`
compares the stated page count with the pages scanned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from domain.status import Role
from domain.types import Word

from .boundaries import split_bundle
from .cover import CoverInfo, read_cover
from .page_roles import PageRole, classify_pages, page_features
from .reconcile import Reconciliation, ScannedPage, reconcile


@dataclass(frozen=True, slots=True)
class BundlePage:
    page_no: int  # 1-based, in the scanned bundle
    text: str
    words: tuple[Word, ...] = ()
    height: int | None = None  # pixels of the recognised image (for the words' boxes)
    blank: bool = False
    separator: bool = False
    separator_file_number: str | None = None
    ruled_lines: int | None = None
    vertical_rules: int | None = None
    ink: float | None = None
    image_hash: str | None = None


@dataclass(frozen=True, slots=True)
class Part:
    """One document inside the bundle: pages ``first_page`` .. ``last_page`` (1-based, inclusive)."""

    seq: int
    first_page: int
    last_page: int
    role: Role
    confidence: float
    reasons: tuple[str, ...]
    needs_review: bool
    file_number: str | None  # announced by the separator sheet that starts it


@dataclass(frozen=True, slots=True)
class FileGroup:
    """Parts that belong to one digital file (a separator with a file number starts a new group)."""

    file_number: str | None  # from the separator's code (or its OCR text); None: decide from the text
    parts: tuple[Part, ...]
    cover: CoverInfo | None  # read from the group's cover or first notesheet page
    pages: tuple[int, ...]  # every page number of the group, separators included
    reconciliation: Reconciliation  # the cover's stated page count against the group's pages


@dataclass(frozen=True, slots=True)
class BundleAnalysis:
    roles: dict[int, PageRole]  # page number -> role
    parts: tuple[Part, ...]
    groups: tuple[FileGroup, ...]
    content_pages: frozenset[int] = field(default_factory=frozenset)  # neither blank nor separator

    def to_json(self) -> dict[str, object]:
        return {
            "parts": len(self.parts),
            "parts_needing_review": sum(1 for p in self.parts if p.needs_review),
            "files": [{"file_number": g.file_number or (g.cover.file_number if g.cover else None),
                       "pages": [min(g.pages), max(g.pages)] if g.pages else [],
                       "cover": _cover_json(g.cover), "reconciliation": _reconciliation_json(g.reconciliation)}
                      for g in self.groups],
        }


def _reconciliation_json(r: Reconciliation) -> dict[str, object]:
    return {
        "stated_pages": r.stated_pages, "scanned_pages": r.scanned_pages, "content_pages": r.content_pages,
        "missing": r.missing, "ok": r.ok, "notes": list(r.notes),
        "duplicates": [{"page": d.index, "duplicate_of": d.duplicate_of, "reason": d.reason} for d in r.duplicates],
        "out_of_order": [{"page": o.index, "printed": o.page_number, "after": o.previous_page_number,
                          "reason": o.reason} for o in r.out_of_order],
    }


def _cover_json(c: CoverInfo | None) -> dict[str, object] | None:
    if c is None:
        return None
    return {"file_number": c.file_number, "file_number_problems": list(c.file_number_problems),
            "subject": c.subject, "department": c.department, "section": c.section,
            "opening_year": c.opening_year, "volume": c.volume, "stated_pages": c.stated_pages,
            "evidence": list(c.evidence)}


def _cover_of(parts: Sequence[Part], by_no: dict[int, BundlePage]) -> CoverInfo | None:
    """Read the first cover part's first page, else the first notesheet page; None when the group
    has neither (a bundle of letters says nothing about its file)."""
    for wanted in (Role.COVER, Role.NOTESHEET):
        for p in parts:
            if p.role == wanted:
                page = by_no.get(p.first_page)
                if page is not None and page.text.strip():
                    return read_cover(page.text)
    return None


def analyse_bundle(pages: Sequence[BundlePage], *, review_below: float = 0.65) -> BundleAnalysis:
    """Roles, parts, file groups, cover reading and reconciliation of a bundle's read pages."""
    if not pages:
        return BundleAnalysis({}, (), (), frozenset())
    feats = [
        page_features(p.text, p.words, layout=(p.ruled_lines, p.vertical_rules, p.ink), page_height=p.height,
                      blank=p.blank, separator=p.separator, separator_file_number=p.separator_file_number)
        for p in pages
    ]
    roles = classify_pages(feats)
    spans = split_bundle(feats, roles, review_below=review_below)
    parts = tuple(
        Part(seq=k + 1, first_page=pages[s.start].page_no, last_page=pages[s.end - 1].page_no, role=s.role,
             confidence=float(s.confidence), reasons=s.reasons, needs_review=s.needs_review, file_number=s.file_number)
        for k, s in enumerate(spans)
    )
    by_no = {p.page_no: p for p in pages}
    content = frozenset(p.page_no for p, r in zip(pages, roles, strict=True)
                        if not (p.blank or p.separator or not r.role.content))
    # file groups: a separator announcing a (different) file number starts one
    grouped: list[tuple[str | None, list[Part]]] = []
    for part in parts:
        announces = part.role == Role.SEPARATOR and part.file_number
        if not grouped or (announces and part.file_number != grouped[-1][0]):
            grouped.append((part.file_number if announces else None, [part]))
        else:
            grouped[-1][1].append(part)
    groups = []
    for fn, ps in grouped:
        numbers = tuple(n for p in ps for n in range(p.first_page, p.last_page + 1) if n in by_no)
        cover = _cover_of(ps, by_no)
        scanned = [ScannedPage(index=n, text=by_no[n].text, image_hash=by_no[n].image_hash or None,
                               counted=n in content) for n in numbers]
        groups.append(FileGroup(file_number=fn, parts=tuple(ps), cover=cover, pages=numbers,
                                reconciliation=reconcile(cover.stated_pages if cover else None, scanned)))
    return BundleAnalysis(
        roles={p.page_no: r for p, r in zip(pages, roles, strict=True)},
        parts=parts,
        groups=tuple(groups),
        content_pages=content,
    )
