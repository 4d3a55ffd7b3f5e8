"""The page-script verdict (``ocr/preprocess.py``: ``line_scripts`` -> ``script_of_lines``) on pages whose script
is known, with no Tesseract: fast enough to run before and after a change to the script check.

    .venv/bin/python bench/script_survey.py [--part tune|held-out|all] [--sets shapes,fresh,...] [--repo DIR]
                                            [--cache DIR] [--json FILE] [--bands PAGE]

Pages (each read upright and turned 180, as the product sees them: the 0/90 choice and the skew angle found as
``detect_orientation_and_skew`` finds them, then the line check):
  - shapes:  tests/pageshapes.py kinds, its table kinds (tests/tableshapes.py) and text on rules
             (tests/ruledshapes.py); tune = its tune fonts, held-out = its held-out fonts;
  - fresh, fresh2, fresh3: tests/freshshapes.py, fresh2shapes.py, fresh3shapes.py as their benches scan them
             (tune = the first seed, held-out = the check seed);
  - legacy, capture: tests/legacyshapes.py, captureshapes.py (tune fonts / held-out fonts);
  - latin:   tests/latinshapes.py (English: a bold serif heading, a typewriter page saved without its 600 dpi,
             an engraving), tune only;
  - sizes:   Hindi and English text at 10-24 pt, 150-300 dpi, regular and bold, lines of digits in a Hindi table,
             English typewriter type whose file claims half or twice its dpi (tune: two faces per script,
             held-out: two others);
  - real:    the real scans of bench/ocr_real_scans.py and bench/ocr_real_latin.py already fetched under
             bench/out/ (all Latin but devatest, rendered Hindi; not Hebrew, Arabic, handwriting): part "real".
The truth per page comes from its reference text: a line with a Devanagari letter is Devanagari, a line with
Latin letters and none is Latin (lines of digits do not count); a page with both is mixed.

Printed per set and part: pages, right verdicts, harm (a page with Devanagari called "latin": routed to eng and
its Devanagari not looked for; a Latin-only page called "deva": read by Devanagari alone), "mixed" on a
one-script page (costs CPU: the configured set, a probe reading), "" (too few lines), and the probe readings
the orientation check would need. ``--repo`` runs another tree's ``ocr`` (main before a change) on the same pages;
``--cache`` keeps the generated pages (PNG with dpi, and their truth) so a second run is fast.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
DEVA = re.compile(r"[\u0900-\u0963\u0970-\u097F]")  # letters and signs, not digits
LATIN = re.compile(r"[A-Za-z]")
# set, part, name, make -> (grey, dpi, text)
Page = tuple[str, str, str, Callable[[], tuple[np.ndarray, int, str]]]


def truth_of(text: str) -> str:
    deva = any(DEVA.search(line) for line in text.splitlines())
    latin = any(LATIN.search(line) and not DEVA.search(line) for line in text.splitlines())
    return "mixed" if deva and latin else "deva" if deva else "latin" if latin else ""


def _grey(img: object) -> np.ndarray:
    from PIL import Image

    assert isinstance(img, Image.Image)
    return np.asarray(img.convert("L"))


def _dpi(img: object, default: int = 300) -> int:
    dpi = getattr(img, "info", {}).get("dpi")
    return round(float(dpi[0])) if dpi and float(dpi[0]) > 1 else default


def shapes_pages() -> Iterator[Page]:
    from tests import pageshapes as ps

    kinds = ps.KINDS + ps.TABLE_KINDS + ("notesheet", "notesheet-faint", "form")
    for part, fonts, seed in (("tune", ps.TUNE_FONTS, 2), ("held-out", ps.HELD_OUT_FONTS, 3)):
        for k, kind in enumerate(kinds):
            for f, font in enumerate(fonts):

                def make(
                    kind: str = kind, font: str = font, lp: bool = (k + f) % 2 == 1, seed: int = seed
                ) -> tuple[np.ndarray, int, str]:
                    page = ps.make(kind, font, seed, letterpress=lp)
                    return ps.turned(page, 0), 300, page.text

                yield "shapes", part, f"{kind}-{font}", make


def fresh_pages(module: str) -> Iterator[Page]:
    import importlib

    fs = importlib.import_module(f"tests.{module}")
    if module == "freshshapes":
        seeds, fonts = {"tune": fs.FRESH_SEED, "held-out": fs.CHECK_SEED}, fs.FRESH_FONTS
    else:
        seeds, fonts = {"tune": fs.TUNE_SEED, "held-out": fs.CHECK_SEED}, fs.BENCH_FONTS
    name = {"freshshapes": "fresh", "fresh2shapes": "fresh2", "fresh3shapes": "fresh3"}[module]
    for part, seed in seeds.items():
        for kind in fs.KINDS:
            for font in fonts:

                def make(kind: str = kind, font: str = font, seed: int = seed) -> tuple[np.ndarray, int, str]:
                    page = fs.make(kind, font, seed)
                    image, dpi = fs.scan(page, 0)
                    return (image if isinstance(image, np.ndarray) else _grey(image)), dpi, page.text

                yield name, part, f"{kind}-{font}", make


def legacy_pages(module: str) -> Iterator[Page]:
    import importlib

    ls = importlib.import_module(f"tests.{module}")
    for part, fonts in (("tune", ls.TUNE_FONTS), ("held-out", ls.HELD_OUT_FONTS)):
        for kind in ls.KINDS:
            for font in fonts:

                def make(kind: str = kind, font: str = font) -> tuple[np.ndarray, int, str]:
                    page = ls.make(kind, font, 1)
                    return _grey(page.image), page.dpi, page.text

                yield module.replace("shapes", ""), part, f"{kind}-{font}", make


def latin_pages() -> Iterator[Page]:
    from tests import latinshapes as lt

    for kind in lt.KINDS:
        for seed in range(3):

            def make(kind: str = kind, seed: int = seed) -> tuple[np.ndarray, int, str]:
                img = lt.make(kind, seed)
                return _grey(img), _dpi(img), "English text"

            yield "latin", "tune", f"{kind}-s{seed}", make


SIZE_FONTS = {  # (Devanagari faces, Latin faces) per part
    "tune": (
        ("noto-serif", "gargi", "NotoSansDevanagari-Bold"),
        ("NotoSerif-Regular", "DejaVuSansMono", "NotoSans-Bold"),
    ),
    "held-out": (
        ("kalimati", "lohit", "NotoSerifDevanagari-Bold"),
        ("DejaVuSerif", "NotoSans-Regular", "DejaVuSans-Bold"),
    ),
}
ENGLISH = (
    "The committee met on the fourth of March and approved the annual report of the district office.",
    "Minutes of the meeting were recorded and sent to every member for their remarks within a week.",
    "The sanctioned amount shall be released in two instalments after the inspection of the works.",
    "Copies of the order are forwarded to the Collector and the Superintendent for information.",
)


def _face(name: str) -> Path:
    from tests import pagegen, pageshapes

    if name in pageshapes.FONTS:
        return Path(pageshapes.FONTS[name])
    found = sorted(pagegen.FONT_DIR.rglob(f"{name}.ttf"))
    if not found:
        raise FileNotFoundError(name)
    return found[0]


def _sized(
    lines: list[str], face: Path, pt: float, dpi: int, claimed: int, typed: bool
) -> tuple[np.ndarray, int, str]:
    from PIL import ImageFilter

    from tests import pagegen

    img = pagegen.render_lines(
        lines,
        font=face,
        dpi=dpi,
        font_pt=pt,
        latin_font=face
        if "Deva" not in face.name and face.parent.name != "fonts-deva-extra"
        else pagegen.LATIN_FONT,
    )
    if typed:  # ribbon ink spreads: strokes thicken, near letters touch (tests/latinshapes.py's typewriter)
        img = img.filter(ImageFilter.MinFilter(3)).filter(ImageFilter.GaussianBlur(dpi / 250))
    out = pagegen.degrade(img, seed=int(pt * 7 + dpi), noise=4.0)
    return np.asarray(out.convert("L")), claimed, "\n".join(lines)


def sizes_pages() -> Iterator[Page]:
    from tests import pageshapes as ps

    rng = np.random.default_rng(20261207)
    for part, (deva_faces, latin_faces) in SIZE_FONTS.items():
        for pt in (10, 12, 16, 20, 24):
            for dpi in (150, 200, 300):
                n = max(4, int(60 / pt))
                for face in deva_faces:
                    prose = [ps.PROSE[int(i)] for i in rng.permutation(len(ps.PROSE))[:n]]
                    yield (
                        "sizes",
                        part,
                        f"hi-{face}-{pt}pt-{dpi}",
                        lambda p=prose, f=face, pt=pt, d=dpi: _sized(p, _face(f), pt, d, d, False),
                    )
                for face in latin_faces:
                    yield (
                        "sizes",
                        part,
                        f"en-{face}-{pt}pt-{dpi}",
                        lambda f=face, pt=pt, d=dpi: _sized(list(ENGLISH), _face(f), pt, d, d, False),
                    )
        for face in deva_faces[:2]:  # rows of a Hindi table: names, places and long numbers
            rows = [
                f"{i}   {ps.NAMES[i % 10]}   {ps.DISTRICTS[i % 8]}   {1000 + 37 * i}.00   {i + 1:02d}/03/2019"
                for i in range(1, 14)
            ]
            for dpi in (150, 300):
                yield (
                    "sizes",
                    part,
                    f"hi-table-{face}-{dpi}",
                    lambda r=rows, f=face, d=dpi: _sized(r, _face(f), 11, d, d, False),
                )
        for face in latin_faces[1:2] + ("DejaVuSansMono",) * (part == "held-out"):
            for pt, dpi, claimed in (
                (12, 600, 300),
                (12, 300, 150),
                (12, 300, 600),
                (10, 400, 300),
                (14, 600, 200),
            ):
                yield (
                    "sizes",
                    part,
                    f"en-typed-{face}-{pt}pt-{dpi}as{claimed}",
                    lambda f=face, pt=pt, d=dpi, c=claimed: _sized(
                        list(ENGLISH) * 2, _face(f), pt, d, c, True
                    ),
                )
        for face in deva_faces[:2]:
            for pt, dpi, claimed in ((12, 600, 300), (12, 300, 150), (12, 300, 600)):
                yield (
                    "sizes",
                    part,
                    f"hi-{face}-{pt}pt-{dpi}as{claimed}",
                    lambda f=face, pt=pt, d=dpi, c=claimed: _sized(
                        list(ps.PROSE[:8]), _face(f), pt, d, c, False
                    ),
                )


def real_pages() -> Iterator[Page]:
    from PIL import Image

    for folder in ("real_scans", "real_latin"):
        for png in sorted((REPO / "bench" / "out" / folder / "pages").glob("*.png")):

            def make(png: Path = png) -> tuple[np.ndarray, int, str]:
                img = Image.open(png)
                return _grey(img), _dpi(img), "Devanagari देव" if png.stem == "devatest" else "Latin"

            if png.stem != "kraken-hand" and png.stem != "hebtypo" and not png.stem.startswith("lept-arabic"):
                yield "real", "real", png.stem, make


SETS: dict[str, Callable[[], Iterator[Page]]] = {
    "shapes": shapes_pages,
    "fresh": lambda: fresh_pages("freshshapes"),
    "fresh2": lambda: fresh_pages("fresh2shapes"),
    "fresh3": lambda: fresh_pages("fresh3shapes"),
    "legacy": lambda: legacy_pages("legacyshapes"),
    "capture": lambda: legacy_pages("captureshapes"),
    "latin": latin_pages,
    "sizes": sizes_pages,
    "real": real_pages,
}


def cached(
    cache: Path | None, key: str, make: Callable[[], tuple[np.ndarray, int, str]]
) -> tuple[np.ndarray, int, str]:
    from PIL import Image

    if cache is None:
        return make()
    png, txt = cache / f"{key}.png", cache / f"{key}.json"
    if png.exists() and txt.exists():
        meta = json.loads(txt.read_text())
        return np.asarray(Image.open(png)), meta["dpi"], meta["text"]
    grey, dpi, text = make()
    cache.mkdir(parents=True, exist_ok=True)
    Image.fromarray(grey).save(png)
    txt.write_text(json.dumps({"dpi": dpi, "text": text}, ensure_ascii=False))
    return grey, dpi, text


def verdict(gray: np.ndarray, dpi: int) -> tuple[str, tuple[int, int, int], bool]:
    """(script, line counts, whether the orientation check reads a probe) as ``preprocess`` finds them (crop,
    0/90, skew, then the line check) with the product's options; the probe is not read (taken as upright)."""
    from ocr import OcrOptions
    from ocr import preprocess as pp

    seen: dict[str, object] = {}
    probe, scripts = pp._probe_upright, pp.line_scripts

    def no_probe(*a: object, **k: object) -> object:
        seen["probe"] = True
        try:  # taken as upright: a Probe (ocr/probe.py, ADR 0055), a bool in a tree before it (--repo)
            from ocr.probe import UPRIGHT

            return UPRIGHT
        except ImportError:
            return True

    def lines(*a: object, **k: object) -> tuple[int, int, int]:
        seen["lines"] = scripts(*a, **k)  # type: ignore[arg-type]
        return seen["lines"]  # type: ignore[return-value]

    pp._probe_upright, pp.line_scripts = no_probe, lines  # type: ignore[assignment]
    try:
        pre = pp.preprocess(gray, dpi, OcrOptions())
    finally:
        pp._probe_upright, pp.line_scripts = probe, scripts  # type: ignore[assignment]
    return pre.script, seen.get("lines", (0, 0, 0)), bool(seen.get("probe"))  # type: ignore[return-value]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", default="tune", choices=("tune", "held-out", "real", "all"))
    ap.add_argument("--sets", default="shapes,fresh,fresh2,fresh3,legacy,capture,latin,sizes")
    ap.add_argument(
        "--repo", type=Path, default=REPO, help="the tree whose ocr/ is measured (default: this one)"
    )
    ap.add_argument("--cache", type=Path, default=Path("/tmp/script-survey-pages"))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--verbose", action="store_true", help="print every page that is not right")
    args = ap.parse_args()
    sys.path.insert(0, str(REPO))  # the generators (tests/) of this tree
    sys.path.insert(0, str(args.repo.resolve()))  # ... and the ocr/ measured
    import ocr.preprocess

    print(f"ocr from {Path(ocr.preprocess.__file__).parent}")
    stats: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = []
    for set_name in args.sets.split(","):
        for sname, part, name, make in SETS[set_name]():
            if args.part != "all" and part != args.part:
                continue
            gray, dpi, text = cached(args.cache, f"{sname}-{part}-{name}", make)
            truth = truth_of(text)
            for turn in (0, 180):
                script, lines, probe = verdict(gray if turn == 0 else gray[::-1, ::-1].copy(), dpi)
                s = stats[(sname, part)]
                s["pages"] += 1
                s["right"] += script == truth
                s["harm"] += (truth != "latin" and script == "latin") or (
                    truth == "latin" and script == "deva"
                )
                s["mixed on one script"] += truth in ("deva", "latin") and script == "mixed"
                s["deva on mixed"] += truth == "mixed" and script == "deva"
                s["none"] += script == ""
                s["probes"] += probe
                rows.append(
                    {
                        "set": sname,
                        "part": part,
                        "page": name,
                        "turn": turn,
                        "dpi": dpi,
                        "truth": truth,
                        "script": script,
                        "lines": lines,
                        "probe": probe,
                    }
                )
                if args.verbose and script != truth:
                    print(
                        f"  {sname}/{part} {name} r{turn} dpi {dpi}: truth {truth}, verdict {script or '-'} "
                        f"(deva, latin, unclear) = {lines}{' probe' if probe else ''}"
                    )
    keys = ("pages", "right", "harm", "mixed on one script", "deva on mixed", "none", "probes")
    print(f"{'set/part':<18}" + "".join(f"{k:>20}" for k in keys))
    total: dict[str, int] = defaultdict(int)
    for (sname, part), s in sorted(stats.items()):
        print(f"{sname + '/' + part:<18}" + "".join(f"{s[k]:>20}" for k in keys))
        for k in keys:
            total[k] += s[k]
    print(f"{'all':<18}" + "".join(f"{total[k]:>20}" for k in keys))
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=0))


if __name__ == "__main__":
    main()
