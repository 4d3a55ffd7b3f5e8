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

from classify.taxonomy import DEPARTMENTS, KEYS
from domain.text import devanagari_share

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
