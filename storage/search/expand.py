"""Query expansion through the vocabulary keys (ADR 0022), the same for both backends.

A query word may also match the indexed words that share one of its keys, in tiers, each weighted
below the word itself (1.0) so an exact match always ranks first:

- ``variant`` (0.9): same ``domain.hindi.norm_key`` (सम्बन्ध → संबंध, पाँच → पांच, कालेज → कॉलेज);
- ``inflection`` (0.8): same ``domain.hindi.stem_key`` (योजना → योजनाओं, किसान → किसानों);
- ``phonetic`` (0.7, less 0.05 per unit of sound distance): same ``domain.phonetic.skeleton``
  across scripts (khasra → खसरा, hospital → हॉस्पिटल, खसरा → khasra); a Devanagari word is not
  expanded phonetically to other Devanagari words (the variant and stem tiers cover those, and the
  skeleton alone would join किसान and कौसानी). Among the words sharing a skeleton only the closest
  in sound are kept (within ``PHONETIC_SLACK`` of the closest, at most ``PHONETIC_MAX_DISTANCE``).

The OCR-error tier (one edit, storage/search/vocab.py) stays as it was: it applies to a query word
that is not indexed, weighted below every key tier (``FUZZY_SCALE`` × trigram similarity).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from sqlalchemy import BindParameter, Connection, bindparam, text

from domain.hindi import (
    is_devanagari_word,
    loose_key,
    loose_spelling,
    loose_stem_key,
    may_share_lemma,
    norm_key,
    paradigm_keys,
    plural_forms,
    slip_spellings,
    spelling_alternatives,
    stem_key,
)
from domain.phonetic import (
    aspirates_in_excess,
    best_distance,
    fetch_skeletons,
    fetched_term_may_match,
    real_skeletons,
)
from domain.romanised import (
    acronym_of,
    letter_spellings,
    needs_romanised_spellings,
    romanised_spellings,
    spells_letters,
)

from .vocab import fuzzy_eligible

TIER_WEIGHTS = {"variant": 0.9, "inflection": 0.8, "phonetic": 0.7}
FUZZY_SCALE = 0.6  # a one-edit (OCR) expansion weighs 0.6 × its trigram similarity: below every key tier
PHONETIC_MIN_WEIGHT = 0.6  # phonetic weights stay in [0.6, 0.7]: the search runs them as one tier (base.PHONETIC_FLOOR)
PHONETIC_SLACK = 0.25
PHONETIC_MAX_DISTANCE = 2.0
ROMANISED_DISTANCE = 1.0  # a word spelt from the typed letters that the sound readings do not reach (rule 16)
PHONETIC_ROWS = 2000  # candidates read per query for phonetic keys (most frequent first)
MAX_KEY_EXPANSIONS = 8  # per query word
MIN_KEY_LEN = 3  # shorter words (के, की, कि, में) get only the spellings that keep vowel length (गई/गयी)


def _lookups(conn: Connection, asks: list[tuple[str, Iterable[str], int | None, str]]) -> list[list[tuple[str, int, str]]]:
    """Several key look-ups in one statement (one round trip): each ask is (column, keys, row
    limit, script: "" any, "latin" or "deva" terms only); returns the rows (term, n, key) of each
    ask, in order."""
    parts: list[str] = []
    params: dict[str, object] = {"deva": "\u0900"}  # terms before U+0900: no Devanagari letter first
    binds: list[BindParameter[object]] = []
    for i, (column, keys, limit, script) in enumerate(asks):
        keys = sorted(set(keys))
        if not keys:
            continue
        sql = f"SELECT {i} AS ask, term, n, {column} AS k FROM search_terms WHERE {column} IN :keys{i} AND n > 0"
        if script:
            sql += " AND term < :deva" if script == "latin" else " AND term >= :deva"
        if limit:
            sql += f" ORDER BY n DESC LIMIT {int(limit)}"
        parts.append(f"SELECT * FROM ({sql}) q{i}")
        params[f"keys{i}"] = keys
        binds.append(bindparam(f"keys{i}", expanding=True))
    out: list[list[tuple[str, int, str]]] = [[] for _ in asks]
    if not parts:
        return out
    for r in conn.execute(text(" UNION ALL ".join(parts)).bindparams(*binds), params):
        out[int(r[0])].append((r[1], int(r[2]), r[3]))
    return out


def key_expansions(conn: Connection, words: list[str]) -> dict[str, list[tuple[str, float]]]:
    """For each query word, the indexed words (not the word itself) sharing one of its keys, with
    their weights, best first (at most ``MAX_KEY_EXPANSIONS``). Indexed look-ups in two statements
    (the second: the spelling variants of the Devanagari words found phonetically, 0.05 below them;
    only when there are such words)."""
    # a two-character Devanagari word: only its spellings that keep vowel length (गई/गयी, not कि/की)
    short = [w for w in words if len(w) == MIN_KEY_LEN - 1 and is_devanagari_word(w)]
    # an acronym in either script: Latin letters and their names spelt in Devanagari (rule 18)
    spelt = {w: letter_spellings(w) for w in words if not is_devanagari_word(w)}
    letters = {w: acronym_of(w) for w in words if is_devanagari_word(w)}
    words = [w for w in words if len(w) >= MIN_KEY_LEN]
    deva = [w for w in words if is_devanagari_word(w)]
    # each Devanagari word's keys: its own, its alternative spellings' (checked by loose_key), its
    # short-word paradigm's and its ू/ई plural forms' (domain.hindi, ADR 0022 rules 5-7, 9)
    alts = {w: spelling_alternatives(w) for w in [*deva, *short]}
    nks = {w: {norm_key(w), *(norm_key(a) for a in alts[w])} for w in [*deva, *short]}
    pls = {w: {norm_key(f) for a in alts[w] for f in plural_forms(a)} for w in deva}
    sks = {w: {stem_key(w), *(stem_key(a) for a in alts[w]), *paradigm_keys(w)} for w in deva}
    # phonetic keys: the skeletons of every reading of the word, and (Latin words) the skeletons
    # only fetched with (domain.phonetic.fetch_skeletons, asked separately so they cannot crowd out
    # the others under the row limit); every candidate must share a real skeleton with the word
    eligible = [w for w in words if fuzzy_eligible(w)]
    pks = {w: {k for k in real_skeletons(w) if len(k) >= 2} for w in eligible}
    fks = {w: {k for k in fetch_skeletons(w) if len(k) >= 2} for w in eligible}
    # a Devanagari word is expanded phonetically to Latin words only: asked of the database as such
    latin_keys = {k for w, ks in pks.items() if not is_devanagari_word(w) for k in ks}
    deva_keys = {k for w, ks in pks.items() if is_devanagari_word(w) for k in ks} - latin_keys
    fetch_keys = {k for ks in fks.values() for k in ks} - latin_keys - deva_keys
    # a short or one-consonant Latin word: its Devanagari spellings' variant keys (those words have
    # no stored phonetic key: ऋण = rin, आज्ञा = aagya; domain.romanised.romanised_spellings, rule 16)
    rks = {w: romanised_spellings(w) for w in eligible if not is_devanagari_word(w) and needs_romanised_spellings(w)}
    norm_rows, stem_rows, latin_rows, deva_rows, fetch_rows, rom_rows, acr_rows, let_rows = _lookups(conn, [
        ("norm_key", {k for ks in [*nks.values(), *pls.values()] for k in ks}, None, ""),
        ("stem_key", {k for ks in sks.values() for k in ks}, None, ""),
        ("phon_key", latin_keys, PHONETIC_ROWS, ""), ("phon_key", deva_keys, PHONETIC_ROWS, "latin"),
        ("phon_key", fetch_keys, PHONETIC_ROWS, "deva"),
        ("norm_key", {k for ks in rks.values() for k in ks}, PHONETIC_ROWS, "deva"),
        ("norm_key", {k for ks in spelt.values() for k in ks}, None, "deva"),
        ("term", {t for t in letters.values() if t}, None, "latin")])
    by_norm, by_stem, by_rom = _by_key(norm_rows), _by_key(stem_rows), _by_key(rom_rows)
    acronyms = _acronym_matches(spelt, letters, acr_rows, let_rows)
    by_phon = _by_key([*latin_rows, *deva_rows, *(r for r in fetch_rows if fetched_term_may_match(r[0]))])
    spelled = {w: [c for k in ks for c in by_rom.get(k, [])] for w, ks in rks.items()}
    phon = {w: _phonetic(w, [*(c for k in pks.get(w, set()) | fks.get(w, set()) for c in by_phon.get(k, [])),
                             *spelled.get(w, [])], {t for t, _ in spelled.get(w, [])})
            for w in words}
    # the spelling variants of a Devanagari word found phonetically (college → कॉलेज → कालेज)
    found_deva = {t for ms in phon.values() for t, _, _ in ms if is_devanagari_word(t)}
    by_norm_p = _by_key(_lookups(conn, [("norm_key", {norm_key(t) for t in found_deva}, None, "")])[0])
    out: dict[str, list[tuple[str, float]]] = {
        w: [(t, TIER_WEIGHTS["variant"]) for k in nks[w] for t, _ in by_norm.get(k, [])
            if t != w and loose_spelling(t) == loose_spelling(w)][:MAX_KEY_EXPANSIONS] for w in short}
    for w, found_acr in acronyms.items():  # a word too short for the key tiers (DM, SP, डीएम) keeps these
        if found_acr and len(w) < MIN_KEY_LEN:
            out[w] = [*out.get(w, []), *((t, TIER_WEIGHTS["variant"]) for t, _ in found_acr)][:MAX_KEY_EXPANSIONS]
    for word in words:
        found: dict[str, tuple[float, int]] = {}

        def add(term: str, weight: float, n: int, word: str = word, found: dict[str, tuple[float, int]] = found) -> None:
            if term != word and weight > found.get(term, (0.0, 0))[0]:
                found[term] = (weight, n)

        for term, n in _spelling_matches(word, nks.get(word, set()), by_norm, loose_key):
            add(term, TIER_WEIGHTS["variant"], n)
        for term, n in acronyms.get(word, []):  # the same letters in the other script (rule 18)
            add(term, TIER_WEIGHTS["variant"], n)
        for term, n in _spelling_matches(word, sks.get(word, set()), by_stem, loose_stem_key, paradigm_keys(word),
                                         lemma_check=True):
            add(term, TIER_WEIGHTS["inflection"], n)
        for term, n in (r for k in pls.get(word, set()) for r in by_norm.get(k, [])):
            add(term, TIER_WEIGHTS["inflection"], n)
        for term, n, dist in phon[word]:
            weight = round(TIER_WEIGHTS["phonetic"] - 0.05 * dist, 4)  # 0.6 … 0.7
            add(term, weight, n)
            if is_devanagari_word(term):
                for variant, vn in by_norm_p.get(norm_key(term), []):
                    add(variant, max(round(weight - 0.05, 4), PHONETIC_MIN_WEIGHT), vn)
        ranked = sorted(found.items(), key=lambda x: (-x[1][0], -x[1][1], x[0]))
        out[word] = [(t, w) for t, (w, _) in ranked[:MAX_KEY_EXPANSIONS]]
    return out


def _spelling_matches(word: str, keys: set[str], by_key: dict[str, list[tuple[str, int]]],
                      check: Callable[[str], str], trusted: frozenset[str] = frozenset(),
                      lemma_check: bool = False) -> list[tuple[str, int]]:
    """The terms under ``keys``: under the word's own key (the stored rule) or a ``trusted`` key
    (its paradigm) all of them; under an alternative spelling's key only those whose ``check`` key
    (loose_key, loose_stem_key) equals the word's (आवन्टन for आवंटन; not सणत for संत). With
    ``lemma_check`` (the stem tier), a term not under a trusted key must also be a possible form of
    the word's lemma (``domain.hindi.may_share_lemma``, rule 15: not सूचना for सूची, नरसों for नर्स)."""
    own = {norm_key(word), stem_key(word), *trusted}
    out: list[tuple[str, int]] = []
    for key in keys:
        for term, n in by_key.get(key, []):
            if key in own or check(term) == check(word):
                if lemma_check and key not in trusted and not may_share_lemma(word, term):
                    continue
                out.append((term, n))
    return out


