"""Which way up a page is read: the shape cues propose a turn, the reading decides (ADR 0025).

The page as scanned (rotation 0) is the default. ``ocr.preprocess`` proposes a turn from the ink's
shape (projection profiles, Devanagari headlines); on real upright Devanagari pages (large type,
sparse covers, dense letterpress, tables) those cues said 180 or 90 and the page came out as Latin
gibberish (issue 17). So a proposed turn is kept without a second reading only when the turned page
*reads soundly* (ocr/judge.py: horizontal words, mostly real words, confidently). Otherwise the page
is also read as scanned and the better of the two readings is kept (a tie keeps the page as
scanned). A reading that looks like garbage is also read the other ways up (180, or 90 and 270 when
its words stand on end) before the page is called unreadable; once garbage both ways its words lie flat,
once more per net at most (no net inside a reading; ADR 0049). Nothing is read twice. Between two
readings a quarter turn apart that both hold text both ways (labels along a cover's edges) the page
keeps the way it is read (ocr/turns.py, ADR 0054). Once a reading routed to ``Devanagari`` alone came out
mostly Latin letters, the page's later readings use the configured set directly (ADR 0052).

Crop, deskew and denoise follow the same rule (ADR 0027): a decision on weak evidence
(ocr/evidence.py, ``Preprocessed.doubts``) is also read without, at the chosen turn, and stays only
if its reading scores better; so is a small deskew on strong evidence whose reading is not clean
(``Preprocessed.checks``).

A ruled grid is read without its rules (ADR 0028, ``_read``); long rules under text lines are painted
out first and that reading checked the same way (ADR 0034, ``_read_lined``; a sound reading without
them beats an unsound one, ADR 0040); a stamp's frame at a slant is painted out first (ADR 0050).
"""

from __future__ import annotations

import resource
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from domain.types import Word
from ocr.descreen import descreened
from ocr.dotmatrix import joined
from ocr.evidence import SPECKS, speck_share
from ocr.frame import find_frame, ornament_read, without_frame
from ocr.glance import to_gray
from ocr.hopeless import hopeless, single
from ocr.judge import GIBBERISH_CONFIDENCE, Judged, better, is_real_word, judge, judge_words
from ocr.linerules import find_line_rules, in_column_blocks, without_line_rules
from ocr.options import OcrOptions
from ocr.preprocess import Preprocessed, preprocess
from ocr.probe import WEAK
from ocr.routing import READ_AS_LATIN, choose_lang, keep_better
from ocr.searchable_pdf import page_pdf
from ocr.stamps import unstamped
from ocr.tables import rule_pieces, ruled_table, unruled, without_marks
from ocr.tesseract import TesseractOutput, run_tesseract
from ocr.turns import other_ways, sideways, turn_wins


@dataclass(frozen=True)
class PageReading:
    """One way of reading a page: the preprocessed image, Tesseract's output, its judgement."""

    pre: Preprocessed
    out: TesseractOutput
    lang: str
    notes: tuple[str, ...]  # language routing, then orientation
    judged: Judged
    cpu: float = 0.0  # CPU seconds of this reading (preprocessing and Tesseract; this process and its children)

    @property
    def rotation(self) -> int:
        return self.pre.rotation


