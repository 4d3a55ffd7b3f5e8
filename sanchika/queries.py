"""Read-side queries for the front ends, returning plain JSON-ready values."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Any

from classify.pii import mask_pii
from storage.catalog import Catalog
from storage.db import init_schema, open_engine
from storage.search import open_index

from .settings import Settings


class Queries:
    def __init__(self, settings: Settings) -> None:
        engine = open_engine(settings.db_url)
        init_schema(engine)
        self.catalog = Catalog(engine)
        self.index = open_index(engine)

    def search(self, query: str, *, departments: list[str] | None = None, file_number: str | None = None,
               date_from: date | None = None, date_to: date | None = None,
               limit: int = 20, offset: int = 0, exact: bool = False) -> list[dict[str, Any]]:
        return self.find(query, departments=departments, file_number=file_number, date_from=date_from,
                         date_to=date_to, limit=limit, offset=offset, exact=exact)["hits"]

    def find(self, query: str, *, departments: list[str] | None = None, file_number: str | None = None,
             date_from: date | None = None, date_to: date | None = None,
             limit: int = 20, offset: int = 0, exact: bool = False) -> dict[str, Any]:
        """{"hits": [...], "also_matched": [words searched besides the query's own]} (ADR 0022)."""
        res = self.index.find(query, departments=departments, file_number=file_number,
                              date_from=date_from, date_to=date_to, limit=limit, offset=offset, exact=exact)
        hits = []
        for hit in res.hits:
            row = asdict(hit)
            row["snippet"] = mask_pii(hit.snippet)
            hits.append(row)
        return {"hits": hits, "also_matched": res.also_matched}

    def document(self, doc_id: str) -> dict[str, Any]:
        doc = self.catalog.document(doc_id)
        pages = doc.pop("page_rows")
        doc["pages_detail"] = [
            {k: p[k] for k in ("page_no", "status", "source", "confidence", "rotation", "skew_degrees", "dpi",
                               "dpi_assumed", "lang", "steps", "error_code", "error_message", "text", "blank",
                               "separator", "separator_file_number", "role", "role_confidence", "flag", "quality")}
            for p in pages
        ]
        doc["parts"] = self.catalog.parts_of(doc_id)
        return doc

    def batches(self) -> list[dict[str, Any]]:
        return self.catalog.list_batches()


def open_queries(settings: Settings) -> Queries:
    return Queries(settings)
