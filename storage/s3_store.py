"""S3/MinIO object store through the ``minio`` client (server mode).

- Every object carries its content type and its SHA-256 (metadata ``x-amz-meta-sha256``);
  every read verifies it, so a torn or altered object is an error, never silently wrong data.
- Large files are streamed (multipart for big originals); hashes are computed in chunks.
- ``local_path`` gives workers a local copy (Tesseract and pdfium need files), cached under
  ``cache_dir`` and verified once when downloaded.
- Errors: a missing object is NotFoundError; anything else (connection refused, timeouts, 5xx,
  a checksum mismatch) is TransientError, which the workers retry with backoff.
- Signed download links live at most 15 minutes.
- Originals are write-once (``storage.objects.check_rewrite``): an existing original is never
  uploaded again; other bytes for its key are refused. Bucket versioning or object lock keeps
  even a write from outside Sanchika from destroying one (docs/fixity.md, ``protection``).
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

from domain.errors import NotFoundError, TransientError
from ingest.spool import sha256_file

from .objects import ObjectReader, check_rewrite, is_write_once

SHA_META = "x-amz-meta-sha256"
MAX_LINK_SECONDS = 15 * 60
_CHUNK = 1 << 20


def _http_client():  # type: ignore[no-untyped-def]
    """Short timeouts and a few quick retries: a long outage is the task retry's business."""
    import urllib3

    return urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=5, read=30),
        maxsize=8,
        retries=urllib3.Retry(total=2, backoff_factor=0.3, status_forcelist=[500, 502, 503, 504]),
    )


