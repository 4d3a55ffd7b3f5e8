"""Digital files as e-Office sees them: the list of files, one file's documents with page roles,
and the eFile migration package (docs/efile-export.md).

    list_files(engine, departments=None)        -> [{file_number, title, department, location, volume, documents, pages}]
    file_detail(engine, "245/भू-अभि/2018")       -> the file, its documents in order, each page's role
    export_efile(ctx, ["245/..."], out_dir)     -> [{file_number, path, documents, excluded}]

Page roles and parts (the documents found inside a scanned bundle, ``classify.bundle``) are
stored by the document step. Each part with content becomes one PDF of the package, in the folder
of its role; blank and separator pages are left out (listed under ``excluded``). Documents
finished before parts were stored are cut into role runs — consecutive content pages with one role.
A department user's scope (``departments``) limits what the listing and the file show.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from classify.page_roles import classify_page, page_features
from domain.errors import NotFoundError
from domain.status import CONTENT_ROLES, PageStatus, Role
from storage.digital_files import file_rows, find_file
from storage.digital_files import (
    list_files as list_files,  # sanchika.efile.list_files: the CLI and API call it here
)

SCOPED_NOT_FOUND = "no such digital file: search for its documents instead."  # missing or out of scope: one answer


def page_role(row: dict[str, Any]) -> dict[str, Any]:
    """Role of one stored page row: the role stored by the document step, else computed from its
    text (documents finished before roles were stored)."""
    if row["status"] != PageStatus.DONE:
        return {"role": None, "confidence": None, "reasons": [f"page {row['status']}"]}
    if row.get("role"):
        return {"role": row["role"], "confidence": row.get("role_confidence"), "reasons": []}
    role = classify_page(page_features(row["text"] or "", blank=bool(row.get("blank")) or None,
                                       separator=bool(row.get("separator"))))
    return {"role": role.role, "confidence": round(role.confidence, 3), "reasons": list(role.reasons)}


def file_detail(engine: Engine, file_no: str, departments: Sequence[str] | None = None, *,
                volume: int | None = None) -> dict[str, Any]:
    """The file, its finished documents in order (created, then id) and, per document, the parts
    (documents found inside the scanned bundle) and pages that belong to this file, with their
    roles. ``departments``: the caller's scope (None: everything). NotFoundError for an unknown
    file number, or one with no document in scope."""
    try:
        f = find_file(engine, file_no, volume)
    except NotFoundError:
        if departments is None:
            raise
        raise NotFoundError(SCOPED_NOT_FOUND) from None
    doc_rows, page_rows, part_rows = file_rows(engine, f["id"], departments)
    if departments is not None and not doc_rows:
        raise NotFoundError(SCOPED_NOT_FOUND)
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for p in page_rows:
        by_doc.setdefault(p["document_id"], []).append(p)
    parts_of: dict[str, list[dict[str, Any]]] = {}
    for p in part_rows:
        parts_of.setdefault(p["document_id"], []).append(p)
    docs = []
    for d in doc_rows:
        all_parts = parts_of.get(d["id"], [])
        mine = [p for p in all_parts if p["digital_file_id"] == f["id"]] if all_parts else []
        if all_parts and not mine and d["digital_file_id"] == f["id"]:
            mine = [p for p in all_parts if p["digital_file_id"] is None]
        wanted = {n for p in mine for n in range(p["first_page"], p["last_page"] + 1)} if mine else None
        prs = []
        for p in by_doc.get(d["id"], []):
            if wanted is not None and p["page_no"] not in wanted:
                continue
            prs.append({"page_no": p["page_no"], "status": p["status"], "source": p["source"],
                        "confidence": p["confidence"], "blank": bool(p["blank"]), "flag": p["flag"] or None,
                        "separator": p.get("separator") or None, "text": p["text"],
                        "steps": list(p["steps"] or []), **page_role(p)})  # steps: each page PDF's form
        docs.append({"id": d["id"], "name": d["name"], "sha256": d["sha256"], "batch_id": d["batch_id"],
                     "operator": d["operator"] or "", "department": d["department"], "confidence": d["confidence"],
                     "file_number": d["file_number"], "pages": d["pages"],
                     "verified_by": d.get("verified_by") or "",
                     "subject": (d["entities"] or {}).get("subject") or "",
                     "reconciliation": _group_of(d, f).get("reconciliation"),
                     "cover": _group_of(d, f).get("cover"),
                     "parts": [{"seq": p["seq"], "role": p["role"], "first_page": p["first_page"],
                                "last_page": p["last_page"], "confidence": p["confidence"],
                                "reasons": list(p["reasons"] or []), "needs_review": bool(p["needs_review"])}
                               for p in mine],
                     "page_roles": prs})
    return {"id": f["id"], "key": f["key"], "file_number": f["file_number"], "title": f["title"],
            "department": f["department"], "location": f.get("location") or "", "volume": f.get("volume"),
            "details": f.get("details") or {}, "documents": docs}


def _group_of(doc: dict[str, Any], f: dict[str, Any]) -> dict[str, Any]:
    """The part of a document's bundle summary about this file (its cover and reconciliation)."""
    groups = (doc.get("bundle") or {}).get("files") or []
    for g in groups:
        if f["file_number"] and g.get("file_number") == f["file_number"]:
            return dict(g)
    return dict(groups[0]) if groups and doc["digital_file_id"] == f["id"] else {}


