"""Builders of test batches: good pages (generated with tests.pagegen) and every kind of bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from . import pagegen

REVENUE_LINES = [
    "कार्यालय तहसीलदार, तहसील सांगानेर, जिला जयपुर",
    "क्रमांक 245/भू-अभि/2018 दिनांक 12.03.2019",
    "विषय: खसरा संख्या 1123 के नामांतरण के संबंध में।",
    "पटवारी हल्का रामपुरा द्वारा प्रस्तुत जमाबंदी",
    "एवं खसरा गिरदावरी की प्रति संलग्न है।",
]
EDUCATION_LINES = [
    "Office of the District Education Officer, Ajmer",
    "No. 1187/Edu/2024 dated 11.01.2024",
    "Subject: Attendance of teachers in government schools",
    "All headmasters shall report the enrolment of students",
    "and the mid-day meal figures of every school.",
]
HEALTH_LINES = [
    "Office of the Chief Medical and Health Officer, Udaipur",
    "No. 560/CMHO/2021 dated 02.02.2021",
    "Subject: Vaccination camps at primary health centres",
    "मुख्य चिकित्सा एवं स्वास्थ्य अधिकारी द्वारा टीकाकरण शिविर",
]


def page(lines: list[str], seed: int, **damage):  # type: ignore[no-untyped-def]
    img = pagegen.render_lines(lines, dpi=200, size="A5")
    return pagegen.degrade(img, seed=seed, **damage) if damage else img


def good_batch(root: Path) -> dict[str, Path]:
    """Three good documents: a 2-page scanned revenue PDF in a folder, a rotated education PNG,
    a born-digital health circular."""
    rev = root / "revenue-file"
    rev.mkdir(parents=True)
    paths = {
        "revenue": rev / "notesheet.pdf",
        "education": root / "education-order.png",
        "health": root / "health-circular.pdf",
    }
    paths["revenue"].write_bytes(pagegen.image_pdf([page(REVENUE_LINES, 1, skew=2.0, noise=5), page(REVENUE_LINES[2:], 2)], dpi=200))
    paths["education"].write_bytes(pagegen.image_bytes(page(EDUCATION_LINES, 3, rotate=180), "PNG", dpi=200))
    paths["health"].write_bytes(pagegen.text_pdf(HEALTH_LINES))
    return paths


def bad_batch(root: Path, good_png: bytes) -> dict[str, tuple[Path, str | None]]:
    """Every kind of bad input, with the error code the report must give (None = processed)."""
    root.mkdir(parents=True, exist_ok=True)
    pdf = pagegen.image_pdf([page(EDUCATION_LINES[:2], 9)], dpi=200)
    cases: dict[str, tuple[bytes, str | None]] = {
        "zero.pdf": (b"", "input.empty"),
        "truncated.pdf": (pdf[: len(pdf) // 3], "input.corrupt"),
        "garbage.png": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "input.corrupt"),
        "locked.pdf": (pagegen.encrypted_pdf(), "input.encrypted"),
        "huge.png": (pagegen.huge_png_header(30000, 30000), "input.too_large"),
        "notes.txt": ("यह एक सादा पाठ फ़ाइल है".encode(), "input.unsupported"),
        "mislabelled.pdf": (good_png, None),  # a PNG named .pdf: processed as what it is
    }
    out: dict[str, tuple[Path, str | None]] = {}
    for name, (data, code) in cases.items():
        path = root / name
        path.write_bytes(data)
        out[name] = (path, code)
    out["evil.zip"] = (_evil_zip(root / "evil.zip", good_png), "input.unsafe_archive")
    return out


def _evil_zip(path: Path, good_png: bytes) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("../../escape.png", good_png)
        z.writestr("inner/ok.png", good_png)
    path.write_bytes(buf.getvalue())
    return path
