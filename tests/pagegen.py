"""Deterministic test pages: Hindi/English office text rendered with Debian's Devanagari fonts,
then degraded like a scan. Nothing here is random unless seeded; no binaries are committed.

Conventions
- ``degrade(rotate=r)`` turns the page content ``r`` degrees *clockwise* (as if the sheet was fed
  the wrong way). The pipeline reports the clockwise rotation it applied to make it upright, which
  is ``(360 - r) % 360``.
- ``degrade(skew=a)`` turns the content ``a`` degrees counter-clockwise (PIL's convention); the
  deskew step reports the skew it found with the same sign.

Fonts are Debian packages (fonts-noto-core: OFL-1.1; fonts-dejavu: Bitstream Vera licence).
"""

from __future__ import annotations

import io
import os
import tempfile
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/truetype")
DEFAULT_FONT = FONT_DIR / "noto" / "NotoSansDevanagari-Regular.ttf"
SERIF_FONT = FONT_DIR / "noto" / "NotoSerifDevanagari-Regular.ttf"
LATIN_FONT = FONT_DIR / "noto" / "NotoSans-Regular.ttf"  # Noto Sans Devanagari has no Latin letters
DEJAVU_FONT = FONT_DIR / "dejavu" / "DejaVuSans.ttf"

PAPER_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "A6": (105.0, 148.0)}

HINDI_LINES: tuple[str, ...] = (
    "कार्यालय जिला शिक्षा अधिकारी, जयपुर",
    "क्रमांक 245/भू-अभि/2018 दिनांक 12.03.2019",
    "विषय: कृषि भूमि के नामांतरण के संबंध में।",
    "उपरोक्त विषयान्तर्गत लेख है कि आवेदक द्वारा प्रस्तुत प्रार्थना पत्र",
    "की जांच तहसीलदार से करवाकर रिपोर्ट सात दिवस में भिजवाएं।",
    "कार्यालय कलेक्टर (भू-अभिलेख) जिला अजमेर",
    "प्रतिलिपि: उप निदेशक, कृषि विभाग को सूचनार्थ प्रेषित।",
    "महिला एवं बाल विकास विभाग, राजस्थान सरकार",
    "ग्राम पंचायत सचिव को आवश्यक कार्यवाही हेतु निर्देशित किया जाता है।",
    "जिला कलेक्टर एवं जिला मजिस्ट्रेट, उदयपुर",
    "शिक्षा विभाग के आदेश क्रमांक 1187 दिनांक 11.01.2024 के अनुसार",
    "पटवारी हल्का रामपुरा की जमाबंदी की प्रमाणित प्रति संलग्न है।",
)

ENGLISH_LINES: tuple[str, ...] = (
    "F.No. 12/3/2019/Rev dated 14.08.2019",
    "Government of Rajasthan, Revenue Department",
    "Subject: Regularisation of services of Patwari staff.",
    "Office of the District Collector, Jaipur",
    "Meeting at 11:00 AM in the Conference Hall, file 2024/1187.",
    "Copy forwarded to the Deputy Director, Agriculture, for information.",
    "Sd/- Additional District Magistrate (Land Records)",
)

# Kruti Dev 010 keyboard encoding of Hindi office phrases, as such PDFs extract.
KRUTI_LINES: tuple[str, ...] = (
    "dk;kZy; ftyk f'k{kk vf/kdkjh] t;iqj",
    "ftyk f'k{kk vf/kdkjh dk;kZy; }kjk vkns'k",
    'fo"k; % d`f"k Hkwfe ds ukekarj.k ds lca/k esaA',
    "yksd lHkk lfpoky; ubZ fnYyh",
    'mijksDr fo"k;kUrxZr ys[k gS fd vkosnd }kjk izLrqr izkFkZuk i=',
)


def office_lines(seed: int, n: int = 8, *, english_share: float = 0.3) -> list[str]:
    """A deterministic mix of Hindi and English office lines (a letter-like page)."""
    rng = np.random.default_rng(seed)
    out: list[str] = []
    for _ in range(n):
        pool = ENGLISH_LINES if rng.random() < english_share else HINDI_LINES
        out.append(pool[int(rng.integers(len(pool)))])
    return out


def busy_a4(seed: int = 9) -> np.ndarray:
    """A full A4 300 dpi office page (22 lines) skewed 2 degrees with scan noise: the page whose
    preprocessing cost bench/ocr_preprocess_cost.py sets against Tesseract's (tests/ocr/test_preprocess.py
    checks its orientation is decided from shape cues alone)."""
    page = render_lines(office_lines(seed=seed, n=22), size="A4")
    return np.asarray(degrade(page, seed=seed, skew=2, noise=4))


def _paper_px(size: str | tuple[float, float], dpi: int) -> tuple[int, int]:
    w_mm, h_mm = PAPER_MM[size] if isinstance(size, str) else size
    return round(w_mm / 25.4 * dpi), round(h_mm / 25.4 * dpi)


@lru_cache(maxsize=16)
def _font(path: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, px, layout_engine=ImageFont.Layout.RAQM)


