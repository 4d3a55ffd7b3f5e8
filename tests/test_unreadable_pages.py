"""A page whose best reading is garbage (issue 17, point 4) goes to the review queue with its
reason and is not indexed or classified as if it were text; its document's other pages are."""

from __future__ import annotations

import numpy as np
import regex
from PIL import Image

from ocr.quality import UNREADABLE
from sanchika.pipeline import process_batch
from sanchika.queries import Queries
from sanchika.settings import Settings
from storage.db import open_engine
from storage.review import review_list

from . import pagegen, pageshapes
from .scans import REVENUE_LINES, page


def test_unreadable_page_is_reviewed_not_indexed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    good = page(REVENUE_LINES, 31).convert("L")
    mirrored = pageshapes.turned(pageshapes.make("stamp", "lohit", 2), 0)[:, ::-1]  # scanned through its back
    bad = Image.fromarray(np.ascontiguousarray(mirrored)).resize(good.size)
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "file.pdf").write_bytes(pagegen.image_pdf([good, bad], dpi=200))
    settings = Settings(home=tmp_path / "home", workers=1)
    report = process_batch([folder], settings, batch_name="u", operator="tester")
    doc_id = report.files[0].document_id
    q = Queries(settings)
    pages = q.document(doc_id)["pages_detail"]
    assert pages[1]["flag"] == "needs_review"
    rows = q.catalog.pages_of(doc_id)
    assert any(r.startswith(UNREADABLE) for r in rows[1]["quality_reasons"]), rows[1]["quality_reasons"]
    assert rows[1]["text"]  # kept for the reviewer
    queue = review_list(open_engine(settings.db_url), settings.department_review_below)["pages"]
    assert [p["page"] for p in queue if p["document_id"] == doc_id] == [2]
    assert q.search("खसरा")[0]["document_id"] == doc_id  # the readable page is indexed
    garbage = {w for w in regex.findall(r"\p{L}[\p{L}\p{M}]{3,}", rows[1]["text"])} - set(" ".join(REVENUE_LINES).split())
    assert garbage
    for word in sorted(garbage)[:10]:  # nothing of the garbage page is found
        assert all(h["page"] != 2 for h in q.search(word, exact=True)), word