def read_upright(image: np.ndarray, dpi: int, options: OcrOptions, *, deadline: float,
                 ignore: tuple[tuple[int, int, int, int], ...] = (),
                 pdf_image: Callable[[Preprocessed], bool] = lambda pre: True) -> PageReading:
    """Preprocess and read the page; a proposed turn must read better than the page as scanned.

    ``pdf_image(pre)``: whether the page PDF of that preprocessing carries its own image (False
    when the original PDF page is reused under the text)."""

    def read_as(rotation: int | None, undo: frozenset[str] = frozenset(), opts: OcrOptions = options) -> PageReading:
        key = (id(image), rotation, undo, opts)
        if key in made:  # the same image read the same way again (a net asking for a turn another net read)
            return made[key]
        started, pre = _cpu(), preprocess(image, dpi, opts, ignore=ignore, rotation=rotation, undo=undo)
        how = single(options) if gave_up else options  # garbage both ways its words lie flat: one reading (ADR 0049)
        how = replace(how, lang_routing=False) if latin else how  # read as Latin once: the configured set (ADR 0052)
        reading = unstamped(pre, dpi, how.stamps, pdf_image(pre), lambda p, pdf: _read(p, dpi, how, deadline, pdf))
        reading = replace(reading, cpu=_cpu() - started)  # a stamp's frame at a slant painted out first (ADR 0050)
        done.append(reading)
        made[key], turns = reading, flat.setdefault((id(image), undo, opts), [])
        turns.append((reading.rotation, reading.judged))
        if not gave_up and hopeless(turns):
            gave_up.append(f"hopeless:after {len(done)} readings")
        latin.extend(n for n in reading.notes if READ_AS_LATIN in n and not latin)  # also _unrouted
        return reading

    done: list[PageReading] = []  # every reading made, for the safety net's cost
    made: dict[tuple, PageReading] = {}
    flat: dict[tuple, list[tuple[int, Judged]]] = {}  # (turn, judged) of the readings per image and undo
    gave_up: list[str] = []
    latin: list[str] = []  # a Devanagari-alone reading of the page was mostly Latin letters
    given = image
    image, screen, sure = descreened(image)  # a dithered scan is read as the grey it stood for (ADR 0039, 0045)
    scanned, (image, dots) = image, joined(image, dpi)  # a dot-matrix page's dots joined into strokes (ADR 0042)
    chosen, note = _orient(read_as, options)
    chosen, geometry = _without_doubts(chosen, read_as)
    chosen, turned = _reoriented(chosen, geometry, read_as, options)
    chosen, cleaned = _denoised(chosen, image, options, read_as)
    if (dots or not sure) and not chosen.judged.sound:  # not confirmed by its reading: the page as scanned, same turn
        image = given if not sure else scanned
        as_is = read_as(chosen.rotation)
        kept = better(chosen.judged, as_is.judged, same_turn=True)
        verdict = f",{'kept' if kept else 'undone'}({chosen.judged.note(True)} vs {as_is.judged.note(True)})"
        dots, screen = (dots + verdict, screen) if sure else (dots, screen + verdict)
        if not kept and not sure:  # the page read is the page as scanned: no note says it was descreened
            screen, dots = "screen" + screen[len("descreen"):], ""
        chosen = chosen if kept else as_is
    screen = ",".join(n for n in (screen, dots) if n)
    if len(done) == 1:
        return replace(chosen, notes=(screen, *chosen.notes)) if screen else chosen
    extra = sum(r.cpu for r in done if r is not chosen)  # what the safety net cost (CPU s)
    notes = [n for n in (screen, note, geometry, turned, cleaned, *gave_up) if n]
    notes[-1] += f",readings:{len(done)},extra:{extra:.2f}s"
    return PageReading(chosen.pre, chosen.out, chosen.lang, (*chosen.notes, *notes), chosen.judged, chosen.cpu)


def _orient(read_as: Callable[[int | None], PageReading], options: OcrOptions) -> tuple[PageReading, str]:
    """(the reading the right way up, a note when more than one way was read)."""
    first = read_as(None)
    if not options.orientation:
        return first, ""
    readings = {first.rotation: first}
    chosen, note = first, ""
    if first.rotation and not first.judged.sound:  # weak evidence: read the page as scanned too
        scanned = readings[0] = read_as(0)
        chosen = first if turn_wins(first.judged, first.rotation, scanned.judged, 0) else scanned
        note = f"orient:{'kept' if chosen is first else 'undone'} {first.rotation}({first.judged.note()}) vs 0({scanned.judged.note()})"
    rescued, why = _rescue(chosen, readings, read_as, first.pre.orientation_cue.startswith(WEAK))  # ADR 0055
    return rescued, (why if rescued is not chosen else note or why)


