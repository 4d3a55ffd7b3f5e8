"""Which of two readings of a page at different turns wins (ADR 0025, 0037, 0054); ocr/upright.py reads them.

Between turns the score is scaled by the share of words on end (ocr/judge.py): on a page turned a quarter
nearly every word stands on end as scanned and lies flat the right way up. That is the evidence for a turn. A
page can also hold **text both ways**: a file cover with its labels printed along the edges, a register whose
column heads are printed on end. Turned a quarter, such a page only swaps which of its words stand on end: both
readings have a fifth or more of their words on end and a fifth or more flat, and the scale then weighs which
kind of text the page has more of, not which way up it is. A cover of four short centred lines and two labels
along its edges (15 words on end, 9 flat; tests/adverseshapes.py "spine") read as scanned with 0.56 of its
words on end, at 270 with 0.35, and scored 6.7 against 6.9: it was turned, its lines then read on end
(docs/benchmarks.md, "Adversarial pages"). So between two such readings a quarter turn apart the page keeps the
way it is read (as scanned, or the turn already chosen): words on end are no evidence for a turn there, and
the worst harm is an upright page turned. A page turned a quarter reads nearly every word on end as scanned
(its text all one way): its right turn still wins, whatever share of words on end that turn has (a sideways
margin note, a stamp).
"""

from __future__ import annotations

from collections.abc import Mapping

from ocr.judge import GARBAGE_VERTICAL, SOUND_VERTICAL, Judged, better

# A reading holds text both ways with this share of its words on end or more, and this share flat or more:
# the share on end that keeps a reading from being sound (SOUND_VERTICAL, a fifth), either way.
BOTH_WAYS = SOUND_VERTICAL


def quarter(a: int, b: int) -> bool:
    """Two turns a quarter apart (90 or 270 between them)."""
    return (a - b) % 180 == 90


def both_ways(judged: Judged) -> bool:
    """A reading with text both ways: a fifth or more of its words on end and a fifth or more flat."""
    return judged.words > 0 and BOTH_WAYS <= judged.vertical <= 1.0 - BOTH_WAYS


def unreadable_by_words_on_end_alone(judged: Judged) -> bool:
    """An unreadable reading (``Judged.unreadable``) that is so only by its words on end, and holds text both ways:
    its flat words are real text (a cover upright with labels along its edges read 0.56 of its words on end), so
    it is indexed and flagged for review rather than kept out as garbage (ocr/read.py)."""
    return judged.unreadable and both_ways(judged) and not judged.garbled


def turn_wins(candidate: Judged, at: int, default: Judged, kept: int) -> bool:
    """The reading at turn ``at`` wins over the one kept at turn ``kept``: it scores more (``better``), unless the
    two are a quarter turn apart and both hold text both ways (then the page stays as it is read)."""
    if quarter(at, kept) and both_ways(candidate) and both_ways(default):
        return False
    return better(candidate, default)


def sideways(scanned: Judged, turned: Judged, at: int) -> bool:
    """The page as scanned (``scanned``) reads with its words on end and a sideways turn (``turned``, at turn
    ``at``) that scores more reads them lying flat: the page is sideways whatever the words say (ADR 0037). Word boxes are geometry, not word
    lists: a handwritten note-sheet turned 90 reads as garbage every way up (Tesseract cannot read the hand),
    and was kept sideways for the reviewer, every word of it on end, though read at 270 its words lay flat
    and it scored more (tests/handshapes.py, docs/benchmarks.md "Handwriting"). An upright page's words
    do not stand on end, so this never turns one; a page upside down reads its words flat and stays; a page
    whose readings a quarter turn apart both hold text both ways is not sideways (``turn_wins``)."""
    return (scanned.vertical >= GARBAGE_VERTICAL and turned.vertical < GARBAGE_VERTICAL and quarter(at, 0)
            and turned.score > scanned.score and not (both_ways(scanned) and both_ways(turned)))


def other_ways(chosen: Judged, at: int, readings: Mapping[int, Judged]) -> list[int]:
    """The ways up not read yet that a doubtful reading (``chosen``, at turn ``at``) points to: 180 from it, or
    90 and 270 when its words stand on end; and 90 and 270 from any other reading made whose words stood on end
    (a page turned 90 whose shape cues said 180: the 180 reading's words were on end, the reading as scanned's
    were not, and the page was called unreadable without trying the sideways ways)."""
    turns = (90, 270)
    wanted = {(at + turn) % 360 for turn in (turns if chosen.vertical >= GARBAGE_VERTICAL else (180,))}
    wanted |= {(rotation + turn) % 360 for rotation, judged in readings.items() if judged.vertical >= GARBAGE_VERTICAL
               for turn in turns}
    return sorted(wanted - set(readings))
