"""Which words ADR 0053's stray count counts on table and register pages, and whether a count without serial
numbers would change a choice (ADR 0057).

    .venv/bin/python bench/ocr_stray_probe.py [--sets tables,fresh2,legacy,fresh,fresh3] [--part tune|held-out]
                                              [--json FILE]

Reads the tune part's table and register pages of five benches with the product path (``read_page``, in this
process: ``watchdog`` off) and logs each call of ``ocr.upright._weighed``: the words counted stray
(``Judged.stray``) in the table reading and in the page read as usual, by what they are:

- ``serial``: a pure numeral or serial marker in either script: ASCII or Devanagari digits with only ``.``,
  ``(``, ``)``, ``/`` about them ("1", "1.", "(3)", "१", "12/"): a number of one digit is in no list
  (``is_real_number`` asks for two);
- ``listed``: a word that is in a word list but too short to count as real ("व", "न": 1-letter Hindi);
- ``short``: a Latin word of 1-2 letters ("of", "to", "No."; the English list has none of 2 letters or fewer);
- ``other``: the rest (marks read as letters, names, misread words).

For each call, the reading ``_weighed`` keeps (``table``, ``plain``: the page read as usual, ``marks``: the
table reading without its marks, or none) with every stray word counted (``all``: ADR 0053 as first written)
and with the count leaving out ``serial`` (A), ``serial`` and ``listed`` (AB), and also ``short`` (ABC); where
a choice differs from ``all``'s, the edits of both choices against the page's text. ``->`` is what the code
chose (its count now leaves out one-digit serial numbers, ADR 0057). Where the table reading alone would have no stray word left (A), the page
would not be read as usual at all (``_read_ruled``): the reading saved is noted. Pages: bench/ocr_shapes.py
``--kinds tables``, bench/ocr_shapes_fresh2.py ordersheet and digits, bench/ocr_legacy_probe.py's dot-matrix
registers, bench/ocr_shapes_fresh.py's landscape register and ledger, bench/ocr_shapes_fresh3.py's sideways
register; each upright and turned as in its bench. One process. These are generated pages, not real scans.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import regex

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.ocr_shapes import _distance  # noqa: E402

# every pure numeral (any digits with . ( ) / about them); ocr.judge.SERIAL (ADR 0057) is the one-digit ones
SERIAL = regex.compile(r"[0-9\u0966-\u096F().\/]*[0-9\u0966-\u096F][0-9\u0966-\u096F().\/]*")
CODE = {"serial": "#", "listed": "L", "short": "s", "other": "o"}
VARIANTS = {"all": (), "A": ("serial",), "AB": ("serial", "listed"), "ABC": ("serial", "listed", "short")}


def kind_of(token: str) -> str:
    from ocr.judge import _LATIN, _TOKEN_EDGE
    from ocr.reading import english_words, hindi_words

    core = _TOKEN_EDGE.sub("", token)
    if SERIAL.fullmatch(token):
        return "serial"
    if core in hindi_words() or core.lower() in english_words():
        return "listed"
    if _LATIN.fullmatch(core) and len(core) <= 2:
        return "short"
    return "other"


def strays(out: object) -> list[tuple[str, float, str]]:
    """Judged.stray's words: (text, confidence, kind)."""
    from ocr.judge import GIBBERISH_CONFIDENCE, is_real_word, read_twice  # as ADR 0053 counted: serials too

    counted = [w for w in out.words if any(c.isalnum() for c in w.text)]  # type: ignore[attr-defined]
    twice = read_twice(counted)
    return [(w.text, round(w.confidence, 2), kind_of(w.text)) for i, w in enumerate(counted)
            if i not in twice and w.confidence < GIBBERISH_CONFIDENCE and not is_real_word(w.text)]


