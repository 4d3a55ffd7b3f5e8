"""Every page has a deadline covering render, preprocess and OCR; a timed-out or crashed page
fails alone with a clear error, and nothing is left running."""

from __future__ import annotations

import dataclasses
import os
import signal
import time
from pathlib import Path

import pytest

import ocr.read
from domain.errors import PageTimeoutError, TooLargeError
from domain.types import FileKind
from ocr import OcrOptions, count_pages, read_page
from ocr.page_budget import GRACE_SECONDS, cpu_seconds, stat_cpu
from ocr.watchdog import ChildCrashed, PageProcess, run_with_deadline
from tests import pagegen
from tests.ocr.conftest import write


def test_value_and_errors_come_back() -> None:
    assert run_with_deadline(lambda: {"a": [1, 2]}, 10) == {"a": [1, 2]}

    def boom() -> None:
        raise TooLargeError("too big")

    with pytest.raises(TooLargeError, match="too big"):
        run_with_deadline(boom, 10)


def test_a_hung_page_is_killed_at_the_deadline() -> None:
    started = time.monotonic()
    with pytest.raises(PageTimeoutError, match="took longer than 0.5 s"):
        run_with_deadline(lambda: time.sleep(60), 0.5)
    assert time.monotonic() - started < 10


def test_a_crashed_page_process_fails_that_page() -> None:
    with pytest.raises(ChildCrashed) as info:
        run_with_deadline(lambda: os.kill(os.getpid(), signal.SIGKILL), 10)
    assert info.value.code == "page.crashed" and "signal 9" in info.value.message


def _echo(value: object) -> tuple[int, object]:
    return os.getpid(), value


def _fail() -> None:
    raise TooLargeError("too big")


def _grow(mib: int) -> int:
    global _HELD
    _HELD = bytearray(mib << 20)  # kept alive after the call: the process's resident size stays up
    _HELD[:: 4096] = b"x" * len(range(0, len(_HELD), 4096))
    return os.getpid()


_HELD = bytearray()


def test_the_page_process_is_reused_and_returns_values_and_errors() -> None:
    runner = PageProcess()
    try:
        pid1, value = runner.call(_echo, ({"a": [1, 2]},), 10)
        pid2, _ = runner.call(_echo, (2,), 10)
        assert value == {"a": [1, 2]} and pid1 == pid2 == runner.pid != os.getpid()
        with pytest.raises(TooLargeError, match="too big"):
            runner.call(_fail, (), 10)
        assert runner.call(_echo, (3,), 10) == (pid1, 3)  # an exception does not end the process
    finally:
        runner.close()
    assert runner.pid is None


def test_a_hung_or_crashed_page_process_is_replaced_at_the_next_page() -> None:
    runner = PageProcess()
    try:
        first, _ = runner.call(_echo, (1,), 10)
        started = time.monotonic()
        with pytest.raises(PageTimeoutError, match="took longer than 0.5 s"):
            runner.call(time.sleep, (60,), 0.5)
        assert time.monotonic() - started < 10
        with pytest.raises(ProcessLookupError):
            os.kill(first, 0)  # killed, and reaped
        second, _ = runner.call(_echo, (2,), 10)
        with pytest.raises(ChildCrashed) as info:
            runner.call(os.kill, (second, signal.SIGKILL), 10)
        assert info.value.code == "page.crashed" and "signal 9" in info.value.message
        third, value = runner.call(_echo, (3,), 10)
        assert len({first, second, third}) == 3 and value == 3
    finally:
        runner.close()


def test_the_page_process_retires_after_max_pages_or_above_its_memory_limit() -> None:
    runner = PageProcess(max_pages=2, max_growth_mib=200)
    try:
        a, _ = runner.call(_echo, (1,), 10)
        b, _ = runner.call(_echo, (2,), 10)
        c, _ = runner.call(_echo, (3,), 10)
        assert a == b != c  # a fresh process after two pages
        big = runner.call(_grow, (300,), 10)  # 300 MiB more resident after this page
        d, _ = runner.call(_echo, (4,), 10)
        assert big == c and d != c
        with pytest.raises(ProcessLookupError):
            os.kill(c, 0)  # the retired process has exited and was reaped
    finally:
        runner.close()


def test_slow_rendering_counts_against_the_page_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "p.png", pagegen.image_bytes(pagegen.render_lines(["F.No. 12/3/2019/Rev"], size="A6")))
    real = ocr.read.render_page

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(30)  # a decoder stuck in C code looks the same from here
        return real(*args, **kwargs)

    monkeypatch.setattr(ocr.read, "render_page", slow)
    opts = dataclasses.replace(OcrOptions(), page_timeout=1.0, make_pdf=False)
    started = time.monotonic()
    with pytest.raises(PageTimeoutError) as info:
        read_page(path, FileKind.PNG, 1, opts)
    assert info.value.code == "page.timeout" and time.monotonic() - started < 15


