"""Real scanned pages from Debian and PyPI source archives, held out: orientation, flags, CER and CPU vs plain Tesseract.

    .venv/bin/python bench/ocr_real_scans.py [--set gt|all] [--pages a,b] [--turns 0,90,180,270] [--procs 1]
                                             [--json FILE] [--list]

Nothing here is generated and nothing is tuned on: the pages are real scans and photos shipped in the source
archives of other projects, fetched by pinned version and sha256 into bench/out/real_scans/ (never committed:
their licences differ). Debian source packages come through a private deb-src list under that folder
(``apt-get -o Dir::Etc::SourceList=... source --download-only``: nothing in /etc is changed); PyPI sdists through
``pip download --no-deps --no-binary :all:``. A source that cannot be fetched is skipped with a message.

Per page and turn (each page turned 0/90/180/270 degrees clockwise, as a sheet fed the wrong way): the rotation
Sanchika found (right when it undoes the turn: 360 - turn, as bench/ocr_shapes.py), its flag and reasons, the CPU of the reading (``ocr.read_page`` in
a worker process, watchdog off: its own CPU plus Tesseract's). Upright only: plain ``tesseract PAGE out -l
Devanagari+eng`` on the same PNG (plain does not correct orientation, so it is compared upright), its CPU, the CER
of both against the ground truth where there is one, and "words found" (share of the truth's words present in the
reading, as a multiset: free of reading order, which the two-column magazine pages make ambiguous).

Page list (``--list`` prints it, with why each page is in): see PAGES. Left out, and why: the rotated copies in the
tesseract test tree (phototest-rotated-*, phototestrot, devatest-rotated-270: the bench turns pages itself);
leptonica's feyn-fract (a crop of feyn), binding-example (a 45 dpi photo of an open book), form1/form2 (tiny
390 px form fragments), underline2/4 (camera photos of a screen), colorpage (charts at 75 dpi), barcodes, charts,
music, drawings and rendered glyph sheets; kraken's bw.png (a binarised copy of input.jpg) and 000236.png (one
Syriac line); pikepdf's congress_im0.jpg (a small copy of the congress page); the surya-ocr README images
(rendered from PDFs, not scans); opencv/scikit-image crops and blur demos (fragments of a paragraph); gocr's
three handwritten lines; datalab's chi_hind.png (a web screenshot with Chinese, not a scan). No real scan or photo
of a Devanagari page was found in any archive reachable here (the archives searched: docs/benchmarks.md, "Real
Devanagari pages"): the only Devanagari pages are tesseract's devatest.png and raaj.tif, both rendered.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from multiprocessing import Pool
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ocr_real_latin import plain, read  # noqa: E402  (its reading of a page, turned, and plain Tesseract's)
from bench.ocr_shapes import _distance  # noqa: E402

OUT = REPO / "bench" / "out" / "real_scans"


@dataclasses.dataclass(frozen=True)
class Source:
    kind: str  # "apt" (Debian source package) or "pip" (PyPI sdist)
    spec: str  # tesseract=5.3.0-2 / kraken==4.3.13
    archive: str
    sha256: str
    root: str  # folder inside the archive that holds the pages


SOURCES = {
    "tesseract": Source("apt", "tesseract=5.3.0-2", "tesseract_5.3.0.orig-test.tar.gz",
                        "2788d27de6e448f8ffa7dd19a22c5781768440dee60a34607099f0c66d44b911",
                        "tesseract-0.0~git20210423.3ea1099/testing/"),
    "leptonlib": Source("apt", "leptonlib=1.82.0-3", "leptonlib_1.82.0.orig.tar.gz",
                        "155302ee914668c27b6fe3ca9ff2da63b245f6d62f3061c8f27563774b8ae2d6", "leptonica-1.82.0/prog/"),
    "kraken": Source("pip", "kraken==4.3.13", "kraken-4.3.13.tar.gz",
                     "e34549828fd4f3a9c08e438d1dca8cb4fc96dcacc7c3970692bdc6a43298bc5f",
                     "kraken-4.3.13/tests/resources/"),
    "pikepdf": Source("pip", "pikepdf==10.18.0", "pikepdf-10.18.0.tar.gz",
                      "cb555ebff93482e8a6eb55881488b469bbb2b5675161c1b93a0510a8642d98d0",
                      "pikepdf-10.18.0/tests/resources/"),
}

# UDHR article 1 in Hindi as devatest.png sets it in four fonts (typed from the image and checked against it,
# including the source's own "प्राप्त हे" in each block's first line; the font names are Latin headings).
DEVATEST = "\n".join(
    f"{font}\nसभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता और समानता प्राप्त हे ।\n"
    "उन्हें बुद्धि और अन्तरात्मा की देन प्राप्त है और परस्पर उन्हें भाईचारे के भाव से बर्ताव करना चाहिए ।"
    for font in ("CDAC-GISTYogesh", "Gargi", "JanaHindi", "Kalimati"))

# name -> (source, file, truth: file in the archive / "page-xml" / "devatest" / "text:TRUTH" / "", in the gt set,
# why it is in)
PAGES: dict[str, tuple[str, str, str, bool, str]] = {
    "unlv-8087B": ("tesseract", "8087_054.3B.tif", "8087_054.3B.txt", True,
                   "UNLV/ISRI magazine page, 2 columns + photo, 1-bit 300 dpi scan; zoned GT"),
    "unlv-8087G": ("tesseract", "8087_054.3G.tif", "8087_054.3B.txt", True,
                   "the same page scanned in 8-bit grey; same GT"),
    "unlv-8071B": ("tesseract", "8071_093.3B.tif", "8071_093.3B.txt", True,
                   "UNLV/ISRI magazine two-page spread, landscape, 1-bit 300 dpi scan; zoned GT"),
    "eurotext": ("tesseract", "eurotext.tif", "eurotext.txt", True,
                 "scan of a printout, English/German/French/Italian/Spanish lines, 1-bit; GT"),
    "phototest": ("tesseract", "phototest.tif", "phototest.txt", True,
                  "Tesseract's classic test page, 200 dpi; GT"),
    "devatest": ("tesseract", "devatest.png", "devatest", True,
                 "Hindi UDHR in 4 fonts: RENDERED, not scanned, but the only Devanagari page; GT typed from it"),
    "raaj": ("tesseract", "raaj.tif", "text:राज", False,
             "one Hindi word (राज) on a 600x200 1-bit 300 dpi page; rendered, not scanned: a near-empty "
             "Devanagari page, too little text for OSD, must not be turned on weak evidence nor read with eng"),
    "hebtypo": ("tesseract", "hebtypo.jpg", "", True,
                "real scan of old Hebrew print: a script we do not read, so it must come out flagged"),
    "congress": ("pikepdf", "congress.pdf", "", True,
                 "1871 US Senate letter, yellowed, skewed, 72 dpi JPEG in a PDF (public domain)"),
    "kraken-book": ("kraken", "input.jpg", "", True, "photo of an 18th-c. French book page, grey margins, gutter"),
    "kraken-hand": ("kraken", "170025120000003,0074.jpg", "page-xml", True,
                    "handwritten 18th-c. Spanish register page; PAGE-XML GT; Tesseract cannot read it: must be flagged"),
}
_LEPT = {  # leptonica prog/ pages: real scans and photos, no GT
    "feyn.tif": "article page, 1-bit 300 dpi", "pageseg1.tif": "magazine page, 1-bit",
    "pageseg2.tif": "magazine page, 1-bit", "pageseg3.tif": "magazine page, 1-bit",
    "pageseg4.tif": "magazine page, 1-bit", "patent.png": "US patent front page, 1-bit",
    "rabi.png": "article page with a photo, 1-bit", "scots-frag.tif": "1950s newspaper page, 1-bit",
    "shearer.148.tif": "academic text page, 1-bit", "witten.tif": "article page, 1-bit",
    "keystone.png": "novel page, 1-bit, keystoned", "lucasta.047.jpg": "book page, grey",
    "table.15.tif": "statistical table, 150 dpi", "table.27.tif": "statistical table, 150 dpi (OSD says 180)",
    "cootoots.png": "sparse contents page", "toc.99.tif": "contents page, 75 dpi",
    "tribune-page-4x.png": "newspaper front page, downscaled", "zanotti-78.jpg": "old Italian print photo",
    "cat.007.jpg": "curled book page photo", "cat.035.jpg": "curled book page photo",
    "contrast-orig-60.jpg": "low-contrast journal page", "lion-page.00011.png": "title page (1907)",
    "lion-page.00017.png": "text page (1907)", "words.44.tif": "Latin verse with line numbers",
    "pedante.079.jpg": "dark old Italian print photo (OSD says 180)", "brothers.150.jpg": "17th-c. English print",
    "amoris.2.150.jpg": "old Latin print photo, a finger", "breviar.38.150.jpg": "breviary, red/black",
    "lapide.052.100.jpg": "dense Latin commentary photo", "cavalerie.29.jpg": "dark French book photo",
    "w91frag.jpg": "English paper fragment, grey", "stampede2.jpg": "old newspaper column, grey",
    "lighttext.jpg": "very faint newspaper text", "harmoniam100-11.png": "Latin title page (1609)",
    "candelabrum.011.jpg": "Latin title page photo", "turingtest.png": "form, handwritten fields",
    "1555.003.jpg": "1555 Fraktur page with a woodcut", "1555.007.jpg": "1555 Fraktur page",
    "german.png": "Fraktur poem page", "arabic.png": "Arabic book page, 1-bit (a script we do not read)",
    "arabic2.png": "Arabic page with footnotes",
}
for _file, _why in _LEPT.items():
    PAGES["lept-" + _file.rsplit(".", 1)[0]] = ("leptonlib", _file, "", False, "real scan/photo: " + _why)


def _apt_options() -> list[str]:
    """apt-get options for a private deb-src list under OUT/apt, made from the machine's own sources."""
    apt = OUT / "apt"
    parts, lists = apt / "parts", apt / "lists"
    if not (parts / "debian-src.sources").exists():
        (lists / "partial").mkdir(parents=True, exist_ok=True)
        parts.mkdir(parents=True, exist_ok=True)
        text = Path("/etc/apt/sources.list.d/debian.sources").read_text()
        (parts / "debian-src.sources").write_text(text.replace("Types: deb\n", "Types: deb-src\n"))
    opts = ["-o", "Dir::Etc::SourceList=/dev/null", "-o", f"Dir::Etc::SourceParts={parts}",
            "-o", f"Dir::State::Lists={lists}"]
    if not any(lists.glob("*Sources*")):
        subprocess.run(["apt-get", *opts, "update"], check=True, capture_output=True)
    return opts