def _rescue(chosen: PageReading, readings: dict[int, PageReading], read_as: Callable[[int | None], PageReading],
            words: bool = False) -> tuple[PageReading, str]:
    """The other ways up, before the page is called unreadable (``readings``: the ways read already); a reading of
    no words is doubtful when another reading, or a weak probe (``words``, ADR 0055), found words (blank: no more).
    A way read on end points to the sideways ways, till one not doubtful wins. (reading kept, note; "" if none)."""
    if not (chosen.judged.doubtful or (not chosen.judged.words and (words or any(r.judged.words for r in readings.values())))):
        return chosen, ""
    given_up = chosen
    while (chosen is given_up or chosen.judged.doubtful) and (turns := other_ways(chosen.judged, chosen.rotation, {r: x.judged for r, x in readings.items()})):
        for rotation in turns:
            other = readings[rotation] = read_as(rotation)
            if turn_wins(other.judged, rotation, chosen.judged, chosen.rotation):
                chosen = other
    if chosen.judged.unreadable and 0 in readings and not sideways(readings[0].judged, chosen.judged, chosen.rotation):
        chosen = readings[0]  # garbage every way: the reviewer sees the page as scanned
    if chosen is not given_up:
        return chosen, f"orient:rescued {chosen.rotation}({chosen.judged.note()}) over {given_up.rotation}({given_up.judged.note()})"
    return chosen, f"orient:kept {chosen.rotation}({chosen.judged.note()})"


def _reoriented(chosen: PageReading, geometry: str, read_as: Callable[..., PageReading], options: OcrOptions
                ) -> tuple[PageReading, str]:
    """The turn was chosen on a reading that the geometry net then replaced (ADR 0035): when the reading
    kept is doubtful, the other ways up are read for it too, each weighed without its doubtful steps as
    well. A phone photo of a page on a desk, turned 90: the desk's edges said the page was upright and
    skewed 10 degrees; that reading found no words (not doubtful on its own), the page without the crop
    and deskew read 261 words, 97 % on end, and was kept sideways, flagged."""
    if not (geometry.startswith("geometry:undone") and options.orientation and chosen.judged.doubtful):
        return chosen, ""
    again, why = _rescue(chosen, {chosen.rotation: chosen}, read_as)
    if again is chosen:
        return chosen, ""
    again, _ = _without_doubts(again, read_as)
    return again, why


def _without_doubts(chosen: PageReading, read_as: Callable[[int | None, frozenset[str]], PageReading]
                    ) -> tuple[PageReading, str]:
    """Crop, deskew or denoise applied on weak evidence (ocr/evidence.py), or a small deskew whose reading
    is not clean (``Preprocessed.checks``, ocr/judge.py ``clean``): the page is read without them too
    (same turn), and the decisions stay only if their reading scores better; a tie keeps the page as
    scanned (ADR 0027). A doubtful crop is weighed against the page as scanned, i.e. with
    the deskew undone too: a crop is applied only with a deskew, and the page deskewed but uncut has
    its lid turned into dark wedges over the line ends, a page nobody scanned."""
    doubts = chosen.pre.doubts
    unconfirmed = () if chosen.judged.clean else tuple(c for c in chosen.pre.checks if c not in doubts)
    if not doubts and not unconfirmed:
        return chosen, ""
    plain = read_as(chosen.rotation, frozenset(doubts + unconfirmed) | ({"deskew"} if "crop" in doubts else set()))
    kept = better(chosen.judged, plain.judged, same_turn=True)  # words on end are the page's, not a wrong turn
    what = "+".join((*doubts, *(f"{c}[unconfirmed]" for c in unconfirmed)))
    note = f"geometry:{'kept' if kept else 'undone'} {what}({chosen.judged.note(True)}) vs none({plain.judged.note(True)})"
    return (chosen if kept else plain), note


def _denoised(chosen: PageReading, image: np.ndarray, options: OcrOptions,
              read_as: Callable[..., PageReading]) -> tuple[PageReading, str]:
    """A page that read as nothing or as garbage, speckled all over (ocr/evidence.py: isolated ink
    pixels, SPECKS): read again, every step as before, from its 3x3 median (a faded carbon copy or a
    grey photocopy scanned with sensor noise: Tesseract's global threshold turns the noise on a
    low-contrast page into specks and reads no words; the median leaves the strokes). Kept only if it
    scores better; the median is not weighed again against the page without it (that is ``chosen``)."""
    if options.denoise or not (chosen.judged.doubtful or not chosen.judged.words) or image.dtype != np.uint8:
        return chosen, ""
    gray = to_gray(image)
    specks = speck_share(gray[::2, ::2] if min(gray.shape) > 2000 else gray)
    if specks < SPECKS:
        return chosen, ""
    smooth = replace(options, denoise=True)

    def read_smooth(rotation: int | None, undo: frozenset[str] = frozenset()) -> PageReading:
        return read_as(rotation, undo, smooth)

    again, _ = _orient(read_smooth, options)
    again = replace(again, pre=replace(again.pre, doubts=tuple(d for d in again.pre.doubts if d != "denoise")))
    again, _ = _without_doubts(again, read_smooth)
    kept = turn_wins(again.judged, again.rotation, chosen.judged, chosen.rotation)
    what = f"{again.rotation}({again.judged.note()}) vs {chosen.rotation}({chosen.judged.note()}), specks {specks:.3f}"
    return (again if kept else chosen), f"denoise:{'rescued' if kept else 'tried'} {what}"


