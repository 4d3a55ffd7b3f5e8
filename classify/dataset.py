"""Training rows: loading, the fixed hash split, hand-written and lexicon-derived extra examples.

Split (documented in docs/adr/0005): ``bucket = int(sha256(id)[:8], 16) % 100``;
``bucket < 70`` → "train", ``70 <= bucket < 85`` → "dev" (early stopping, temperature, blend weight),
``bucket >= 85`` → "test" (held out: only reported, never tuned on). Rows without ``id`` use the text.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable
from pathlib import Path

import regex

from classify.taxonomy import DEPARTMENTS, KEYS
from domain.text import devanagari_share, normalize

HANDWRITTEN = Path(__file__).parent / "data" / "handwritten.jsonl"


def split_of(row_id: str) -> str:
    bucket = int(hashlib.sha256(row_id.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else ("dev" if bucket < 85 else "test")


def row_lang(row: dict) -> str:
    lang = row.get("lang")
    if lang in ("hi", "en"):
        return str(lang)
    return "hi" if devanagari_share(str(row.get("text", ""))) >= 0.5 else "en"


def load_rows(path: Path) -> list[dict]:
    rows = []
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return rows


def split_rows(rows: Iterable[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {"train": [], "dev": [], "test": []}
    for row in rows:
        out[split_of(str(row.get("id") or row.get("text", "")))].append(row)
    return out


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def handwritten_rows() -> list[dict]:
    """Our own example sentences for departments without data (revenue, cooperative), both scripts."""
    return load_rows(HANDWRITTEN)


def lexicon_rows(per_dept: int = 30, seed: int = 13, langs: tuple[str, ...] = ("hi",)) -> list[dict]:
    """Pseudo-documents: random bags of a department's taxonomy terms in one script.

    They give the model Hindi vocabulary for every department (Hindi TRAIN rows are few, and
    panchayat has none) and some signal for revenue/cooperative. Deterministic for a seed.
    """
    rng = random.Random(seed)
    out = []
    for dept in DEPARTMENTS:
        terms = dept.aliases + dept.keywords
        for lang in langs:
            pool = [t for t in terms if (devanagari_share(t) >= 0.5) == (lang == "hi")]
            if len(pool) < 3:
                continue
            for _ in range(per_dept):
                k = rng.randint(3, min(8, len(pool)))
                out.append(
                    {
                        "text": " ".join(rng.sample(pool, k)),
                        "lang": lang,
                        "department": dept.key,
                        "source": "lexicon",
                    }
                )
    return out


def check_rows(rows: Iterable[dict]) -> list[dict]:
    """Rows with a text and a valid department key; others are skipped (counted by the caller)."""
    return [
        r
        for r in rows
        if isinstance(r.get("text"), str) and r["text"].strip() and r.get("department") in KEYS
    ]


GLOSSARY = Path(__file__).parent / "data" / "glossary_en_hi.tsv"
_EN_WORD_RE = regex.compile(r"[a-z0-9]+")


def load_glossary(path: Path = GLOSSARY) -> dict[tuple[str, ...], list[str]]:
    """English phrase (lower-case words) -> its Hindi renderings, from the hand-written glossary."""
    out: dict[tuple[str, ...], list[str]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        en, _, hi = line.partition("\t")
        key = tuple(_EN_WORD_RE.findall(en.casefold()))
        alts = [normalize(h) for h in hi.split("|") if h.strip()]
        if key and alts:
            out.setdefault(key, [])
            out[key] += [a for a in alts if a not in out[key]]
    return out


def _singulars(word: str) -> list[str]:
    out = []
    if word.endswith("ies") and len(word) > 4:
        out.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 4:
        out.append(word[:-2])
    if word.endswith("s") and len(word) > 3:
        out.append(word[:-1])
    return out


def translate_words(text: str, glossary: dict[tuple[str, ...], list[str]], rng: random.Random) -> list[str]:
    """The Hindi renderings of the glossary terms found in an English text, in text order (longest
    phrase first; a plural falls back to its singular; a term with several renderings gets a random
    one). Words without an entry are left out: the result is a Hindi bag of words, not a translation."""
    words = _EN_WORD_RE.findall(text.casefold())
    longest = max((len(k) for k in glossary), default=1)
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            key = tuple(words[i : i + n])
            alts = glossary.get(key)
            if alts is None and n == 1:
                alts = next((glossary[(s,)] for s in _singulars(words[i]) if (s,) in glossary), None)
            if alts is not None:
                out.append(alts[rng.randrange(len(alts))] if len(alts) > 1 else alts[0])
                i += n
                break
        else:
            i += 1
    return out


def glossary_rows(rows: Iterable[dict], n: int, seed: int = 17, min_terms: int = 3) -> list[dict]:
    """Up to ``n`` Hindi pseudo-documents made from English labelled rows with the glossary
    (:func:`translate_words`): the English data's subjects and label distribution in Hindi words
    (docs/adr/0005). Rows with fewer than ``min_terms`` glossary terms are skipped. Deterministic."""
    glossary = load_glossary()
    rng = random.Random(seed)
    english = [r for r in rows if row_lang(r) == "en"]
    english.sort(key=lambda r: hashlib.sha256(f"glossary:{r.get('id') or r['text']}".encode()).hexdigest())
    out: list[dict] = []
    for r in english:
        if len(out) >= n:
            break
        terms = translate_words(r["text"], glossary, rng)
        if len(terms) >= min_terms:
            out.append({"text": " ".join(terms), "lang": "hi", "department": r["department"], "source": "glossary",
                        "id": f"glossary:{r.get('id', '')}"})
    return out
