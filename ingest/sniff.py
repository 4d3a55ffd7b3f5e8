"""Sniff a file's real type from its magic bytes, never from its name."""

from __future__ import annotations

from domain.errors import EmptyFileError, UnsupportedTypeError
from domain.types import FileKind

SNIFF_BYTES = 1024

_SIGNATURES: tuple[tuple[bytes, FileKind], ...] = (
    (b"\x89PNG\r\n\x1a\n", FileKind.PNG),
    (b"\xff\xd8\xff", FileKind.JPEG),
    (b"II*\x00", FileKind.TIFF),
    (b"MM\x00*", FileKind.TIFF),
    (b"II+\x00", FileKind.TIFF),  # BigTIFF
    (b"MM\x00+", FileKind.TIFF),
    (b"PK\x03\x04", FileKind.ZIP),
    (b"PK\x05\x06", FileKind.ZIP),  # empty archive
)

_KNOWN_OTHERS: tuple[tuple[bytes, str], ...] = (
    (b"GIF8", "a GIF image"),
    (b"BM", "a BMP image"),
    (b"RIFF", "a RIFF container (WebP/AVI/WAV)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)


def sniff(head: bytes, name: str = "") -> FileKind:
    """Return the kind of a file from its first bytes (at least SNIFF_BYTES when available).

    Raises EmptyFileError for zero bytes and UnsupportedTypeError for anything that is not a
    PDF, TIFF, PNG, JPEG or ZIP. A PDF header may sit after some junk (up to 1 KiB), as
    readers accept it.
    """
    if not head:
        raise EmptyFileError(f"{name or 'the file'} is empty (0 bytes): scan it again and re-upload it.")
    for magic, kind in _SIGNATURES:
        if head.startswith(magic):
            return kind
    if b"%PDF-" in head[:SNIFF_BYTES]:
        return FileKind.PDF
    what = next((desc for magic, desc in _KNOWN_OTHERS if head.startswith(magic)), None)
    if what is None:
        what = "a text file" if _looks_textual(head) else "of an unknown type"
    raise UnsupportedTypeError(
        f"{name or 'the file'} is {what}, not a PDF, TIFF, PNG, JPEG or ZIP: "
        "export or rescan it as one of those and re-upload it."
    )


def _looks_textual(head: bytes) -> bool:
    """UTF-8 that is mostly printable (NUL-filled or control-byte data is not "a text file")."""
    import codecs

    try:  # incremental: a character cut at the end of the sniffed bytes is not an error
        text = codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    printable = sum(1 for c in text if c.isprintable() or c in "\r\n\t\u200c\u200d")  # ZWNJ/ZWJ: Hindi half-forms
    return bool(text) and printable >= 0.95 * len(text)
