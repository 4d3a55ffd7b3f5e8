"""The object store protocol and the local-folder implementation (embedded default).

Both implementations store bytes under predictable keys (storage.keys) with a content type and
the SHA-256 of the bytes; reads verify that checksum, so a torn or altered object is an error,
never silently wrong data.

Originals are write-once (``WRITE_ONCE_PREFIXES``): writing an original's key again with the same
bytes does nothing (retries stay idempotent); with different bytes it is refused
(``IntegrityError`` ``integrity.write_once``) and logged. In the local folder an original's file
is also made read-only.

``open_object`` streams an object with what the store recorded about it (size, content type,
SHA-256) without checking it: fixity (``storage.fixity``) and backups hash the stream themselves.
``list_keys`` walks every key in code-point order, resumable after a key.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from domain.errors import IntegrityError, NotFoundError, TransientError
from ingest.spool import sha256_file

log = logging.getLogger(__name__)
WRITE_ONCE_PREFIXES = ("originals/",)
CHUNK = 1 << 20


class ObjectReader:
    """An open object: what the store recorded when it was written, and its bytes in chunks.
    ``sha256`` is the store's record (None when it has none), not a hash of what is read."""

    def __init__(self, key: str, size: int, content_type: str, sha256: str | None, chunks: Iterator[bytes],
                 close: Callable[[], None]) -> None:
        self.key, self.size, self.content_type, self.sha256 = key, size, content_type, sha256
        self.chunks, self._close = chunks, close

    def __enter__(self) -> ObjectReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()


def is_write_once(key: str) -> bool:
    return key.startswith(WRITE_ONCE_PREFIXES)


def check_rewrite(where: str, key: str, existing_sha: str | None, new_sha: str) -> bool:
    """A write-once key already holds an object: True when it holds these bytes (nothing to do),
    else IntegrityError (refused, logged)."""
    if existing_sha == new_sha:
        return True
    log.error("refused to overwrite %s in %s: it holds SHA-256 %s, the new bytes are %s",
              key, where, existing_sha, new_sha)
    raise IntegrityError(
        f"refused to overwrite {key} in {where}: originals are write-once, and it already holds other bytes "
        f"(SHA-256 {(existing_sha or 'unknown')[:16]}…, new {new_sha[:16]}…). Nothing was changed; run "
        "`sanchika verify` and see docs/fixity.md.", code="integrity.write_once")


class ObjectStore(Protocol):
    def put_file(self, key: str, path: Path, content_type: str, sha256: str | None = None, *,
                 owned: bool = False) -> None:
        """``owned``: the caller hands over a file it owns and never rewrites (the ingest's spool
        copy, deleted after): the store may keep that file as the object (a hard link) instead of
        copying its bytes."""
        ...
    def put_bytes(self, key: str, data: bytes, content_type: str, sha256: str | None = None) -> None:
        """``sha256``: the bytes' SHA-256 when the caller has it already (not computed again)."""
        ...
    def get_bytes(self, key: str) -> bytes: ...
    def local_path(self, key: str) -> Path:
        """A local file with the object's bytes (the object itself, or a cached copy)."""
        ...
    def exists(self, key: str) -> bool: ...
    def describe(self) -> str: ...
    def open_object(self, key: str) -> ObjectReader:
        """The object's bytes in chunks with the store's record of it (NotFoundError: no such key)."""
        ...
    def list_keys(self, start_after: str = "") -> Iterator[tuple[str, int]]:
        """(key, size) of every object after ``start_after``, in code-point order of the keys."""
        ...


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

    def _meta(self, path: Path) -> dict[str, str]:
        try:
            return dict(json.loads(path.with_name(path.name + ".meta.json").read_text()))
        except (OSError, ValueError):
            return {}

    def _already_there(self, key: str, target: Path, sha256: str) -> bool:
        """For a write-once key: True when ``target`` holds these bytes already; refused when it
        holds others; False when there is nothing yet."""
        if not is_write_once(key) or not target.exists():
            return False
        recorded = self._meta(target).get("sha256") or sha256_file(target)
        return check_rewrite(self.describe(), key, recorded, sha256)

    def _put(self, key: str, sha256: str, content_type: str, write) -> None:  # type: ignore[no-untyped-def]
        target = self._path(key)
        if self._already_there(key, target, sha256):
            return
        try:
            self._atomic_write(target, write)
            self._write_meta(target, content_type, sha256)
            if is_write_once(key):  # read-only: no tool rewrites it in place by mistake
                target.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        except OSError as exc:
            raise TransientError(f"cannot write {key} to the object store at {self.root}: {exc}", code="transient.storage") from exc

    def put_file(self, key: str, path: Path, content_type: str, sha256: str | None = None, *,
                 owned: bool = False) -> None:
        def copy(f) -> None:  # type: ignore[no-untyped-def]
            with path.open("rb") as src:
                shutil.copyfileobj(src, f, CHUNK)

        sha = sha256 or sha256_file(path)
        if owned and self._link(key, path, content_type, sha):
            return
        self._put(key, sha, content_type, copy)

    def _link(self, key: str, path: Path, content_type: str, sha256: str) -> bool:
        """Store a file the caller owns as the object itself (a hard link, then renamed into place:
        no copy of its bytes; a 4 MB scan cost ~2.5 ms of CPU to copy); False when it cannot be
        linked (another file system) or the key holds an object already (``_put`` decides then)."""
        target = self._path(key)
        if target.exists():
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".tmp-link-{os.getpid()}-{target.name}")
        try:
            os.link(path, tmp)
        except OSError:
            return False
        try:
            os.replace(tmp, target)
            self._write_meta(target, content_type, sha256)
            if is_write_once(key):
                target.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise TransientError(f"cannot write {key} to the object store at {self.root}: {exc}", code="transient.storage") from exc
        return True

    def put_bytes(self, key: str, data: bytes, content_type: str, sha256: str | None = None) -> None:
        self._put(key, sha256 or _sha(data), content_type, lambda f: f.write(data))

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

    def open_object(self, key: str) -> ObjectReader:
        path = self._path(key)
        try:
            f = path.open("rb")
        except FileNotFoundError as exc:
            raise NotFoundError(f"object {key} is not in the store {self.root}") from exc
        meta = self._meta(path)
        return ObjectReader(key, os.fstat(f.fileno()).st_size, meta.get("content_type") or "application/octet-stream",
                            meta.get("sha256"), iter(lambda: f.read(CHUNK), b""), f.close)

    def list_keys(self, start_after: str = "") -> Iterator[tuple[str, int]]:
        yield from _walk(self.root, "", start_after)


def _walk(folder: Path, prefix: str, start_after: str) -> Iterator[tuple[str, int]]:
    """Keys under ``folder`` in code-point order: a folder's keys sort as its name plus "/"
    (``a-b`` < ``a/x`` < ``a0``). Sidecars and temporary files are not objects; folders wholly
    before ``start_after`` are not entered."""
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return
    named = sorted(((e.name + "/" if e.is_dir(follow_symlinks=False) else e.name), e) for e in entries)
    for name, entry in named:
        key = prefix + name
        if name.endswith("/"):
            if key < start_after[:len(key)]:
                continue
            yield from _walk(Path(entry.path), key, start_after)
        elif key > start_after and not name.startswith(".tmp-") and not name.endswith(".meta.json"):
            yield key, entry.stat(follow_symlinks=False).st_size
