"""Expand the paths an operator gave (folders, files, zips) into the inputs of one batch.

Every input becomes exactly one ``Candidate``: either something to open, or an error that the
batch report will list. Nothing is silently skipped except hidden files and folders
(names starting with "."), which scanners and operating systems leave behind. Only regular files
are opened: a FIFO, a socket or a device (which could block a read forever) and a dangling or
looping symbolic link are listed as errors. Names that are not valid UTF-8 are shown with
``\\xNN`` escapes.
"""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from domain.errors import InputError, UnsafeArchiveError
from domain.types import FileKind

from .sniff import SNIFF_BYTES, sniff


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 10_000
    max_total_bytes: int = 8 << 30  # uncompressed
    max_ratio: float = 200.0  # uncompressed/compressed per member: beyond this it is a bomb


@dataclass(frozen=True)
class Candidate:
    name: str  # what the report shows: the path given, or "bundle.zip!inner/path.pdf"
    group: str  # top-level folder inside the batch ("" for loose files)
    open: Callable[[], BinaryIO] | None
    error: InputError | None = None


def safe_name(name: str) -> str:
    """``name`` as text any database and terminal takes: bytes of a file name that are not UTF-8
    (``os.fsdecode`` keeps them as lone surrogates) become ``\\xNN``."""
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def collect(
    paths: list[Path], *, limits: ZipLimits = ZipLimits(), names: Mapping[Path, str] | None = None,
    base: Path | None = None,
) -> Iterator[Candidate]:
    """Yield every input under ``paths`` in a stable (sorted) order. ``names`` gives a file
    path the name to report instead of the path (web uploads keep the name as uploaded).
    ``base``: the folder a relative path is found in, when not the working directory (an ingest
    resumed by another process); names keep the path as given."""
    for given in paths:
        root = base / given if base is not None else given  # an absolute path stays itself
        if names and given in names and root.is_file():
            yield from _file(root, safe_name(names[given]), "", limits)
        elif not root.exists() and not root.is_symlink():
            yield Candidate(safe_name(str(given)), "", None, InputError(
                f"{safe_name(str(given))} does not exist: check the path.", code="input.missing"))
        elif root.is_dir():
            for path in sorted(_walk(root)):
                rel = path.relative_to(root)
                group = safe_name(rel.parts[0]) if len(rel.parts) > 1 else ""
                yield from _file(path, safe_name(str(given / rel)), group, limits)
        else:
            yield from _file(root, safe_name(str(given)), "", limits)


def _walk(root: Path) -> Iterator[Path]:
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if not path.is_dir():  # files, and what is neither file nor folder (listed as an error)
            yield path


