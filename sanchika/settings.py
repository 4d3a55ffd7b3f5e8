"""All settings, from environment variables ``SANCHIKA_*`` (documented in docs/configuration.md).

Built once by the entry point (CLI, web app, worker) and passed in; nothing reads the
environment at import time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.collect import ZipLimits
from ocr.options import OcrOptions
from workers.config import StoreConfig, WorkerConfig
from workers.retry import RetryPolicy

_OCR_DEFAULTS = OcrOptions()


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SANCHIKA_", extra="ignore")

    home: Path = Field(Path("sanchika-data"), description="Folder for the embedded database, object store and spool.")
    database_url: str | None = Field(None, description="SQLAlchemy URL; unset = SQLite at $SANCHIKA_HOME/sanchika.db.")
    broker_url: str | None = Field(None, description="Celery broker (server mode); unset = in-process worker pool.")
    broker_visibility_timeout: int = Field(0, ge=0, description="Redis broker: seconds before a task a dead worker held is redelivered; 0 = derived from the page timeout.")
    s3_endpoint: str | None = Field(None, description="S3/MinIO endpoint URL; unset = local folder $SANCHIKA_HOME/objects.")
    s3_access_key: str = ""
    s3_secret_key: str = ""
    s3_bucket: str = "sanchika"
    s3_protection: Literal["none", "versioning", "object_lock"] = Field("none", description="What the bucket must have so no object is ever lost to an overwrite or delete: versioning (old versions kept) or object_lock (versions kept and locked); checked at start-up (dependency.s3_protection), and given to a bucket Sanchika creates. docs/fixity.md.")

    workers: int = Field(0, ge=0, description="Worker processes for the embedded pool; 0 = one per core.")
    worker_idle_seconds: float = Field(30.0, ge=0, le=3600, description="Embedded pool: seconds its worker processes stay up after background work (web uploads, rescans, requeues) ends, so the next one starts without forking a new pool; 0 = stop them at once. `sanchika process` stops them when it ends.")
    shutdown_seconds: float = Field(20.0, ge=0, le=3600, description="Seconds the pages being read get to finish when `sanchika serve` stops, or a command with worker processes (process, watch, requeue, ocr) is stopped by Ctrl-C/SIGTERM; then their processes are stopped. Nothing is lost either way: `sanchika requeue` reads what was left and finishes an ingest.")
    retries: int = Field(12, ge=0, le=100, description="Times a page or document step runs again after a transient error (database, object store or broker unreachable) before it fails as transient.gave_up; the embedded pool and Celery workers alike.")
    retry_max_delay: float = Field(60.0, ge=0.1, le=3600, description="Longest pause (seconds) between two runs of a step after a transient error; the pause starts at 1 s and doubles, with jitter. With a broker, also under half the visibility timeout.")
    ocr_lang: str = Field(_OCR_DEFAULTS.lang, description="Tesseract language set, e.g. Devanagari+eng or hin+eng.")
    ocr_dpi: int = Field(_OCR_DEFAULTS.dpi, ge=72, le=1200, description="DPI at which PDF pages are rendered for OCR.")
    max_pixels: int = Field(_OCR_DEFAULTS.max_pixels, ge=1_000_000, description="Largest page (pixels) accepted.")
    page_timeout: float = Field(_OCR_DEFAULTS.page_timeout, gt=0, description="Seconds one page may take (render, preprocess and OCR); past it that page fails with page.timeout.")
    use_text_layer: bool = Field(True, description="Use a born-digital PDF page's text when it passes the trust check.")
    ocr_lang_routing: bool = Field(_OCR_DEFAULTS.lang_routing, description="Read English-only pages with SANCHIKA_OCR_LANG_LATIN and Hindi-only pages with SANCHIKA_OCR_LANG_DEVA (cheaper); mixed pages with SANCHIKA_OCR_LANG.")
    ocr_tesseract_library: bool = Field(_OCR_DEFAULTS.tesseract_library, description="Run Tesseract through its C library (libtesseract.so.5) in each worker's page process, language data loaded once (~20 % less CPU per page); false = the tesseract command per page.")
    ocr_tables: bool = Field(_OCR_DEFAULTS.tables, description="Read a page with a ruled grid (a table) without its rules, as one block of lines; kept when that reading is sound, else the better of it and the ordinary reading.")
    ocr_line_rules: bool = Field(_OCR_DEFAULTS.line_rules, description="When a page's reading is not clean and it has long thin rules under or through its text lines (a note-sheet's ruling, a form's underlines and dotted lines), read it again with them painted out (crossing strokes kept) and keep the better reading.")
    ocr_stamps: bool = Field(_OCR_DEFAULTS.stamps, description="Paint a stamp's frame struck at a slant over the text (long straight strokes 6+ degrees off level and upright) out of the image Tesseract reads: Tesseract cut the lines it crosses into blocks read one after the other.")
    ocr_frames: bool = Field(_OCR_DEFAULTS.frames, description="When a page's reading has runs of one glyph (a chain of rings read as 'oooo') and the page lies in an ornamental frame (a chain of small marks along three or four edges: a certificate, a sanad, a stamp paper), read it again with the frame painted out and keep the better reading.")
    ocr_lang_latin: str = Field(_OCR_DEFAULTS.lang_latin, description="Language set for pages whose every line is Latin script.")
    ocr_lang_deva: str = Field(_OCR_DEFAULTS.lang_deva, description="Language set for pages whose every line is Devanagari.")
    quality_review_below: float = Field(_OCR_DEFAULTS.review_below, ge=0, le=1, description="Page quality score under which a page is flagged needs_review.")
    quality_rescan_below: float = Field(_OCR_DEFAULTS.rescan_below, ge=0, le=1, description="Page quality score under which a page with a capture problem (resolution, blur, contrast) is flagged needs_rescan.")
    detect_blank_pages: bool = Field(_OCR_DEFAULTS.detect_blank, description="Flag blank pages (not OCRed, not indexed, not counted as content; never deleted).")
    max_file_mb: int = Field(2048, ge=1, description="Largest input file accepted (MiB).")
    zip_max_members: int = Field(10_000, ge=1)
    zip_max_mb: int = Field(8192, ge=1, description="Largest total uncompressed size of a ZIP (MiB).")
    classifier_min_confidence: float = Field(0.35, ge=0, le=1, description="Below this a document's department is 'unknown'.")
    department_review_below: float = Field(0.6, ge=0, le=1, description="A finished document whose department's confidence is under this (or unknown) goes to the review queue until an operator approves or corrects it; under it an operator's department hint decides the department (ADR 0024; bench/review_threshold.py).")
    boundary_review_below: float = Field(0.65, ge=0, le=1, description="A document boundary found inside a scanned bundle with a confidence under this goes to the review list.")
    model_dir: Path | None = Field(None, description="Department model folder; unset = $SANCHIKA_HOME/model when `sanchika classify train` has written one there, else the model shipped in the package.")
    watch_settle_seconds: float = Field(10.0, ge=0, description="`sanchika watch`: a file is taken once its size and modification time have not changed for this many seconds (a scanner still writing it is waited for).")
    watch_interval: float = Field(5.0, gt=0, description="`sanchika watch`: seconds between two looks at the watched folder.")
    session_hours: int = Field(12, ge=1, le=24 * 30, description="Hours a web login (POST /api/login) token stays valid.")
    max_upload_files: int = Field(1000, ge=1, description="Most files one POST /api/batches request may carry.")
    pdfa_validate: Literal["foreign", "always", "never"] = Field("foreign", description="Which document PDFs the PDF/A validator checks: foreign = those with pages not of Sanchika's own tested forms (an original page reused, a born-digital page); always = every one; never = none (a PDF with foreign pages is then not claimed as PDF/A). docs/pdfa.md.")

    @property
    def db_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.home / 'sanchika.db').resolve()}"

    @property
    def spool_dir(self) -> Path:
        return self.home / "spool"

    @property
    def trained_model_dir(self) -> Path:
        """Where `sanchika classify train` switches a retrained department model in."""
        return self.home / "model"

    def classifier_model_dir(self) -> Path | None:
        """The department model in use: SANCHIKA_MODEL_DIR; else $SANCHIKA_HOME/model when it holds a
        model; else None (the model shipped in the package)."""
        if self.model_dir is not None:
            return self.model_dir.resolve()
        if (self.trained_model_dir / "manifest.json").is_file():
            return self.trained_model_dir.resolve()
        return None

    def ocr_options(self, lang: str | None = None) -> OcrOptions:
        from dataclasses import replace

        return replace(
            _OCR_DEFAULTS,
            lang=lang or self.ocr_lang,
            dpi=self.ocr_dpi,
            max_pixels=self.max_pixels,
            page_timeout=self.page_timeout,
            use_text_layer=self.use_text_layer,
            lang_routing=self.ocr_lang_routing,
            lang_latin=self.ocr_lang_latin,
            tables=self.ocr_tables,
            line_rules=self.ocr_line_rules,
            stamps=self.ocr_stamps,
            frames=self.ocr_frames,
            lang_deva=self.ocr_lang_deva,
            tesseract_library=self.ocr_tesseract_library,
            review_below=self.quality_review_below,
            rescan_below=self.quality_rescan_below,
            detect_blank=self.detect_blank_pages,
        )

    def store_config(self) -> StoreConfig:
        if self.s3_endpoint:
            return StoreConfig(kind="s3", endpoint=self.s3_endpoint, access_key=self.s3_access_key,
                               secret_key=self.s3_secret_key, bucket=self.s3_bucket, cache_dir=self.home / "cache",
                               protection=self.s3_protection)
        return StoreConfig(kind="local", root=(self.home / "objects").resolve())

    def worker_config(self) -> WorkerConfig:
        return WorkerConfig(database_url=self.db_url, store=self.store_config(), ocr=self.ocr_options(),
                            classifier_min_confidence=self.classifier_min_confidence, model_dir=self.classifier_model_dir(),
                            boundary_review_below=self.boundary_review_below, broker_url=self.broker_url,
                            department_review_below=self.department_review_below,
                            visibility_timeout=self.broker_visibility_timeout, processes=self.workers,
                            pool_idle_seconds=self.worker_idle_seconds,
                            retry=self.retry_policy(),
                            pdfa_validate=self.pdfa_validate)

    def retry_policy(self) -> RetryPolicy:
        """The one policy of every executor (and of `sanchika ocr`'s pool): workers/retry.py."""
        return RetryPolicy(retries=self.retries, first_delay=min(1.0, self.retry_max_delay), max_delay=self.retry_max_delay)

    def zip_limits(self) -> ZipLimits:
        return ZipLimits(max_members=self.zip_max_members, max_total_bytes=self.zip_max_mb << 20)

    def worker_processes(self) -> int:
        return self.workers or os.cpu_count() or 1