@lru_cache(maxsize=16)
def _cmap(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(path, lazy=True).getBestCmap())


def _runs(line: str, primary: str, fallback: str) -> list[tuple[str, str]]:
    """Split a line into (text, font path) runs. Letters and marks pick the primary font when it
    has them, else the fallback; digits, punctuation and spaces stay with the current run."""
    cmaps = {primary: _cmap(primary), fallback: _cmap(fallback)}
    runs: list[tuple[str, str]] = []
    for ch in line:
        neutral = not (ch.isalpha() or unicodedata.category(ch).startswith("M"))
        if neutral and runs and (ch.isspace() or ord(ch) in cmaps[runs[-1][1]]):
            path = runs[-1][1]
        else:
            path = primary if ord(ch) in cmaps[primary] or ch.isspace() else fallback
        if runs and runs[-1][1] == path:
            runs[-1] = (runs[-1][0] + ch, path)
        else:
            runs.append((ch, path))
    return runs


def render_lines(
    lines: Sequence[str],
    font: str | Path = DEFAULT_FONT,
    dpi: int = 300,
    size: str | tuple[float, float] = "A4",
    font_pt: float = 12,
    margin_mm: float = 18,
    line_spacing: float = 1.6,
    latin_font: str | Path = LATIN_FONT,
) -> Image.Image:
    """White paper, black text, shaped with Raqm so conjuncts and matras are right. Mode "L".

    Characters missing from ``font`` (Latin letters, for Noto Sans Devanagari) use ``latin_font``.
    """
    w, h = _paper_px(size, dpi)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    px = max(6, round(font_pt / 72 * dpi))
    x0 = round(margin_mm / 25.4 * dpi)
    y = x0 + px  # baseline of the first line
    for line in lines:
        if y > h - x0:
            break
        x: float = x0
        for text, path in _runs(line, str(font), str(latin_font)):
            f = _font(path, px)
            draw.text((x, y), text, font=f, fill=0, anchor="ls")
            x += f.getlength(text)
        y += round(px * line_spacing)
    img.info["dpi"] = (dpi, dpi)
    return img