def slip_matches(conn: Connection, words: list[str]) -> dict[str, list[str]]:
    """For each Devanagari query word (the caller passes those printed on no page), the indexed
    words it stands for when typed with one slip (``domain.hindi.slip_spellings``, ADR 0022 rule 21),
    found by their variant key, most pages first. One statement."""
    slips = {w: {norm_key(a) for a in slip_spellings(w)} for w in words if len(w) >= MIN_KEY_LEN}
    by_norm = _by_key(_lookups(conn, [("norm_key", {k for ks in slips.values() for k in ks}, None, "deva")])[0])
    return {w: [t for t, _ in sorted(((t, n) for k in sorted(ks) for t, n in by_norm.get(k, []) if t != w),
                                     key=lambda x: (-x[1], x[0]))] for w, ks in slips.items()}


def _acronym_matches(spelt: dict[str, frozenset[str]], letters: dict[str, str], acr_rows: list[tuple[str, int, str]],
                     let_rows: list[tuple[str, int, str]]) -> dict[str, list[tuple[str, int]]]:
    """Each query word's terms in the other script with the same letters (rule 18): a Latin word's
    Devanagari spellings by letter names (``spelt``: their variant keys), a Devanagari word's Latin
    letters (``letters``). A Devanagari term found by the variant key must spell the names with their
    vowel length and nukta (``domain.romanised.spells_letters``: not एड़ी for AD, जिओ for GO)."""
    by_acr, by_let = _by_key(acr_rows), _by_key(let_rows)
    out = {w: [r for k in ks for r in by_acr.get(k, []) if spells_letters(r[0], w)] for w, ks in spelt.items()}
    out.update({w: by_let.get(t, []) for w, t in letters.items() if t})
    return out