def fetch(name: str) -> Path | None:
    """The source's page folder, unpacked under OUT (fetched once, sha256 checked); None when it cannot be had."""
    src = SOURCES[name]
    dl = OUT / "dl"
    dl.mkdir(parents=True, exist_ok=True)
    archive = dl / src.archive
    try:
        if not archive.exists():
            if src.kind == "apt":
                subprocess.run(["apt-get", *_apt_options(), "source", "--download-only", src.spec],
                               cwd=dl, check=True, capture_output=True)
            else:
                subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                                src.spec, "-d", str(dl)], check=True, capture_output=True)
    except (subprocess.CalledProcessError, OSError) as exc:
        err = getattr(exc, "stderr", b"") or b""
        print(f"SKIPPED {name}: cannot fetch {src.spec}: {exc} {err.decode(errors='replace')[-300:]}")
        return None
    digest = hashlib.sha256(archive.read_bytes()).hexdigest()
    if digest != src.sha256:
        print(f"SKIPPED {name}: {archive} sha256 {digest}, expected {src.sha256}")
        return None
    folder = OUT / name / src.root
    wanted = {PAGES[p][1] for p in PAGES if PAGES[p][0] == name} | {
        PAGES[p][2] for p in PAGES if PAGES[p][0] == name and "." in PAGES[p][2] and ":" not in PAGES[p][2]}
    if name == "kraken":
        wanted.add("170025120000003,0074.xml")
    wanted = {w for w in wanted if not (folder / w).exists()}  # a page added to a source unpacked before
    if wanted:
        with tarfile.open(archive) as tar:
            members = [m for m in tar.getmembers()
                       if m.name.startswith(src.root) and m.name[len(src.root):] in wanted]
            tar.extractall(OUT / name, members=members, filter="data")
    return folder


