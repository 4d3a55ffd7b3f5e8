"""Pages to rescan and their replacements (issue 19; table ``rescans``).

    mark(engine, doc_id, page_no, reason, user) -> row          a page marked "to rescan"
    cancel(engine, rescan_id) -> row                             a mark taken back
    get(engine, rescan_id) -> row                                one mark or replacement (404)
    start_replacement(engine, doc_id, page_no, ...) -> id        the page's mark (or a new row)
                                                                 queued; page queued, document
                                                                 processing: one transaction
    set_state(engine, rescan_id, state, **values)                reading, rebuilding, failed
    restore_page(engine, doc_id, page_no, status)                a failed read: the page as it was
    settle(engine, doc_id, ok) -> int                            the document step ended: its
                                                                 replacements done (or failed)
    rescan_list(engine, batch=None, location=None) -> [row]      what the scanning room rescans

The rescan list holds the pages an operator marked, and the pages the pipeline could not read
(``failed``) or flagged ``needs_rescan``, of documents not being read, each once: a marked page
is listed with its mark. Each row says where the paper is (the digital file's location, else the
batch's location hint), so a list per almirah can be printed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, insert, or_, select, update

from domain.errors import BusyError, NotFoundError
from domain.status import ACTIVE_RESCANS, DocumentStatus, PageFlag, PageStatus, RescanKind, RescanState

from .catalog import now
from .schema import batches, digital_files, documents, pages, rescans

# the states by their short names (workers.rescan, the web API): domain.status.RescanState
MARKED, QUEUED, READING, REBUILDING, DONE, FAILED, CANCELLED = RescanState
ACTIVE = ACTIVE_RESCANS


def get(engine: Engine, rescan_id: int) -> dict[str, Any]:
    with engine.connect() as c:
        row = c.execute(select(rescans).where(rescans.c.id == rescan_id)).first()
    if row is None:
        raise NotFoundError(f"no rescan {rescan_id}.")
    return dict(row._mapping)


def mark(engine: Engine, doc_id: str, page_no: int, reason: str, user: str) -> dict[str, Any]:
    """Mark page ``page_no`` to rescan; a page already marked keeps its one mark (the new reason)."""
    with engine.begin() as c:
        if c.execute(select(pages.c.page_no).where(pages.c.document_id == doc_id, pages.c.page_no == page_no)).first() is None:
            raise NotFoundError(f"document {doc_id} has no page {page_no}.")
        open_mark = c.execute(select(rescans.c.id).where(rescans.c.document_id == doc_id, rescans.c.page_no == page_no,
                                                         rescans.c.state == MARKED)).scalar()
        values = {"reason": reason, "marked_by": user, "marked_at": now()}
        if open_mark is not None:
            c.execute(update(rescans).where(rescans.c.id == open_mark).values(**values))
            rescan_id = int(open_mark)
        else:
            rescan_id = int(c.execute(insert(rescans).values(document_id=doc_id, page_no=page_no, state=MARKED, **values))
                            .inserted_primary_key[0])  # type: ignore[index]
    return get(engine, rescan_id)


def cancel(engine: Engine, rescan_id: int) -> dict[str, Any]:
    """Take a mark back (only a mark: a replacement under way goes on)."""
    with engine.begin() as c:
        done = c.execute(update(rescans).where(rescans.c.id == rescan_id, rescans.c.state == MARKED)
                         .values(state=CANCELLED, finished_at=now())).rowcount
    row = get(engine, rescan_id)
    if not done and row["state"] != CANCELLED:
        raise BusyError(f"rescan {rescan_id} is {row['state']}: only a page still marked can be taken off the list.")
    return row


def start_replacement(engine: Engine, doc_id: str, page_no: int, *, scan_sha: str, scan_kind: str, scan_name: str,
                      user: str, previous: dict[str, Any]) -> int:
    """The replacement of page ``page_no`` by the stored scan ``scan_sha`` is queued: the page's
    mark becomes it (else a new row), the page is queued and the document ``processing`` again,
    all in one transaction — refused (BusyError) while the document is being read."""
    at = now()
    with engine.begin() as c:
        flipped = c.execute(update(documents).where(documents.c.id == doc_id, documents.c.status.in_(
            (DocumentStatus.DONE, DocumentStatus.FAILED))).values(status=DocumentStatus.PROCESSING)).rowcount
        if flipped != 1:
            raise BusyError(f"document {doc_id} is being read or a page of it replaced: try again when it is done.")
        c.execute(update(pages).where(pages.c.document_id == doc_id, pages.c.page_no == page_no)
                  .values(status=PageStatus.QUEUED, updated_at=at))
        values = {"state": QUEUED, "scan_sha256": scan_sha, "scan_kind": scan_kind, "scan_name": scan_name,
                  "replaced_by": user, "submitted_at": at, "previous": previous, "finished_at": None,
                  "result": None, "error_code": None, "error_message": None}
        open_mark = c.execute(select(rescans.c.id).where(rescans.c.document_id == doc_id, rescans.c.page_no == page_no,
                                                         rescans.c.state == MARKED).order_by(rescans.c.id)).scalar()
        if open_mark is not None:
            c.execute(update(rescans).where(rescans.c.id == open_mark).values(**values))
            return int(open_mark)
        return int(c.execute(insert(rescans).values(document_id=doc_id, page_no=page_no, **values))
                   .inserted_primary_key[0])  # type: ignore[index]


def set_state(engine: Engine, rescan_id: int, state: str, **values: Any) -> None:
    if state in (DONE, FAILED):
        values.setdefault("finished_at", now())
    with engine.begin() as c:
        c.execute(update(rescans).where(rescans.c.id == rescan_id).values(state=state, **values))


def restore_page(engine: Engine, doc_id: str, page_no: int, status: str) -> None:
    """The scan could not be read: the page keeps what it had (only its status was changed)."""
    with engine.begin() as c:
        c.execute(update(pages).where(pages.c.document_id == doc_id, pages.c.page_no == page_no).values(status=status))


def settle(engine: Engine, doc_id: str, ok: bool) -> int:
    """The document step of ``doc_id`` ended: its replacements read are done (failed when the
    document failed), and one whose page job ended without a word failed. How many were done."""
    at = now()
    with engine.begin() as c:
        done = c.execute(update(rescans).where(rescans.c.document_id == doc_id, rescans.c.state == REBUILDING)
                         .values(state=DONE if ok else FAILED, finished_at=at,
                                 **({} if ok else {"error_code": "internal", "error_message": "the document could not be rebuilt"}))).rowcount
        c.execute(update(rescans).where(rescans.c.document_id == doc_id, rescans.c.state.in_((QUEUED, READING)))
                  .values(state=FAILED, finished_at=at, error_code="page.unreadable",
                          error_message="the new scan could not be read"))
    return int(done if ok else 0)


def _location(r: Any) -> str:
    hints = r.hints if isinstance(r.hints, dict) else {}
    return r.location or hints.get("location") or ""


def rescan_list(engine: Engine, batch: str | None = None, location: str | None = None,
                limit: int = 5000) -> list[dict[str, Any]]:
    """Pages to rescan (see the module docstring), by location, batch, document and page.
    ``location``: a case-insensitive part of the location (``almirah 7`` finds "Almirah 7, shelf 2")."""
    base = (documents.c.id, documents.c.name, documents.c.batch_id, documents.c.file_number, batches.c.name.label("batch_name"),
            batches.c.hints, digital_files.c.location)
    marked_q = (select(rescans.c.id.label("rescan_id"), rescans.c.page_no, rescans.c.reason, rescans.c.marked_by,
                       rescans.c.marked_at, *base)
                .join(documents, documents.c.id == rescans.c.document_id)
                .join(batches, batches.c.id == documents.c.batch_id)
                .join(digital_files, digital_files.c.id == documents.c.digital_file_id, isouter=True)
                .where(rescans.c.state == MARKED))
    flag = or_(pages.c.status == PageStatus.FAILED, pages.c.flag == PageFlag.NEEDS_RESCAN)
    has_row = select(rescans.c.id).where(rescans.c.document_id == pages.c.document_id, rescans.c.page_no == pages.c.page_no,
                                         rescans.c.state.in_((MARKED, *ACTIVE))).exists()
    auto_q = (select(pages.c.page_no, pages.c.status, pages.c.error_code, pages.c.error_message, pages.c.quality_reasons, *base)
              .join(documents, documents.c.id == pages.c.document_id)
              .join(batches, batches.c.id == documents.c.batch_id)
              .join(digital_files, digital_files.c.id == documents.c.digital_file_id, isouter=True)
              .where(flag, ~has_row, documents.c.status.in_((DocumentStatus.DONE, DocumentStatus.FAILED))))
    if batch:
        marked_q = marked_q.where(documents.c.batch_id == batch)
        auto_q = auto_q.where(documents.c.batch_id == batch)
    out: list[dict[str, Any]] = []
    with engine.connect() as c:
        for r in c.execute(marked_q.limit(limit)):
            out.append({"rescan_id": r.rescan_id, "kind": RescanKind.MARKED, "reason": r.reason or "", "marked_by": r.marked_by,
                        "marked_at": r.marked_at, "error_code": None, "quality_reasons": [], **_place(r)})
        for r in c.execute(auto_q.limit(limit)):
            kind = RescanKind.FAILED if r.status == PageStatus.FAILED else RescanKind.NEEDS_RESCAN
            out.append({"rescan_id": None, "kind": kind, "reason": r.error_message or "", "marked_by": None,
                        "marked_at": None, "error_code": r.error_code, "quality_reasons": list(r.quality_reasons or []),
                        **_place(r)})
    if location:
        want = location.casefold().strip()
        out = [x for x in out if want in x["location"].casefold()]
    out.sort(key=lambda x: (x["location"], x["batch_name"], x["name"], x["page"]))
    return out[:limit]


def _place(r: Any) -> dict[str, Any]:
    return {"document_id": r.id, "name": r.name, "page": r.page_no, "batch_id": r.batch_id, "batch_name": r.batch_name,
            "file_number": r.file_number, "location": _location(r)}