def _cpu() -> float:
    """CPU seconds of this process and its reaped children (Tesseract runs in one or the other)."""
    return time.process_time() + sum(getattr(resource.getrusage(resource.RUSAGE_CHILDREN), f) for f in ("ru_utime", "ru_stime"))


def _read_ruled(pre: Preprocessed, dpi: int, options: OcrOptions, deadline: float, pdf_image: bool) -> PageReading:
    """The page read as usual, or, on a ruled grid, without its rules when that reads soundly.

    On a page as scanned the table reading comes first, and the ordinary one only when it is not
    tidy or has stray words (``Judged.stray``). On a proposed turn the ordinary reading comes first (the shape
    cues often say 90 on an upright table: aligned columns) and the table reading follows only when that one
    is sound. The two are weighed by ``_weighed``."""
    if not (options.tables and ruled_table(pre.image, dpi)):
        return _read_lined(pre, dpi, options, deadline, pdf_image)
    if pre.rotation == 0:
        table = read_table(pre, dpi, options, deadline, pdf_image)
        if _clean(table) and _tidy(table.judged) and not table.judged.stray:  # a grid, read soundly, nothing astray
            return table
        plain = _read_plain(pre, dpi, options, deadline, pdf_image)  # an unsure table reading is no evidence
        return _weighed(table, plain) or replace(plain, notes=(*plain.notes, f"table:not sound({table.judged.note()})"))
    plain = _read_plain(pre, dpi, options, deadline, pdf_image)
    if plain.judged.sound:
        return _weighed(read_table(pre, dpi, options, deadline, pdf_image), plain, turned=True) or plain
    return plain


def _weighed(table: PageReading, plain: PageReading, turned: bool = False) -> PageReading | None:
    """The table reading, without the marks only it read (``_without_marks``) when not tidy, or the page read
    as usual when that is sound, tidy and has fewer stray words (ADR 0053); None: the table reading is not
    clean. The rules are what make the usual reading of a table read junk (a bar beside a short cell: "i",
    "[G"): without them a table reads no more stray words (the 20 upright tables of bench/ocr_shapes.py's
    tune half: 0-8 against 0-11). More means the block reading set in its lines what the usual reading's layout
    left out as no text: a court order sheet's signatures ("MD", "eas i Sse": 12 against 2, 65 edits against 7)."""
    if not _clean(table):
        return None
    if table.judged.stray > plain.judged.stray and plain.judged.sound and _tidy(plain.judged):
        return replace(plain, notes=(*plain.notes, f"table:stray({table.judged.stray} vs as usual {plain.judged.stray})"))
    if _tidy(table.judged):
        what = f"after({plain.judged.note()})" if turned else f"weighed({table.judged.stray} vs as usual {plain.judged.stray})"
        return replace(table, notes=(*table.notes, f"table:{what}"))
    return _without_marks(table, plain)


def _clean(table: PageReading) -> bool:
    """A table reading that counts: sound, and no rule left in it as bars between the cells."""
    return table.judged.sound and not rule_pieces(table.out.text)


def _tidy(judged: Judged) -> bool:
    """No line of gibberish, no unsure line, no word read twice: what ``_read_lined`` keeps as it is."""
    return not (judged.gibberish_lines or judged.unsure_lines or judged.duplicated)