def page_png(folder: Path, name: str) -> Path:
    """The page as Sanchika's rasteriser decodes it (ocr.rasterise.render_page: the array the product reads;
    a PDF rendered at 300 dpi), saved as a PNG under OUT/pages (made once), its dpi kept when it had one."""
    from PIL import Image

    from domain.types import FileKind
    from ocr import OcrOptions
    from ocr.rasterise import render_page

    png = OUT / "pages" / f"{name}.png"
    if png.exists():
        return png
    png.parent.mkdir(parents=True, exist_ok=True)
    source = folder / PAGES[name][1]
    kind = {".pdf": FileKind.PDF, ".tif": FileKind.TIFF, ".png": FileKind.PNG}.get(source.suffix, FileKind.JPEG)
    raster = render_page(source, kind, 1, OcrOptions())
    Image.fromarray(raster.image).save(png, **({} if raster.dpi_assumed else {"dpi": (raster.dpi, raster.dpi)}))
    return png


def original(folder: Path, name: str) -> Path:
    """What plain Tesseract reads: the file as shipped (a PDF: the rendered page)."""
    source = folder / PAGES[name][1]
    return page_png(folder, name) if source.suffix == ".pdf" else source


def truth_text(folder: Path, name: str) -> str | None:
    spec = PAGES[name][2]
    if not spec:
        return None
    if spec == "devatest":
        return DEVATEST
    if spec.startswith("text:"):  # a page short enough to read with certainty: its truth typed here
        return spec[len("text:"):]
    if spec == "page-xml":
        import xml.etree.ElementTree as ET

        root = ET.parse(folder / PAGES[name][1].replace(".jpg", ".xml")).getroot()
        lines = []
        for line in root.iter():
            if line.tag.endswith("TextLine"):
                texts = [u.text or "" for u in line.iter() if u.tag.endswith("Unicode")]
                lines.append(texts[-1] if texts else "")
        return "\n".join(lines)
    return (folder / spec).read_text(errors="replace")