def _not_regular(path: Path, name: str) -> InputError | None:
    """An error for anything but a regular file (checked before opening: a FIFO blocks ``open``)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:  # a dangling or looping symbolic link, a vanished file
        return InputError(f"cannot read {name}: {exc.strerror or exc} (a broken link?).", code="input.unreadable")
    if not stat.S_ISREG(mode):
        return InputError(f"{name} is not a regular file (a pipe, socket or device): copy the scan itself.",
                          code="input.unsupported")
    return None


def _file(path: Path, name: str, group: str, limits: ZipLimits) -> Iterator[Candidate]:
    problem = _not_regular(path, name)
    if problem is not None:
        yield Candidate(name, group, None, problem)
        return
    try:
        with path.open("rb") as f:
            head = f.read(SNIFF_BYTES)
    except OSError as exc:
        yield Candidate(name, group, None, InputError(f"cannot read {name}: {exc.strerror}.", code="input.unreadable"))
        return
    try:
        kind = sniff(head, name)
    except InputError as exc:
        yield Candidate(name, group, None, exc)
        return
    if kind is FileKind.ZIP:
        yield from _zip_members(path, name, group, limits)
    else:
        yield Candidate(name, group, lambda: path.open("rb"))


def _zip_members(path: Path, name: str, group: str, limits: ZipLimits) -> Iterator[Candidate]:
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        yield Candidate(name, group, None, InputError(f"{name} is a damaged ZIP archive ({exc}): create it again.", code="input.corrupt"))
        return
    files = [i for i in infos if not i.is_dir()]
    office = _office_format({i.filename for i in files})
    if office:
        yield Candidate(name, group, None, InputError(
            f"{name} is {office}, not a scan: save it as PDF and submit the PDF.", code="input.unsupported"))
        return
    if not any(_visible(i) for i in files):
        yield Candidate(name, group, None, InputError(
            f"{name} holds no files (empty, or only folders and hidden files): zip the scans again.",
            code="input.no_pages"))
        return
    total = sum(i.file_size for i in files)
    if len(files) > limits.max_members or total > limits.max_total_bytes:
        yield Candidate(
            name, group, None,
            UnsafeArchiveError(
                f"{name} would expand to {len(files)} files / {total >> 20} MiB, above the limits "
                f"({limits.max_members} files, {limits.max_total_bytes >> 20} MiB): split it into smaller archives."
            ),
        )
        return
    zip_group = group or Path(name).stem
    for info in sorted(files, key=lambda i: i.filename):
        member = safe_name(f"{name}!{info.filename}")
        problem = _unsafe_member(info, limits)
        if problem:
            yield Candidate(member, zip_group, None, UnsafeArchiveError(f"{member}: {problem}; the member was not extracted."))
            continue
        inner = PurePosixPath(info.filename)
        if not _visible(info):
            continue
        member_group = inner.parts[0] if len(inner.parts) > 1 and not group else zip_group
        if info.flag_bits & 0x1:
            yield Candidate(member, member_group, None, InputError(f"{member} is encrypted inside the ZIP: zip it again without a password.", code="input.encrypted"))
            continue
        if inner.suffix.lower() == ".zip":
            yield Candidate(member, member_group, None, UnsafeArchiveError(f"{member} is a ZIP inside a ZIP: unpack it and upload the inner archive on its own."))
            continue
        yield Candidate(member, member_group, _opener(path, info))


def _office_format(names: set[str]) -> str:
    """"a Word document" etc. when a ZIP is an Office Open XML or OpenDocument file (both are ZIPs)."""
    if "[Content_Types].xml" in names:
        for prefix, what in (("word/", "a Word document"), ("xl/", "an Excel workbook"), ("ppt/", "a PowerPoint file")):
            if any(n.startswith(prefix) for n in names):
                return what
        return "an Office document"
    if "mimetype" in names and "META-INF/manifest.xml" in names:
        return "an OpenDocument file"
    return ""


def _visible(info: zipfile.ZipInfo) -> bool:
    return not any(part.startswith(".") or part == "__MACOSX" for part in PurePosixPath(info.filename).parts)


def _opener(path: Path, member: zipfile.ZipInfo) -> Callable[[], BinaryIO]:
    """Opens that member itself (by its entry, not its name: two members may share a name)."""

    def open_member() -> BinaryIO:
        archive = zipfile.ZipFile(path)
        return archive.open(member)  # type: ignore[return-value]

    return open_member


def _unsafe_member(info: zipfile.ZipInfo, limits: ZipLimits) -> str | None:
    fname = info.filename.replace("\\", "/")
    parts = PurePosixPath(fname).parts
    if fname.startswith("/") or ".." in parts or (len(fname) > 1 and fname[1] == ":"):
        return "path escapes the archive (absolute path or '..')"
    mode = info.external_attr >> 16
    if mode and stat.S_ISLNK(mode):
        return "is a symbolic link"
    if info.compress_size and info.file_size / info.compress_size > limits.max_ratio and info.file_size > (16 << 20):
        return f"expands {info.file_size / info.compress_size:.0f}x (a ZIP bomb?)"
    return None
