"""Predictable object keys: outputs are keyed by (sha256, page), so a retry overwrites."""


def original(sha: str) -> str:
    return f"originals/{sha[:2]}/{sha}"


def page_pdf(sha: str, page: int) -> str:
    return f"pages/{sha}/{page:05d}.pdf"


def page_text(sha: str, page: int) -> str:
    return f"pages/{sha}/{page:05d}.json"


def document_text(sha: str) -> str:
    return f"text/{sha}.json"


def document_pdf(sha: str) -> str:
    return f"pdf/{sha}.pdf"


def page_png(sha: str, page: int) -> str:
    """A page rendered for viewing (web viewer resolution), cached."""
    return f"pages/{sha}/{page:05d}.png"


# -- what a key holds (fixity, backups) ---------------------------------------------------------
# Kinds of stored objects, by key shape. ``page_image`` is the web viewer's PNG of a page.
ORIGINAL, PAGE_TEXT, PAGE_PDF, PAGE_IMAGE, DOCUMENT_PDF, DOCUMENT_TEXT = (
    "original", "page_text", "page_pdf", "page_image", "document_pdf", "document_text")
_HEX = frozenset("0123456789abcdef")


def _is_sha(s: str) -> bool:
    return len(s) == 64 and set(s) <= _HEX


def parse(key: str) -> tuple[str, str, int | None] | None:
    """(kind, content SHA-256 of the document or original it belongs to, page or None) of a key
    these functions make; None for any other key (a stray object)."""
    parts = key.split("/")
    if len(parts) == 3 and parts[0] == "originals" and _is_sha(parts[2]) and parts[1] == parts[2][:2]:
        return ORIGINAL, parts[2], None
    if len(parts) == 3 and parts[0] == "pages" and _is_sha(parts[1]):
        stem, _, ext = parts[2].partition(".")
        kind = {"json": PAGE_TEXT, "pdf": PAGE_PDF, "png": PAGE_IMAGE}.get(ext)
        if kind and len(stem) >= 5 and stem.isdigit() and stem.isascii():
            return kind, parts[1], int(stem)
        return None
    if len(parts) == 2 and parts[0] in ("pdf", "text"):
        stem, _, ext = parts[1].partition(".")
        if _is_sha(stem) and (parts[0], ext) in (("pdf", "pdf"), ("text", "json")):
            return (DOCUMENT_PDF if parts[0] == "pdf" else DOCUMENT_TEXT), stem, None
    return None