def words_found(truth: str, text: str) -> float:
    """Share of the truth's words (NFC, case-folded, edge punctuation stripped) in the reading, as a multiset."""
    def bag(s: str) -> collections.Counter[str]:
        words = (w.strip(".,;:!?\"'()[]-—|।") for w in unicodedata.normalize("NFC", s).casefold().split())
        return collections.Counter(w for w in words if w)

    want, got = bag(truth), bag(text)
    return sum((want & got).values()) / max(sum(want.values()), 1)


def task(job: tuple[str, str, str, int, str | None]) -> dict:
    """One page at one turn (run in a worker process): the row, with plain's reading when upright."""
    name, png, source, turn, truth = job
    os.environ["OMP_THREAD_LIMIT"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        try:
            row, text = read(Path(png), turn, Path(tmp))
        except Exception as exc:  # a page the product loses: recorded, and the run goes on
            row, text = {"turn": turn, "rotation": -1, "right": False, "flag": "error", "lang": "", "cpu": 0.0,
                         "reasons": [f"{type(exc).__name__}: {exc}"]}, ""
    row["page"] = name
    if turn == 0:
        ref, cpu = plain(Path(source))
        row["plain_cpu"] = round(cpu, 2)
        row["vs_plain"] = round(_distance(ref, text) / max(len(ref), 1), 3)
        if truth:
            row["cer"] = round(_distance(truth, text) / len(truth), 3)
            row["cer_plain"] = round(_distance(truth, ref) / len(truth), 3)
            row["found"] = round(words_found(truth, text), 3)
            row["found_plain"] = round(words_found(truth, ref), 3)
        row["text"], row["plain_text"] = text, ref
    return row


def _line(row: dict) -> str:
    s = (f"{row['page']:22} turn {row['turn']:3} -> rot {row['rotation']:3} {'ok' if row['right'] else 'WRONG':5} "
         f"flag={row['flag'] or '-':10} lang={row['lang']:15} cpu {row['cpu']:6.1f}")
    if row["turn"] == 0:
        s += f" plain {row['plain_cpu']:6.1f} vs-plain {row['vs_plain']:.3f}"
    if "cer" in row:
        s += (f" CER {row['cer']:.3f} (plain {row['cer_plain']:.3f}) found {row['found']:.3f}"
              f" (plain {row['found_plain']:.3f})")
    return s + f"  reasons={row['reasons']}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", choices=("gt", "all"), default="gt", help="gt: the tesseract/pikepdf/kraken pages")
    ap.add_argument("--pages", help="comma-separated page names (overrides --set)")
    ap.add_argument("--turns", default="0,90,180,270")
    ap.add_argument("--procs", type=int, default=1)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--list", action="store_true", help="print the pages and why each is in, then stop")
    args = ap.parse_args()
    names = args.pages.split(",") if args.pages else [n for n, p in PAGES.items() if args.set == "all" or p[3]]
    if args.list:
        for n in names:
            print(f"{n:24} {PAGES[n][0]:10} {PAGES[n][1]:26} GT={PAGES[n][2] or '-':16} {PAGES[n][4]}")
        return
    os.environ["OMP_THREAD_LIMIT"] = "1"
    folders = {s: fetch(s) for s in sorted({PAGES[n][0] for n in names})}
    jobs = []
    for name in names:
        folder = folders[PAGES[name][0]]
        if folder is None:
            continue
        png, truth = page_png(folder, name), truth_text(folder, name)
        src = str(original(folder, name))
        jobs += [(name, str(png), src, int(t), truth) for t in args.turns.split(",")]
    jobs.sort(key=lambda j: j[3] != 0)  # every page upright first: the numbers that compare with plain
    rows = []
    with Pool(args.procs) as pool:
        for row in pool.imap_unordered(task, jobs):
            rows.append(row)
            print(_line(row), flush=True)
    summarise(rows)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1, ensure_ascii=False))


