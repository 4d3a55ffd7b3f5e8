"""Error rates for OCR output against ground truth.

- Text is normalised first: NFC, ZWJ/ZWNJ (and other zero-width characters) removed, Devanagari
  digits mapped to ASCII, whitespace collapsed (each line stripped, lines joined by one space).
- CER = character edit distance / reference characters; WER = the same over words.
- Per script: the whole page is aligned once (Levenshtein with back-trace); every edit is charged
  to the reference line it falls in (an insertion to the reference character before it), and each
  reference line is Devanagari or Latin by the majority of its letters. So a line that Tesseract
  garbled, merged or dropped is charged to its own script, whatever the OCR output's line breaks.
- Numbers, dates and file numbers: the share of the reference's tokens of each kind found intact
  in the output (they are what links files together).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import regex

_ZW = {ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff"}
_DEVA_DIGITS = {0x0966 + i: ord("0") + i for i in range(10)}
DATE_RE = regex.compile(r"(?<![\d.])\d{1,2}[./-]\d{1,2}[./-]\d{4}(?![\d.])")
FILE_NO_RE = regex.compile(r"(?<!\S)(?=[^\s]*\d)(?=[^\s]*/)[\p{L}\p{M}\d.()\-]+(?:/[\p{L}\p{M}\d.()\-]+)+")
NUMBER_RE = regex.compile(r"(?<![\d.,/])\d+(?:[.,]\d+)?(?![\d/])")


def norm_line(s: str) -> str:
    s = unicodedata.normalize("NFC", s).translate(_ZW).translate(_DEVA_DIGITS)
    return " ".join(s.split())


def norm_text(s: str) -> str:
    return " ".join(x for x in (norm_line(ln) for ln in s.splitlines()) if x)


def script_of(line: str) -> str:
    deva = sum(1 for c in line if "\u0900" <= c <= "\u097f" and c.isalpha())
    latin = sum(1 for c in line if c.isascii() and c.isalpha())
    return "deva" if deva >= latin else "latin"


def _dp(ref: list[int], hyp: list[int]) -> np.ndarray:
    """Full Levenshtein matrix (len(ref)+1) x (len(hyp)+1), row by row with numpy."""
    n, m = len(ref), len(hyp)
    d = np.empty((n + 1, m + 1), dtype=np.int32)
    d[0] = np.arange(m + 1)
    h = np.asarray(hyp, dtype=np.int64)
    ar = np.arange(m + 1)
    for i in range(1, n + 1):
        prev = d[i - 1]
        sub = prev[:-1] + (h != ref[i - 1])
        tmp = np.empty(m + 1, dtype=np.int64)
        tmp[0] = i
        tmp[1:] = np.minimum(prev[1:] + 1, sub)
        # insertions along the row: cur[j] = min_k<=j tmp[k] + (j - k)
        d[i] = np.minimum.accumulate(tmp - ar) + ar
    return d


def distance(ref: list[int], hyp: list[int]) -> int:
    if not ref:
        return len(hyp)
    if not hyp:
        return len(ref)
    return int(_dp(ref, hyp)[-1, -1])


def charged_edits(ref: list[int], hyp: list[int]) -> np.ndarray:
    """Edits charged to each reference position (insertions go to the position before)."""
    n, m = len(ref), len(hyp)
    cost = np.zeros(max(n, 1), dtype=np.int64)
    if n == 0:
        return cost
    d = _dp(ref, hyp)
    i, j = n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and d[i, j] == d[i - 1, j - 1] + (ref[i - 1] != hyp[j - 1]):
            cost[i - 1] += int(ref[i - 1] != hyp[j - 1])
            i, j = i - 1, j - 1
        elif i > 0 and d[i, j] == d[i - 1, j] + 1:
            cost[i - 1] += 1
            i -= 1
        else:
            cost[max(i - 1, 0)] += 1
            j -= 1
    return cost


@dataclass
class PageScore:
    chars: int
    char_errors: int
    words: int
    word_errors: int
    by_script: dict[str, list[int]]  # script -> [chars, errors]
    tokens: dict[str, list[int]]  # "numbers"/"dates"/"file_numbers" -> [found, total]

    @property
    def cer(self) -> float:
        return self.char_errors / max(self.chars, 1)

    @property
    def wer(self) -> float:
        return self.word_errors / max(self.words, 1)


def _tokens(text: str) -> dict[str, list[str]]:
    dates = DATE_RE.findall(text)
    fns = [f for f in FILE_NO_RE.findall(text) if not DATE_RE.fullmatch(f)]
    rest = DATE_RE.sub(" ", FILE_NO_RE.sub(" ", text))
    return {"numbers": NUMBER_RE.findall(rest), "dates": dates, "file_numbers": fns}


def score_page(reference: str, hypothesis: str) -> PageScore:
    ref_lines = [x for x in (norm_line(ln) for ln in reference.splitlines()) if x]
    ref = " ".join(ref_lines)
    hyp = norm_text(hypothesis)
    ref_codes, hyp_codes = [ord(c) for c in ref], [ord(c) for c in hyp]
    cost = charged_edits(ref_codes, hyp_codes)
    by_script: dict[str, list[int]] = {"deva": [0, 0], "latin": [0, 0]}
    pos = 0
    for k, line in enumerate(ref_lines):
        end = pos + len(line) + (1 if k < len(ref_lines) - 1 else 0)
        s = by_script[script_of(line)]
        s[0] += len(line)
        s[1] += int(cost[pos:end].sum())
        pos = end
    vocab: dict[str, int] = {}
    rw = [vocab.setdefault(w, len(vocab)) for w in ref.split()]
    hw = [vocab.setdefault(w, len(vocab)) for w in hyp.split()]
    hyp_tokens = _tokens(hyp)
    tokens: dict[str, list[int]] = {}
    for kind, ref_toks in _tokens(ref).items():
        pool = list(hyp_tokens[kind]) + (hyp_tokens["numbers"] if kind != "numbers" else [])
        found = 0
        for t in ref_toks:
            if t in pool:
                pool.remove(t)
                found += 1
        tokens[kind] = [found, len(ref_toks)]
    return PageScore(len(ref), int(cost.sum()) if ref else len(hyp), len(rw), distance(rw, hw), by_script, tokens)


def aggregate(scores: list[PageScore]) -> dict[str, float]:
    """Pooled rates (errors over all reference characters/words/tokens of the pages)."""
    out: dict[str, float] = {}
    c = sum(s.chars for s in scores) or 1
    out["cer"] = sum(s.char_errors for s in scores) / c
    out["wer"] = sum(s.word_errors for s in scores) / (sum(s.words for s in scores) or 1)
    for script in ("deva", "latin"):
        chars = sum(s.by_script[script][0] for s in scores)
        out[f"cer_{script}"] = sum(s.by_script[script][1] for s in scores) / chars if chars else float("nan")
    for kind in ("numbers", "dates", "file_numbers"):
        total = sum(s.tokens[kind][1] for s in scores)
        out[f"acc_{kind}"] = sum(s.tokens[kind][0] for s in scores) / total if total else float("nan")
    return out
