"""`sanchika ocr` on a multi-page file reads its pages on the worker processes, and prints them in
page order as they come; one page is read without starting a pool."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

from sanchika.ocr_file import ocr_file
from sanchika.settings import Settings

from . import pagegen
from .scans import EDUCATION_LINES, HEALTH_LINES, REVENUE_LINES, page

TEXTS = [REVENUE_LINES[:3], EDUCATION_LINES[:3], HEALTH_LINES[:3], REVENUE_LINES[3:6]]


def _pdf(tmp_path: Path) -> Path:
    path = tmp_path / "four.pdf"
    path.write_bytes(pagegen.image_pdf([page(lines + [f"page {i + 1}"], 60 + i) for i, lines in enumerate(TEXTS)], dpi=200))
    return path


def test_pages_come_back_in_order_from_the_worker_processes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(home=tmp_path / "home", workers=2)
    before = set(multiprocessing.active_children())  # an earlier test's idle pool may still be up
    pool_sizes = []
    pages = []
    for result in ocr_file(_pdf(tmp_path), settings):
        pool_sizes.append(len(set(multiprocessing.active_children()) - before))
        pages.append(result.text)
    assert [p.page for p in pages] == [1, 2, 3, 4]
    assert "Education" in pages[1].text or "शिक्षा" in pages[1].text
    assert "Health" in pages[2].text or "स्वास्थ्य" in pages[2].text
    assert max(pool_sizes) >= 2  # read by the pool's processes, not in this one
    assert set(multiprocessing.active_children()) <= before  # the pool is gone once the file is read


def test_one_page_starts_no_pool(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "one.png"
    path.write_bytes(pagegen.image_bytes(page(REVENUE_LINES[:3], 70), "PNG", dpi=200))
    before = set(multiprocessing.active_children())  # an earlier test's idle pool may still be up
    results = ocr_file(path, Settings(home=tmp_path / "home", workers=2))
    first = next(results)
    assert set(multiprocessing.active_children()) <= before and first.text.page == 1
    assert list(results) == []


def test_nothing_stored_no_page_pdf_made(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`sanchika ocr` stores nothing, so it makes no page PDF (Tesseract's PDF renderer, the page's
    JPEG); the reading is the same as with them, which `--explain` still makes to name their form."""
    path = tmp_path / "one.png"
    path.write_bytes(pagegen.image_bytes(page(REVENUE_LINES[:3], 71), "PNG", dpi=200))
    settings = Settings(home=tmp_path / "home", workers=1)
    (plain,) = ocr_file(path, settings)
    (with_pdf,) = ocr_file(path, settings, page_pdfs=True)
    assert plain.pdf is None and with_pdf.pdf is not None and with_pdf.pdf.startswith(b"%PDF")
    assert plain.text.text == with_pdf.text.text and plain.text.words == with_pdf.text.words
    assert plain.text.steps == tuple(s for s in with_pdf.text.steps if not s.startswith("pdf:"))


