"""S3/MinIO object store through the ``minio`` client (server mode).

Objects carry their content type and SHA-256 as metadata; reads verify the checksum. Local
copies for workers (``local_path``) are cached under ``cache_dir`` by key, verified once.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from domain.errors import NotFoundError, TransientError

SHA_META = "x-amz-meta-sha256"


class S3Store:
    def __init__(self, endpoint: str, access_key: str, secret_key: str, bucket: str, cache_dir: Path) -> None:
        from minio import Minio  # imported here: nothing heavy at import time

        url = urlparse(endpoint if "://" in endpoint else f"http://{endpoint}")
        self.bucket = bucket
        self.endpoint = endpoint
        self.client = Minio(url.netloc, access_key=access_key, secret_key=secret_key, secure=url.scheme == "https")
        self.cache_dir = cache_dir
        cache_dir.mkdir(parents=True, exist_ok=True)

    def ensure_bucket(self) -> None:
        try:
            if not self.client.bucket_exists(self.bucket):
                self.client.make_bucket(self.bucket)
        except Exception as exc:  # noqa: BLE001 - every client error here means "not reachable/allowed"
            raise TransientError(f"S3 endpoint {self.endpoint} (SANCHIKA_S3_ENDPOINT) bucket {self.bucket}: {exc}", code="transient.storage") from exc

    def _call(self, what: str, fn):  # type: ignore[no-untyped-def]
        from minio.error import S3Error

        try:
            return fn()
        except S3Error as exc:
            if exc.code in ("NoSuchKey", "NoSuchObject"):
                raise NotFoundError(f"object {what} is not in bucket {self.bucket}") from exc
            raise TransientError(f"S3 {what}: {exc.code}", code="transient.storage") from exc
        except Exception as exc:  # noqa: BLE001 - connection errors of urllib3
            raise TransientError(f"S3 {what} at {self.endpoint}: {exc}", code="transient.storage") from exc

    def put_file(self, key: str, path: Path, content_type: str, sha256: str | None = None) -> None:
        if sha256 is None:
            sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        self._call(key, lambda: self.client.fput_object(self.bucket, key, str(path), content_type=content_type, metadata={"sha256": sha256}))

    def put_bytes(self, key: str, data: bytes, content_type: str) -> None:
        sha = hashlib.sha256(data).hexdigest()
        self._call(key, lambda: self.client.put_object(self.bucket, key, io.BytesIO(data), len(data), content_type=content_type, metadata={"sha256": sha}))

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

    def local_path(self, key: str) -> Path:
        target = self.cache_dir / key.replace("/", "_")
        if target.exists():
            return target
        data = self.get_bytes(key)
        fd, tmp = tempfile.mkstemp(dir=self.cache_dir, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
        return target

    def exists(self, key: str) -> bool:
        try:
            self._call(key, lambda: self.client.stat_object(self.bucket, key))
        except NotFoundError:
            return False
        return True

    def presigned_url(self, key: str, seconds: int = 900) -> str:
        from datetime import timedelta

        return self._call(key, lambda: self.client.presigned_get_object(self.bucket, key, expires=timedelta(seconds=seconds)))

    def describe(self) -> str:
        return f"S3 {self.endpoint}/{self.bucket}"
