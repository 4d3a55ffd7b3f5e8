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
    a ``"code"`` key of a dict literal (an error body built by hand), and the code given to the web
    API's ``error_json``. Both branches of ``a if c else b`` and of ``x or "default"`` count, so do
    a mapping's values and the default of ``mapping.get(key, "default")``, and a name bound at
    module level is followed to its value; a code computed at run time is not a definition and is
    skipped."""
    found: dict[str, set[str]] = {}
    for package in ("domain", "ingest", "ocr", "classify", "storage", "workers", "sanchika"):
        for path in (root / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for code in _codes_named(ast.parse(path.read_text(encoding="utf-8"))):
                found.setdefault(code, set()).add(str(path.relative_to(root)))
    return found


def _codes_named(tree: ast.Module) -> set[str]:
    bound = {t.id: stmt.value for stmt in tree.body if isinstance(stmt, ast.Assign)
             for t in stmt.targets if isinstance(t, ast.Name)}

    def strings(node: ast.expr | None, seen: frozenset[str] = frozenset()) -> set[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.IfExp):
            return strings(node.body, seen) | strings(node.orelse, seen)
        if isinstance(node, ast.BoolOp):
            return set().union(*(strings(v, seen) for v in node.values))
        if isinstance(node, ast.Dict):  # a mapping to codes: each of its values
            return set().union(set(), *(strings(v, seen) for v in node.values))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
            return strings(node.func.value, seen) | (strings(node.args[1], seen) if len(node.args) > 1 else set())
        if isinstance(node, ast.Name) and node.id in bound and node.id not in seen:
            return strings(bound[node.id], seen | {node.id})
        return set()

    named: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            named |= set().union(*(strings(k.value) for k in node.keywords if k.arg == "code"))
            if isinstance(node.func, ast.Name) and node.func.id == "error_json" and len(node.args) > 1:
                named |= strings(node.args[1])
        elif isinstance(node, ast.Dict):
            named |= set().union(set(), *(strings(v) for k, v in zip(node.keys, node.values, strict=True)
                                          if isinstance(k, ast.Constant) and k.value == "code"))
        elif isinstance(node, ast.ClassDef):
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "code" for t in stmt.targets):
                    named |= strings(stmt.value)
    return named


def test_the_error_scan_sees_every_way_a_code_is_given() -> None:
    """The scan on made-up code: each way below names one code, and a run-time code names none."""
    source = """
class E(Base):
    code = "a.class"
def f(x, cond):
    raise E("m", code="b.kwarg" if cond else "c.else")
    raise E("m", code=x or "d.or")
    raise E("m", code=compute(x))
CODES = {400: "e.mapped", 404: "f.mapped"}
FALLBACK = "g.fallback"
def handler(exc):
    error_json(exc.status, CODES.get(exc.status, FALLBACK), "m")
    error_json(500, "h.positional", "m")
    body = {"code": "i.dict", "message": "m"}
"""
    assert _codes_named(ast.parse(source)) == {"a.class", "b.kwarg", "c.else", "d.or", "e.mapped", "f.mapped",
                                               "g.fallback", "h.positional", "i.dict"}


def test_every_error_code_is_documented() -> None:
    """Each code has a row of its own in docs/errors.md's table (named in the row's first cell), not
    just a mention in another code's row."""
    import re

    rows = {code for cell in re.findall(r"^\| ([^|]+) \|", (DOCS / "errors.md").read_text(), re.M)
            for code in re.findall(r"`([^`]+)`", cell)}
    codes = error_codes()
    assert {"dependency.tesseract_failed", "worker.crashed", "transient.gave_up", "page.crashed", "http"} <= set(codes)
    abstract = {"error", "input.invalid", "transient"}  # the bases of the tree: never raised as such
    missing = {c: sorted(where) for c, where in codes.items() if c not in abstract and c not in rows}
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


def test_every_adr_has_its_own_number() -> None:
    # two helpers landing an ADR the same hour took the same number once (0042)
    numbers = [path.name[:4] for path in (DOCS / "adr").glob("[0-9][0-9][0-9][0-9]-*.md")]
    assert numbers and len(numbers) == len(set(numbers)), sorted(n for n in numbers if numbers.count(n) > 1)
