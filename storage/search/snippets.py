"""Snippets of a hit page, the same for both backends: about ``SNIPPET_TOKENS`` words around the
place with the most distinct matched words, matched words inside « », … where the text was cut."""

from __future__ import annotations

from functools import lru_cache

import regex

from domain.text import WORD_CHAR, iter_token_spans

MARK_START = "«"
MARK_END = "»"
SNIPPET_TOKENS = 16


@lru_cache(maxsize=256)
def _terms_regex(terms: frozenset[str]) -> regex.Pattern[str]:
    alts = "|".join(regex.escape(t) for t in sorted(terms, key=lambda t: (-len(t), t)))
    return regex.compile(rf"(?<!{WORD_CHAR})(?:{alts})(?!{WORD_CHAR})", regex.IGNORECASE)


def _best_window(spans: list[tuple[int, int, str]], hit: list[bool], width: int) -> int:
    """The first token of the window that holds the most distinct matched words."""
    best_start, best_score = 0, -1
    for i, is_hit in enumerate(hit):
        if not is_hit:
            continue
        start = max(0, i - 3)
        score = len({spans[j][2].casefold() for j in range(start, min(len(spans), start + width)) if hit[j]})
        if score > best_score:
            best_start, best_score = start, score
    return best_start


def make_snippet(page_text: str, terms: set[str], width: int = SNIPPET_TOKENS) -> str:
    """About ``width`` words around the first place with the most distinct matches; matched words
    inside « »; … where text was cut. Only a window around the first match is tokenised."""
    if not page_text:
        return ""
    first = _terms_regex(frozenset(terms)).search(page_text) if terms else None
    lo = max(0, first.start() - 80) if first else 0  # ~3 words before the first match
    hi = min(len(page_text), (first.end() if first else 0) + 25 * width)
    spans = [(s + lo, e + lo, w) for s, e, w in iter_token_spans(page_text[lo:hi])]
    if lo > 0 and spans and spans[0][0] == lo:
        spans = spans[1:]  # possibly cut in the middle of a word
    if hi < len(page_text) and spans and spans[-1][1] == hi:
        spans = spans[:-1]
    if not spans:
        return ""
    hit = [s[2].casefold() in terms for s in spans]
    best_start = _best_window(spans, hit, width)
    end = min(len(spans), best_start + width)
    out = []
    pos = spans[best_start][0]
    for j in range(best_start, end):
        s, e, word = spans[j]
        out.append(page_text[pos:s])
        out.append(f"{MARK_START}{word}{MARK_END}" if hit[j] else word)
        pos = e
    prefix = "…" if best_start > 0 or lo > 0 else ""
    suffix = "…" if end < len(spans) or hi < len(page_text) else page_text[pos:]
    return (prefix + "".join(out) + suffix).strip()
