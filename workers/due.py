"""The work the database says is due and the broker does not hold: one answer for
`sanchika requeue` (sanchika/requeue.py) and for the workers' sweep after a broker reconnection
(workers/lost_work.py, ADR 0031).

    due_work(engine, batch_id, cutoff, held, any_age=()) -> Due

Of the open documents created before ``cutoff``, and those of the batches ``any_age`` whatever
their age (a batch its command stopped cleanly: sanchika.ingest_record.mark_stopped)
(storage.stranded.open_documents):
- a document with pages still ``queued``: a DocumentJob of those pages the broker does not hold;
  a page being replaced by a new scan (storage.stranded.replacements) gets a job of its own that
  carries the rescan id, so it is read from the replacement scan (workers.rescan.read_rescan),
  never from the original page (a document being replaced has no other page queued:
  workers.rescan.submit_replacement refuses a document being read);
- a document whose pages all settled (``processing``: its claim is due) or ``completing`` (its
  message lost): a DocumentJob without pages, ``claimed`` for the second, unless the broker
  holds its completion.

``held`` is called before and after the database is read, and a message found in either read
counts as held (a message moved between queue and unacked while read is in one of the two).
None from it: the broker cannot tell what it holds (``Due.broker_checked`` False).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine

from domain.status import DocumentStatus
from storage.stranded import open_documents, replacements

from .jobs import DocumentJob, Held


@dataclass
class Due:
    jobs: list[DocumentJob] = field(default_factory=list)  # pages to run, or (no pages) completions to publish
    pages: int = 0  # queued pages among jobs
    completions: int = 0  # jobs without pages
    in_flight: int = 0  # due-looking pages and completions the broker holds a message for
    too_young: int = 0  # open documents created after the cutoff, left alone
    broker_checked: bool = False  # held() could tell what the broker holds


def due_work(engine: Engine, batch_id: str | None, cutoff: datetime, held: Callable[[], Held | None],
             any_age: Collection[str] = ()) -> Due:
    """The jobs due for the open documents (of ``batch_id``, or all) created before ``cutoff`` or
    in a batch of ``any_age``, leaving out what ``held`` says the broker holds."""
    before = held()
    stranded, too_young = open_documents(engine, batch_id, cutoff, any_age)
    after = held()
    out = Due(too_young=too_young, broker_checked=before is not None)
    holds = (before or set()) | (after or set())
    scans = replacements(engine, [d.doc_id for d in stranded if d.queued])
    for doc in stranded:
        if doc.status == DocumentStatus.COMPLETING or not doc.queued:  # every page settled: the completion is due
            if ("doc", doc.doc_id) in holds:
                out.in_flight += 1
            else:
                out.completions += 1
                out.jobs.append(DocumentJob(doc.doc_id, doc.sha256, doc.kind, 0, only=(),
                                            claimed=doc.status == DocumentStatus.COMPLETING))
            continue
        todo = [n for n in doc.queued if ("page", doc.doc_id, n) not in holds]
        out.in_flight += len(doc.queued) - len(todo)
        out.pages += len(todo)
        plain = tuple(n for n in todo if (doc.doc_id, n) not in scans)
        if plain:
            out.jobs.append(DocumentJob(doc.doc_id, doc.sha256, doc.kind, len(doc.queued), only=plain))
        out.jobs += [DocumentJob(doc.doc_id, doc.sha256, doc.kind, len(doc.queued), only=(n,),
                                 rescan=scans[(doc.doc_id, n)]) for n in todo if (doc.doc_id, n) in scans]
    return out
