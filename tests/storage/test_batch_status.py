"""A batch's status through its life (domain.status.BatchStatus, storage.catalog): ingesting while
its inputs are recorded, running after, closed by whoever finishes last (the end of the ingest or
the last document), failed when no input could be processed, and done again when a rescan
revives a failed document."""

from __future__ import annotations

from domain.errors import InputError
from domain.status import BatchStatus, ItemStatus
from storage.catalog import Catalog
from storage.db import init_schema, open_engine


def _catalog(tmp_path) -> Catalog:  # type: ignore[no-untyped-def]
    engine = open_engine(f"sqlite:///{tmp_path / 'c.db'}")
    init_schema(engine)
    return Catalog(engine)


def _document(cat: Catalog, batch: str, seq: int) -> tuple[int, str]:
    item = cat.add_item(batch, seq, f"f{seq}.pdf", "")
    sha = f"{seq:02d}" + "c" * 62
    cat.record_source(sha, "pdf", 1, f"f{seq}.pdf")
    doc = cat.create_document(sha, batch, f"f{seq}.pdf", "", "pdf", 1)
    cat.update_item(item, status=ItemStatus.PROCESSING, sha256=sha, document_id=doc)
    return item, doc


def test_the_last_to_finish_closes_the_batch(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cat = _catalog(tmp_path)
    batch = cat.create_batch("b", "t")
    _, first = _document(cat, batch, 0)
    cat.settle_items(first, True)  # the first document is done while the second file is still ingested
    assert cat.batch(batch)["status"] == BatchStatus.INGESTING
    _, second = _document(cat, batch, 1)
    cat.end_ingest(batch)
    assert cat.batch(batch)["status"] == BatchStatus.RUNNING  # the second document is in flight
    cat.settle_items(second, False, InputError("bad", code="input.corrupt"))
    closed = cat.batch(batch)
    assert closed["status"] == BatchStatus.DONE and closed["finished_at"] is not None


def test_a_batch_of_failures_fails_and_a_rescan_revives_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cat = _catalog(tmp_path)
    batch = cat.create_batch("b", "t")
    bad = cat.add_item(batch, 0, "empty.pdf", "")
    cat.fail_item(bad, InputError("empty", code="input.empty"))
    _, doc = _document(cat, batch, 1)
    cat.end_ingest(batch)
    cat.settle_items(doc, False, InputError("unreadable", code="page.unreadable"))
    assert cat.batch(batch)["status"] == BatchStatus.FAILED
    cat.revive_items(doc)  # its page was replaced by a readable rescan
    assert cat.batch(batch)["status"] == BatchStatus.DONE
    assert [i["status"] for i in cat.batch(batch)["items"]] == [ItemStatus.FAILED, ItemStatus.DONE]


def test_an_empty_batch_ends_failed_at_the_end_of_its_ingest(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cat = _catalog(tmp_path)
    batch = cat.create_batch("b", "t")
    cat.end_ingest(batch)
    assert cat.batch(batch)["status"] == BatchStatus.FAILED


def test_an_interrupted_ingest_is_closed_once_nothing_is_in_flight(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cat = _catalog(tmp_path)
    batch = cat.create_batch("b", "t")  # the ingest stopped: end_ingest never ran
    _, doc = _document(cat, batch, 0)
    lost = cat.add_item(batch, 1, "half.pdf", "")
    cat.fail_item(lost, InputError("interrupted", code="input.interrupted"))
    cat.close_if_settled(batch)
    assert cat.batch(batch)["status"] == BatchStatus.INGESTING  # its document is still in flight
    cat.settle_items(doc, True)
    assert cat.batch(batch)["status"] == BatchStatus.INGESTING  # settling alone closes running batches only
    cat.close_if_settled(batch)
    closed = cat.batch(batch)
    assert closed["status"] == BatchStatus.DONE and closed["finished_at"] is not None
    finished = closed["finished_at"]
    cat.close_if_settled(batch)  # a closed batch stays as it was
    assert cat.batch(batch)["finished_at"] == finished


def test_a_document_settles_with_its_batch_items(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """finish_document and fail_document settle the items waiting on the document in the same
    transaction: whoever sees the document done (the executor following a batch, the report) sees
    its input done too, even when the worker dies or loses its connection right after."""
    from domain.types import Classification, Entities

    cat = _catalog(tmp_path)
    batch = cat.create_batch("b", "t")
    good_item, good = _document(cat, batch, 0)
    bad_item, bad = _document(cat, batch, 1)
    cat.end_ingest(batch)
    cat.finish_document(good, Classification("revenue", 0.9, {"revenue": 0.9}), Entities(), None)
    assert {i["id"]: i["status"] for i in cat.batch(batch)["items"]} == {good_item: ItemStatus.DONE,
                                                                         bad_item: ItemStatus.PROCESSING}
    cat.fail_document(bad, InputError("unreadable", code="page.unreadable"))
    items = {i["id"]: (i["status"], i["error_code"]) for i in cat.batch(batch)["items"]}
    assert items == {good_item: (ItemStatus.DONE, None), bad_item: (ItemStatus.FAILED, "page.unreadable")}
    assert cat.batch(batch)["status"] == BatchStatus.DONE
