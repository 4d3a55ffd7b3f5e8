"""The object store protocol and the local-folder implementation (embedded default).

Both implementations store bytes under predictable keys (storage.keys) with a content type and
the SHA-256 of the bytes; reads verify that checksum, so a torn or altered object is an error,
never silently wrong data.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Protocol

from domain.errors import NotFoundError, TransientError


class ObjectStore(Protocol):
    def put_file(self, key: str, path: Path, content_type: str, sha256: str | None = None) -> None: ...
    def put_bytes(self, key: str, data: bytes, content_type: str) -> None: ...
    def get_bytes(self, key: str) -> bytes: ...
    def local_path(self, key: str) -> Path:
        """A local file with the object's bytes (the object itself, or a cached copy)."""
        ...
    def exists(self, key: str) -> bool: ...
    def describe(self) -> str: ...


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class LocalFolderStore:
    """Objects as files under ``root``; metadata in a sidecar ``<file>.meta.json``.

    Writes go to a temporary file in the same folder and are renamed into place (atomic).
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"object key escapes the store: {key!r}")
        return path

    def _atomic_write(self, path: Path, write) -> None:  # type: ignore[no-untyped-def]
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                write(f)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _write_meta(self, path: Path, content_type: str, sha256: str) -> None:
        meta = json.dumps({"content_type": content_type, "sha256": sha256}).encode()
        self._atomic_write(path.with_name(path.name + ".meta.json"), lambda f: f.write(meta))

    def put_file(self, key: str, path: Path, content_type: str, sha256: str | None = None) -> None:
        target = self._path(key)
        if sha256 is None:
            sha256 = _sha(path.read_bytes())
        try:
            self._atomic_write(target, lambda f: shutil.copyfileobj(path.open("rb"), f, 1 << 20))
            self._write_meta(target, content_type, sha256)
        except OSError as exc:
            raise TransientError(f"cannot write {key} to the object store at {self.root}: {exc}", code="transient.storage") from exc

    def put_bytes(self, key: str, data: bytes, content_type: str) -> None:
        target = self._path(key)
        try:
            self._atomic_write(target, lambda f: f.write(data))
            self._write_meta(target, content_type, _sha(data))
        except OSError as exc:
            raise TransientError(f"cannot write {key} to the object store at {self.root}: {exc}", code="transient.storage") from exc

    def get_bytes(self, key: str) -> bytes:
        path = self._path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise NotFoundError(f"object {key} is not in the store {self.root}") from exc
        meta_path = path.with_name(path.name + ".meta.json")
        if meta_path.exists():
            expected = json.loads(meta_path.read_text())["sha256"]
            if _sha(data) != expected:
                raise TransientError(f"object {key} does not match its SHA-256: the store is damaged", code="transient.checksum")
        return data

    def local_path(self, key: str) -> Path:
        path = self._path(key)
        if not path.exists():
            raise NotFoundError(f"object {key} is not in the store {self.root}")
        return path

    def exists(self, key: str) -> bool:
        return self._path(key).exists()

    def describe(self) -> str:
        return f"local folder {self.root}"
