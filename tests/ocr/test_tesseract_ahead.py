"""Tesseract's language data loaded ahead, in a thread of a command that forks its workers
(`sanchika process`, `sanchika ocr`): the page processes forked later read with that engine
(inherited, not loaded again), read as the command does, and no process runs `tesseract --list-langs`. Each case runs in a fresh interpreter:
an engine loaded in the test process would be inherited by every later test's page process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

_CHILD = r"""
import json, os, sys, threading
import numpy as np
from ocr import tesseract_api
from ocr.options import OcrOptions
from ocr.tesseract import _installed_languages, check_languages, run_tesseract
from ocr.watchdog import kept_mib, run_in_page_process
from tests import pagegen
from workers.processes import load_engine_ahead, mp_context

LANG = "Devanagari+eng"
image = np.asarray(pagegen.render_lines(pagegen.office_lines(seed=3, n=2), size=(148, 45), margin_mm=8))

def probe():
    # in the page process, before and after a page: the engines it has and what it loaded itself
    before = {k[0]: e.handle for k, e in tesseract_api._engines.items()}
    out = run_tesseract(image, lang=LANG, dpi=300, make_pdf=False, library=True)
    after = {k[0]: e.handle for k, e in tesseract_api._engines.items()}
    words = [(w.text, w.left, w.top, w.width, w.height, w.confidence) for w in out.words]
    return before, after, kept_mib(), words, _installed_languages.cache_info().currsize

ahead = sys.argv[1] == "ahead"
if ahead:
    load_engine_ahead(OcrOptions(lang=LANG))
context = mp_context()  # waits for the thread: with no other thread alive the pool forks
threads = threading.active_count()
parent = {k[0]: e.handle for k, e in tesseract_api._engines.items()}
before, after, kept, words, asked = run_in_page_process(probe, (), 120)
check_languages(LANG)
print(json.dumps({"fork": context is None, "threads": threads, "parent": parent, "before": before,
                  "after": after, "kept": kept, "words": words, "asked": [asked, _installed_languages.cache_info().currsize]}))
"""


def _run(mode: str) -> dict:  # type: ignore[type-arg]
    proc = subprocess.run([sys.executable, "-c", _CHILD, mode], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_an_engine_loaded_ahead_is_the_one_the_page_process_reads_with() -> None:
    ahead, plain = _run("ahead"), _run("plain")
    assert ahead["fork"] and ahead["threads"] == 1  # the thread was done before the pool was chosen
    assert list(ahead["parent"]) == ["Devanagari+eng"]
    # the page process had the engine before its first page, the parent's (same handle), and
    # loaded nothing itself; without loading ahead it loads its own at the first page
    assert ahead["before"] == ahead["parent"] == ahead["after"]
    assert ahead["kept"] == 0
    assert plain["parent"] == {} and plain["before"] == {} and list(plain["after"]) == ["Devanagari+eng"]
    assert plain["kept"] > 5  # MiB: the language data it loaded
    assert ahead["words"] == plain["words"] and ahead["words"]  # the same reading, word for word
    # with the engine there, neither process asked `tesseract --list-langs` which languages exist
    assert ahead["asked"] == [0, 0] and plain["asked"] == [1, 1]
