"""The embedded pipeline starts OCR with the first file while the rest of the batch is ingested
(workers/local.py pulls jobs lazily), and still accounts for every input."""

from __future__ import annotations

from PIL import Image

from sanchika.pipeline import Progress, process_batch
from sanchika.settings import Settings

from . import pagegen


def test_pages_finish_before_the_last_file_is_ingested(tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "scans"
    folder.mkdir()
    n = 12
    for i in range(n):  # blank sheets (detected, not OCRed: fast), each a different file
        img = Image.new("L", (850, 1100), 255)
        img.putpixel((5 + i, 5), 200)
        (folder / f"sheet-{i:02d}.png").write_bytes(pagegen.image_bytes(img, "PNG", dpi=100))
    (folder / "empty.pdf").write_bytes(b"")  # a bad file in the middle still gets its row
    events: list[tuple[str, int]] = []
    progress = Progress(on_total=lambda total: events.append(("total", total)),
                        on_page=lambda outcome: events.append(("page", outcome.page)))
    report = process_batch([folder], Settings(home=tmp_path / "home", workers=1), progress=progress)

    assert len(report.files) == n + 1
    assert sum(f.status == "done" for f in report.files) == n
    (bad,) = [f for f in report.files if f.status == "failed"]
    assert bad.path.endswith("empty.pdf") and bad.error and bad.error["code"]
    totals = [i for i, (kind, _) in enumerate(events) if kind == "total"]
    pages = [i for i, (kind, _) in enumerate(events) if kind == "page"]
    assert events[totals[-1]] == ("total", n) and len(pages) == n
    assert pages[0] < totals[-1]  # a page was done before the last file had been ingested
