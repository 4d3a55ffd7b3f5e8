"""Typed values passed between stages. Frozen dataclasses: a stage returns a new value, never
mutates one it was given. Pydantic only appears at the edges (settings, HTTP, task payloads)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from .status import PageFlag


class FileKind(StrEnum):
    """What an input really is, sniffed from its magic bytes (never from the extension)."""

    PDF = "pdf"
    TIFF = "tiff"
    PNG = "png"
    JPEG = "jpeg"
    ZIP = "zip"

    @property
    def content_type(self) -> str:
        return {
            "pdf": "application/pdf",
            "tiff": "image/tiff",
            "png": "image/png",
            "jpeg": "image/jpeg",
            "zip": "application/zip",
        }[self.value]


class TextSource(StrEnum):
    OCR = "ocr"
    TEXTLAYER = "textlayer"


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One input file of a batch, identified by the SHA-256 of its bytes."""

    name: str  # path as the operator gave it (relative inside a zip: "bundle.zip!a/b.pdf")
    sha256: str
    kind: FileKind
    size: int
    group: str  # top-level folder of the batch it came from ("" for loose files)


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    left: int
    top: int
    width: int
    height: int
    confidence: float  # 0..1
    line: int = 0  # line index within the page (block/paragraph/line flattened)


@dataclass(frozen=True, slots=True)
class PageText:
    """What one page says, and how we found out."""

    page: int  # 1-based
    text: str
    source: TextSource
    confidence: float  # 0..1; 1.0 for a trusted text layer
    words: tuple[Word, ...] = ()
    rotation: int = 0  # degrees clockwise applied to make the page upright: 0/90/180/270
    skew_degrees: float = 0.0  # skew that was corrected
    dpi: int = 300
    dpi_assumed: bool = False
    width: int = 0  # pixels of the (preprocessed) image that was recognised
    height: int = 0
    lang: str = ""
    steps: tuple[str, ...] = ()  # preprocessing steps applied, in order, e.g. ("rotate:180", "deskew:-2.1")
    textlayer_verdict: str = ""  # why a text layer was kept or rejected
    seconds: float = 0.0
    quality: float | None = None  # 0..1 page quality score (ocr/quality.py); None: not assessed (text layer)
    quality_reasons: tuple[str, ...] = ()  # what lowered it, e.g. ("low resolution 150 dpi (scan at 300)",)
    flag: PageFlag | None = None  # what the reading asks of a person (thresholds are settings); None: nothing
    blank: bool = False  # a blank page (duplex back, empty sheet): kept, not OCRed, not indexed or counted
    separator: str = ""  # "" | kind of the separator sheet's code ("patch-t", "qr", "barcode", ...): kept, flagged, not content
    separator_file_number: str | None = None  # the file number the separator announces (its code's text wins over OCR)
    # layout facts from the page image, for page roles and reconciliation (None/"" when not measured)
    ruled_lines: int | None = None  # long horizontal rules (notesheets, tables)
    vertical_rules: int | None = None  # long vertical rules (notesheet margin, table columns)
    ink: float | None = None  # share of inked pixels
    image_hash: str = ""  # perceptual hash (ocr.imagehash) for near-duplicate pages


@dataclass(frozen=True, slots=True)
class PageResult:
    """A page's text plus its rendered outputs (bytes), as produced by a worker."""

    text: PageText
    pdf: bytes | None  # one-page searchable PDF (image + invisible text); None when the source page is reused
    image_png: bytes | None = None  # upright page image for viewers (may be None to save work)
    pdf_form: str = ""  # how ``pdf`` was made, as its writer names it (ocr/pdfa.py OWN_FORMS; "reused": an original page)


@dataclass(frozen=True, slots=True)
class Classification:
    department: str  # a taxonomy key, or "unknown"
    confidence: float  # 0..1
    scores: dict[str, float] = field(default_factory=dict)
    evidence: tuple[str, ...] = ()  # words that drove the decision
    method: str = "rules"


@dataclass(frozen=True, slots=True)
class Entities:
    file_numbers: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()  # ISO yyyy-mm-dd
    subject: str | None = None
    amounts: tuple[str, ...] = ()

    @property
    def file_number(self) -> str | None:
        return self.file_numbers[0] if self.file_numbers else None


def shallow_fields(value: Any) -> dict[str, Any]:
    """A dataclass's fields as a dict, values as they are (``dataclasses.asdict`` copies deeply)."""
    return {f.name: getattr(value, f.name) for f in fields(value)}
