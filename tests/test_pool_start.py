"""What a command loads before it forks its worker processes (issue 17 points 6 and 7): what every
worker would load for itself is loaded once in the parent and shared by fork (workers/local.py
``share_with_workers``, workers/page_pool.py), and `sanchika process` loads nothing of the server
stack or of models it does not run. Each check runs in a fresh interpreter: what this test process
has imported says nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parent.parent

_POOL = """
import sys
from sanchika.settings import Settings
from workers.local import LocalExecutor
from ocr.reading import _word_list

def seen():
    return 'pikepdf.pdfa' in sys.modules, _word_list.cache_info().currsize

executor = LocalExecutor(Settings(home=sys.argv[1], workers=2, pdfa_validate=sys.argv[2]).worker_config())
pool = executor.pool()
print(*seen(), *pool.submit(seen).result())  # the parent's, then a worker's before any job
pool.shutdown()
"""


def _run(code: str, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=REPO, check=True,
                          capture_output=True, text=True, timeout=120).stdout


def test_a_forked_pool_inherits_the_validator_and_the_word_lists(tmp_path: Path) -> None:
    """The PDF/A validator (~0.15 CPU-s to import) and the word lists are loaded in the parent
    before the fork: a worker has them before its first job instead of loading them itself (each
    of them did, on its first document step or idle at the run's end, and in ``_warm``)."""
    parent_pdfa, parent_lists, worker_pdfa, worker_lists = _run(_POOL, str(tmp_path / "home"), "foreign").split()
    assert (parent_pdfa, worker_pdfa) == ("True", "True")
    assert (parent_lists, worker_lists) == ("2", "2")


def test_no_validator_is_loaded_where_no_document_is_validated(tmp_path: Path) -> None:
    parent_pdfa, _, worker_pdfa, _ = _run(_POOL, str(tmp_path / "home"), "never").split()
    assert (parent_pdfa, worker_pdfa) == ("False", "False")


_OCR_POOL = """
import sys
from domain.types import FileKind
from ocr.reading import _word_list
from sanchika.settings import Settings
from workers.page_pool import _Reader
from workers.retry import RetryPolicy

reader = _Reader(sys.argv[2], FileKind.PNG, Settings(home=sys.argv[1]).ocr_options(), 2, RetryPolicy())
reader.submit(1).result()
print(_word_list.cache_info().currsize)
reader.close()
"""


def test_sanchika_ocr_pool_shares_the_word_lists(tmp_path: Path) -> None:
    """`sanchika ocr`'s own pool (a multi-page file): the word lists every page process judges its
    reading by are loaded in the parent before the fork, not in each page process."""
    png = tmp_path / "blank.png"
    Image.fromarray(np.full((1100, 850), 255, np.uint8)).save(png, dpi=(100, 100))
    assert _run(_OCR_POOL, str(tmp_path / "home"), str(png)).split() == ["2"]


_PROCESS = """
import atexit, json, sys
out = sys.argv.pop()
atexit.register(lambda: open(out, "w").write(json.dumps(sorted(sys.modules))))
from sanchika.cli import main
main()
"""

NOT_FOR_PROCESS = {"spacy", "sklearn", "torch", "celery", "kombu", "redis", "minio", "boto3", "botocore",
                   "fastapi", "starlette", "uvicorn", "jinja2", "multipart", "psycopg", "psycopg2"}


def test_sanchika_process_loads_no_server_stack(tmp_path: Path) -> None:
    """`sanchika process` (embedded) on one page: nothing of the web app, Celery, Redis, S3,
    PostgreSQL or spaCy is imported by its parent process (a guard: each would be start-up paid on
    every call)."""
    folder = tmp_path / "scans"
    folder.mkdir()
    Image.fromarray(np.full((1100, 850), 255, np.uint8)).save(folder / "blank.png", dpi=(100, 100))
    modules = tmp_path / "modules.json"
    env = {**os.environ, "PYTHONPATH": str(REPO), "SANCHIKA_HOME": str(tmp_path / "home"), "SANCHIKA_WORKERS": "2"}
    subprocess.run([sys.executable, "-c", _PROCESS, "process", str(folder), "--json", str(modules)], env=env, cwd=REPO,
                   check=True, capture_output=True, text=True, timeout=120)
    loaded = {m.split(".")[0] for m in json.loads(modules.read_text())}
    assert "sqlalchemy" in loaded  # the check sees the parent's modules
    assert not loaded & NOT_FOR_PROCESS, sorted(loaded & NOT_FOR_PROCESS)