def _by_key(rows: list[tuple[str, int, str]]) -> dict[str, list[tuple[str, int]]]:
    """Look-up rows (term, n, key) grouped by key."""
    grouped: dict[str, list[tuple[str, int]]] = {}
    for term, n, key in rows:
        grouped.setdefault(key, []).append((term, n))
    return grouped


def _phonetic(word: str, cands: list[tuple[str, int]], spelled: set[str] | None = None) -> list[tuple[str, int, float]]:
    """The candidates sharing a skeleton that sound closest to ``word`` (other scripts, or Latin
    to Latin), with their sound distance. ``spelled``: candidates spelt from the word's letters
    (``romanised_spellings``); one whose sound reading shares no skeleton with the word's (aay:
    the final y read as a vowel, आय) counts at ``ROMANISED_DISTANCE``."""
    deva = is_devanagari_word(word)

    def distance(t: str) -> float:
        d = best_distance(word, t)
        if d == math.inf and spelled and t in spelled and not aspirates_in_excess(word, t):
            return ROMANISED_DISTANCE
        return d

    scored = [(t, n, distance(t)) for t, n in dict(cands).items()
              if t != word and not (deva and is_devanagari_word(t))]
    scored = [(t, n, d) for t, n, d in scored if d < math.inf]  # no reading shares a skeleton: not kept
    if not scored:
        return []
    best = min(d for _, _, d in scored)
    bound = min(best + PHONETIC_SLACK, PHONETIC_MAX_DISTANCE)
    return [(t, n, d) for t, n, d in scored if d <= bound]
