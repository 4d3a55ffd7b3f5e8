"""Keyword/alias classifier over the taxonomy lexicon (no training, works for both scripts).

Text and lexicon go through the same Devanagari-safe tokenizer and light stemmer
(:func:`classify.taxonomy.term_tokens`), then a greedy longest-phrase match scans the tokens once.
Each matched term adds its weight (alias 3, phrase 1.5, word 1) to its department, with
diminishing returns for repeats (``sqrt(count)``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from classify.taxonomy import DEPARTMENTS, KEYS, UNKNOWN, term_tokens
from domain.types import Classification

ALIAS_WEIGHT = 3.0
PHRASE_WEIGHT = 1.5
WORD_WEIGHT = 1.0
# confidence = share_of_top * (1 - exp(-top_score / SATURATION)); one plain keyword ≈ 0.49.
SATURATION = 1.5


@dataclass(frozen=True, slots=True)
class _Term:
    tokens: tuple[str, ...]
    department: str
    weight: float
    surface: str


def _build_index() -> tuple[dict[str, _Term], dict[str, list[_Term]]]:
    """(single-token terms by token, multi-token terms by first token, longest first)."""
    best: dict[tuple[str, ...], _Term] = {}
    for dept in DEPARTMENTS:
        for surface, is_alias in [(a, True) for a in dept.aliases] + [(k, False) for k in dept.keywords]:
            toks = term_tokens(surface)
            if not toks:
                continue
            weight = ALIAS_WEIGHT if is_alias else (PHRASE_WEIGHT if len(toks) > 1 else WORD_WEIGHT)
            old = best.get(toks)
            if old is None or weight > old.weight:
                best[toks] = _Term(toks, dept.key, weight, surface)
    single: dict[str, _Term] = {}
    multi: dict[str, list[_Term]] = defaultdict(list)
    for term in best.values():
        if len(term.tokens) == 1:
            single[term.tokens[0]] = term
        else:
            multi[term.tokens[0]].append(term)
    for terms in multi.values():
        terms.sort(key=lambda t: len(t.tokens), reverse=True)
    return single, dict(multi)


_SINGLE, _MULTI = _build_index()


def match_terms(text: str) -> list[tuple[str, str, float]]:
    """(department, surface term, weight) for every lexicon match, greedy longest-first, in order."""
    toks = term_tokens(text)
    out: list[tuple[str, str, float]] = []
    single, multi = _SINGLE, _MULTI
    i, n = 0, len(toks)
    while i < n:
        tok = toks[i]
        step = 1
        cands = multi.get(tok)
        if cands is not None:
            for term in cands:
                k = len(term.tokens)
                if toks[i : i + k] == term.tokens:
                    out.append((term.department, term.surface, term.weight))
                    step = k
                    break
        if step == 1:
            term1 = single.get(tok)
            if term1 is not None:
                out.append((term1.department, term1.surface, term1.weight))
        i += step
    return out


def lexicon_scores(text: str) -> tuple[dict[str, float], dict[str, list[str]]]:
    """Raw score per department (all keys) and the matched terms per department, best first."""
    counts: dict[str, dict[str, tuple[int, float]]] = defaultdict(dict)
    for dept, surface, weight in match_terms(text):
        c, _ = counts[dept].get(surface, (0, weight))
        counts[dept][surface] = (c + 1, weight)
    raw = dict.fromkeys(KEYS, 0.0)
    evidence: dict[str, list[str]] = {}
    for dept, terms in counts.items():
        contrib = {s: w * math.sqrt(c) for s, (c, w) in terms.items()}
        raw[dept] = sum(contrib.values())
        evidence[dept] = sorted(contrib, key=lambda s: -contrib[s])
    return raw, evidence


class RulesClassifier:
    """Lexicon classifier. ``department`` is "unknown" when nothing matches or confidence is low."""

    method = "rules"

    def __init__(self, min_confidence: float = 0.35) -> None:
        if not 0.0 <= min_confidence <= 1.0:
            raise ValueError("min_confidence must be within 0..1")
        self.min_confidence = min_confidence

    def classify(self, text: str) -> Classification:
        raw, evidence = lexicon_scores(text)
        total = sum(raw.values())
        if total <= 0.0:
            return Classification(UNKNOWN, 0.0, dict.fromkeys(KEYS, 0.0), (), self.method)
        scores = {k: v / total for k, v in raw.items()}
        top = max(raw, key=lambda k: raw[k])
        confidence = scores[top] * (1.0 - math.exp(-raw[top] / SATURATION))
        dept = top if confidence >= self.min_confidence else UNKNOWN
        return Classification(
            dept, round(confidence, 4), scores, tuple(evidence.get(top, ())[:10]), self.method
        )