def role_runs(page_roles: Sequence[dict[str, Any]]) -> tuple[list[tuple[str, list[dict[str, Any]]]], list[dict[str, Any]]]:
    """(runs of consecutive content pages with one role, excluded pages). A blank or separator
    page is excluded and does not end a run; a failed page (no PDF) is excluded and ends it.
    Used for documents finished before parts were stored."""
    runs: list[tuple[str, list[dict[str, Any]]]] = []
    excluded: list[dict[str, Any]] = []
    current: tuple[str, list[dict[str, Any]]] | None = None
    for p in page_roles:
        role = p["role"]
        if role is None or role not in CONTENT_ROLES:
            excluded.append(p)
            if role is None:
                current = None
            continue
        if current is not None and current[0] == role:
            current[1].append(p)
        else:
            current = (role, [p])
            runs.append(current)
    return runs, excluded


def part_runs(doc: dict[str, Any]) -> tuple[list[tuple[str, list[dict[str, Any]]]], list[dict[str, Any]]]:
    """(one run per stored part: its role and its content pages, excluded pages). Blank, separator
    and failed pages are excluded; a part with no content page left gives no run."""
    if not doc["parts"]:
        return role_runs(doc["page_roles"])
    by_no = {p["page_no"]: p for p in doc["page_roles"]}
    runs: list[tuple[str, list[dict[str, Any]]]] = []
    excluded: list[dict[str, Any]] = []
    for part in doc["parts"]:
        rows = [by_no[n] for n in range(part["first_page"], part["last_page"] + 1) if n in by_no]
        content = [r for r in rows if r["role"] in CONTENT_ROLES and part["role"] in CONTENT_ROLES]
        excluded.extend(r for r in rows if r not in content)
        if content:
            runs.append((part["role"], content))
    return runs, excluded


def _mean_confidence(rows: Iterable[dict[str, Any]]) -> float | None:
    """Mean OCR confidence (0..1) of the OCR pages; None when every page had a trusted text layer."""
    vals = [float(r["confidence"]) for r in rows if r["source"] == "ocr" and r["confidence"] is not None]
    if not vals:
        return None
    return statistics.fmean(vals)


def efile_spec(engine: Engine, store: Any, file_no: str, volume: int | None = None):  # type: ignore[no-untyped-def]
    """The EFileSpec of one digital file (its first volume unless ``volume``), from the database
    and the object store."""
    from workers.document_pdf import pages_pdf
    from workers.efile_export import EFileDocument, EFileSpec

    f = file_detail(engine, file_no, volume=volume)
    if not f["documents"]:
        raise NotFoundError(f"digital file {file_no!r} has no finished documents to export.")
    out: list[EFileDocument] = []
    for d in f["documents"]:
        runs, excluded = part_runs(d)
        for p in excluded:
            out.append(EFileDocument(role=p["role"] if p["role"] in (Role.BLANK, Role.SEPARATOR) else Role.BLANK,
                                     source_pages=(p["page_no"],), pdf=b"", source_sha256=d["sha256"],
                                     digitised_by=d["operator"]))
        for role, rows in runs:
            out.append(EFileDocument(
                role=role, source_pages=tuple(r["page_no"] for r in rows), pdf=pages_pdf(store, d["sha256"], rows),
                source_sha256=d["sha256"], ocr_confidence=_mean_confidence(rows), digitised_by=d["operator"],
                verified_by=d["verified_by"], title=d["subject"][:200]))
    number = f["file_number"] or f["key"]
    department = f["department"] or next((d["department"] for d in f["documents"] if d["department"]), None) or "unknown"
    return EFileSpec(file_number=number, subject=f["title"] or "", department=department, location=f["location"],
                     volume=f["volume"], documents=tuple(out))


def export_efile(engine: Engine, store: Any, file_numbers: Sequence[str], out_dir: Path, *,
                 volume: int | None = None) -> list[dict[str, Any]]:
    """Write one package per file under ``out_dir`` (of ``volume`` when given); every file number
    is checked before any is written."""
    from workers.efile_export import write_efile_package

    specs = [efile_spec(engine, store, n, volume) for n in file_numbers]
    results = []
    for spec in specs:
        path = write_efile_package(spec, out_dir)
        results.append({"file_number": spec.file_number, "path": str(path),
                        "documents": sum(1 for d in spec.documents if d.role in CONTENT_ROLES),
                        "excluded": sum(1 for d in spec.documents if d.role not in CONTENT_ROLES)})
    return results
