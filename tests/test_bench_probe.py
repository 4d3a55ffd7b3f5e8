"""The probe benches (bench/ocr_capture_probe.py's ``run_probe``: capture, legacy, fresh2) record a page that
fails as read to nothing and flagged ``error``, and go on: one page's timeout under load ended a whole run."""

from __future__ import annotations

from bench.ocr_capture_probe import _survive


def _fails(task: tuple[str, str, int]) -> dict:
    raise TimeoutError(f"page {task[1]} took too long")


def _reads(task: tuple[str, str, int]) -> dict:
    return {"pipeline": task[0], "png": task[1], "text": "पाठ", "cpu": 1.0, "wall": 1.0, "rotation": 0}


def test_a_failing_page_is_recorded_and_the_run_goes_on() -> None:
    out = _survive(_fails, ("sanchika", "/tmp/p.png", 300))
    assert (out["pipeline"], out["png"], out["text"], out["flag"]) == ("sanchika", "/tmp/p.png", "", "error")
    assert out["steps"] == ["error:TimeoutError"] and "took too long" in out["reasons"][0]
    assert _survive(_reads, ("raw", "/tmp/p.png", 300)) == _reads(("raw", "/tmp/p.png", 300))
