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
