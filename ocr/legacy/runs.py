"""Convert the legacy-font runs of a page's text, font by font.

A page can mix a legacy font (the Hindi body in Kruti Dev) with an ordinary one (the file number
and subject in Times New Roman): only the legacy runs are converted, each with the layout its
font's own text reads best in (:func:`ocr.legacy.registry.best_reading`). Fonts with too little
text to judge alone follow the layout the page's main legacy font chose, unless their text reads
as English. Extraction quirks are undone first: a symbol font's private-use code points
(U+F020-U+F0FF) and C1 control characters stand for the font's 8-bit codes, read as Windows-1252.
"""

from __future__ import annotations

from collections.abc import Sequence

from ocr.legacy.registry import FontReading, best_reading, layouts_for_font
from ocr.legacy.shape import Layout, convert
from ocr.reading import MIN_LETTERS, read


def legacy_char(ch: str) -> str:
    """The Windows-1252 character an 8-bit legacy font code stands for, when the extractor gave a
    private-use (symbol font) or C1 control code point; other characters unchanged."""
    code = ord(ch)
    if 0xF020 <= code <= 0xF0FF:
        code -= 0xF000
    if 0x80 <= code <= 0xFF:
        try:
            return bytes([code]).decode("cp1252")
        except UnicodeDecodeError:  # 0x81 0x8D 0x8F 0x90 0x9D: undefined, kept as C1 controls
            return chr(code)
    return ch if code == ord(ch) else chr(code)


def _decide(by_font: dict[str, str], looks_legacy: bool) -> dict[str, FontReading]:
    decisions: dict[str, FontReading] = {}
    small: list[str] = []
    for font, text in by_font.items():
        named = bool(layouts_for_font(font))
        if not named and not looks_legacy:
            continue
        if not named and read(text).letters < MIN_LETTERS:
            small.append(font)
            continue
        decisions[font] = best_reading(font, text, looks_legacy=looks_legacy)
    converted = [d for d in decisions.values() if d.layout is not None]
    main = max(converted, key=lambda d: d.reading.letters).layout if converted else None
    if main is not None:
        for font in small:
            raw = read(by_font[font])
            if not (raw.latin_words and raw.english_known >= 0.5):
                decisions[font] = FontReading(font, main, read(convert(by_font[font], main)), (("follows", 0.0),), False)
    return decisions


def convert_runs(chars: Sequence[tuple[str, str]], *, looks_legacy: bool) -> tuple[str, tuple[FontReading, ...]]:
    """(the page's text with its legacy runs converted, the decision for each font judged).

    ``chars`` are (character, font name) in text order. ``looks_legacy``: the page's text reads
    like a legacy encoding, so fonts with plain names are tried too; otherwise only fonts whose
    names point to a legacy family are."""
    by_font: dict[str, list[str]] = {}
    for ch, font in chars:
        by_font.setdefault(font, []).append(ch)
    texts = {font: "".join(legacy_char(c) for c in cs) for font, cs in by_font.items()}
    decisions = _decide(texts, looks_legacy)
    layout_of = {font: d.layout for font, d in decisions.items()}
    runs: list[tuple[Layout | None, list[str]]] = []
    for ch, font in chars:
        layout = layout_of.get(font)
        if ch in "\r\n \t" and runs:  # spaces and line breaks belong to the run they are in
            layout = runs[-1][0]
        if layout is not None:
            ch = legacy_char(ch)
        if runs and runs[-1][0] is layout:
            runs[-1][1].append(ch)
        else:
            runs.append((layout, [ch]))
    text = "".join(convert("".join(cs), layout) if layout else "".join(cs) for layout, cs in runs)
    return text, tuple(decisions.values())
