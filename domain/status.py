"""The states a batch, a batch item (one input), a document, a page, a page's rescan and a run of
`sanchika verify` go through, as stored in the database (``status`` and ``state`` columns of
storage/schema.py). StrEnums: each member *is* its stored
string, so rows, JSON and comparisons with plain strings keep working; a new value needs no
migration (the columns are plain strings), a renamed one would.

    batch     ingesting -> running -> done | failed   (shown by the API: queued -> running -> done | failed)
    item      queued -> processing -> done | failed;  queued -> duplicate | failed (at ingest)
    document  processing -> completing -> done | failed
    page      queued -> done | failed
    rescan    marked -> queued -> reading -> rebuilding -> done | failed;  marked -> cancelled
    fixity run  running -> done;  running -> interrupted -> running (resumed) | abandoned

and a page's flag (``pages.flag``, not a state: what its reading asks of a person): needs_review |
needs_rescan; and a page's or a part's e-Office role (``pages.role``, ``parts.role``: what kind of
sheet it is, classify.page_roles).

One enum per table, not one for all: a page is never a duplicate, a batch is never queued, and
each table's legal values are read here (docs/adr/0020-executor-jobs-and-retries.md).
"""

from __future__ import annotations

from enum import StrEnum


class BatchStatus(StrEnum):
    INGESTING = "ingesting"  # its inputs are still being read and stored (OCR may have started)
    RUNNING = "running"  # every input is recorded; pages or documents are still in flight
    DONE = "done"  # every input settled, at least one of them done or a duplicate
    FAILED = "failed"  # every input settled and none could be processed (or there were none)

    @property
    def final(self) -> bool:
        return self in (BatchStatus.DONE, BatchStatus.FAILED)


class ShownBatchStatus(StrEnum):
    """A batch as the web API and the web app show it (not stored): ``queued`` while none of its
    pages has been read yet (stored ``ingesting`` or ``running``), then ``running``; ``done`` and
    ``failed`` as stored."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"

    @classmethod
    def of(cls, stored: str, started: bool) -> ShownBatchStatus:
        """``started``: a page of the batch has been read (storage.library.batches_started)."""
        if stored in (BatchStatus.DONE, BatchStatus.FAILED):
            return cls(stored)
        return cls.RUNNING if started else cls.QUEUED


class ItemStatus(StrEnum):
    """One input of a batch (a file, or a member of a ZIP)."""

    QUEUED = "queued"  # recorded, not stored yet
    PROCESSING = "processing"  # stored; its document is being read
    DONE = "done"
    DUPLICATE = "duplicate"  # same content as a document already stored: points at it
    FAILED = "failed"

    @property
    def settled(self) -> bool:
        return self not in (ItemStatus.QUEUED, ItemStatus.PROCESSING)


class DocumentStatus(StrEnum):
    PROCESSING = "processing"  # pages being read
    COMPLETING = "completing"  # every page settled; its completion step claimed (ADR 0007)
    DONE = "done"
    FAILED = "failed"

    @property
    def final(self) -> bool:
        return self in (DocumentStatus.DONE, DocumentStatus.FAILED)


class PageStatus(StrEnum):
    QUEUED = "queued"
    DONE = "done"
    FAILED = "failed"


OPEN_ITEMS = (ItemStatus.QUEUED, ItemStatus.PROCESSING)
FINAL_DOCUMENTS = (DocumentStatus.DONE, DocumentStatus.FAILED)
OPEN_DOCUMENTS = (DocumentStatus.PROCESSING, DocumentStatus.COMPLETING)


class RescanState(StrEnum):
    """One page's replacement by a new scan (table ``rescans``, column ``state``; ADR 0026)."""

    MARKED = "marked"  # on the rescan list, no scan yet
    QUEUED = "queued"  # the new scan is stored and its page job queued
    READING = "reading"
    REBUILDING = "rebuilding"  # the scan is read; the document is being completed again
    DONE = "done"
    FAILED = "failed"  # the scan could not be read: the page keeps what it had
    CANCELLED = "cancelled"  # a mark taken back


ACTIVE_RESCANS = (RescanState.QUEUED, RescanState.READING, RescanState.REBUILDING)


class RescanKind(StrEnum):
    """Why a page is on the scanning room's rescan list (storage.rescans.rescan_list; not stored)."""

    MARKED = "marked"  # an operator marked it (a rescan row in state marked)
    FAILED = "failed"  # it could not be read (PageStatus.FAILED)
    NEEDS_RESCAN = "needs_rescan"  # read too badly (PageFlag.NEEDS_RESCAN)


class FixityRunStatus(StrEnum):
    """A run of `sanchika verify` (table ``fixity_runs``)."""

    RUNNING = "running"  # checkpointing; resumed by the next run once its checkpoint is stale (killed)
    INTERRUPTED = "interrupted"  # stopped (Ctrl-C, an error): the next run of this store and sample resumes it
    ABANDONED = "abandoned"  # restarted, or a run of another sample began: never finished
    DONE = "done"


UNFINISHED_FIXITY_RUNS = (FixityRunStatus.RUNNING, FixityRunStatus.INTERRUPTED)


class PageFlag(StrEnum):
    """What a page's reading asks of a person (table ``pages``, column ``flag``; "" when nothing):
    set by ocr.quality, read by the review and rescan lists and the reports."""

    NEEDS_REVIEW = "needs_review"  # read, but doubtful: a person checks the text
    NEEDS_RESCAN = "needs_rescan"  # too poor to read well: the sheet is scanned again


class Role(StrEnum):
    """A page's role in a scanned file bundle, as e-Office names them (tables ``pages`` and
    ``parts``, column ``role``; set by classify.page_roles, read by the parts of a bundle, the
    e-Office export and the reports). Not a user's role (storage.users)."""

    COVER = "cover"  # the file cover
    NOTESHEET = "notesheet"  # noting: ruled, numbered paragraphs, signatures and dates down the page
    RECEIPT = "receipt"  # a letter received
    ISSUE = "issue"  # a letter sent: office copy, copy-to list
    ORDER = "order"
    ANNEXURE = "annexure"  # enclosure, statement, reference
    BLANK = "blank"  # decided by the OCR stage from the image
    SEPARATOR = "separator"  # a separator sheet (a code on a blank page), decided by the OCR stage

    @property
    def content(self) -> bool:
        """A page read as part of a document (not blank, not a separator sheet)."""
        return self not in (Role.BLANK, Role.SEPARATOR)


CONTENT_ROLES = frozenset(r for r in Role if r.content)
