"""The `sanchika` command as a user runs it (a real subprocess, real Tesseract)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from . import pagegen
from .scans import REVENUE_LINES, page

REPO = Path(__file__).resolve().parent.parent


def sanchika(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SANCHIKA_HOME": str(home), "SANCHIKA_WORKERS": "2"}
    cmd = [sys.executable, "-m", "sanchika", *args]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=REPO, timeout=300)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def processed(tmp_path_factory):  # type: ignore[no-untyped-def]
    scans = tmp_path_factory.mktemp("scans")
    (scans / "file-245").mkdir()
    (scans / "file-245" / "p1.png").write_bytes(pagegen.image_bytes(page(REVENUE_LINES, 41, skew=-2.5), "PNG", dpi=200))
    (scans / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")
    home = tmp_path_factory.mktemp("home")
    proc = sanchika(home, "process", str(scans), "--batch", "cli-test", "--operator", "asha", "--json")
    return home, scans, json.loads(proc.stdout)


def test_process_json_report(processed) -> None:  # type: ignore[no-untyped-def]
    _, _, report = processed
    assert set(report) >= {"batch_id", "files", "pages_total", "seconds"}
    files = {Path(f["path"]).name: f for f in report["files"]}
    assert files["broken.pdf"]["status"] == "failed" and files["broken.pdf"]["error"]["code"] == "input.corrupt"
    good = files["p1.png"]
    assert good["status"] == "done" and good["pages"] == 1 and good["department"] == "revenue"
    assert good["file_number"] == "245/भू-अभि/2018" and 0 < good["confidence"] <= 1
    assert set(good) >= {"path", "sha256", "status", "document_id", "pages", "department", "confidence", "file_number", "error"}
    assert report["pages_total"] == 1


def test_search_show_batches_json(processed) -> None:  # type: ignore[no-untyped-def]
    home, _, report = processed
    doc_id = next(f["document_id"] for f in report["files"] if f["status"] == "done")
    hits = json.loads(sanchika(home, "search", "खसरा", "--json").stdout)["hits"]
    assert hits[0]["document_id"] == doc_id and hits[0]["page"] == 1 and "«खसरा»" in hits[0]["snippet"]
    assert hits[0]["department"] == "revenue" and hits[0]["file_number"] == "245/भू-अभि/2018"
    assert json.loads(sanchika(home, "search", "खसरा", "--department", "police", "--json").stdout)["hits"] == []
    # romanised Hindi finds the Devanagari page, says what it searched; --exact turns that off
    found = json.loads(sanchika(home, "search", "khasra", "--json").stdout)
    assert found["hits"][0]["document_id"] == doc_id and "खसरा" in found["also_matched"]
    assert "also matched: " in sanchika(home, "search", "khasra").stdout
    assert json.loads(sanchika(home, "search", "khasra", "--exact", "--json").stdout) == {"hits": [], "also_matched": []}
    doc = json.loads(sanchika(home, "show", doc_id, "--json").stdout)
    assert doc["id"] == doc_id and doc["department"] == "revenue" and "पटवारी" in doc["pages_detail"][0]["text"]
    assert doc["digital_file"]["documents"][0]["id"] == doc_id
    batches = json.loads(sanchika(home, "batches", "--json").stdout)["batches"]
    assert [b["name"] for b in batches] == ["cli-test"] and batches[0]["operator"] == "asha"
    human = sanchika(home, "show", doc_id).stdout
    assert "revenue" in human and "245/भू-अभि/2018" in human


def test_a_finished_batch_report_can_be_read_again(processed) -> None:  # type: ignore[no-untyped-def]
    """`sanchika batches ID` gives the report `process` printed: the failed input with its code."""
    home, _, report = processed
    again = json.loads(sanchika(home, "batches", report["batch_id"], "--json").stdout)
    assert again["batch_id"] == report["batch_id"]
    assert [(f["path"], f["status"], f["error"]) for f in again["files"]] == [
        (f["path"], f["status"], f["error"]) for f in report["files"]]
    assert again["pages_total"] == report["pages_total"] and again["seconds"] >= 0
    human = sanchika(home, "batches", report["batch_id"]).stdout
    assert "broken.pdf" in human and "input.corrupt" in human
    missing = sanchika(home, "batches", "no-such-batch", check=False)
    assert missing.returncode == 6 and "no batch no-such-batch" in missing.stderr


def test_show_unknown_document_is_a_clear_error(processed) -> None:  # type: ignore[no-untyped-def]
    home, *_ = processed
    proc = sanchika(home, "show", "nope", check=False)
    assert proc.returncode == 6 and proc.stderr.startswith("error [not_found]")


def test_ocr_json_and_bad_file(processed, tmp_path) -> None:  # type: ignore[no-untyped-def]
    home, scans, _ = processed
    out = json.loads(sanchika(home, "ocr", str(scans / "file-245" / "p1.png"), "--json").stdout)
    (p,) = out["pages"]
    assert p["page"] == 1 and p["source"] == "ocr" and "खसरा" in p["text"] and 0 < p["confidence"] <= 1
    assert p["rotation"] == 0 and abs(p["skew_degrees"] - (-2.5)) < 1.0
    bad = sanchika(home, "ocr", str(scans / "broken.pdf"), check=False)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
    assert bad.stderr.count("\n") == 1 and "input.corrupt" in bad.stderr
    empty = tmp_path / "e.png"
    empty.write_bytes(b"")
    bad = sanchika(home, "ocr", str(empty), check=False)
    assert bad.returncode == 2 and bad.stderr.strip().startswith("error [input.empty]")


def test_process_exits_nonzero_when_nothing_processed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.txt").write_text("hello")
    proc = sanchika(tmp_path / "home", "process", str(tmp_path / "a.txt"), "--json", check=False)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["files"][0]["error"]["code"] == "input.unsupported"


@pytest.mark.parametrize("level", ["", "DEBUG"])
def test_cli_logs_one_line_per_error_and_tracebacks_only_when_asked(level: str) -> None:
    """An unexpected page error (``log.exception`` in workers/steps.py) prints one line on the
    terminal; ``SANCHIKA_LOG_LEVEL=DEBUG`` adds the traceback (docs/configuration.md)."""
    code = (
        "import logging\n"
        "from sanchika.cli import _log_to_stderr\n"
        "_log_to_stderr()\n"
        "log = logging.getLogger('workers.steps')\n"
        "log.info('not shown at WARNING')\n"
        "try:\n"
        "    raise ValueError('bad huffman code')\n"
        "except ValueError:\n"
        "    log.exception('page %s of %s could not be read', 3, 'doc-1')\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "SANCHIKA_LOG_LEVEL"}
    if level:
        env["SANCHIKA_LOG_LEVEL"] = level
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=REPO, timeout=60)
    assert proc.returncode == 0, proc.stderr
    if level:
        assert "Traceback" in proc.stderr and "ValueError: bad huffman code" in proc.stderr
        assert "not shown at WARNING" in proc.stderr
    else:
        assert proc.stderr.splitlines() == ["sanchika: error: page 3 of doc-1 could not be read (ValueError: bad huffman code)"]


def test_a_worker_logs_time_process_and_traceback() -> None:
    """`sanchika worker` logs through the same handler in its own format: an unrecoverable error
    (Celery's ``logger.critical(..., exc_info=True)``) keeps its traceback, every line its time and
    process."""
    code = (
        "import logging\n"
        "from sanchika.cli import _log_to_stderr\n"
        "from sanchika.cli.server import log_like_a_daemon\n"
        "_log_to_stderr()\n"
        "log_like_a_daemon()\n"
        "try:\n"
        "    raise AttributeError(\"'NoneType' object has no attribute 'hostname'\")\n"
        "except AttributeError as exc:\n"
        "    logging.getLogger('celery.worker').critical('Unrecoverable error: %r', exc, exc_info=True)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "SANCHIKA_LOG_LEVEL"}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=REPO, timeout=60)
    assert proc.returncode == 0, proc.stderr
    first = proc.stderr.splitlines()[0]
    assert re.match(r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}: CRITICAL/MainProcess\] celery.worker: Unrecoverable error", first), first
    assert "Traceback (most recent call last)" in proc.stderr and "AttributeError: 'NoneType'" in proc.stderr


def test_process_into_a_pipe_starts_without_the_progress_bar_or_postgresql_modules() -> None:
    """`sanchika process --json` (or into a pipe) in the embedded default loads neither rich (only a
    bar on a terminal needs it) nor SQLAlchemy's PostgreSQL dialect (~20-40 ms each at start); the bar
    itself still draws its pages-per-minute column."""
    code = ("import sys; import sanchika.cli, sanchika.cli.batch, sanchika.pipeline, sanchika.checks, workers.local; "
            "from sanchika.progress import batch_progress\n"
            "with batch_progress(False) as p: p.on_total(3)\n"
            "print('rich' in sys.modules, 'sqlalchemy.dialects.postgresql' in sys.modules)\n"
            "with batch_progress(True) as p: p.on_total(3)\n"
            "print('rich' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=str(Path(__file__).resolve().parent.parent))
    assert out.stdout.split() == ["False", "False", "True"], out.stderr
    assert "pages/min" in out.stderr
