"""Copy an input into a spool file while hashing it: one pass over the bytes, bounded memory."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from domain.errors import TooLargeError

from .sniff import SNIFF_BYTES

CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Spooled:
    path: Path  # a temporary file the caller owns (delete it when done)
    sha256: str
    size: int
    head: bytes  # first bytes, for sniffing


def spool(stream: BinaryIO, spool_dir: Path, *, max_bytes: int, name: str = "") -> Spooled:
    """Stream ``stream`` into a new file under ``spool_dir``; refuse past ``max_bytes``."""
    spool_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    head = b""
    fd, tmp = tempfile.mkstemp(dir=spool_dir, prefix="in-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise TooLargeError(
                        f"{name or 'the file'} is larger than the limit of {max_bytes // (1 << 20)} MiB "
                        "(SANCHIKA_MAX_FILE_MB): split it into smaller files."
                    )
                if len(head) < SNIFF_BYTES:
                    head += chunk[: SNIFF_BYTES - len(head)]
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Spooled(Path(tmp), digest.hexdigest(), size, head)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
