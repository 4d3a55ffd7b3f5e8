"""Where documents start inside a scanned bundle.

    spans = split_bundle(features)                  # list[DocumentSpan], in page order
    spans = split_bundle(features, roles)           # with roles already computed

Separator sheets force a boundary and form their own span (role ``separator``: kept in the archive,
not content). Otherwise each content page gets a boundary score from cues, each a reason:

    +1.2 letterhead / office name at the top          +1.0 letter number or dated line near the top
    +1.0 printed page number 1                        -1.5 page number continuing the previous one
    -0.8 page number above 1                          +0.5 the previous page ended with a signature
    +0.4 a blank page in between                      +1.0 role changes (e.g. notesheet -> receipt)
    +1.0 the previous page is a file cover (one sheet)
    -0.6 noting continues (notesheet after notesheet) +0.8 a heading that opens a document (ORDER,
                                                           Annexure, file cover) on the same role

The score becomes a confidence with a logistic (centre 1.0); a boundary is placed at >= 0.5 and a
span whose start confidence is below ``review_below`` is flagged for review. Blank pages stay with
the document before them (the back of its last sheet); leading blanks join the first document.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from classify.page_roles import ANNEX_HEAD, ORDER_HEAD, PageFeatures, PageRole, classify_page
from domain.status import Role

CENTRE = 1.0
SLOPE = 2.0


@dataclass(frozen=True, slots=True)
class DocumentSpan:
    """Pages ``start`` .. ``end - 1`` (0-based indices into the bundle) form one document."""

    start: int
    end: int  # exclusive
    role: Role  # dominant role of its content pages ("separator" for a separator sheet)
    confidence: float  # how sure we are that a document starts at ``start``
    reasons: tuple[str, ...]
    page_roles: tuple[Role, ...] = ()  # role of each page in the span
    file_number: str | None = None  # announced by the separator sheet before it
    needs_review: bool = False

    @property
    def pages(self) -> range:
        return range(self.start, self.end)


def _logistic(score: float) -> float:
    return 1.0 / (1.0 + math.exp(-SLOPE * (score - CENTRE)))


def boundary_score(
    prev: PageFeatures, prev_role: PageRole, cur: PageFeatures, cur_role: PageRole, *, blank_between: bool
) -> tuple[float, list[str]]:
    """Score (higher: a new document starts at ``cur``) and the reasons, from the previous content
    page and the current one."""
    score, why = 0.0, []

    def add(w: float, reason: str) -> None:
        nonlocal score
        score += w
        why.append(f"{reason} ({w:+.1f})")

    if cur.letterhead:
        add(1.2, "letterhead at the top")
    if cur.letter_no_top:
        add(1.0, "letter number / date block near the top")
    if cur.page_number == 1:
        add(1.0, "page number 1")
    elif cur.page_number is not None and prev.page_number is not None and cur.page_number == prev.page_number + 1:
        add(-1.5, f"page {cur.page_number} follows page {prev.page_number}")
    elif cur.page_number is not None and cur.page_number > 1:
        add(-0.8, f"page number {cur.page_number}")
    if prev.signature_bottom:
        add(0.5, "previous page ends with a signature")
    if blank_between:
        add(0.4, "blank page in between")
    if prev_role.role == Role.COVER and cur_role.role != Role.COVER:
        add(1.0, "a file cover is one sheet")
    if cur_role.role != prev_role.role:
        add(1.0, f"role changes {prev_role.role} -> {cur_role.role}")
    elif cur_role.role == Role.NOTESHEET:
        add(-0.6, "noting continues")
    else:
        first = "\n".join(cur.text.split("\n")[:4])
        opens = (
            (cur_role.role == Role.ORDER and any(ORDER_HEAD.match(ln) for ln in first.split("\n")))
            or (cur_role.role == Role.ANNEXURE and ANNEX_HEAD.search(first))
            or cur_role.role == Role.COVER
        )
        if opens:
            add(0.8, f"a new {cur_role.role} heading")
    return score, why


def _span_role(roles: Sequence[PageRole]) -> Role:
    content = [r for r in roles if r.role.content]
    if not content:
        return roles[0].role if roles else Role.BLANK
    votes: dict[Role, float] = {}
    for i, r in enumerate(content):
        votes[r.role] = votes.get(r.role, 0.0) + r.confidence * (2.0 if i == 0 else 1.0)
    return max(votes.items(), key=lambda kv: kv[1])[0]


def split_bundle(
    pages: Sequence[PageFeatures],
    roles: Sequence[PageRole] | None = None,
    *,
    review_below: float = 0.65,
) -> list[DocumentSpan]:
    """Split a bundle's pages into documents (see the module docstring for the cues)."""
    roles = list(roles) if roles is not None else [classify_page(p) for p in pages]
    if len(roles) != len(pages):
        raise ValueError(f"{len(pages)} pages but {len(roles)} roles")
    # (start index, confidence, reasons, file number) of each span, in order
    starts: list[tuple[int, float, list[str], str | None]] = []
    separator_at: set[int] = set()
    prev: int | None = None  # last content page
    blank_between = False
    forced: tuple[str, str | None] | None = None  # reason, file number
    for i, (f, r) in enumerate(zip(pages, roles, strict=True)):
        if f.separator or r.role == Role.SEPARATOR:
            starts.append((i, 1.0, ["separator sheet"], f.separator_file_number))
            separator_at.add(i)
            forced = ("after a separator sheet", f.separator_file_number)
            prev, blank_between = None, False
            continue
        if f.blank or r.role == Role.BLANK:
            blank_between = True
            if not starts:
                starts.append((i, 1.0, ["first page of the bundle"], None))
            continue
        if forced is not None:
            starts.append((i, 1.0, [forced[0]], forced[1]))
            forced = None
        elif prev is None:
            if not starts or starts[-1][0] in separator_at:
                starts.append((i, 1.0, ["first page of the bundle"], None))
        else:
            score, why = boundary_score(pages[prev], roles[prev], f, r, blank_between=blank_between)
            p = _logistic(score)
            if p >= 0.5:
                starts.append((i, round(p, 3), why, None))
            elif starts and starts[-1][0] not in separator_at:
                # record the weakest "no boundary" decision as a doubt on the running span
                s0, c0, w0, fn0 = starts[-1]
                if 1 - p < c0 and 1 - p < review_below:
                    starts[-1] = (s0, round(min(c0, 1 - p), 3), [*w0, f"no boundary at page {i + 1}: {'; '.join(why)}"], fn0)
        prev, blank_between = i, False
    spans: list[DocumentSpan] = []
    for k, (s, conf, why, fn) in enumerate(starts):
        e = starts[k + 1][0] if k + 1 < len(starts) else len(pages)
        rs = roles[s:e]
        role = Role.SEPARATOR if s in separator_at else _span_role(rs)
        spans.append(
            DocumentSpan(
                start=s,
                end=e,
                role=role,
                confidence=conf,
                reasons=tuple(why),
                page_roles=tuple(Role.SEPARATOR if s in separator_at else r.role for r in rs),
                file_number=fn,
                needs_review=conf < review_below,
            )
        )
    return spans
