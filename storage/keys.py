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