def _without_marks(table: PageReading, plain: PageReading) -> PageReading:
    """A sound table reading that is not tidy, without the marks only it read as words (ADR 0044).

    Read as one block, every mark on the page is set in a line of text: a court order sheet's signatures came
    out as Latin letter groups ("eas i Sse") and a line a scrawl crossed was read twice (65 edits where the
    usual reading had 7). Junk adds no real word, so no score tells the two readings apart (70.1 and 69.5).
    The usual reading's layout analysis leaves such marks out as no text: the table reading's words read
    unsurely where the usual reading has none, and the copies of words read twice, are dropped
    (``ocr.tables.without_marks``); the rest of the table reading is kept as it was (the grid's rows in order,
    which no score sees; a word of the page read unsurely by both readings stays). Kept as it was when that
    would leave it not sound. An untidy table reading is weak evidence: a sound usual reading that scores more
    (more real words, read more surely) and keeps the rows' lines (``in_column_blocks``) is kept (ADR 0056)."""
    out, marks = without_marks(table.out, plain.out)
    tidied = replace(table, out=out, judged=judge(out)) if marks else table
    chosen = tidied if tidied.judged.sound else table
    what = f"without {marks} marks" if chosen is tidied and marks else "kept"
    if (plain.judged.sound and better(plain.judged, chosen.judged, same_turn=True)
            and not in_column_blocks(plain.out.words, table.out.words)):
        chosen, what = plain, "as usual"  # the page read as plain Tesseract reads it: no harm done
    return replace(chosen, notes=(*chosen.notes, f"table:{what}({tidied.judged.note()} vs as usual {plain.judged.note()})"))


def _read_lined(pre: Preprocessed, dpi: int, options: OcrOptions, deadline: float, pdf_image: bool) -> PageReading:
    """The page read as usual; with long rules under or through its lines (a note-sheet's ruling, a
    form's fill-in lines; ocr/linerules.py) and a reading that is not clean (words read twice, an unsure
    line, not sound), also read without them, and the better of the two kept, a word read twice
    counting once; a tie keeps the page as it is (ADR 0034). A clean reading is kept as it is: without
    its rules a partly ruled table read as column blocks (reading order, which no score sees)."""
    plain = _read_plain(pre, dpi, options, deadline, pdf_image)
    judged = plain.judged
    if judged.clean and not judged.duplicated and not judged.unsure_lines:
        return plain
    rules = find_line_rules(pre.image, dpi) if options.line_rules else None
    if not rules:
        return plain
    options = _unrouted(plain, options)
    bare = replace(pre, image=without_line_rules(pre.image, rules, dpi))
    unlined = _read_plain(bare, dpi, options, deadline, False)
    if unlined.out.pdf is not None and pdf_image:
        unlined = replace(unlined, out=replace(unlined.out, pdf=page_pdf(unlined.out.pdf, pre.image)))
    unlined = replace(_noted(unlined, plain), pre=pre)  # the page as preprocessed, rules and all (page PDF, word boxes)
    what = f"{len(rules.boxes)}" + (f",{rules.dotted} dotted" if rules.dotted else "")
    # a sound reading without the rules beats one as is that is not sound: what the rules were read as (a form's
    # dotted fill-in lines: ``०००``, ``oo``, ``©``, some of it "numbers") is what kept it from being sound
    kept = (better(unlined.judged, judged, same_turn=True) or (unlined.judged.sound and not judged.sound)
            ) and not in_column_blocks(unlined.out.words, plain.out.words)
    note = f"rules:{'unlined' if kept else 'kept'} {what}({unlined.judged.note(True)}) vs as is({judged.note(True)})"
    chosen = unlined if kept else plain
    return replace(chosen, notes=(*chosen.notes, note))


