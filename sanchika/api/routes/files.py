"""Digital files (e-Office's view of a paper file), within the caller's department scope.

    GET  /api/files?department=&q=&limit=&offset=     files with at least one document you may read
    GET  /api/files/{file_number}?text=               one file: its documents in order, page roles, parts
    POST /api/files/{file_number}/export              admins: the eFile migration package as a ZIP

The caller's department scope is part of the queries (``sanchika.efile.list_files`` and
``file_detail`` with ``departments``): another department's file answers exactly like a missing
one, and a file shows only the documents you may read, each with its page roles and parts. The
package comes from ``sanchika.efile.export_efile`` (docs/efile-export.md), written to a temporary
folder that is removed once the ZIP is sent.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from pathlib import Path as FsPath
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.background import BackgroundTask

from domain.errors import NotFoundError
from domain.status import PageFlag, PageStatus, Role

from ...accounts import department_keys
from ...efile import export_efile, file_detail, list_files
from ..deps import Admin, Caller, Svc

router = APIRouter(tags=["files"])

FileNumber = Annotated[str, Path(min_length=1, max_length=200, description="A file number (`245/भू-अभि/2018`: slashes allowed), or the key of a file without one.")]
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such file (or none of its documents is visible to you)."}}


class FileSummary(BaseModel):
    id: int
    key: str
    file_number: str | None
    title: str
    department: str | None
    location: str | None = Field(None, description="Physical location of the paper file (box / almirah), when recorded.")
    volume: int | None = None
    documents: int = Field(description="Finished documents of the file that you may read.")
    pages: int


class PageRole(BaseModel):
    model_config = ConfigDict(extra="ignore")
    page_no: int
    status: PageStatus
    role: Role | None = Field(None, description="cover | notesheet | receipt | issue | order | annexure | blank | separator; null for a page not read.")
    confidence: float | None = Field(None, description="Of the role (0..1).")
    reasons: list[str] = Field(default_factory=list)
    blank: bool = False
    flag: PageFlag | None = None
    source: str | None = None
    text: str | None = Field(None, description="The page's text (only with `?text=true`).")


class FilePart(BaseModel):
    model_config = ConfigDict(extra="ignore")
    seq: int
    role: Role
    first_page: int
    last_page: int
    confidence: float | None = None
    reasons: list[str] = Field(default_factory=list)
    needs_review: bool = False


class FileDocument(BaseModel):
    id: str
    name: str
    department: str | None
    confidence: float | None = Field(None, description="Of the department (0..1).")
    file_number: str | None
    pages: int
    subject: str = ""
    verified_by: str | None = None
    page_roles: list[PageRole] = Field(description="The pages of this document that belong to the file, with their roles.")
    parts: list[FilePart] = Field(default_factory=list, description="The documents found inside the scanned bundle (letters, notes…), when detected.")


class FileDetail(BaseModel):
    id: int
    key: str
    file_number: str | None
    title: str
    department: str | None
    location: str | None = None
    volume: int | None = None
    details: dict[str, Any] = Field(default_factory=dict, description="What the cover says (subject, section, opening year, stated pages…).")
    documents: list[FileDocument]


@router.get("/files", response_model=list[FileSummary])
def list_files_route(
    who: Caller, services: Svc,
    department: Annotated[str | None, Query(max_length=100, description="Only files of this department (key, name or alias).")] = None,
    q: Annotated[str | None, Query(max_length=200, description="A part of the file number or title.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[FileSummary]:
    """Digital files, by file number and volume; a department user sees only files holding a
    finished document of their departments (counted: only those documents)."""
    dep = department_keys([department])[0] if department else None
    words = (q or "").strip() or None
    rows = list_files(services.ctx.engine, who.scope, department=dep, q=words, limit=limit, offset=offset)
    if words:
        services.record(who, "search", "files", words[:200], department=dep, hits=len(rows))
    return [FileSummary(**{**r, "location": r.get("location") or None}) for r in rows]


@router.get("/files/{file_number:path}", response_model=FileDetail, responses=NOT_FOUND)
def get_file(
    file_number: FileNumber, who: Caller, services: Svc,
    volume: Annotated[int | None, Query(ge=1, le=10_000, description="A volume of the file (default: the first).")] = None,
    text: Annotated[bool, Query(description="Include each page's text.")] = False,
) -> FileDetail:
    """A digital file and, in order, its finished documents you may read, each with its pages'
    roles (cover, notesheet, receipt, issue, order, annexure, blank, separator) and its parts."""
    try:
        f = file_detail(services.ctx.engine, file_number, who.scope, volume=volume)
    except NotFoundError:  # one answer for a missing file and another department's: nothing to tell apart
        raise NotFoundError("no such digital file: search for its documents instead.") from None
    docs = [FileDocument(**{**d, "verified_by": d.get("verified_by") or None, "parts": d.get("parts") or [],
                            "page_roles": [{**p, "text": p.get("text") if text else None} for p in d.get("page_roles", [])]})
            for d in f["documents"]]
    services.record(who, "view", "file", file_number, **({"volume": volume} if volume else {}))
    return FileDetail(id=f["id"], key=f["key"], file_number=f["file_number"], title=f["title"], department=f["department"],
                      location=f.get("location") or None, volume=f.get("volume"), details=f.get("details") or {},
                      documents=docs)


@router.post("/files/{file_number:path}/export", response_class=FileResponse,
             responses={200: {"content": {"application/zip": {}}, "description": "The package as a ZIP."}, **NOT_FOUND})
def export_file(
    file_number: FileNumber, who: Admin, services: Svc,
    volume: Annotated[int | None, Query(ge=1, le=10_000, description="A volume of the file (default: the first).")] = None,
) -> FileResponse:
    """The file's eFile migration package (`fl-<file number>/` with Notes, Receipts, Issues,
    References, manifest.json and manifest.csv) as a ZIP; written to a temporary folder that is
    removed after the answer is sent. The same content gives the same bytes."""
    spool = services.settings.spool_dir
    spool.mkdir(parents=True, exist_ok=True)
    work = FsPath(tempfile.mkdtemp(prefix="efile-", dir=spool))
    try:
        [result] = export_efile(services.ctx.engine, services.ctx.store, [file_number], work / "out", volume=volume)
        package = FsPath(result["path"])
        archive = work / f"{package.name}.zip"
        zip_folder(package, archive)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    services.record(who, "export", "file", file_number, documents=result["documents"], excluded=result["excluded"],
                    **({"volume": volume} if volume else {}))
    return FileResponse(archive, media_type="application/zip", filename=archive.name,
                        background=BackgroundTask(shutil.rmtree, work, ignore_errors=True))


def zip_folder(folder: FsPath, archive: FsPath) -> None:
    """``folder`` (and its name as the top directory) into ``archive``: entries sorted, fixed
    times and modes, so identical packages give identical ZIPs."""
    base = folder.parent
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for root, dirs, files in os.walk(folder):
            dirs.sort()
            rel = FsPath(root).relative_to(base)
            info = zipfile.ZipInfo(f"{rel.as_posix()}/", date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = (0o40755 << 16) | 0x10
            z.writestr(info, b"")
            for name in sorted(files):
                info = zipfile.ZipInfo((rel / name).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                with (FsPath(root) / name).open("rb") as src, z.open(info, "w") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