def test_the_ocr_command_starts_no_blas_threads(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """OpenBLAS (numpy's and OpenCV's) runs on one thread in `sanchika ocr`: reading a page does
    no floating-point BLAS work, and the thread pool it starts at import cost ~0.03 CPU-s of every
    call. A user's own OPENBLAS_NUM_THREADS is left as set."""
    path = tmp_path / "text.pdf"
    path.write_bytes(pagegen.text_pdf(REVENUE_LINES[:3]))
    env = {k: v for k, v in os.environ.items() if not k.endswith(("_NUM_THREADS", "_THREAD_LIMIT"))}  # as a user runs it
    env["SANCHIKA_HOME"] = str(tmp_path / "home")
    code = ("import atexit, sys, threadpoolctl\n"
            "atexit.register(lambda: print(sorted({i['num_threads'] for i in threadpoolctl.threadpool_info()\n"
            "                                     if i['internal_api'] == 'openblas'}), file=sys.stderr))\n"
            "from sanchika.cli import main\n"
            f"sys.argv = ['sanchika', 'ocr', {str(path)!r}, '--json']\n"
            "main()\n")
    for own, expected in ((None, "[1]"), ("2", "[2]")):
        run_env = env if own is None else {**env, "OPENBLAS_NUM_THREADS": own}
        out = subprocess.run([sys.executable, "-c", code], env=run_env, capture_output=True, text=True, timeout=120,
                             check=True)
        assert json.loads(out.stdout)["pages"][0]["source"] == "textlayer"
        assert out.stderr.splitlines()[-1] == expected


_IMPORTS_SEEN = """
import os, sys
LOG = sys.argv[1]
def seen(event, args):  # an audit hook: kept by every process forked from this one (the page process)
    if event == "import" and args[0] in ("pypdfium2", "ocr.textlayer", "ocr.legacy"):
        with open(LOG, "a") as log:
            log.write(f"{os.getpid()} {args[0]}\\n")
sys.addaudithook(seen)
from sanchika.cli import main
sys.argv = ["sanchika", "ocr", sys.argv[2], "--json"]
main()
"""


def test_an_image_loads_no_pdf_code(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`sanchika ocr page.png` imports neither PDFium nor the text-layer judge (~0.05 CPU-s), in its
    process or its page process; a PDF's call imports them once, in the command's process, before
    its page processes are forked (they share them)."""
    png = tmp_path / "one.png"
    png.write_bytes(pagegen.image_bytes(page(REVENUE_LINES[:3], 72), "PNG", dpi=200))
    env = {**os.environ, "SANCHIKA_HOME": str(tmp_path / "home"), "SANCHIKA_WORKERS": "2"}
    seen = {}
    for path in (png, _pdf(tmp_path)):
        log = tmp_path / f"{path.name}.imports"
        log.touch()
        out = subprocess.run([sys.executable, "-c", _IMPORTS_SEEN, str(log), str(path)], env=env, capture_output=True,
                             text=True, timeout=300, check=True)
        assert json.loads(out.stdout)["pages"]
        seen[path.suffix] = [line.split() for line in log.read_text().splitlines()]
    assert seen[".png"] == []
    assert sorted(m for _, m in seen[".pdf"]) == ["ocr.legacy", "ocr.textlayer", "pypdfium2"]
    assert len({pid for pid, _ in seen[".pdf"]}) == 1


def test_the_ocr_command_prints_every_page_in_order(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "SANCHIKA_HOME": str(tmp_path / "home"), "SANCHIKA_WORKERS": "2"}
    out = subprocess.run([sys.executable, "-m", "sanchika", "ocr", str(_pdf(tmp_path)), "--json"], env=env,
                         capture_output=True, text=True, timeout=300, check=True)
    assert [p["page"] for p in json.loads(out.stdout)["pages"]] == [1, 2, 3, 4]


def faulty_read(path, kind, page_no, options):  # type: ignore[no-untyped-def]
    """ocr.read.read_page, unless a fault file names this page: ``crash`` (the pool process dies)
    or ``transient N`` (the first N runs raise TransientError), in ``faults/`` beside the file (a pool
    process made by a forkserver shares no state of the test's). Every run is counted in a file."""
    from domain.errors import TransientError
    from ocr.read import read_page

    faults = Path(path).parent / "faults"
    with (faults / f"{page_no}.runs").open("a") as runs:
        runs.write("x")
    spec = (faults / str(page_no)).read_text().split() if (faults / str(page_no)).exists() else []
    if spec[:1] == ["crash"]:
        os._exit(9)
    if spec[:1] == ["transient"] and (faults / f"{page_no}.runs").stat().st_size <= int(spec[1]):
        raise TransientError("injected")
    return read_page(path, kind, page_no, options)


def test_the_ocr_pool_follows_the_retry_policy(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`sanchika ocr`'s pool (workers/page_pool.py) and the executors share one RetryPolicy: a
    transient error is read again; a page that kills its process is read alone until the policy
    gives it up (worker.crashed, in page order), its neighbours read."""
    import pytest

    import workers.page_pool as page_pool
    from domain.errors import SanchikaError
    from domain.types import FileKind
    from workers.retry import RetryPolicy

    faults = tmp_path / "faults"
    faults.mkdir()
    monkeypatch.setattr(page_pool, "read_page", faulty_read)
    path = tmp_path / "four.pdf"
    path.write_bytes(pagegen.text_pdf(REVENUE_LINES[:3], pages=4))
    options = Settings(home=tmp_path / "home").ocr_options()
    policy = RetryPolicy(retries=2, first_delay=0.05, max_delay=0.1, crashes=2)

    (faults / "2").write_text("transient 1")
    assert [r.text.page for r in page_pool.read_pages(path, FileKind.PDF, range(1, 5), options, 2, policy)] == [1, 2, 3, 4]
    assert (faults / "2.runs").stat().st_size == 2

    for f in faults.glob("*.runs"):
        f.unlink()
    (faults / "3").write_text("crash")
    read = []
    with pytest.raises(SanchikaError) as err:
        for result in page_pool.read_pages(path, FileKind.PDF, range(1, 5), options, 2, policy):
            read.append(result.text.page)
    assert err.value.code == "worker.crashed" and "page 3" in err.value.message
    assert read == [1, 2] and (faults / "3.runs").stat().st_size == 2  # the policy's crashes, then given up
    runs_4 = faults / "4.runs"
    assert not runs_4.exists() or runs_4.stat().st_size == 1  # in flight beside it at most, never alone: given up first
