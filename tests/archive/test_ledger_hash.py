"""A write through the ledger hashes its bytes once: the store is handed the SHA-256 the ledger
records (a 20-page document PDF is ~13 MB: a second hash cost ~20 ms at the end of its batch)."""

from __future__ import annotations

import hashlib

import pytest

from storage import keys, objects
from storage.db import init_schema, open_engine
from storage.ledger import LedgerStore, ledger_row


def test_the_ledger_hashes_a_write_once_and_the_store_keeps_that_hash(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    engine = open_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    init_schema(engine)
    store = LedgerStore(objects.LocalFolderStore(tmp_path / "objects"), engine)
    data = b"%PDF-1.7 " + bytes(range(256)) * 100
    sha = hashlib.sha256(data).hexdigest()
    key = keys.document_pdf("ab" * 32)

    def no_second_hash(_data: bytes) -> str:
        raise AssertionError("the store hashed bytes the ledger had hashed already")

    monkeypatch.setattr(objects, "_sha", no_second_hash)
    store.put_bytes(key, data, "application/pdf")
    monkeypatch.undo()
    assert ledger_row(engine, key)["sha256"] == sha
    assert store.get_bytes(key) == data  # the read checks the bytes against the hash the store kept
    with pytest.raises(Exception, match="SHA-256"):  # a hash that is not the bytes' is caught on read
        objects.LocalFolderStore(tmp_path / "objects").put_bytes(key, data, "application/pdf", "0" * 64)
        store.get_bytes(key)


def test_an_owned_file_becomes_the_object_without_a_copy(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The ingest hands over its spool copy (``owned``): the local store keeps that file as the
    original (a hard link, read-only as every original) instead of copying its bytes; a file the
    caller keeps (a backup being restored) is copied; a retry of the same bytes changes nothing."""
    import os
    import stat

    engine = open_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    init_schema(engine)
    store = LedgerStore(objects.LocalFolderStore(tmp_path / "objects"), engine)
    spool = tmp_path / "spool.pdf"
    spool.write_bytes(b"%PDF-1.4 scan " * 1000)
    sha = hashlib.sha256(spool.read_bytes()).hexdigest()
    store.put_file(keys.original(sha), spool, "application/pdf", sha, owned=True)
    stored = store.local_path(keys.original(sha))
    assert os.path.samefile(spool, stored) and stat.S_IMODE(stored.stat().st_mode) == 0o444
    store.put_file(keys.original(sha), spool, "application/pdf", sha, owned=True)  # a retry
    spool.unlink()  # the ingest deletes its spool copy
    assert store.get_bytes(keys.original(sha)) == b"%PDF-1.4 scan " * 1000
    assert ledger_row(engine, keys.original(sha))["size"] == 14000
    kept = tmp_path / "backup.pdf"
    kept.write_bytes(b"%PDF-1.4 kept")
    store.put_file(keys.original(hashlib.sha256(b"%PDF-1.4 kept").hexdigest()), kept, "application/pdf")
    assert not os.path.samefile(kept, store.local_path(keys.original(hashlib.sha256(b"%PDF-1.4 kept").hexdigest())))
