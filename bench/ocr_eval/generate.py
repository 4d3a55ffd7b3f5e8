"""The OCR evaluation set: generated office pages with their ground truth (fixed seed).

    .venv/bin/python bench/ocr_eval/generate.py [--pages 36] [--seed 2026] [--out DIR]

A4 pages of Hindi, English and mixed office text (letters, notesheets, tables of numbers, dates,
file numbers) in eight Devanagari fonts shipped by Debian, degraded like real copies: skew up to
+-5 deg, 90/180/270 rotation, noise, blur, JPEG artefacts, low contrast, yellowed paper, speckle,
dark scanner borders, 150/200/300 dpi. Ground truth is the rendered text, line by line.

Writes ``DIR/<name>.png`` (DPI in the PNG header) and ``DIR/<name>.gt.txt`` plus
``DIR/manifest.json`` (one entry per page: name, kind, language mix, font, dpi, damage, the
clockwise turn applied). Nothing binary is committed: the same seed gives the same pages.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests import pagegen  # noqa: E402

OUT = Path(__file__).resolve().parent / "generated"
_F = pagegen.FONT_DIR
FONTS: dict[str, Path] = {
    "noto-sans": _F / "noto" / "NotoSansDevanagari-Regular.ttf",
    "noto-serif": _F / "noto" / "NotoSerifDevanagari-Regular.ttf",
    "lohit": _F / "lohit-devanagari" / "Lohit-Devanagari.ttf",
    "gargi": _F / "Gargi" / "Gargi.ttf",
    "kalimati": _F / "fonts-deva-extra" / "kalimati.ttf",
    "samanata": _F / "fonts-deva-extra" / "samanata.ttf",
    "chandas": _F / "fonts-deva-extra" / "chandas1-2.ttf",
    "sarai": _F / "Sarai" / "Sarai.ttf",
}

# ------------------------------------------------------------------ text
NAMES_HI = ["रमेश कुमार", "सुनीता देवी", "मोहन लाल शर्मा", "गीता मीणा", "राजेंद्र सिंह", "कमला बाई", "अशोक जैन", "प्रिया गुप्ता"]
NAMES_EN = ["Ramesh Kumar", "Sunita Devi", "Mohan Lal Sharma", "Geeta Meena", "Rajendra Singh", "Ashok Jain", "Priya Gupta"]
PLACES_HI = ["जयपुर", "अजमेर", "उदयपुर", "जोधपुर", "कोटा", "बीकानेर", "भीलवाड़ा", "सीकर", "अलवर"]
PLACES_EN = ["Jaipur", "Ajmer", "Udaipur", "Jodhpur", "Kota", "Bikaner", "Bhilwara", "Sikar", "Alwar"]
OFFICES_HI = ["जिला शिक्षा अधिकारी", "जिला कलेक्टर (भू-अभिलेख)", "उप निदेशक, कृषि विभाग", "मुख्य चिकित्सा एवं स्वास्थ्य अधिकारी",
              "अधिशाषी अभियंता, सार्वजनिक निर्माण विभाग", "तहसीलदार", "उपखण्ड अधिकारी", "जिला परिषद"]
OFFICES_EN = ["District Education Officer", "District Collector (Land Records)", "Deputy Director, Agriculture",
              "Chief Medical and Health Officer", "Executive Engineer, Public Works Department", "Tehsildar",
              "Sub Divisional Officer", "Zila Parishad"]
SUBJECTS_HI = ["कृषि भूमि के नामांतरण के संबंध में।", "विद्यालय भवन की मरम्मत हेतु बजट आवंटन।", "पेंशन प्रकरण के निस्तारण बाबत।",
               "ग्राम पंचायत में पेयजल आपूर्ति के संबंध में।", "कर्मचारियों के स्थानांतरण आदेश।", "टीकाकरण अभियान की प्रगति रिपोर्ट।"]
SUBJECTS_EN = ["Regularisation of services of Patwari staff.", "Budget allotment for repair of school building.",
               "Settlement of pension case.", "Drinking water supply in Gram Panchayat.", "Transfer orders of employees.",
               "Progress report of the vaccination campaign."]
BODY_HI = [
    "उपरोक्त विषयान्तर्गत लेख है कि आवेदक द्वारा प्रस्तुत प्रार्थना पत्र की जांच की जावे।",
    "तहसीलदार से रिपोर्ट प्राप्त कर सात दिवस में इस कार्यालय को भिजवाएं।",
    "पटवारी हल्का की जमाबंदी की प्रमाणित प्रति संलग्न कर प्रेषित है।",
    "ग्राम पंचायत सचिव को आवश्यक कार्यवाही हेतु निर्देशित किया जाता है।",
    "इस संबंध में पूर्व में भी पत्र भेजा गया था परंतु अभी तक सूचना अप्राप्त है।",
    "कृपया प्रकरण का निस्तारण नियमानुसार शीघ्र करवाना सुनिश्चित करें।",
    "बैठक में सभी संबंधित अधिकारी समय पर उपस्थित होना सुनिश्चित करें।",
    "स्वीकृत राशि का उपयोग निर्धारित मद में ही किया जावे।",
]
BODY_EN = [
    "With reference to the above, the applicant's request may be examined and a report sent.",
    "The Tehsildar is directed to submit the report within seven days to this office.",
    "A certified copy of the Jamabandi of the Patwar circle is enclosed herewith.",
    "All concerned officers are requested to attend the meeting on time.",
    "The sanctioned amount shall be utilised only for the specified purpose.",
    "No reply has been received so far in spite of the earlier letter.",
    "The matter may kindly be disposed of as per rules at the earliest.",
]
DEPT_EN = ["Rev", "Edu", "Agri", "PWD", "Estt", "Health", "DFG"]
DEPT_HI = ["भू-अभि", "शिक्षा", "कृषि", "सानिवि", "स्था", "स्वा"]


def _date(rng: np.random.Generator) -> str:
    return f"{int(rng.integers(1, 29)):02d}.{int(rng.integers(1, 13)):02d}.{int(rng.integers(2005, 2026))}"


def _file_no(rng: np.random.Generator, hindi: bool) -> str:
    a, b, y = int(rng.integers(1, 400)), int(rng.integers(1, 30)), int(rng.integers(2005, 2026))
    if hindi:
        return f"{a}/{rng.choice(DEPT_HI)}/{y}"
    style = int(rng.integers(3))
    if style == 0:
        return f"F.{a}({b})/{rng.choice(DEPT_EN)}/{y}"
    if style == 1:
        return f"{a}/{b}/{y}/{rng.choice(DEPT_EN)}"
    return f"A-{int(rng.integers(10000, 99999))}({b})/{a}/{y}/{rng.choice(DEPT_EN)}"


def _pick(rng: np.random.Generator, seq: list[str]) -> str:
    return seq[int(rng.integers(len(seq)))]


def letter(rng: np.random.Generator, mix: str) -> list[str]:
    """A letter: office, number and date, addressee, subject, body, signature, copy to."""
    hi = mix != "en"
    en = mix != "hi"
    i = int(rng.integers(len(PLACES_HI)))
    lines = []
    if hi:
        lines += [f"कार्यालय {_pick(rng, OFFICES_HI)}, {PLACES_HI[i]}", f"क्रमांक {_file_no(rng, True)} दिनांक {_date(rng)}"]
    if en:
        j = int(rng.integers(len(OFFICES_EN)))
        lines += [f"Office of the {OFFICES_EN[j]}, {PLACES_EN[i]}", f"F.No. {_file_no(rng, False)} dated {_date(rng)}"]
    lines += [f"विषय: {_pick(rng, SUBJECTS_HI)}"] if hi else []
    lines += [f"Subject: {_pick(rng, SUBJECTS_EN)}"] if en else []
    if hi:
        lines.append(f"संदर्भ: आपका पत्र क्रमांक {int(rng.integers(100, 9999))} दिनांक {_date(rng)}")
    if en:
        lines.append(f"Reference: Your letter No. {int(rng.integers(100, 9999))} dated {_date(rng)}")
    pool = (BODY_HI if hi else []) + (BODY_EN if en else [])
    lines += [_pick(rng, pool) for _ in range(int(rng.integers(9, 13)))]
    if hi:
        lines += [f"राशि रुपये {int(rng.integers(1000, 999999))} मात्र स्वीकृत की जाती है।", "(हस्ताक्षर)", _pick(rng, OFFICES_HI)]
    if en:
        lines += [f"Amount Rs. {int(rng.integers(1000, 999999))} only is sanctioned.", "Sd/-", _pick(rng, OFFICES_EN)]
    if hi:
        lines.append(f"प्रतिलिपि: {_pick(rng, OFFICES_HI)} को सूचनार्थ प्रेषित।")
    return lines


def notesheet(rng: np.random.Generator, mix: str) -> list[str]:
    """A notesheet: numbered paras, each dated, in one language or alternating."""
    lines = ["टिप्पणी पृष्ठ / Note Sheet" if mix == "mixed" else ("टिप्पणी पृष्ठ" if mix == "hi" else "Note Sheet")]
    lines.append(f"नस्ती क्रमांक {_file_no(rng, True)}" if mix != "en" else f"File No. {_file_no(rng, False)}")
    for para in range(1, int(rng.integers(7, 10))):
        hindi = mix == "hi" or (mix == "mixed" and rng.random() < 0.6)
        body = BODY_HI if hindi else BODY_EN
        lines.append(f"{para}. {_pick(rng, body)}")
        if rng.random() < 0.5:
            lines.append(_pick(rng, body))
        if hindi:
            lines.append(f"{_pick(rng, NAMES_HI)}, दिनांक {_date(rng)}")
        else:
            lines.append(f"{_pick(rng, NAMES_EN)}, {_date(rng)}")
    return lines


def table(rng: np.random.Generator, mix: str) -> list[str]:
    """A statement of numbers: serial, name, khasra number, area, amount, date (one line per row)."""
    hindi = mix != "en"
    lines = []
    if hindi:
        lines += [f"कार्यालय तहसीलदार, {_pick(rng, PLACES_HI)}", "भूमि अवाप्ति मुआवजा विवरण"]
    if mix != "hi":
        lines += [f"Statement No. {_file_no(rng, False)}", "Compensation statement of acquired land"]
    head = "क्र.सं. नाम खसरा नं. रकबा (हे.) राशि (रु.) दिनांक" if hindi else "S.No. Name Khasra No. Area (ha) Amount (Rs.) Date"
    lines.append(head)
    names = NAMES_HI if hindi else NAMES_EN
    total = 0
    for k in range(1, int(rng.integers(12, 17))):
        amount = int(rng.integers(1000, 500000))
        total += amount
        area = f"{rng.integers(0, 20)}.{int(rng.integers(0, 100)):02d}"
        lines.append(f"{k}   {_pick(rng, names)}   {int(rng.integers(1, 999))}/{int(rng.integers(1, 9))}   {area}   {amount}   {_date(rng)}")
    lines.append(f"योग {total}" if hindi else f"Total {total}")
    return lines


KINDS = {"letter": letter, "notesheet": notesheet, "table": table}


# ------------------------------------------------------------------ damage
@dataclass
class PageSpec:
    name: str
    kind: str
    mix: str  # hi | en | mixed
    font: str
    dpi: int
    damage: dict = field(default_factory=dict)
    degraded: bool = False
    turn: int = 0  # clockwise turn applied to the content; upright needs (360 - turn) % 360


def _damage(rng: np.random.Generator) -> tuple[dict, int]:
    """Two to four damages, like a photocopy of a photocopy."""
    options = ["skew", "rotate", "noise", "blur", "jpeg", "low_contrast", "yellow", "speckle", "border", "dpi"]
    chosen = set(rng.choice(options, size=int(rng.integers(2, 5)), replace=False))
    d: dict = {}
    dpi = 300
    if "skew" in chosen:
        d["skew"] = round(float(rng.uniform(1.0, 5.0)) * (1 if rng.random() < 0.5 else -1), 2)
    if "rotate" in chosen:
        d["rotate"] = int(rng.choice([90, 180, 270]))
    if "noise" in chosen:
        d["noise"] = float(rng.choice([6, 10, 14]))
    if "blur" in chosen:
        d["blur"] = float(rng.choice([0.8, 1.1, 1.4]))
    if "jpeg" in chosen:
        d["jpeg_quality"] = int(rng.choice([25, 40, 55]))
    if "low_contrast" in chosen:
        d["low_contrast"] = True
    if "yellow" in chosen:
        d["yellow"] = True
    if "speckle" in chosen:
        d["speckle"] = float(rng.choice([0.002, 0.004]))
    if "border" in chosen:
        d["border"] = int(rng.choice([30, 60, 90]))
    if "dpi" in chosen:
        dpi = int(rng.choice([150, 200]))
    return d, dpi


def specs(n_pages: int, seed: int, clean_share: float = 1 / 3) -> list[PageSpec]:
    rng = np.random.default_rng(seed)
    fonts = list(FONTS)
    mixes = ["mixed", "mixed", "hi", "en"]
    out = []
    n_clean = round(n_pages * clean_share)
    for i in range(n_pages):
        kind = list(KINDS)[i % 3]
        mix = mixes[(i // 3) % 4]
        font = fonts[i % len(fonts)]
        degraded = i >= n_clean
        damage, dpi = _damage(rng) if degraded else ({}, 300)
        name = f"{'deg' if degraded else 'clean'}-{i:03d}-{kind}-{mix}-{font}"
        out.append(PageSpec(name, kind, mix, font, dpi, damage, degraded, damage.get("rotate", 0)))
    return out


def render(spec: PageSpec, seed: int) -> tuple[object, list[str]]:
    """(PIL image, ground-truth lines) of one page."""
    rng = np.random.default_rng([seed, int(spec.name.split("-")[1])])
    lines = KINDS[spec.kind](rng, spec.mix)
    font_pt = 12 if spec.kind != "table" else 11
    img = pagegen.render_lines(lines, font=FONTS[spec.font], dpi=spec.dpi, size="A4", font_pt=font_pt,
                               line_spacing=1.55, margin_mm=18)
    kept = _lines_that_fit(lines, spec.dpi, font_pt)
    img = pagegen.degrade(img, seed=int(rng.integers(1 << 30)), **spec.damage)
    return img, kept


def _lines_that_fit(lines: list[str], dpi: int, font_pt: float) -> list[str]:
    """render_lines stops at the bottom margin: the ground truth has the lines drawn."""
    h = round(297 / 25.4 * dpi)
    px = max(6, round(font_pt / 72 * dpi))
    x0 = round(18 / 25.4 * dpi)
    y, kept = x0 + px, []
    for line in lines:
        if y > h - x0:
            break
        kept.append(line)
        y += round(px * 1.55)
    return kept


def generate(out: Path, n_pages: int, seed: int) -> list[dict]:
    out.mkdir(parents=True, exist_ok=True)
    manifest = []
    for spec in specs(n_pages, seed):
        png, gt = out / f"{spec.name}.png", out / f"{spec.name}.gt.txt"
        if not png.exists() or not gt.exists():
            img, lines = render(spec, seed)
            png.write_bytes(pagegen.image_bytes(img, "PNG", dpi=spec.dpi))
            gt.write_text("\n".join(lines) + "\n", "utf-8")
        manifest.append(asdict(spec))
    (out / "manifest.json").write_text(json.dumps({"seed": seed, "pages": manifest}, ensure_ascii=False, indent=1), "utf-8")
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=36)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    pages = generate(args.out / f"seed{args.seed}-n{args.pages}", args.pages, args.seed)
    print(f"{len(pages)} pages in {args.out / f'seed{args.seed}-n{args.pages}'}")


if __name__ == "__main__":
    main()
