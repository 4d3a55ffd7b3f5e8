"""What a worker process needs to know, as one picklable value built by the shell from its
settings (workers never read environment variables themselves)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ocr.options import OcrOptions

from .retry import RetryPolicy


@dataclass(frozen=True)
class StoreConfig:
    kind: str = "local"  # "local" | "s3"
    root: Path = Path("sanchika-data/objects")
    endpoint: str = ""
    access_key: str = ""
    secret_key: str = ""
    bucket: str = "sanchika"
    cache_dir: Path = Path("sanchika-data/cache")
    protection: str = "none"  # a bucket created here gets it: none | versioning | object_lock


@dataclass(frozen=True)
class WorkerConfig:
    database_url: str
    store: StoreConfig
    ocr: OcrOptions = field(default_factory=OcrOptions)
    classifier_min_confidence: float = 0.35
    boundary_review_below: float = 0.65  # a document boundary less sure than this goes to review
    department_review_below: float = 0.6  # a department less sure than this goes to review; an operator's hint decides it
    model_dir: Path | None = None
    broker_url: str | None = None  # server mode (Celery); None = the in-process pool
    visibility_timeout: float = 0  # Redis broker: seconds before an unacked task is redelivered; 0 = derived
    retry: RetryPolicy = field(default_factory=RetryPolicy)  # transient errors and crashed workers, both executors
    processes: int = 0  # the embedded pool's worker processes; 0 = one per core
    pool_idle_seconds: float = 30.0  # the embedded pool stays up this long after background work (submit) ends
    pdfa_validate: str = "foreign"  # which document PDFs pikepdf.pdfa validates: foreign | always | never (ocr/pdfa.py)
