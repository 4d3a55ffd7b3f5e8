"""What a command loads at start-up (issue 17 points 6 and 7): `sanchika process` loads nothing of
the server stack or of models it does not run. Each check runs in a fresh interpreter: what this test process
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
