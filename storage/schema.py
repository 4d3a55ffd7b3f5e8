"""Tables of the metadata database (SQLAlchemy Core; SQLite embedded, PostgreSQL in server mode)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from domain.status import BatchStatus

metadata = MetaData()

batches = Table(
    "batches",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("operator", String(100), nullable=False, default=""),
    Column("status", String(16), nullable=False, default=BatchStatus.INGESTING.value),  # domain.status.BatchStatus
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("hints", JSON),  # operator's hints for the batch: {"department", "file_number", "location"}
)

batch_items = Table(
    "batch_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("batch_id", String(32), ForeignKey("batches.id"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("grp", String(300), nullable=False, default=""),
    Column("sha256", String(64)),
    Column("status", String(16), nullable=False),  # domain.status.ItemStatus
    Column("document_id", String(40)),
    Column("error_code", String(60)),
    Column("error_message", Text),
    UniqueConstraint("batch_id", "seq"),
)

source_files = Table(
    "source_files",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("kind", String(8), nullable=False),
    Column("size", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("stored_at", DateTime(timezone=True), nullable=False),
)

digital_files = Table(
    "digital_files",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(400), nullable=False, unique=True),  # "fn:<file number>" or "group:<batch>:<folder>"
    Column("file_number", String(200)),
    Column("title", Text, nullable=False),
    Column("department", String(40)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("location", Text),  # physical location of the paper file (box / almirah), given at upload
    Column("volume", Integer),  # volume / part of a file kept apart from the others (key ends ":v<n>")
    Column("details", JSON),  # what the cover says: subject, section, opening year, stated pages, ...
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("sha256", String(64), ForeignKey("source_files.sha256"), nullable=False, index=True),
    Column("batch_id", String(32), ForeignKey("batches.id"), nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("grp", String(300), nullable=False, default=""),
    Column("kind", String(8), nullable=False),
    Column("status", String(16), nullable=False),  # domain.status.DocumentStatus
    Column("pages", Integer, nullable=False, default=0),
    Column("department", String(40), index=True),
    Column("confidence", Float),
    Column("classification", JSON),
    Column("file_number", String(200), index=True),
    Column("doc_date", Date, index=True),  # first date found in the text (search filter from/to)
    Column("entities", JSON),
    Column("digital_file_id", Integer, ForeignKey("digital_files.id"), index=True),
    Column("error_code", String(60)),
    Column("error_message", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("completed_at", DateTime(timezone=True)),
    Column("bundle", JSON),  # cover reading and reconciliation of the scanned bundle (issue 7)
    Column("verified_by", String(100)),  # who approved or corrected it in review
    Column("verified_at", DateTime(timezone=True)),
)

pages = Table(
    "pages",
    metadata,
    Column("document_id", String(40), ForeignKey("documents.id"), primary_key=True),
    Column("page_no", Integer, primary_key=True),
    Column("status", String(16), nullable=False),  # domain.status.PageStatus
    Column("source", String(16)),
    Column("confidence", Float),
    Column("rotation", Integer),
    Column("skew_degrees", Float),
    Column("dpi", Integer),
    Column("dpi_assumed", Boolean),
    Column("width", Integer),
    Column("height", Integer),
    Column("lang", String(40)),
    Column("steps", JSON),
    Column("textlayer_verdict", Text),
    Column("text", Text),
    Column("seconds", Float),
    Column("error_code", String(60)),
    Column("error_message", Text),
    Column("updated_at", DateTime(timezone=True)),
    Column("quality", Float),  # 0..1 page quality score (ocr/quality.py); NULL for text-layer pages
    Column("quality_reasons", JSON),  # what lowered the score
    Column("flag", String(16)),  # needs_review | needs_rescan | NULL
    Column("blank", Boolean),  # blank page: kept, not indexed, not counted as content
    Column("separator", String(16)),  # separator sheet's code kind (patch-t, qr, ...): kept, not content
    Column("separator_file_number", String(200)),
    Column("role", String(16)),  # page role (classify.page_roles): cover, notesheet, receipt, ...
    Column("role_confidence", Float),
    Column("layout", JSON),  # layout facts from the page image: ruled lines, ink, image hash
)

# Documents inside a scanned bundle (classify.boundaries): pages first_page..last_page of one
# scanned document, with the role of the part; separators may send parts to other digital files.
parts = Table(
    "parts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("first_page", Integer, nullable=False),
    Column("last_page", Integer, nullable=False),
    Column("role", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("reasons", JSON),
    Column("needs_review", Boolean, nullable=False),
    Column("file_number", String(200)),
    Column("digital_file_id", Integer, ForeignKey("digital_files.id"), index=True),
    UniqueConstraint("document_id", "seq"),
)

Index("ix_pages_status", pages.c.status)
Index("ix_pages_flag", pages.c.flag)

# -- access control and audit (web API) ------------------------------------------------------

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(16), nullable=False),  # operator | department | admin
    Column("departments", JSON, nullable=False, default=list),  # department keys (role department)
    Column("password_hash", Text),  # argon2; NULL = token-only user
    Column("created_at", DateTime(timezone=True), nullable=False),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("token_hash", String(64), nullable=False, unique=True),  # SHA-256 of the token; never the token
    Column("kind", String(16), nullable=False),  # api (CLI-issued, no expiry) | session (login)
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True)),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("user_name", String(100), nullable=False, index=True),
    Column("action", String(32), nullable=False, index=True),  # upload | view | download | correct | search | login
    Column("target_type", String(16)),  # batch | document | file | query
    Column("target_id", Text, index=True),
    Column("detail", JSON),
)

corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False, index=True),
    Column("field", String(32), nullable=False),  # department
    Column("old_value", Text),
    Column("new_value", Text),
    Column("user_name", String(100), nullable=False),
    Column("reason", Text),
    Column("at", DateTime(timezone=True), nullable=False),
)


# -- search vocabulary (both backends; see storage/search/ and docs/adr/0006) -------------------
# The page text itself lives in dialect-specific objects created by the migrations: SQLite FTS5
# table `page_fts`, PostgreSQL table `search_pages` (tsvector + GIN). These two tables are plain
# SQL on both: every indexed word with the number of pages holding it, and the one-deletion
# variants of each word (candidate generation for OCR-error tolerant matching).
search_terms = Table(
    "search_terms",
    metadata,
    Column("term", String(120), primary_key=True),
    Column("n", Integer, nullable=False, default=0),  # pages containing the term
    # keys of the term (ADR 0022; migration 0009): a query word expands to the terms sharing one
    Column("norm_key", String(120), nullable=True),  # spelling-variant key (domain.hindi.norm_key)
    Column("stem_key", String(120), nullable=True),  # inflection key (domain.hindi.stem_key)
    Column("phon_key", String(120), nullable=True),  # cross-script phonetic key (domain.phonetic.skeleton)
)

search_term_variants = Table(
    "search_term_variants",
    metadata,
    Column("variant", String(120), primary_key=True),
    Column("term", String(120), primary_key=True),
)


# -- fixity (docs/fixity.md, docs/adr/0018) ---------------------------------------------------------
# Every object written to the object store, with the SHA-256 of its bytes as written: what
# `sanchika verify` compares the store against. ``sha256`` NULL: a row the migration made for an
# object stored before this table existed (its hash is taken from the store's own metadata the
# first time verify reads it).
stored_objects = Table(
    "stored_objects",
    metadata,
    Column("key", String(400), primary_key=True),
    Column("sha256", String(64)),
    Column("size", BigInteger),
    Column("kind", String(16), nullable=False),  # storage.keys kinds: original, page_text, ... ; other
    Column("content_sha", String(64), index=True),  # the original (document content) the object belongs to
    Column("stored_at", DateTime(timezone=True), nullable=False),
)

# One row per `sanchika verify` run: its checkpoint while it runs (resumable), its result after.
fixity_runs = Table(
    "fixity_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),  # heartbeat: the last checkpoint
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(16), nullable=False),  # domain.status.FixityRunStatus
    Column("user_name", String(100), nullable=False),
    Column("store", Text, nullable=False),  # the store's description (local folder or S3 bucket)
    Column("sample", Float, nullable=False),  # fraction of objects read (1.0 = all)
    Column("seed", String(32), nullable=False),  # which objects a sampled run reads
    Column("phase", String(8), nullable=False, default="ledger"),  # ledger (rows in key order), then store (its listing)
    Column("cursor", Text),  # the last key of the phase dealt with: a resumed run goes on after it
    Column("checked", Integer, nullable=False, default=0),
    Column("ok", Integer, nullable=False, default=0),
    Column("bytes", BigInteger, nullable=False, default=0),
    Column("seconds", Float, nullable=False, default=0.0),
    Column("problems", JSON),  # {"mismatched": [...], "missing": [...], "unreferenced": [...]}
)


# -- rescans (issue 19): pages marked "to rescan", and replacements by a new scan ----------------
# One row per request about a page: marked by an operator (state ``marked``, with the reason),
# then replaced by a new scan read in the background (``queued`` -> ``reading`` -> ``rebuilding``
# -> ``done``, or ``failed`` with the error: the page is then as it was), or ``cancelled``.
# A replacement of an unmarked page starts at ``queued``. storage/rescans.py.
rescans = Table(
    "rescans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", String(40), ForeignKey("documents.id"), nullable=False, index=True),
    Column("page_no", Integer, nullable=False),
    Column("state", String(16), nullable=False, index=True),  # domain.status.RescanState
    Column("reason", Text),  # the operator's words when marked
    Column("marked_by", String(100)),
    Column("marked_at", DateTime(timezone=True)),
    Column("scan_sha256", String(64)),  # the replacement scan (an original of its own)
    Column("scan_kind", String(8)),
    Column("scan_name", Text),
    Column("replaced_by", String(100)),
    Column("submitted_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    Column("previous", JSON),  # the page before the replacement: status, flag, confidence, error_code
    Column("result", JSON),  # the new page: confidence, quality, flag, blank
    Column("error_code", String(60)),
    Column("error_message", Text),
)