def test_pixel_limit_refuses_huge_images_and_downsamples_huge_pdf_pages(tmp_path: Path) -> None:
    big = write(tmp_path, "big.png", pagegen.huge_png_header(30000, 30000))
    with pytest.raises(TooLargeError):
        count_pages(big, FileKind.PNG, OcrOptions())
    small_limit = dataclasses.replace(OcrOptions(), max_pixels=2_000_000)
    page = write(tmp_path, "a4.png", pagegen.image_bytes(pagegen.render_lines(["x"], size="A4", dpi=300)))
    with pytest.raises(TooLargeError, match="above the limit"):
        count_pages(page, FileKind.PNG, small_limit)
    # a PDF page asked for at 2400 dpi is rendered within the pixel limit instead
    pdf = write(tmp_path, "scan.pdf", pagegen.image_pdf([pagegen.render_lines(pagegen.ENGLISH_LINES[:3], size="A6", dpi=150)], dpi=150))
    opts = dataclasses.replace(OcrOptions(), dpi=2400, max_pixels=8_000_000, make_pdf=False)
    out = read_page(pdf, FileKind.PDF, 1, opts).text
    assert out.width * out.height <= 8_000_000 * 1.3 and out.dpi < 2400
    assert "Revenue" in out.text


def test_a_text_layer_that_takes_minutes_to_read_is_stopped_at_the_page_timeout(tmp_path: Path) -> None:
    """A 100 KB PDF page of millions of text operators takes PDFium minutes to extract: the
    text-layer judgement runs in the page process under the page timeout like OCR does."""
    import zlib

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)
    pdf.pages[0].Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    ops = b"BT /F1 1 Tf 10 10 Td " + b"(a) Tj " * 3_000_000 + b"ET"
    pdf.pages[0].Contents = pdf.make_stream(zlib.compress(ops, 9), Filter=pikepdf.Name.FlateDecode)
    path = tmp_path / "ops.pdf"
    pdf.save(path)
    assert path.stat().st_size < 200_000
    opts = dataclasses.replace(OcrOptions(), page_timeout=2.0, make_pdf=False)
    signal.alarm(120)  # without the page timeout this read would take about 30 s
    start = time.monotonic()
    try:
        with pytest.raises(PageTimeoutError):
            read_page(path, FileKind.PDF, 1, opts)
    finally:
        signal.alarm(0)
    assert time.monotonic() - start < 15


def _spin(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_the_page_budget_is_cpu_time_so_a_starved_page_is_not_lost() -> None:
    # a page that waits (here: sleeps, as one starved of CPU on a busy machine does) longer than its
    # timeout, but uses no CPU, is not stopped before WALL_FACTOR times the timeout (ADR 0041)
    runner = PageProcess()
    try:
        assert runner.call(time.sleep, (3.5,), 1.0) is None  # was stopped at 1 s + 2 s grace
        with pytest.raises(PageTimeoutError, match="took longer than 1 s"):
            runner.call(time.sleep, (60,), 1.0)  # a hang: stopped at 3 s + grace
    finally:
        runner.close()


def test_a_busy_page_is_stopped_after_its_cpu_budget() -> None:
    before = os.times()
    with pytest.raises(PageTimeoutError):
        run_with_deadline(lambda: _spin(60), 1.0)
    after = os.times()
    used = (after.children_user + after.children_system) - (before.children_user + before.children_system)
    # the killed child's CPU, reaped by the watchdog: not past its budget (on a loaded machine the wall-time
    # cap may stop it sooner, with less)
    assert used <= 1.0 + GRACE_SECONDS + 0.5


def test_the_cpu_of_a_running_tesseract_command_counts() -> None:
    # a page process that runs the tesseract command waits without CPU of its own: its child's counts
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "import subprocess, sys; subprocess.run([sys.executable, '-c', "
                             "'import time\\nend = time.process_time() + 30\\nwhile time.process_time() < end: pass'])"])
    try:
        waited_until, counted = time.monotonic() + 30, 0.0
        while time.monotonic() < waited_until and counted < 0.3:  # two interpreters start, then one spins
            time.sleep(0.2)
            own, total = stat_cpu(proc.pid), cpu_seconds(proc.pid)
            counted = 0.0 if total is None else total - own
        assert counted >= 0.3  # the running grandchild's CPU, not the waiting parent's
    finally:
        for kid in open(f"/proc/{proc.pid}/task/{proc.pid}/children").read().split():
            os.kill(int(kid), signal.SIGKILL)
        proc.kill()
        proc.wait()


def _slow_echo(value: object, seconds: float) -> object:
    time.sleep(seconds)
    return value


class _Interrupted(Exception):
    pass


def test_a_call_interrupted_mid_page_does_not_hand_its_reply_to_the_next_page() -> None:
    # Celery's soft time limit raises inside the worker while it waits for the page process: the page
    # process, still at that page, must go, or its reply is taken for the next page's (review, ADR 0041)
    def interrupt(signum: int, frame: object) -> None:
        raise _Interrupted

    runner = PageProcess()
    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        with pytest.raises(_Interrupted):
            runner.call(_slow_echo, ("page A", 2.0), 30)
        signal.setitimer(signal.ITIMER_REAL, 0)
        assert runner.call(_slow_echo, ("page B", 0.0), 30) == "page B"
        assert runner.call(_slow_echo, ("page C", 0.0), 30) == "page C"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        runner.close()


def test_one_failed_cpu_read_does_not_spend_a_reused_page_process_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    # a page process that has read many pages has used much CPU: the budget counts from this call's start,
    # also after one look at /proc failed (review, ADR 0041)
    import ocr.page_budget as page_budget

    reads = iter([500.0, None, 500.5])
    monkeypatch.setattr(page_budget, "cpu_seconds", lambda pid: next(reads))
    budget = page_budget.Budget(12345, 180.0)
    assert budget.left() > 150
    assert budget.left() > 150