def _now(words: list[tuple[str, float, str]]) -> int:
    """The stray words the code counts now: without ``ocr.judge.SERIAL`` when it has it (ADR 0057)."""
    from ocr import judge

    serial = getattr(judge, "SERIAL", None)
    return sum(1 for t, _c, _k in words if serial is None or not serial.fullmatch(t))


def _which(result: object, table: object, plain: object) -> str:
    if result is None:
        return "none"
    if result.out is plain.out:  # type: ignore[attr-defined]
        return "plain"
    return "table" if result.out is table.out else "marks"  # type: ignore[attr-defined]


def make_pages(out: Path, sets: list[str], part: str) -> list[dict]:
    pages: list[dict] = []
    if "tables" in sets:
        from bench import ocr_shapes

        kinds = ["table", "table-hindi", "table-numeric", "table-partly", "table-merged"]
        pages += [dict(p, set="tables") for p in ocr_shapes.make_pages(out, 1, kinds) if p["part"] == part]
    if "fresh2" in sets:
        from bench import ocr_shapes_fresh2
        from tests import fresh2shapes

        which = "tune" if part == "tune" else "check"
        pages += [dict(p, set="fresh2") for p in ocr_shapes_fresh2.make_pages(
            out, ["ordersheet", "digits"], list(fresh2shapes.BENCH_FONTS), part=which)]
    if "fresh3" in sets:
        from bench import ocr_shapes_fresh2
        from tests import fresh3shapes

        which = "tune" if part == "tune" else "check"
        pages += [dict(p, set="fresh3") for p in ocr_shapes_fresh2.make_pages(
            out, ["sideways"], list(fresh3shapes.BENCH_FONTS), part=which, shapes="fresh3shapes")]
    if "legacy" in sets:
        from bench import ocr_legacy_probe
        from tests import legacyshapes

        fonts = legacyshapes.TUNE_FONTS[:2] if part == "tune" else legacyshapes.HELD_OUT_FONTS
        pages += [dict(p, set="legacy") for p in ocr_legacy_probe.make_pages(out, ["dotmatrix-en", "dotmatrix-hi"],
                                                                               list(fonts))]
    if "fresh" in sets:
        from bench import ocr_shapes_fresh

        which = "fresh" if part == "tune" else "check"
        pages += [dict(p, set="fresh") for p in ocr_shapes_fresh.make_pages(out, [which], ["landscape", "ledger"])]
    return pages


def probe(page: dict) -> dict:
    """Read one page with ``_weighed`` watched: each call's stray words and choices."""
    from domain.types import FileKind
    from ocr import upright
    from ocr.options import OcrOptions
    from ocr.read import read_page

    calls: list[dict] = []
    original = upright._weighed

    def watched(table, plain, turned=False):  # type: ignore[no-untyped-def]
        result = original(table, plain, turned)
        st, sp = strays(table.out), strays(plain.out)
        call = {"turned": turned, "table_stray": st, "plain_stray": sp, "counts": [table.judged.stray, plain.judged.stray],
                "recount_ok": [_now(st), _now(sp)] == [table.judged.stray, plain.judged.stray],
                "plain_sound": plain.judged.sound, "plain_tidy": upright._tidy(plain.judged),
                "table_tidy": upright._tidy(table.judged), "chosen": _which(result, table, plain), "variants": {}}
        for name, left_out in VARIANTS.items():
            nt = sum(1 for s in st if s[2] not in left_out)
            np_ = sum(1 for s in sp if s[2] not in left_out)
            t2 = replace(table, judged=replace(table.judged, stray=nt))
            p2 = replace(plain, judged=replace(plain.judged, stray=np_))
            alt = original(t2, p2, turned)
            chosen = _which(alt, t2, p2)
            # the table reading kept alone, the page never read as usual (_read_ruled's first test)
            alone = not turned and upright._clean(table) and upright._tidy(table.judged) and nt == 0
            entry = {"counts": [nt, np_], "chosen": chosen, "alone": alone}
            entry["text"] = alt.out.text if alt else None
            call["variants"][name] = entry
        base = call["variants"]["all"]
        for entry in call["variants"].values():
            if entry["chosen"] != base["chosen"]:
                entry["edits"] = {"old": _distance(page["reference"], base["text"] or ""),
                                  "new": _distance(page["reference"], entry["text"] or "")}
        for entry in call["variants"].values():
            del entry["text"]
        calls.append(call)
        return result

    upright._weighed = watched
    try:
        res = read_page(Path(page["png"]), FileKind.PNG, 1, OcrOptions(watchdog=False))
    finally:
        upright._weighed = original
    text = res.text
    return {"name": f"{page['set']}/{page['name']}", "rotation": text.rotation, "steps": list(text.steps),
            "edits": _distance(page["reference"], text.text), "chars": len(page["reference"]), "calls": calls}


