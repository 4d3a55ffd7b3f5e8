"""GET /api/search: within the caller's department scope (digital files: routes/files.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from classify.pii import mask_pii
from domain.errors import UsageError

from ...accounts import department_keys
from ..deps import Caller, Svc
from ..models import SearchHit, SearchResults

router = APIRouter(tags=["search"])


@router.get("/search", response_model=SearchResults)
def search(
    who: Caller, services: Svc,
    q: Annotated[str, Query(min_length=1, max_length=500, description="Words in Hindi or English.")],
    department: Annotated[str | None, Query(max_length=100, description="A department key, name or alias.")] = None,
    file_number: Annotated[str | None, Query(max_length=200, description="Only documents of this file number.")] = None,
    date_from: Annotated[date | None, Query(alias="from", description="Documents dated on or after (YYYY-MM-DD).")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="Documents dated on or before (YYYY-MM-DD).")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=10_000)] = 0,
    exact: Annotated[bool, Query(description="Only the words as typed: no spelling variants, inflections, "
                                             "romanised or English forms.")] = False,
) -> SearchResults:
    """Full-text search over every page you may read, best first; filters narrow it. Unless `exact`,
    a word also finds its other spellings, inflections, romanised and English forms, ranked below
    the exact matches; `also_matched` lists those words (ADR 0022)."""
    if date_from and date_to and date_from > date_to:
        raise UsageError("`from` is after `to`.")
    departments = who.scope
    if department:
        wanted = department_keys([department])[0]
        departments = [wanted] if departments is None or wanted in departments else []
    found = services.ctx.index.find(q, departments=departments, file_number=file_number,
                                    date_from=date_from, date_to=date_to, limit=limit, offset=offset, exact=exact)
    hits = found.hits
    services.record(who, "search", "query", q[:200], department=department, file_number=file_number, hits=len(hits))
    return SearchResults(query=q, limit=limit, offset=offset, exact=exact, also_matched=found.also_matched,
                         hits=[SearchHit(**{**_fields(h), "snippet": mask_pii(h.snippet)}) for h in hits])


def _fields(hit: Any) -> dict[str, Any]:
    return {k: getattr(hit, k) for k in SearchHit.model_fields}
