"""How good one reading of a page is, judged without ground truth (issue 17).

Used to choose between readings of the same page (turned or not, one language set or another) and
to tell a garbage reading (ocr/upright.py, ocr/routing.py). Built on ocr/reading.py's word lists:

- **score**: the sum of Tesseract's confidence over the words that are real words: Devanagari
  words of 2+ letters in the Hindi list, Latin words of 3+ letters in the English list, numbers
  of 2+ digits that an office file could print (``is_real_number``: not one digit over and over, not
  longer than any real number). An upside-down page reads as short Latin letter groups at confidence 0.3-0.5, few
  of them real words; the upright reading scores 3-10x more on the same page.
- **vertical**: the share of words (3+ letters or digits) whose box is taller than wide. Tesseract reads a
  page turned 90 degrees well enough, but its word boxes then stand on end: the page is sideways
  as read. The score is scaled by (1 - vertical). Two readings of the page at the same turn (crop,
  deskew or denoise undone, ADR 0027) are weighed without that scale (``better(..., same_turn=True)``):
  both stand the same way up, so their words on end are sideways text on the page (a margin note), and
  each counts as a word like any other.
- **junk** (legacy keystrokes, Latin-1 soup): the score is halved.
- **duplicated**: words whose box lies half or more over the box of a word read more surely. Text on a
  rule is read twice (ocr/linerules.py): every word once with a box of text and rule together, once
  with a box of its letters, in the same line. A word counts once in the score (the surer copy), and
  the score is scaled by (1 - share of words read twice): the copies that overlap less than half are
  not caught (on a note-sheet read twice, deduplicated, it still scored 167.4 against 166.7 read once).
  A reading with more than ``SOUND_DUPLICATED`` of its words read twice is not sound. Two words never
  share ink on a page read once, so a reading without such pairs scores as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from domain.types import Word
from ocr.reading import english_words, hindi_words, read
from ocr.tesseract import TesseractOutput

_TOKEN_EDGE = regex.compile(r"^[^\p{L}\p{M}\p{N}]+|[^\p{L}\p{M}\p{N}]+$")
_DEVA = regex.compile(r"[\u0900-\u0963\u0971-\u097F]+")
_LATIN = regex.compile(r"[A-Za-z]+")
_NUMBER = regex.compile(r"[0-9\u0966-\u096F][0-9\u0966-\u096F.,/:-]*[0-9\u0966-\u096F]")
_DIGITS = regex.compile(r"[0-9\u0966-\u096F]+")
# A numeral of one digit with a list's marks about it ("1", "1.", "(3)", "१", "2/"): a serial number, a list item,
# a day. Too little to count as a real word, not a stray one either (ADR 0057): a register's serial column read
# as a table is a word a row, and it is text, not a mark.
# Not 0: no serial number, list item or day is 0, and a ring or a dot read alone is "0"/"०" (a mark).
SERIAL = regex.compile(r"[(]?[1-9\u0967-\u096F][.)/]{0,2}")
_ASCII_DIGITS = str.maketrans("\u0966\u0967\u0968\u0969\u096a\u096b\u096c\u096d\u096e\u096f", "0123456789")
# What numbers office files print (ADR 0047): dates, file numbers (12/3/2004), amounts to ~12 digits with their
# separators, khasra numbers, phone numbers (10 digits), Aadhaar (12, often in groups of 4), bank accounts (9-18
# digits, unbroken). So a number has at most LONGEST_GROUP digits unbroken and LONGEST_NUMBER in all (two phone
# numbers joined, "9876543210/9123456789"), and no digit more than REPEATED times over and over unbroken or in
# more than GROUPS groups (a date 11.11.11, a time 11:11:11, an amount 1,11,11,111 are numbers; 0.0.0.0.0.0 is
# not): a frame's rings
# or a chain of diamonds read as "००००००…", a register of one-digit cells read row by row as a 28-digit "number"
# (tests/adverseshapes.py "digits") are not evidence of text.
LONGEST_GROUP, LONGEST_NUMBER, REPEATED, GROUPS = 18, 20, 5, 4
TALL = 1.2  # a word box this much taller than wide stands on end
# A reading is sound (a proposed turn needs no second reading) at: mean confidence 0.75 and more
# (upside-down or sideways readings of real pages: 0.14-0.51, issue 17), half its words real and at
# least 8 of them, under a fifth of its words on end, not junk.
SOUND_CONFIDENCE, SOUND_KNOWN, SOUND_WORDS, SOUND_VERTICAL = 0.75, 0.5, 8, 0.2
SOUND_DUPLICATED = 0.05  # ... and under this share of its words read twice (ocr/linerules.py)
OVERLAP = 0.5  # a word whose box lies this much (of the smaller box) over another's is read twice
# Look-ups (grid cells and boxes) read_twice may spend: so many a word, and so many more (a page of text: under
# 10 a word; garbage of 20,000 boxes piled up: 0.2 s at most, where the pairs took 30 s)
TWICE_BUDGET, TWICE_BUDGET_FLOOR = 32, 1 << 17
# Doubtful (worth reading the other ways up): under this many confident real words per word read,
# or most words on end. Unreadable (flagged for review, not indexed): still doubtful after that, at a
# mean confidence under 0.6 (a page of real but unlisted words, names or Sanskrit, reads confidently),
# or still on end; at least 3 words (a signature or a stamp alone is not a reading).
GARBAGE_QUALITY, GARBAGE_VERTICAL = 0.35, 0.5
UNREADABLE_CONFIDENCE, UNREADABLE_WORDS = 0.6, 3
# A line of a reading is gibberish at 2+ words, under 30 % of them real, mean confidence under 0.7.
GIBBERISH_REAL, GIBBERISH_CONFIDENCE = 0.3, 0.7


def is_real_word(token: str) -> bool:
    core = _TOKEN_EDGE.sub("", token)
    if not core:
        return False
    if _DEVA.fullmatch(core):
        return len(core) > 1 and core in hindi_words()
    if _LATIN.fullmatch(core):
        return len(core) >= 3 and core.lower() in english_words()
    return is_real_number(core)


def is_real_number(core: str) -> bool:
    """A number of 2+ digits (separators . , / : - between them) that an office file could print."""
    if not _NUMBER.fullmatch(core):
        return False
    groups = _DIGITS.findall(core.translate(_ASCII_DIGITS))
    digits = "".join(groups)
    return (max(len(g) for g in groups) <= LONGEST_GROUP and len(digits) <= LONGEST_NUMBER
            and not (len(digits) > REPEATED and len(set(digits)) == 1
                     and (max(len(g) for g in groups) > REPEATED or len(groups) > GROUPS)))


@dataclass(frozen=True)
class Judged:
    """What a reading of a page is worth, judged without ground truth."""

    score: float  # confidence summed over real words, x (1 - vertical), halved when junk
    words: int  # tokens with a letter or digit
    real: int  # ... that are real words
    vertical: float  # share of words (3+ letters or digits) on end: the page was read sideways
    confidence: float  # mean word confidence
    junk: bool

    @property
    def quality(self) -> float:
        """Confident real words per word read (0..1)."""
        return self.score / self.words if self.words else 0.0

    @property
    def sound(self) -> bool:
        return (self.confidence >= SOUND_CONFIDENCE and self.real >= SOUND_WORDS
                and self.real >= SOUND_KNOWN * self.words and self.vertical < SOUND_VERTICAL and not self.junk
                and self.duplicated <= SOUND_DUPLICATED * self.words)

    gibberish_lines: int = 0  # lines of 2+ words, few real, read unsurely
    # ... the same, counting as real only the words read surely (at GIBBERISH_CONFIDENCE or more): every
    # gibberish line and more. ``eng`` reads a Devanagari line as Latin letter groups, some of them listed
    # words ("FRA", "grat", "caren") read at 0.1-0.5 that hid the line from ``gibberish_lines`` (issue 17
    # point 3: an A5 page of three English lines and a Hindi one); routing to ``eng`` alone needs none.
    unsure_lines: int = 0
    # The score before the (1 - vertical) scale (still halved when junk); None: as ``score`` (a reading
    # made up in a test). What two readings at the same turn are weighed by.
    unscaled: float | None = None
    duplicated: int = 0  # words whose box lies half or more over a surer word's box: text read twice
    # Words of no list (not real), read unsurely (under GIBBERISH_CONFIDENCE), not copies, not a one-digit serial
    # number (``SERIAL``, ADR 0057): what a mark that is not text reads as (a signature: "eas i Sse"; a bar beside a
    # cell: "i", "[G"). Two readings of one page weigh it (ADR 0053): a page's own unlisted words (names) are read
    # by both, its marks as words by one.
    stray: int = 0


    @property
    def same_turn_score(self) -> float:
        return self.score if self.unscaled is None else self.unscaled

    @property
    def clean(self) -> bool:
        """Sound, and no line of gibberish: nothing in it that another reading of the page could win back."""
        return self.sound and not self.gibberish_lines

    @property
    def doubtful(self) -> bool:
        # words on end carried over from another reading of the image count with no words read
        return (self.words > 0 and self.quality < GARBAGE_QUALITY) or self.vertical >= GARBAGE_VERTICAL

    @property
    def garbled(self) -> bool:
        """Few confident real words, read unsurely: garbage whichever way its words lie."""
        return self.quality < GARBAGE_QUALITY and self.confidence < UNREADABLE_CONFIDENCE

    @property
    def unreadable(self) -> bool:
        return self.words >= UNREADABLE_WORDS and (self.vertical >= GARBAGE_VERTICAL or self.garbled)

    def note(self, same_turn: bool = False) -> str:
        """``same_turn``: the score that two readings at the same turn are weighed by (``better``)."""
        score = self.same_turn_score if same_turn else self.score
        return (f"{score:.1f}/{self.words}w" + (f",v{self.vertical:.2f}" if self.vertical >= 0.05 else "")
                + (f",d{self.duplicated}" if self.duplicated else ""))


def judge(out: TesseractOutput, on_end: float = 0.0) -> Judged:
    return judge_words(out.words, out.text, on_end)


def judge_words(words: tuple[Word, ...], text: str, on_end: float = 0.0) -> Judged:
    """``on_end``: the share of words on end that another reading of the same image showed (word
    boxes are geometry: a language set that reads fewer words does not make the page less sideways);
    the larger share counts."""
    counted = [w for w in words if any(c.isalnum() for c in w.text)]
    twice = read_twice(counted)
    real = [w for i, w in enumerate(counted) if i not in twice and is_real_word(w.text)]
    # numbers count: on a page of figures they are most of the words, and the column of list numbers
    # ("1.", "2.", ...) read down the page as one word on end must not outvote them
    long = [w for w in counted if sum(c.isalnum() for c in w.text) >= 3]
    vertical = sum(1 for w in long if w.height > TALL * w.width) / len(long) if long else 0.0
    vertical = max(vertical, on_end)
    junk = read(text).junk if text else False
    # a reading with words read twice is scaled down by their share, as one with words on end: its lines
    # were found wrong (Tesseract made one line of text and rule), and the copies are not all caught
    unscaled = sum(w.confidence for w in real) * (0.5 if junk else 1.0) * (1.0 - len(twice) / len(counted) if counted else 1.0)
    score = unscaled * (1.0 - vertical)
    conf = sum(w.confidence for w in counted) / len(counted) if counted else 0.0
    lines: dict[int, list[Word]] = {}
    for w in counted:
        lines.setdefault(w.line, []).append(w)
    gibberish = unsure = 0
    stray = sum(1 for i, w in enumerate(counted) if i not in twice and w.confidence < GIBBERISH_CONFIDENCE
                and not is_real_word(w.text) and not SERIAL.fullmatch(w.text))
    for ws in lines.values():
        if len(ws) < 2 or sum(w.confidence for w in ws) / len(ws) >= GIBBERISH_CONFIDENCE:
            continue
        gibberish += sum(1 for w in ws if is_real_word(w.text)) < GIBBERISH_REAL * len(ws)
        unsure += sum(1 for w in ws if w.confidence >= GIBBERISH_CONFIDENCE and is_real_word(w.text)) < GIBBERISH_REAL * len(ws)
    return Judged(round(score, 3), len(counted), len(real), round(vertical, 3), round(conf, 3), junk, gibberish, unsure,
                  round(unscaled, 3), len(twice), stray)


def read_twice(words: list[Word]) -> set[int]:
    """Indices of the words whose box lies ``OVERLAP`` or more (of the smaller box) over the box of a word
    read more surely (of two equally sure, the later one): the copies of text read twice.

    Such a pair overlaps by half the smaller box's width and half its height, so the smaller box's centre
    lies in the larger box. The words are taken surest first, each against the surer ones near it on a
    grid of about a word's size: those covering its centre's cell (a larger box holding its centre) and
    those whose centre lies in a cell it covers (a smaller box centred in it); it is a copy at the first
    that overlaps it by half. A page of text costs a few look-ups a word. A reading of thousands of wide
    boxes piled on each other (garbage) could cost n squared: past its budget of look-ups
    (``TWICE_BUDGET``), the words not yet looked at (the least sure) count as read twice, so such a
    reading is not sound and scores less, never more, than it would have."""
    n = len(words)
    if n < 2:
        return set()
    order = sorted(range(n), key=lambda i: (-words[i].confidence, i))
    # cells of a median word (doubled coordinates: a centre is 2 x left + width), between a 64th and a 16th
    # of the words' extent (a reading of page-wide boxes would make one cell of the page)
    gx, gy = (2 * max(4, min(max(sorted(sizes)[n // 2], span // 64), span // 16)) for sizes, span in (
        ([w.width for w in words], max(w.left + w.width for w in words)),
        ([w.height for w in words], max(w.top + w.height for w in words))))
    covering: dict[tuple[int, int], list[int]] = {}  # cell -> the surer words whose box covers it
    centred: dict[tuple[int, int], list[int]] = {}  # cell -> the surer words whose centre lies in it
    budget = TWICE_BUDGET * n + TWICE_BUDGET_FLOOR
    twice: set[int] = set()
    for done, i in enumerate(order):
        a = words[i]
        x0, x1 = 2 * a.left // gx, 2 * (a.left + a.width) // gx
        y0, y1 = 2 * a.top // gy, 2 * (a.top + a.height) // gy
        centre = ((2 * a.left + a.width) // gx, (2 * a.top + a.height) // gy)
        spans = [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]
        larger, smaller = covering.get(centre, []), [centred[c] for c in spans if c in centred]
        budget -= len(spans) + len(larger) + sum(len(js) for js in smaller)  # counted before they are looked at
        if budget < 0:
            twice.update(order[done:])
            break
        if any(_half_over(a, words[j]) for js in (larger, *smaller) for j in js):
            twice.add(i)
        for c in spans:
            covering.setdefault(c, []).append(i)
        centred.setdefault(centre, []).append(i)
    return twice


def _half_over(a: Word, b: Word) -> bool:
    dx = min(a.left + a.width, b.left + b.width) - max(a.left, b.left)
    dy = min(a.top + a.height, b.top + b.height) - max(a.top, b.top)
    return dx > 0 and dy > 0 and dx * dy >= OVERLAP * min(a.width * a.height, b.width * b.height)


def better(candidate: Judged, default: Judged, *, same_turn: bool = False) -> bool:
    """The candidate reading wins only when it scores more than the default (a tie keeps the default).

    ``same_turn``: both readings are of the page the same way up (crop, deskew or denoise undone): words
    on end do not scale the score down, each counts as a word. Between turns they must: there the share
    on end is the sign that a reading is sideways. Measured (issue 17, margin letters of
    tests/freshshapes.py, tuning seeds): a deskewed reading that lost the sideways margin note lost its
    words on end with it, and the scale made it the better reading (5-12 words fewer)."""
    if same_turn:
        return candidate.same_turn_score > default.same_turn_score
    return candidate.score > default.score