def show(row: dict) -> None:
    print(f"{row['name']}: rot {row['rotation']} edits {row['edits']}/{row['chars']}, {len(row['calls'])} weighings",
          flush=True)
    for c in row["calls"]:
        v = " ".join(f"{k}:{e['counts'][0]}/{e['counts'][1]}->{e['chosen']}{'(alone)' if e['alone'] else ''}"
                     + (f" edits {e['edits']['old']}->{e['edits']['new']}" if "edits" in e else "")
                     for k, e in c["variants"].items())
        print(f"  {'turned ' if c['turned'] else ''}stray {c['counts'][0]}/{c['counts'][1]} -> {c['chosen']} "
              f"(plain sound {c['plain_sound']}, tidy {c['plain_tidy']}; table tidy {c['table_tidy']})"
              f"{'' if c['recount_ok'] else ' RECOUNT MISMATCH'} | {v}")
        for label, ws in (("table", c["table_stray"]), ("plain", c["plain_stray"])):
            print(f"    {label}: " + " ".join(f"{t}[{CODE[k]}{conf:.2f}]" for t, conf, k in ws))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default="tables,fresh2,legacy,fresh,fresh3")
    ap.add_argument("--part", default="tune", choices=("tune", "held-out"))
    ap.add_argument("--json", type=Path)
    ap.add_argument("--upright", action="store_true", help="upright pages only (a turned page is weighed as upright)")
    ap.add_argument("--old-count", action="store_true",
                    help="count serial numbers stray as ADR 0053 first did (a table reading with only serial numbers "
                         "stray is then weighed, and its choices with each count logged)")
    args = ap.parse_args()
    if args.old_count:
        from ocr import judge

        judge.SERIAL = regex.compile(r"(?!)")  # matches nothing
    os.environ["OMP_THREAD_LIMIT"] = "1"
    rows = []
    with tempfile.TemporaryDirectory(prefix="sanchika-stray-") as tmp:
        pages = [p for p in make_pages(Path(tmp), args.sets.split(","), args.part) if p["turn"] == 0 or not args.upright]
        print(f"{len(pages)} pages", flush=True)
        for page in pages:
            row = probe(page)
            show(row)
            rows.append(row)
    calls = [c for r in rows for c in r["calls"]]
    kinds: dict[str, int] = {}
    for c in calls:
        for ws in (c["table_stray"], c["plain_stray"]):
            for _t, _c, k in ws:
                kinds[k] = kinds.get(k, 0) + 1
    print(f"\n{len(rows)} pages, {len(calls)} weighings; stray words by kind (both readings): {kinds}")
    for name in VARIANTS:
        changed = [(r["name"], c["variants"][name]) for r in rows for c in r["calls"]
                   if c["variants"][name]["chosen"] != c["variants"]["all"]["chosen"]]
        alone = sum(1 for c in calls if c["variants"][name]["alone"])
        print(f"  {name} (leaving out {', '.join(VARIANTS[name])}): {len(changed)} choices change, "
              f"{alone} table readings kept alone (no reading as usual)")
        for n, e in changed:
            print(f"    {n}: -> {e['chosen']} {e.get('edits')}")
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