class S3Store:
    def __init__(self, endpoint: str, access_key: str, secret_key: str, bucket: str, cache_dir: Path) -> None:
        from minio import Minio  # imported here: nothing heavy at import time

        url = urlparse(endpoint if "://" in endpoint else f"http://{endpoint}")
        self.bucket = bucket
        self.endpoint = endpoint
        self.client = Minio(url.netloc, access_key=access_key, secret_key=secret_key,
                            secure=url.scheme == "https", http_client=_http_client())
        self.cache_dir = cache_dir
        cache_dir.mkdir(parents=True, exist_ok=True)

    def ensure_bucket(self, protection: str = "none") -> None:
        """Create the bucket when it is missing (two processes racing is fine), with the
        ``protection`` asked for: ``object_lock`` (which can only be turned on at creation; it
        implies versioning) or ``versioning``."""
        from minio.error import S3Error
        from minio.versioningconfig import ENABLED, VersioningConfig

        try:
            if not self.client.bucket_exists(self.bucket):
                try:
                    self.client.make_bucket(self.bucket, object_lock=protection == "object_lock")
                    if protection == "versioning":
                        self.client.set_bucket_versioning(self.bucket, VersioningConfig(ENABLED))
                except S3Error as exc:
                    if exc.code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                        raise
        except Exception as exc:  # noqa: BLE001 - every client error here means "not reachable/allowed"
            raise TransientError(f"S3 endpoint {self.endpoint} (SANCHIKA_S3_ENDPOINT), bucket {self.bucket} "
                                 f"(SANCHIKA_S3_BUCKET): {exc}", code="transient.storage") from exc

    def protection(self) -> dict[str, bool]:
        """Whether the bucket keeps old versions of overwritten objects and has object lock on."""
        from minio.error import S3Error

        versioning = self._call("versioning", lambda: self.client.get_bucket_versioning(self.bucket)).status == "Enabled"
        try:
            self.client.get_object_lock_config(self.bucket)
            locked = True
        except S3Error as exc:
            if exc.code not in ("ObjectLockConfigurationNotFoundError", "ObjectLockConfigurationNotFound"):
                raise TransientError(f"S3 object lock of bucket {self.bucket}: {exc.code}", code="transient.storage") from exc
            locked = False
        return {"versioning": versioning, "object_lock": locked}

    def _call(self, what: str, fn):  # type: ignore[no-untyped-def]
        from minio.error import MinioException, S3Error
        from urllib3.exceptions import HTTPError

        try:
            return fn()
        except S3Error as exc:
            if exc.code in ("NoSuchKey", "NoSuchObject"):
                raise NotFoundError(f"object {what} is not in bucket {self.bucket}") from exc
            raise TransientError(f"S3 {what}: {exc.code}", code="transient.storage") from exc
        except (MinioException, HTTPError, OSError) as exc:  # connection errors, timeouts, bad responses
            raise TransientError(f"S3 {what} at {self.endpoint}: {exc}", code="transient.storage") from exc

    # -- writes ------------------------------------------------------------------------------
    def _already_there(self, key: str, sha: str) -> bool:
        """For a write-once key: True when the bucket holds these bytes already (no upload);
        refused when it holds others; False when the key is free."""
        if not is_write_once(key):
            return False
        try:
            _, _, recorded = self.stat(key)
        except NotFoundError:
            return False
        return check_rewrite(self.describe(), key, recorded or self._hash_object(key), sha)

    def _hash_object(self, key: str) -> str:
        h = hashlib.sha256()
        with self.open_object(key) as obj:
            for block in obj.chunks:
                h.update(block)
        return h.hexdigest()

    def put_file(self, key: str, path: Path, content_type: str, sha256: str | None = None, *,
                 owned: bool = False) -> None:
        """``owned`` changes nothing here: an original's local copy is a hard link anyway (_seed_cache)."""
        sha = sha256 or sha256_file(path)
        if self._already_there(key, sha):
            self._seed_cache(key, path)
            return
        # Memory per upload is bounded by the parts in flight: minio reads each part into memory and
        # keeps up to num_parallel_uploads + 1 of them. 8 MiB x 2 measured +36 MB of server RSS for a
        # 100 MB file at the same speed as 16 MiB x 3 (+84 MB); bench/upload.py.
        self._call(key, lambda: self.client.fput_object(
            self.bucket, key, str(path), content_type=content_type, metadata={"sha256": sha},
            part_size=8 << 20, num_parallel_uploads=2))
        if key.startswith("originals/"):
            self._seed_cache(key, path)

    def _seed_cache(self, key: str, path: Path) -> None:
        """Keep the file just stored as the local copy of a content-addressed original (a hard
        link when possible: callers hand over a file they own and never rewrite, the ingest's
        spool copy), so the ingest's page count does not download it again. Best effort: without
        it ``local_path`` fetches and verifies the object."""
        target = self.cache_dir / key.replace("/", "_")
        if target.exists():
            return
        tmp = self.cache_dir / f".tmp-{os.getpid()}-{threading.get_ident()}-{target.name}"
        try:
            try:
                os.link(path, tmp)
            except OSError:
                shutil.copyfile(path, tmp)
            os.replace(tmp, target)
        except OSError:
            tmp.unlink(missing_ok=True)

    def put_bytes(self, key: str, data: bytes, content_type: str, sha256: str | None = None) -> None:
        sha = sha256 or hashlib.sha256(data).hexdigest()
        if self._already_there(key, sha):
            return
        self._call(key, lambda: self.client.put_object(
            self.bucket, key, io.BytesIO(data), len(data), content_type=content_type, metadata={"sha256": sha}))

    # -- reads -------------------------------------------------------------------------------
    def stat(self, key: str) -> tuple[int, str, str | None]:
        """(size, content type, sha256 from metadata) of an object."""
        st = self._call(key, lambda: self.client.stat_object(self.bucket, key))
        sha = (st.metadata or {}).get(SHA_META)
        return int(st.size or 0), str(st.content_type or "application/octet-stream"), sha

    def get_bytes(self, key: str) -> bytes:
        def fetch() -> tuple[bytes, str | None]:
            resp = self.client.get_object(self.bucket, key)
            try:
                return resp.read(), resp.headers.get(SHA_META)
            finally:
                resp.close()
                resp.release_conn()

        data, expected = self._call(key, fetch)
        if expected and hashlib.sha256(data).hexdigest() != expected:
            raise TransientError(f"object {key} does not match its SHA-256", code="transient.checksum")
        return data

    def iter_bytes(self, key: str, chunk: int = _CHUNK) -> Iterator[bytes]:
        """Stream an object (web downloads); the checksum is verified at the end, and a mismatch
        raises before the last chunk is yielded."""
        resp = self._call(key, lambda: self.client.get_object(self.bucket, key))
        expected = resp.headers.get(SHA_META)
        h = hashlib.sha256()
        try:
            pending = b""
            blocks = resp.stream(chunk)
            while True:
                try:
                    block = next(blocks)
                except StopIteration:
                    break
                except Exception as exc:  # noqa: BLE001 - the connection broke mid-object
                    raise TransientError(f"S3 {key} at {self.endpoint}: {exc}", code="transient.storage") from exc
                if pending:
                    yield pending
                h.update(block)
                pending = block
            if expected and h.hexdigest() != expected:
                raise TransientError(f"object {key} does not match its SHA-256", code="transient.checksum")
            if pending:
                yield pending
        finally:
            resp.close()
            resp.release_conn()

    def local_path(self, key: str) -> Path:
        """A verified local copy. Content-addressed keys (originals) are cached by key; other
        keys are cached by key and SHA-256, so a rewritten object is fetched again."""
        if key.startswith("originals/"):
            target = self.cache_dir / key.replace("/", "_")
        else:
            _, _, sha = self.stat(key)
            target = self.cache_dir / f"{key.replace('/', '_')}.{(sha or 'nosha')[:16]}"
        if target.exists():
            return target
        fd, tmp = tempfile.mkstemp(dir=self.cache_dir, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as f:
                for block in self.iter_bytes(key):  # verified before its last block is written
                    f.write(block)
            os.replace(tmp, target)
        except OSError as exc:
            raise TransientError(f"cannot cache {key} under {self.cache_dir}: {exc}", code="transient.storage") from exc
        finally:
            Path(tmp).unlink(missing_ok=True)
        return target

    def exists(self, key: str) -> bool:
        try:
            self._call(key, lambda: self.client.stat_object(self.bucket, key))
        except NotFoundError:
            return False
        return True

    def presigned_url(self, key: str, seconds: int = MAX_LINK_SECONDS) -> str:
        """A signed GET link valid ``seconds`` (at most 15 minutes)."""
        if not 0 < seconds <= MAX_LINK_SECONDS:
            raise ValueError(f"a signed link lives 1..{MAX_LINK_SECONDS} seconds, not {seconds}")
        return self._call(key, lambda: self.client.presigned_get_object(self.bucket, key, expires=timedelta(seconds=seconds)))

    def open_object(self, key: str) -> ObjectReader:
        resp = self._call(key, lambda: self.client.get_object(self.bucket, key))

        def chunks() -> Iterator[bytes]:
            try:
                yield from resp.stream(_CHUNK)
            except Exception as exc:  # noqa: BLE001 - the connection broke mid-object
                raise TransientError(f"S3 {key} at {self.endpoint}: {exc}", code="transient.storage") from exc

        def close() -> None:
            resp.close()
            resp.release_conn()

        size = int(resp.headers.get("content-length") or 0)
        return ObjectReader(key, size, resp.headers.get("content-type") or "application/octet-stream",
                            resp.headers.get(SHA_META), chunks(), close)

    def list_keys(self, start_after: str = "") -> Iterator[tuple[str, int]]:
        """S3 lists keys in UTF-8 byte order, which is code-point order."""
        listing = self._call(start_after or "/", lambda: self.client.list_objects(
            self.bucket, recursive=True, start_after=start_after or None))
        try:
            for o in listing:
                yield str(o.object_name), int(o.size or 0)
        except Exception as exc:  # noqa: BLE001 - a page of the listing failed
            raise TransientError(f"S3 listing of bucket {self.bucket} at {self.endpoint}: {exc}",
                                 code="transient.storage") from exc

    def keys(self, prefix: str = "") -> list[str]:
        """Every key under ``prefix`` (tests and audits)."""
        return self._call(prefix or "/", lambda: [o.object_name for o in self.client.list_objects(self.bucket, prefix=prefix, recursive=True)])

    def describe(self) -> str:
        return f"S3 {self.endpoint}/{self.bucket}"
