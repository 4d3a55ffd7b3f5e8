import ast
from pathlib import Path

from sanchika.settings import Settings

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"


def test_every_setting_is_documented() -> None:
    text = (DOCS / "configuration.md").read_text()
    missing = [f"SANCHIKA_{name.upper()}" for name in Settings.model_fields if f"`SANCHIKA_{name.upper()}`" not in text]
    assert missing == []


def error_codes(root: Path = REPO) -> dict[str, set[str]]:
    """Every error code the product code can raise or answer, with the modules that name it: a
    ``code=`` argument (an error raised with its own code), a class's ``code`` (the error tree),
    and the code given to the web API's ``error_json``. Both branches of ``a if c else b`` and of
    ``x or "default"`` count; a code computed at run time is not a definition and is skipped."""

    def strings(node: ast.expr | None) -> set[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.IfExp):
            return strings(node.body) | strings(node.orelse)
        if isinstance(node, ast.BoolOp):
            return set().union(*(strings(v) for v in node.values))
        return set()

    found: dict[str, set[str]] = {}
    for package in ("domain", "ingest", "ocr", "classify", "storage", "workers", "sanchika"):
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            named: set[str] = set()
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call):
                    named |= set().union(*(strings(k.value) for k in node.keywords if k.arg == "code"))
                    if isinstance(node.func, ast.Name) and node.func.id == "error_json" and len(node.args) > 1:
                        named |= strings(node.args[1])
                elif isinstance(node, ast.ClassDef):
                    for stmt in node.body:
                        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "code" for t in stmt.targets):
                            named |= strings(stmt.value)
            for code in named:
                found.setdefault(code, set()).add(str(path.relative_to(root)))
    return found


def test_every_error_code_is_documented() -> None:
    text = (DOCS / "errors.md").read_text()
    codes = error_codes()
    assert {"dependency.tesseract_failed", "worker.crashed", "transient.gave_up", "page.crashed"} <= set(codes)
    abstract = {"error", "input.invalid", "transient"}  # the bases of the tree: never raised as such
    missing = {c: sorted(where) for c, where in codes.items() if c not in abstract and f"`{c}`" not in text}
    assert missing == {}


def test_every_docs_path_named_in_code_and_docs_exists() -> None:
    """A reference to docs/… (an ADR, a guide) from the code, the README or the docs names a file
    that is in the repository (a renamed ADR left domain/text.py pointing nowhere)."""
    import re

    sources = [REPO / "README.md", *DOCS.rglob("*.md")]
    for package in ("domain", "ingest", "ocr", "classify", "storage", "workers", "sanchika", "bench", "scripts"):
        sources += [p for p in (REPO / package).rglob("*") if p.suffix in (".py", ".sh", ".md")]
    broken = set()
    for path in sources:
        for ref in re.findall(r"docs/[\w./-]*\w\.md", path.read_text(encoding="utf-8", errors="replace")):
            if not (REPO / ref).is_file():
                broken.add(f"{path.relative_to(REPO)}: {ref}")
    assert sorted(broken) == []
