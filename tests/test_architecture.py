"""Imports flow one way: domain -> stages (ingest, ocr, classify) -> storage -> workers -> sanchika."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LAYERS = {"domain": 0, "ingest": 1, "ocr": 1, "classify": 1, "storage": 2, "workers": 3, "sanchika": 4}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(LAYERS)


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_imports_go_one_way(package: str) -> None:
    bad = []
    for path in (REPO / package).rglob("*.py"):
        for dep in imported_packages(path):
            if dep != package and LAYERS[dep] >= LAYERS[package]:
                bad.append(f"{path.relative_to(REPO)} imports {dep}")
    assert bad == []


def test_importing_the_cli_is_light() -> None:
    import subprocess
    import sys

    code = "import sys, sanchika.cli; heavy = {'cv2', 'pytesseract', 'pdfplumber', 'spacy', 'celery', 'minio'} & set(sys.modules); print(sorted(heavy))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert out.strip() == "[]"


# -- the house rules (issue 20): module size, function size, no two modules importing each other --
# Over the product packages, migrations aside. Each allowlist holds today's violators by name; the
# helper who fixes one deletes its entry. A new violation fails, and so does an entry that no longer
# violates (the lists only shrink). Never add an entry.
PRODUCT = ("domain", "ingest", "ocr", "classify", "storage", "workers", "sanchika")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80

BIG_MODULES_ALLOWED: set[str] = set()
LONG_FUNCTIONS_ALLOWED: set[str] = set()
MUTUAL_IMPORTS_ALLOWED: set[tuple[str, ...]] = set()


def product_modules(root: Path = REPO) -> dict[str, tuple[Path, bool]]:
    """Dotted module name -> (file, is a package's __init__)."""
    mods: dict[str, tuple[Path, bool]] = {}
    for package in PRODUCT:
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            if "migrations" in parts:
                continue
            is_package = parts[-1] == "__init__"
            mods[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return mods


def imported_modules(name: str, tree: ast.AST, is_package: bool, known: set[str]) -> set[str]:
    """The product modules whose code runs when ``name`` runs, anywhere in it (imports inside
    functions count): ``import a.b.c`` runs ``a``, ``a.b`` and ``a.b.c``; ``from a import x`` runs
    ``a`` and, when ``a.x`` is a module, ``a.x``. Packages that contain ``name`` itself are left
    out unless their names are needed (``from . import name``): they are already running when
    ``name`` runs (Python starts a package's ``__init__`` before its modules)."""
    own_package = name if is_package else name.rpartition(".")[0]
    enclosing = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)} | {name}

    def with_parents(module: str) -> set[str]:
        parts = module.split(".")
        parents = {".".join(parts[:i]) for i in range(1, len(parts))} - enclosing
        return parents | {module}

    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found |= with_parents(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = own_package.split(".")[: len(own_package.split(".")) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found |= with_parents(base) - ({base} & enclosing)  # another package's __init__ runs too
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found |= {submodule} if submodule in known else {base}
    return {m for m in found if m in known and m != name}


def house_violations(root: Path = REPO) -> tuple[dict[str, int], dict[str, int], set[tuple[str, ...]]]:
    """(modules over the line limit, functions over it, import cycles): a cycle is the sorted names
    of modules that import each other, directly (a pair) or around a longer loop."""
    mods = product_modules(root)
    big: dict[str, int] = {}
    long: dict[str, int] = {}
    edges: dict[str, set[str]] = {}
    for name, (path, is_package) in mods.items():
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        if lines > MAX_MODULE_LINES:
            big[name] = lines
        tree = ast.parse(source)
        for qualname, node in _functions(tree, name):
            length = node.end_lineno - node.lineno + 1  # type: ignore[attr-defined]
            if length > MAX_FUNCTION_LINES:
                long[qualname] = length
        edges[name] = imported_modules(name, tree, is_package, set(mods))
    return big, long, import_cycles(edges)


def import_cycles(edges: dict[str, set[str]]) -> set[tuple[str, ...]]:
    """The strongly connected parts of the import graph with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: set[tuple[str, ...]] = set()

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = stack[stack.index(v):]
            del stack[stack.index(v):]
            if len(part) > 1:
                cycles.add(tuple(sorted(part)))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return cycles


def _functions(tree: ast.AST, prefix: str):  # type: ignore[no-untyped-def]
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield f"{prefix}.{node.name}", node
            yield from _functions(node, f"{prefix}.{node.name}")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}.{node.name}")
        else:
            yield from _functions(node, prefix)


def _judge(kind: str, found: dict | set, allowed: set) -> list[str]:
    new = sorted(f"{kind} {item}" + (f": {found[item]} lines" if isinstance(found, dict) else "")
                 for item in set(found) - allowed)
    fixed = sorted(f"{kind} {item} no longer violates: delete it from the allowlist" for item in allowed - set(found))
    return new + fixed


def test_no_module_over_400_lines() -> None:
    big, _, _ = house_violations()
    assert _judge("module", big, BIG_MODULES_ALLOWED) == []


def test_no_function_over_80_lines() -> None:
    _, long, _ = house_violations()
    assert _judge("function", long, LONG_FUNCTIONS_ALLOWED) == []


def test_no_two_modules_import_each_other() -> None:
    _, _, cycles = house_violations()
    assert _judge("import cycle", cycles, MUTUAL_IMPORTS_ALLOWED) == []


# Modules outside storage/ that still read or write tables themselves (issue 20 part 4): only
# shrinks, like the lists above.
SCHEMA_USERS_ALLOWED: set[str] = set()


def test_only_storage_touches_the_tables() -> None:
    """Outside storage/, the code calls named functions of storage (catalog, library, work, ...),
    never ``storage.schema``'s tables."""
    mods = product_modules()
    users = {name for name, (path, is_package) in mods.items() if not name.startswith("storage")
             and "storage.schema" in imported_modules(name, ast.parse(path.read_text()), is_package, set(mods))}
    assert _judge("tables used in", users, SCHEMA_USERS_ALLOWED) == []


def test_the_house_rules_see_what_python_runs(tmp_path: Path) -> None:
    """The checks on a made-up tree: relative imports, imports inside functions, a package's
    ``__init__``, ``from package import submodule`` (no need of the package's names) against
    ``from package import name`` (needs its ``__init__``), a loop of three, and the size limits."""
    files = {
        "ocr/__init__.py": "from ocr.read import read_page\nfrom .bad import thing\n",
        "ocr/read.py": "def read_page():\n    from ocr import tesseract_api\n",
        "ocr/tesseract_api.py": "",
        "ocr/bad.py": "thing = 1\ndef g():\n    from . import helper_name\n",
        "storage/a.py": "from .b import x\n",
        "storage/b.py": "x = 1\ndef h():\n    import storage.a\n",
        "storage/c.py": "from storage import d\n",
        "storage/d.py": "import storage.e\n",
        "storage/e.py": "def f():\n    from .c import y\n",
        "storage/migrations/versions/0001_x.py": "import storage.a\n" + "x = 1\n" * 500,
        "workers/__init__.py": "from workers.x import y\n",
        "workers/x.py": "import workers.z\ny = 1\n",
        "workers/z.py": "",
        "sanchika/k.py": "import workers.z\n",
        "workers/sub/__init__.py": "def f():\n    from workers.q import v\n",
        "workers/sub/leaf.py": "",
        "workers/q.py": "from workers.sub import leaf\nv = 1\n",  # runs workers/sub/__init__.py first
        "sanchika/big.py": "class K:\n    def m(self):\n" + "        pass\n" * 80 + "x = 1\n" * 319,
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    big, long, cycles = house_violations(tmp_path)
    assert big == {"sanchika.big": 401}
    assert long == {"sanchika.big.K.m": 81}
    assert cycles == {("ocr", "ocr.bad"), ("storage.a", "storage.b"), ("storage.c", "storage.d", "storage.e"),
                      ("workers.q", "workers.sub")}
    mods = set(product_modules(tmp_path))
    k = ast.parse(files["sanchika/k.py"])
    assert imported_modules("sanchika.k", k, False, mods) == {"workers", "workers.z"}
    assert _judge("module", {"a": 401}, {"b"}) == ["module a: 401 lines",
                                                    "module b no longer violates: delete it from the allowlist"]


# Outside storage/, no SQL either: the Engine type and SQLAlchemy's exceptions may be named (an
# engine is handed to storage's functions), nothing that builds or runs a statement (issue 20 part 4).


def sql_outside_storage(root: Path = REPO) -> dict[str, list[str]]:
    """Module -> what in it builds or runs SQL: an import from ``sqlalchemy`` other than ``Engine``
    and ``sqlalchemy.exc``, a call of ``execute``/``exec_driver_sql``/``scalar(s)``, or an engine's
    ``connect()``/``begin()``."""
    found: dict[str, list[str]] = {}
    for name, (path, _) in product_modules(root).items():
        if name.split(".")[0] == "storage":
            continue
        bad: list[str] = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                bad += [f"import {a.name}" for a in node.names if a.name.split(".")[0] == "sqlalchemy"
                        and a.name != "sqlalchemy.exc"]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").split(".")[0] == "sqlalchemy":
                if node.module == "sqlalchemy":
                    bad += [f"from sqlalchemy import {a.name}" for a in node.names if a.name != "Engine"]
                elif node.module != "sqlalchemy.exc":
                    bad.append(f"from {node.module} import ...")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                receiver = ast.unparse(node.func.value)
                if node.func.attr in {"execute", "exec_driver_sql", "scalar", "scalars"} or (
                        node.func.attr in {"connect", "begin"} and receiver.split(".")[-1].endswith("engine")):
                    bad.append(f"line {node.lineno}: {receiver}.{node.func.attr}()")
        if bad:
            found[name] = bad
    return found


def test_only_storage_builds_or_runs_sql() -> None:
    assert sql_outside_storage() == {}


def test_the_sql_rule_sees_statements_outside_storage(tmp_path: Path) -> None:
    files = {
        "storage/db.py": "from sqlalchemy import text\ndef f(engine):\n    with engine.connect() as c:\n        c.execute(text('x'))\n",
        "sanchika/ok.py": "from sqlalchemy import Engine\nfrom sqlalchemy.exc import DBAPIError\nimport sqlalchemy.exc\n"
                          "def f(engine: Engine):\n    db.check_reachable(engine)\n    conn.ensure_connection()\n",
        "sanchika/bad.py": "from sqlalchemy import Engine, text\ndef f(engine):\n    with engine.connect() as c:\n"
                           "        c.execute(text('SELECT 1'))\n",
        "workers/bad.py": "def f(ctx):\n    with ctx.engine.begin() as c:\n        c.exec_driver_sql('x')\n",
        "sanchika/orm.py": "from sqlalchemy.orm import Session\nimport sqlalchemy\n",
    }
    for rel, source in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(source)
    assert sql_outside_storage(tmp_path) == {
        "sanchika.bad": ["from sqlalchemy import text", "line 3: engine.connect()", "line 4: c.execute()"],
        "workers.bad": ["line 2: ctx.engine.begin()", "line 3: c.exec_driver_sql()"],
        "sanchika.orm": ["from sqlalchemy.orm import ...", "import sqlalchemy"],
    }


# Statuses (and page flags and page roles) are domain.status's enums (issue 20 part 2): outside
# domain/status.py no status is written as a bare string where it is compared, filtered on or stored.
def bare_statuses(root: Path = REPO) -> list[str]:
    """``file:line: value`` of each bare status string: compared with something named
    status/state/flag/role (``row["status"]``, ``row.get("state")``, ``pages.c.status``, ``r.role``),
    in an ``.in_(...)`` on it, given as ``status=``/``state=``/``flag=``/``role=``, to a function
    named for one (``set_state``) or as a dict's ``"status"`` (``"role"``...), or in SQL text
    (``status = 'done'``). The values are those of the enums in domain/status.py."""
    import re
    from enum import StrEnum

    import domain.status as statuses

    values = {m.value for v in vars(statuses).values()
              if isinstance(v, type) and issubclass(v, StrEnum) and v is not StrEnum for m in v}

    def literal(node: ast.AST) -> set[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value} & values
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return set().union(set(), *(literal(e) for e in node.elts))
        return set()

    def named_status(node: ast.AST) -> bool:
        return re.search(r"""(^|\.)(status|state|flag|role)$|\[["'](status|state|flag|role)["']\]$|\.get\(["'](status|state|flag|role)["']""",
                         ast.unparse(node)) is not None

    found: list[str] = []
    for name, (path, _) in product_modules(root).items():
        if name == "domain.status":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            hits: set[str] = set()
            if isinstance(node, ast.Compare) and any(named_status(o) for o in (node.left, *node.comparators)):
                hits = set().union(*(literal(o) for o in (node.left, *node.comparators)))
            elif isinstance(node, ast.Call):
                if isinstance(node.func, ast.Attribute) and node.func.attr == "in_" and named_status(node.func.value):
                    hits |= set().union(set(), *(literal(a) for a in node.args))
                hits |= set().union(set(), *(literal(k.value) for k in node.keywords if k.arg in ("status", "state", "flag", "role")))
                called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if "status" in called or "state" in called:  # set_state(engine, id, "reading")
                    hits |= set().union(set(), *(literal(a) for a in node.args))
            elif isinstance(node, ast.Dict):
                hits = set().union(set(), *(literal(v) for k, v in zip(node.keys, node.values, strict=True)
                                            if isinstance(k, ast.Constant) and k.value in ("status", "state", "flag", "role")))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                hits = {m.group(1) for m in re.finditer(r"\b(?:status|state)\s*(?:=|<>|!=|in)\s*\(?\s*'(\w+)'",
                                                         node.value, re.IGNORECASE)} & values
            found += [f"{path.relative_to(root)}:{node.lineno}: {v}" for v in sorted(hits)]
    return sorted(found)


def test_statuses_are_the_enums_of_domain_status() -> None:
    assert bare_statuses() == []


def test_the_status_rule_sees_bare_strings(tmp_path: Path) -> None:
    source = """
def f(row, doc, pages, c):
    row["status"] != "done"
    doc.status == DocumentStatus.DONE
    row.get("state") in ("queued", "reading")
    pages.c.status.in_(("failed",))
    update(pages).values(status="queued")
    rescans.set_state(engine, 7, "reading")
    body = {"status": "completing", "name": "done"}
    c.execute(" AND d.status = 'ingesting'")
    kind == "failed"
    pages.c.flag == "needs_rescan"
    cur_role.role != "cover"
    p["role"] in ("blank", "separator")
    Part(role="annexure", name="order")
    user.role == "admin"
"""
    (tmp_path / "storage").mkdir()
    (tmp_path / "storage" / "m.py").write_text(source)
    assert bare_statuses(tmp_path) == sorted(["storage/m.py:3: done", "storage/m.py:5: queued", "storage/m.py:5: reading",
                                       "storage/m.py:6: failed", "storage/m.py:7: queued", "storage/m.py:8: reading",
                                       "storage/m.py:9: completing", "storage/m.py:10: ingesting",
                                       "storage/m.py:12: needs_rescan", "storage/m.py:13: cover",
                                       "storage/m.py:14: blank", "storage/m.py:14: separator",
                                       "storage/m.py:15: annexure"])


def test_search_has_no_tokeniser_of_its_own() -> None:
    """Search splits words with domain.text (issue 20 part 3): no module of storage/ writes a word
    class (``\\p{L}``, ``\\w``) itself; it takes ``domain.text.WORD_CHAR`` or ``tokens``."""
    own = [f"{path.relative_to(REPO)}:{node.lineno}"
           for name, (path, _) in product_modules().items() if name.split(".")[0] == "storage"
           for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
           if isinstance(node, ast.Constant) and isinstance(node.value, str)
           and ("\\p{L}" in node.value or "\\w" in node.value)]
    assert own == []