def degrade(
    img: Image.Image,
    *,
    seed: int,
    skew: float = 0,
    rotate: int = 0,
    noise: float = 0,
    blur: float = 0,
    jpeg_quality: int | None = None,
    yellow: bool = False,
    border: int = 0,
    low_contrast: bool = False,
    speckle: float = 0,
) -> Image.Image:
    """Scan-like damage, deterministic for a given seed. Returns "L", or "RGB" when yellow."""
    rng = np.random.default_rng(seed)
    dpi = img.info.get("dpi", (300, 300))
    out = img.convert("L")
    if skew:
        out = out.rotate(skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    if blur:
        out = out.filter(ImageFilter.GaussianBlur(blur))
    a = np.asarray(out, dtype=np.float32)
    if low_contrast:
        a = 110 + a * (215 - 110) / 255  # grey ink on grey paper
    if noise:
        a = a + rng.normal(0, noise, a.shape)
    if speckle:
        mask = rng.random(a.shape)
        a[mask < speckle / 2] = 0
        a[mask > 1 - speckle / 2] = 255
    if border:
        # uneven dark scanner border on all four sides
        t, b, l_, r = (border + int(rng.integers(0, max(1, border // 3))) for _ in range(4))
        a[:t, :] = 25
        a[a.shape[0] - b :, :] = 25
        a[:, :l_] = 25
        a[:, a.shape[1] - r :] = 25
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")
    if rotate % 360:
        out = out.rotate(-(rotate % 360), expand=True)  # PIL rotates counter-clockwise
    if yellow:
        g = np.asarray(out, dtype=np.float32) / 255
        rgb = np.stack([g * 250, g * 240, g * 200], axis=-1)
        out = Image.fromarray(rgb.astype(np.uint8), "RGB")
    if jpeg_quality is not None:
        buf = io.BytesIO()
        out.save(buf, "JPEG", quality=jpeg_quality)
        out = Image.open(io.BytesIO(buf.getvalue()))
        out.load()
    out.info["dpi"] = dpi
    return out


def image_bytes(img: Image.Image, fmt: str = "PNG", dpi: int | None = 300) -> bytes:
    buf = io.BytesIO()
    kw = {"dpi": (dpi, dpi)} if dpi else {}
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def image_pdf(images: Sequence[Image.Image], dpi: int = 300) -> bytes:
    """A scanned PDF: one image per page, no text layer."""
    buf = io.BytesIO()
    first, *rest = [im.convert("RGB") if im.mode not in ("L", "RGB") else im for im in images]
    first.save(buf, "PDF", resolution=float(dpi), save_all=True, append_images=rest)
    return buf.getvalue()


def _fpdf(font: Path, family: str):  # type: ignore[no-untyped-def]
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font(family, fname=str(font))
    pdf.set_font(family, size=13)
    return pdf


def text_pdf(lines: Sequence[str] | None = None, *, pages: int = 1, shaped: bool = False) -> bytes:
    """A born-digital PDF with a real Unicode Hindi+English text layer.

    ``shaped=False``: one glyph per character, so the text layer extracts as exact Unicode (the
    look is unshaped, which the text-layer judge never sees). ``shaped=True``: HarfBuzz-shaped
    glyph runs; pdfplumber then extracts conjunct glyphs as ``(cid:N)`` holes, a realistic
    lossy text layer.
    """
    lines = list(lines) if lines is not None else list(HINDI_LINES[:6]) + list(ENGLISH_LINES[:3])
    pdf = _fpdf(DEFAULT_FONT, "NotoSansDevanagari")
    pdf.add_font("NotoSans", fname=str(LATIN_FONT))
    pdf.set_fallback_fonts(["NotoSans"])
    pdf.set_text_shaping(shaped)
    for _ in range(pages):
        pdf.add_page()
        for line in lines:
            pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@lru_cache(maxsize=4)
def _renamed_font_file(family: str) -> Path:
    """DejaVu Sans renamed to ``family`` (e.g. "Kruti Dev 010", standing in for the legacy font,
    which is not redistributable)."""
    from fontTools.ttLib import TTFont

    tt = TTFont(str(DEJAVU_FONT))
    ps = family.replace(" ", "")
    names = {1: family, 2: "Regular", 3: family, 4: family, 6: ps}
    names |= {16: names[1], 17: names[2]}
    for rec in tt["name"].names:
        if rec.nameID in names:
            rec.string = names[rec.nameID]
    out = Path(tempfile.gettempdir()) / f"sanchika-test-{ps}.ttf"
    part = out.with_suffix(f".{os.getpid()}.part")
    tt.save(str(part))
    os.replace(part, out)  # atomic: parallel test processes may write it at the same time
    return out


def legacy_font_pdf(lines: Sequence[str] = KRUTI_LINES, font_name: str = "Kruti Dev 010") -> bytes:
    """A PDF whose text layer is Kruti Dev keyboard gibberish, in a font named ``font_name``
    (pass an innocent name to test the gibberish check without the font-name check)."""
    pdf = _fpdf(_renamed_font_file(font_name), font_name)
    pdf.add_page()
    for line in lines:
        pdf.cell(0, 10, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def encrypted_pdf(user_password: str = "secret") -> bytes:
    """A PDF that needs a password to open."""
    pdf = _fpdf(DEJAVU_FONT, "DejaVu")
    pdf.set_encryption(owner_password="owner-" + user_password, user_password=user_password)
    pdf.add_page()
    pdf.cell(0, 10, "Confidential: Office of the District Collector")
    return bytes(pdf.output())


def huge_png_header(width: int = 40000, height: int = 40000) -> bytes:
    """A PNG whose IHDR claims a huge grey image; the IDAT holds only a few bytes (a "bomb" header)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def cer(reference: str, hypothesis: str) -> float:
    """Character error rate: Levenshtein distance / len(reference), on whitespace-collapsed NFC text."""

    def norm(s: str) -> str:
        return " ".join(unicodedata.normalize("NFC", s).split())

    ref, hyp = norm(reference), norm(hypothesis)
    if not ref:
        return 0.0 if not hyp else 1.0
    prev = list(range(len(hyp) + 1))
    for i, rc in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, hc in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (rc != hc))
        prev = cur
    return prev[-1] / len(ref)


# -- separator-sheet symbols (grey uint8 arrays, black on white, sized in millimetres at ``dpi``) --

def qr_symbol(text: str, module_mm: float = 0.8, dpi: int = 300) -> np.ndarray:
    """A QR code drawn by OpenCV's encoder (independent of the decoders under test), quiet zone included."""
    import cv2

    sym = cv2.QRCodeEncoder.create().encode(text)
    sym = cv2.copyMakeBorder(sym, 4, 4, 4, 4, cv2.BORDER_CONSTANT, value=255)
    scale = max(1, round(module_mm * dpi / 25.4))
    return cv2.resize(sym, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)


def code128_symbol(text: str, module_mm: float = 0.33, height_mm: float = 12, dpi: int = 300) -> np.ndarray:
    import cv2
    import zxingcpp

    mm = dpi / 25.4
    sym = np.asarray(zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.Code128).to_image(scale=max(1, round(module_mm * mm))))
    return cv2.resize(sym, (sym.shape[1], round(height_mm * mm)), interpolation=cv2.INTER_NEAREST)


def patch_t_symbol(length_mm: float = 80, dpi: int = 300) -> np.ndarray:
    """Kodak PATCH T: narrow-wide-wide-narrow bars, W = 5.1 mm, N bar and spaces = 2.0 mm."""
    mm = dpi / 25.4
    widths = [round((5.1 if c == "W" else 2.0) * mm) for c in "NWWN"]
    gap = round(2.0 * mm)
    sym = np.full((round(length_mm * mm), sum(widths) + 3 * gap), 255, np.uint8)
    x = 0
    for w in widths:
        sym[:, x : x + w] = 0
        x += w + gap
    return sym