def summarise(rows: list[dict]) -> None:
    upright = [r for r in rows if r["turn"] == 0]
    turned = [r for r in rows if r["turn"]]
    gt = [r for r in upright if "cer" in r]
    print(f"\n{len(rows)} readings of {len(upright)} pages: upright turned {sum(not r['right'] for r in upright)}"
          f"/{len(upright)}, turned pages not brought upright {sum(not r['right'] for r in turned)}/{len(turned)}; "
          f"flagged upright {sum(bool(r['flag']) for r in upright)}, turned {sum(bool(r['flag']) for r in turned)}")
    if gt:
        print(f"GT pages {len(gt)}: mean CER {sum(r['cer'] for r in gt) / len(gt):.3f} vs plain "
              f"{sum(r['cer_plain'] for r in gt) / len(gt):.3f}; words found "
              f"{sum(r['found'] for r in gt) / len(gt):.3f} vs plain {sum(r['found_plain'] for r in gt) / len(gt):.3f};"
              f" read worse than plain (CER +0.01): {[r['page'] for r in gt if r['cer'] > r['cer_plain'] + 0.01]}")
    if upright:
        print(f"upright CPU {sum(r['cpu'] for r in upright):.1f} s vs plain {sum(r['plain_cpu'] for r in upright):.1f} s"
              f" ({sum(r['cpu'] for r in upright) / max(sum(r['plain_cpu'] for r in upright), 1e-9):.2f}x); "
              f"load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
