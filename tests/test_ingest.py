import io
import zipfile
from pathlib import Path

import pytest

from domain.errors import EmptyFileError, TooLargeError, UnsupportedTypeError
from domain.types import FileKind
from ingest.collect import ZipLimits, collect
from ingest.sniff import sniff
from ingest.spool import spool


@pytest.mark.parametrize("head,kind", [
    (b"%PDF-1.7\n", FileKind.PDF), (b"\x89PNG\r\n\x1a\n....", FileKind.PNG), (b"\xff\xd8\xff\xe0", FileKind.JPEG),
    (b"II*\x00\x08", FileKind.TIFF), (b"MM\x00*\x00", FileKind.TIFF), (b"PK\x03\x04", FileKind.ZIP),
    (b"junk\r\n%PDF-1.4", FileKind.PDF),
])
def test_sniff_by_magic_bytes(head: bytes, kind: FileKind) -> None:
    assert sniff(head, "whatever.txt") is kind


def test_sniff_rejects_empty_and_unknown() -> None:
    with pytest.raises(EmptyFileError):
        sniff(b"", "a.pdf")
    with pytest.raises(UnsupportedTypeError, match="GIF"):
        sniff(b"GIF89a....", "a.pdf")
    with pytest.raises(UnsupportedTypeError, match="text file"):
        sniff("नमस्ते".encode(), "a.pdf")
    with pytest.raises(UnsupportedTypeError, match="text file"):  # a character cut by the sniffed length
        sniff(("कार्यालय " * 200).encode()[:1001], "a.pdf")
    with pytest.raises(UnsupportedTypeError, match="unknown type"):  # NUL-filled data is not text
        sniff(b"\x00" * 600, "a.pdf")


def test_spool_hashes_and_enforces_limit(tmp_path: Path) -> None:
    import hashlib

    data = b"%PDF-1.4\n" + b"x" * 5000
    s = spool(io.BytesIO(data), tmp_path, max_bytes=10_000)
    assert s.sha256 == hashlib.sha256(data).hexdigest() and s.size == len(data) and s.path.read_bytes() == data
    with pytest.raises(TooLargeError):
        spool(io.BytesIO(data), tmp_path, max_bytes=1000)
    assert [p for p in tmp_path.iterdir() if p != s.path] == []  # partial spool file removed


def test_collect_walks_folders_groups_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "file-a").mkdir()
    (tmp_path / "file-a" / "p1.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "loose.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".DS_Store").write_bytes(b"junk")
    got = [(c.name.replace(str(tmp_path), ""), c.group, c.error) for c in collect([tmp_path])]
    assert got == [("/file-a/p1.png", "file-a", None), ("/loose.pdf", "", None)]


def test_collect_zip_rejects_traversal_symlinks_nested_and_bombs(tmp_path: Path) -> None:
    z = tmp_path / "b.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("../evil.pdf", b"%PDF-1.4")
        zf.writestr("/abs.pdf", b"%PDF-1.4")
        link = zipfile.ZipInfo("link.pdf")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "/etc/passwd")
        zf.writestr("inner.zip", b"PK\x05\x06" + b"\x00" * 18)
        zf.writestr("file-1/ok.pdf", b"%PDF-1.4")
        zf.writestr("bomb.pdf", b"\x00" * (20 << 20))
    out = {c.name.split("!")[1]: c for c in collect([z])}
    assert out["file-1/ok.pdf"].error is None and out["file-1/ok.pdf"].group == "file-1"
    for bad in ("../evil.pdf", "/abs.pdf", "link.pdf", "inner.zip", "bomb.pdf"):
        assert out[bad].error is not None and out[bad].error.code == "input.unsafe_archive", bad
    with out["file-1/ok.pdf"].open() as f:  # type: ignore[misc]
        assert f.read() == b"%PDF-1.4"


def test_collect_refuses_archive_over_limits(tmp_path: Path) -> None:
    z = tmp_path / "many.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for i in range(5):
            zf.writestr(f"{i}.pdf", b"%PDF-1.4")
    (only,) = list(collect([z], limits=ZipLimits(max_members=3)))
    assert only.error is not None and only.error.code == "input.unsafe_archive"


def test_collect_reports_missing_path(tmp_path: Path) -> None:
    (only,) = list(collect([tmp_path / "nope"]))
    assert only.error is not None and only.error.code == "input.missing"
