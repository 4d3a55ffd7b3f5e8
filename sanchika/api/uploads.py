"""Uploaded files to a private folder under the spool, in chunks (bounded memory), keeping the
name each file was uploaded with for the batch report."""

from __future__ import annotations

import shutil
import unicodedata
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol

CHUNK = 1 << 20


class Upload(Protocol):
    filename: str | None
    file: BinaryIO


def display_name(raw: str | None, index: int) -> str:
    """The uploaded name, without control characters; ``upload-N`` when there is none."""
    name = "".join(ch for ch in (raw or "") if unicodedata.category(ch)[0] != "C").strip()
    return name[:300] or f"upload-{index + 1}"


def save_uploads(uploads: Sequence[Upload], spool_dir: Path) -> tuple[Path, dict[Path, str]]:
    """Write each upload to its own file (named by position, never by the client's name) in a new
    folder; return the folder (the caller removes it) and {path: name as uploaded}."""
    folder = spool_dir / "uploads" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    try:
        names: dict[Path, str] = {}
        for i, upload in enumerate(uploads):
            path = folder / f"{i:05d}.upload"
            with path.open("wb") as out:
                shutil.copyfileobj(upload.file, out, CHUNK)
            names[path] = display_name(upload.filename, i)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder, names


@contextmanager
def saved_uploads(uploads: Sequence[Upload], spool_dir: Path) -> Iterator[dict[Path, str]]:
    """:func:`save_uploads`, yielding {path: name as uploaded}; the folder is removed afterwards."""
    folder, names = save_uploads(uploads, spool_dir)
    try:
        yield names
    finally:
        shutil.rmtree(folder, ignore_errors=True)
