"""storage.review on SQLite and PostgreSQL: the review queue's counts, the union that counts them
fast and the report's case expression select the same documents, one reason at a time; a review
applies all or nothing; a digital file follows its documents' department (issue 19, ADR 0024)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, insert, select

from domain.errors import UsageError
from storage.library import Library
from storage.reports import digitisation_report
from storage.review import needs_review, review_counts, review_list
from storage.schema import batches, corrections, digital_files, documents, pages, parts, source_files

T = 0.6
NOW = datetime.now(UTC)
EARLY = NOW - timedelta(hours=2)


def _doc(c, doc_id: str, dep: str | None, conf: float | None, *, status: str = "done", verified: bool = False,  # type: ignore[no-untyped-def]
         file_id: int | None = None, page_rows: tuple[dict, ...] = ({},)) -> None:
    c.execute(insert(source_files).values(sha256=doc_id, kind="pdf", size=1, name=doc_id, stored_at=EARLY))
    c.execute(insert(documents).values(id=doc_id, sha256=doc_id, batch_id="b", name=doc_id, grp="", kind="pdf", status=status,
                                       pages=len(page_rows), department=dep, confidence=conf, digital_file_id=file_id,
                                       created_at=EARLY, completed_at=EARLY, verified_by="olga" if verified else None,
                                       verified_at=NOW - timedelta(hours=1) if verified else None))
    for n, row in enumerate(page_rows, 1):
        c.execute(insert(pages).values(document_id=doc_id, page_no=n, status=row.get("status", "done"), flag=row.get("flag"),
                                       updated_at=row.get("at", EARLY)))


@pytest.fixture
def db(engine: Engine) -> Engine:
    with engine.begin() as c:
        c.execute(insert(batches).values(id="b", name="b", operator="o", status="done", created_at=EARLY))
        c.execute(insert(digital_files).values(id=1, key="fn:1", file_number="1", title="t", department="unknown", created_at=EARLY))
        _doc(c, "sure", "revenue", 0.9, file_id=1)
        _doc(c, "unsure", "health", 0.45)  # filed, and queued: below the review threshold
        _doc(c, "unknown", "unknown", 0.2)
        _doc(c, "approved", "health", 0.45, verified=True)  # an operator approved it: out
        _doc(c, "failed-page", "revenue", 0.9, page_rows=({}, {"status": "failed"}))
        _doc(c, "checked-page", "revenue", 0.9, verified=True, page_rows=({"flag": "needs_review"},))  # read before approval
        _doc(c, "new-page", "revenue", 0.9, verified=True, page_rows=({"flag": "needs_review", "at": NOW},))  # read after it
        _doc(c, "rescan", "revenue", 0.9, verified=True, page_rows=({"flag": "needs_rescan"},))  # until replaced
        _doc(c, "boundary", "revenue", 0.9)
        c.execute(insert(parts).values(document_id="boundary", seq=1, first_page=1, last_page=1, role="letter",
                                       confidence=0.3, reasons=[], needs_review=True))
        _doc(c, "corrected", "health", 0.3)
        c.execute(insert(corrections).values(document_id="corrected", field="department", old_value="revenue",
                                             new_value="health", user_name="olga", at=EARLY))
        _doc(c, "broken", None, None, status="failed", page_rows=({"status": "failed"},))  # not finished: pages only
    return engine


WANTED = {"unsure", "unknown", "failed-page", "new-page", "rescan", "boundary"}


def test_every_front_end_counts_the_same_documents(db: Engine) -> None:
    with db.connect() as c:
        by_rule = set(c.execute(select(documents.c.id).where(needs_review(T))).scalars())
    assert by_rule == WANTED
    counts = review_counts(db, T)
    assert counts["documents"] == len(WANTED) and counts["departments"] == 2 and counts["boundaries"] == 1
    assert counts["pages"] == 4  # failed-page, new-page, rescan and the unfinished document's failed page
    listed = review_list(db, T)
    assert {d["document_id"] for d in listed["documents"]} == {"unsure", "unknown"}
    assert {(p["document_id"], p["reason"]) for p in listed["pages"]} == {
        ("failed-page", "needs_rescan"), ("new-page", "needs_review"), ("rescan", "needs_rescan"), ("broken", "needs_rescan")}
    report = digitisation_report(db, date.today() - timedelta(days=1), date.today(), T)
    assert report["needs_review"] == len(WANTED) and report["documents"] == 10
    assert report["pages_needing_review"] == 3  # the report counts finished documents only


def test_a_review_is_all_or_nothing_and_the_file_follows(db: Engine) -> None:
    lib = Library(db, None)
    with pytest.raises(UsageError):
        lib.review("sure", "olga", department="health", file_number="9" * 250)
    with db.connect() as c:
        assert c.execute(select(documents.c.department, documents.c.verified_by).where(documents.c.id == "sure")).one() == ("revenue", None)
        assert c.execute(select(func.count()).select_from(corrections).where(corrections.c.document_id == "sure")).scalar() == 0
        assert c.execute(select(digital_files.c.department).where(digital_files.c.id == 1)).scalar() == "unknown"
    done = lib.review("sure", "olga", department="health", file_number="1")
    assert done["department"]["old_value"] == "revenue" and done["verified"]["verified_by"] == "olga"
    assert done["file_number"]["new_value"] == "1" and done["file_number"]["digital_file_id"] == 1  # the same file, by its key
    with db.connect() as c:
        assert c.execute(select(digital_files.c.department).where(digital_files.c.id == 1)).scalar() == "health"
    assert "sure" not in {d["id"] for d in Library(db, ["revenue"]).documents()}
    assert "sure" in {d["id"] for d in Library(db, ["health"]).documents()}