def _read(pre: Preprocessed, dpi: int, options: OcrOptions, deadline: float, pdf_image: bool) -> PageReading:
    """The page read as usual (``_read_ruled``); when that reading has runs of one glyph and the page lies in an
    ornamental frame (ocr/frame.py), also read with the frame painted out. That reading is kept when it scores
    more, or is sound where the reading as is is not, or when the reading as is has no listed word read surely
    in the frame's band (only what the chain reads as: ``०००``, ``00``, ``SOSO``, ``O``; a chain's short runs of
    zeros count as numbers, so the scores alone favour the frame) and the reading without the frame reads as
    many real words as the reading as is does inside it. A stamp paper's legend printed in the band is read
    as words and keeps the page as it is (ADR 0047)."""
    plain = _read_ruled(pre, dpi, options, deadline, pdf_image)
    if not (options.frames and ornament_read(plain.out.words)):
        return plain
    frame = find_frame(pre.image, dpi)
    if not frame:
        return plain
    options = _unrouted(plain, options)
    inside = _read_ruled(replace(pre, image=without_frame(pre.image, frame)), dpi, options, deadline, False)
    if inside.out.pdf is not None and pdf_image:
        inside = replace(inside, out=replace(inside.out, pdf=page_pdf(inside.out.pdf, pre.image)))
    inside = replace(_noted(inside, plain), pre=pre)  # the page as preprocessed, frame and all (page PDF, word boxes)
    new, old = inside.judged, plain.judged
    band = [w for w in plain.out.words if frame.holds(w)]
    within = judge_words(tuple(w for w in plain.out.words if not frame.holds(w)), "")
    kept = (better(new, old, same_turn=True) or (new.sound and not old.sound)
            or (not any(_lettered(w) for w in band) and new.real >= within.real))
    note = f"{frame.note()}:{'out' if kept else 'kept'}({new.note(True)} vs as is {old.note(True)})"
    chosen = inside if kept else plain
    return replace(chosen, notes=(*chosen.notes, note))


def _unrouted(reading: PageReading, options: OcrOptions) -> OcrOptions:
    """The options of the page's next reading: the configured set once a ``Devanagari`` reading was mostly Latin."""
    return replace(options, lang_routing=False) if any(READ_AS_LATIN in n for n in reading.notes) else options


def _noted(reading: PageReading, plain: PageReading) -> PageReading:
    """A reading made unrouted (``_unrouted``) noted as its routed reading would have been: read as Latin."""
    latin = [n for n in plain.notes if READ_AS_LATIN in n]
    routed = latin and reading.notes and reading.notes[0].startswith("lang:") and "(table)" not in reading.notes[0]
    return replace(reading, notes=(latin[0], *reading.notes[1:])) if routed else reading


def _lettered(word: Word) -> bool:
    """A word of the lists (not a number), read surely: text printed in a frame's band (a stamp paper's legend)."""
    return word.confidence >= GIBBERISH_CONFIDENCE and is_real_word(word.text) and any(c.isalpha() for c in word.text)


def _read_plain(pre: Preprocessed, dpi: int, options: OcrOptions, deadline: float, pdf_image: bool) -> PageReading:
    lang, route_note = choose_lang(pre.script, options)
    out = run_tesseract(pre.image, lang=lang, dpi=dpi, timeout=max(1.0, deadline - time.perf_counter()),
                        make_pdf=options.make_pdf, pdf_image=pdf_image, library=options.tesseract_library)
    on_end = 0.0
    if lang != options.lang:
        routed = out
        out, lang, fallback_note = keep_better(out, lang, pre.image, dpi, options,
                                               timeout=max(1.0, deadline - time.perf_counter()), pdf_image=pdf_image)
        route_note += fallback_note
        # The routed reading's words on end still tell a sideways page when the configured set's
        # reading is kept (an upright partly ruled table proposed at 90: eng read 108 words, 85 % on
        # end; Devanagari+eng 21 words, none on end, which alone looked sound: the turn stood).
        on_end = judge(routed).vertical if lang == options.lang else 0.0
    return PageReading(pre, out, lang, (route_note,), judge(out, on_end))


def read_table(pre: Preprocessed, dpi: int, options: OcrOptions, deadline: float, pdf_image: bool) -> PageReading:
    """A ruled table read without its rules, as one block of lines (psm 6), with the configured
    language set (a cell of digits has no Hindi line around it to route by); the page PDF carries
    the page as preprocessed, rules and all."""
    out = run_tesseract(unruled(pre.image, dpi), lang=options.lang, dpi=dpi, psm=6,
                        timeout=max(1.0, deadline - time.perf_counter()), make_pdf=options.make_pdf,
                        pdf_image=False, library=options.tesseract_library)
    if out.pdf is not None and pdf_image:
        out = replace(out, pdf=page_pdf(out.pdf, pre.image))
    judged = judge(out)
    return PageReading(pre, out, options.lang, (f"lang:{options.lang}(table)", f"table:unruled,psm6({judged.note()})"),
                       judged)
