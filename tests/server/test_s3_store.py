"""storage.s3_store against a real S3 server (SeaweedFS `weed mini`): bucket creation, metadata,
checksum verification on every read path, streaming, presigned links, errors."""

from __future__ import annotations

import hashlib
import urllib.request
import uuid

import pytest

from domain.errors import NotFoundError, TransientError
from storage.s3_store import S3Store


@pytest.fixture
def store(s3, tmp_path):  # type: ignore[no-untyped-def]
    st = S3Store(s3.endpoint, s3.access_key, s3.secret_key, f"t-{uuid.uuid4().hex[:12]}", tmp_path / "cache")
    st.ensure_bucket()
    return st


def test_bucket_is_created_once(store) -> None:  # type: ignore[no-untyped-def]
    assert store.client.bucket_exists(store.bucket)
    store.ensure_bucket()  # again: no error


def test_objects_carry_content_type_and_sha256(store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    data = "खसरा संख्या 1123".encode() * 1000
    store.put_bytes("text/a.json", data, "application/json")
    size, ctype, sha = store.stat("text/a.json")
    assert (size, ctype, sha) == (len(data), "application/json", hashlib.sha256(data).hexdigest())
    big = tmp_path / "big.bin"
    big.write_bytes(bytes(range(256)) * (20 * 4096 + 7))  # > 16 MiB: a multipart upload
    store.put_file("originals/ab/big", big, "application/pdf")
    assert store.stat("originals/ab/big")[2] == hashlib.sha256(big.read_bytes()).hexdigest()
    assert store.get_bytes("text/a.json") == data
    assert b"".join(store.iter_bytes("originals/ab/big")) == big.read_bytes()
    local = store.local_path("originals/ab/big")
    assert local.read_bytes() == big.read_bytes()
    assert store.local_path("originals/ab/big") == local  # cached
    assert sorted(store.keys()) == ["originals/ab/big", "text/a.json"]


def test_a_damaged_object_is_refused_on_every_read_path(store) -> None:  # type: ignore[no-untyped-def]
    import io

    # an object whose bytes do not match its recorded checksum (as if altered behind our back)
    store.client.put_object(store.bucket, "pdf/x.pdf", io.BytesIO(b"tampered"), 8,
                            metadata={"sha256": hashlib.sha256(b"original").hexdigest()})
    with pytest.raises(TransientError, match="SHA-256"):
        store.get_bytes("pdf/x.pdf")
    with pytest.raises(TransientError, match="SHA-256"):
        b"".join(store.iter_bytes("pdf/x.pdf"))
    with pytest.raises(TransientError, match="SHA-256"):
        store.local_path("pdf/x.pdf")
    assert not list(store.cache_dir.glob("pdf_x.pdf*"))


def test_missing_objects_and_unreachable_servers(store, s3, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert not store.exists("nope")
    with pytest.raises(NotFoundError):
        store.get_bytes("nope")
    dead = S3Store("http://127.0.0.1:9", "k", "s", "bucket", tmp_path / "c")
    with pytest.raises(TransientError, match="SANCHIKA_S3_ENDPOINT"):
        dead.ensure_bucket()
    with pytest.raises(TransientError):
        dead.put_bytes("k", b"x", "text/plain")


def test_presigned_links_live_at_most_15_minutes(store) -> None:  # type: ignore[no-untyped-def]
    store.put_bytes("pdf/doc.pdf", b"%PDF-1.4 x", "application/pdf")
    url = store.presigned_url("pdf/doc.pdf", 600)
    assert "X-Amz-Expires=600" in url
    with urllib.request.urlopen(url, timeout=10) as resp:
        assert resp.read() == b"%PDF-1.4 x"
    assert "X-Amz-Expires=900" in store.presigned_url("pdf/doc.pdf")
    with pytest.raises(ValueError):
        store.presigned_url("pdf/doc.pdf", 16 * 60)
