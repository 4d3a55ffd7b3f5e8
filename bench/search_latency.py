"""Search latency at scale: p50/p95 of `SearchIndex.search` on SQLite FTS5 and PostgreSQL.

    .venv/bin/python bench/search_latency.py [--pages 200000] [--backends sqlite,postgresql]
                                             [--queries 100] [--keep] [--write-doc]

Generates a synthetic corpus (fixed seed): documents of 5 pages, each page ~160 words of office
text — 75 % Hindi words from a Zipf-distributed lexicon (real office words + generated Devanagari
words standing in for names and places), 25 % English, plus file numbers and dates; 1 % of words
carry a one-character OCR error (ष→श, a lost vowel sign, a wrong Latin letter), so the vocabulary
grows with the corpus as a real OCR archive's does. Each backend is built in its own process
(in parallel) through the real `index_documents` code path, then queried with:

  hi-1       one Hindi word (Zipf rank >= 50: names, places, subjects)
  hi-1-top   one of the 50 most frequent Hindi words (worst case: matches most pages)
  hi-2       two Hindi words (AND)
  hi-fuzzy   a Hindi word with a one-character error that is in no page
  hi-1-dept  hi-1 within one department (a department user's scope)
  en-1, en-2 one / two English words
  en-fuzzy   an English word with a one-letter error
  (issue 18: every kind above now runs with expansion by the vocabulary keys, ADR 0022)
  hi-1-exact hi-1 with exact=True (the reference: no key expansion)
  hi-variant a lexicon word in another standard spelling (सम्बन्ध for संबंध, ँ for ं, nukta, ि/ी)
  hi-inflect a lexicon word with a plural/oblique ending (ों, ें, ाओं) or its base form
  romanised  a Hindi lexicon word typed in Latin letters (simple transliteration, no vowel length)
  loanword   an English word that Hindi prints in Devanagari (budget, police, pension, bank …)
  rom-dept   romanised within one department

Target (issue 5): p95 <= 100 ms at 1 000 000 pages on both backends. PostgreSQL must be
reachable on 127.0.0.1 (started if needed, tests/services/postgres.py); the bench database is
dropped at the end unless --keep. SQLite files go to bench/out/search/ (git-ignored; deleted at
the end unless --keep). With --keep a second run reuses both corpora (migrating them to the
current schema first) and only measures.

Cost at 1 000 000 pages (2 vCPU under load 4-9): about an hour to build both backends in
parallel (~300 pages/s SQLite, ~250 pages/s PostgreSQL, most of it GIN upkeep), 4.9 GB SQLite +
5.5 GB PostgreSQL; the measurement itself takes about a minute. Results: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SEED = 20240611
PAGES_PER_DOC = 5
WORDS_PER_PAGE = 160
NOISE = 0.01
CHUNK_DOCS = 400
DEPARTMENTS = ["revenue", "education", "panchayat", "wcd", "agriculture", "health", "forest", "tribal_welfare",
               "pwd", "urban", "cooperative", "labour", "police", "election", "general_admin"]

HINDI = """कार्यालय जिला शिक्षा अधिकारी कलेक्टर तहसील तहसीलदार पटवारी ग्राम पंचायत सरपंच सचिव विभाग आदेश
पत्र क्रमांक दिनांक विषय संदर्भ महोदय निवेदन आवेदन प्रमाण पत्र भूमि खसरा खतौनी नक्शा राजस्व निरीक्षक
कृषि किसान बीज खाद सिंचाई फसल बीमा योजना महिला बाल विकास आंगनवाड़ी कार्यकर्ता पोषण स्वास्थ्य केन्द्र
चिकित्सा टीकाकरण अस्पताल वन वनमंडल लकड़ी परिवहन आदिवासी कल्याण छात्रावास छात्रवृत्ति लोक निर्माण सड़क
भवन निर्माण नगर पालिका परिषद सहकारी समिति श्रम मजदूरी पुलिस थाना अपराध निर्वाचन मतदाता सूची सामान्य
प्रशासन स्थापना वेतन भत्ता अवकाश स्थानांतरण नियुक्ति पदोन्नति बजट आवंटन व्यय स्वीकृति राशि रुपये भुगतान
जांच प्रतिवेदन कार्यवाही सूचना बैठक कार्यवृत्त निर्देश पालन सुनिश्चित करें उपरोक्त अनुसार संलग्न प्रति
प्रेषित सहायक अभियंता उपयंत्री ठेकेदार निविदा अनुबंध कार्य पूर्ण प्रगति शिक्षक विद्यालय प्राचार्य परीक्षा
परिणाम मध्याह्न भोजन पेंशन वृद्धावस्था विधवा दिव्यांग हितग्राही सूची सत्यापन आधार बैंक खाता""".split()
ENGLISH = """office district collector order letter subject reference application certificate land record
revenue inspector agriculture farmer seed fertilizer irrigation crop insurance scheme women child
development health centre hospital vaccination forest transport tribal welfare hostel scholarship public
works road building municipal council cooperative society labour wages police station election voter list
general administration establishment salary allowance leave transfer appointment promotion budget
allotment expenditure sanction amount payment inquiry report action meeting minutes direction compliance
attached copy forwarded assistant engineer contractor tender agreement progress teacher school principal
examination result pension beneficiary verification account circular memorandum notice hearing
appeal case file department secretary deputy commissioner""".split()
CONSONANTS = "कखगघचछजझटठडढतथदधनपफबभमयरलवशषसह"
MATRAS = ["", "ा", "ि", "ी", "ु", "ू", "े", "ै", "ो", "ौ", "ं"]
CONFUSE = {"ष": "श", "श": "ष", "ब": "व", "व": "ब", "म": "भ", "भ": "म", "घ": "ध", "ध": "घ", "ा": "", "ि": "ी",
           "ी": "ि", "े": "ै", "ु": "ू"}
LATIN = "abcdefghijklmnopqrstuvwxyz"


def lexicons() -> tuple[list[str], list[str]]:
    rnd = random.Random(SEED)
    hi = list(HINDI)
    seen = set(hi)
    while len(hi) < 30000:  # names, villages, rarer words
        w = "".join(rnd.choice(CONSONANTS) + rnd.choice(MATRAS) for _ in range(rnd.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            hi.append(w)
    en = list(ENGLISH)
    seen = set(en)
    syll = ["ka", "ra", "ma", "sh", "ar", "in", "pur", "nag", "dev", "lal", "son", "ti", "ve", "ko", "ud", "ya"]
    while len(en) < 8000:
        w = "".join(rnd.choice(syll) for _ in range(rnd.randint(2, 4)))
        if w not in seen:
            seen.add(w)
            en.append(w)
    return hi, en


def ocr_error(word: str, rnd: random.Random) -> str:
    spots = [i for i, ch in enumerate(word) if ch in CONFUSE]
    if spots:
        i = rnd.choice(spots)
        return word[:i] + CONFUSE[word[i]] + word[i + 1:]
    if word.isascii() and len(word) > 3:
        i = rnd.randrange(1, len(word))
        return word[:i] + (rnd.choice(LATIN) if rnd.random() < 0.5 else "") + word[i + 1:]
    return word[:-1] if len(word) > 3 else word


class Corpus:
    def __init__(self) -> None:
        import numpy as np

        self.hi, self.en = lexicons()
        self.hi_cum = np.cumsum(1.0 / np.arange(1, len(self.hi) + 1))
        self.en_cum = np.cumsum(1.0 / np.arange(1, len(self.en) + 1))

    def document(self, i: int) -> tuple[dict, list[tuple[int, str]]]:
        import numpy as np

        rng = np.random.default_rng(SEED + i)
        rnd = random.Random(SEED * 7 + i)
        meta = {
            "department": DEPARTMENTS[i % len(DEPARTMENTS)],
            "file_number": f"{i % 997}/{i % 13 + 1}/{2000 + i % 24}/{DEPARTMENTS[i % len(DEPARTMENTS)][:3].title()}",
            "doc_date": date(2000, 1, 1) + timedelta(days=i % 9000),
        }
        pages = []
        n_hi = int(WORDS_PER_PAGE * 0.75)
        for p in range(1, PAGES_PER_DOC + 1):
            hi_idx = np.searchsorted(self.hi_cum, rng.random(n_hi) * self.hi_cum[-1])
            en_idx = np.searchsorted(self.en_cum, rng.random(WORDS_PER_PAGE - n_hi) * self.en_cum[-1])
            words = [self.hi[k] for k in hi_idx] + [self.en[k] for k in en_idx]
            rnd.shuffle(words)
            for j in range(len(words)):
                if rnd.random() < NOISE:
                    words[j] = ocr_error(words[j], rnd)
            words.insert(rnd.randrange(len(words)), f"क्रमांक {meta['file_number']} दिनांक {meta['doc_date']:%d.%m.%Y}")
            pages.append((p, " ".join(words) + "।"))
        return meta, pages


# -- building ----------------------------------------------------------------------------------
def build(backend: str, url: str, pages: int, log: Path) -> None:
    from sqlalchemy import func, insert, select

    from storage.db import init_schema, open_engine
    from storage.schema import batches, documents, source_files
    from storage.search import open_index

    out = open(log, "a", buffering=1)
    engine = open_engine(url)
    init_schema(engine)
    n_docs = pages // PAGES_PER_DOC
    with engine.connect() as c:
        have = c.execute(select(func.count()).select_from(documents)).scalar_one()
    if have == n_docs:
        out.write(f"{backend}: reusing {have} documents\n")
        return
    if have:
        raise SystemExit(f"{backend}: database has {have} documents, expected 0 or {n_docs}; use a fresh one")
    corpus = Corpus()
    index = open_index(engine)
    now = datetime.now(UTC)
    with engine.begin() as c:
        c.execute(insert(batches).values(id="bench", name="bench", operator="", status="done", created_at=now))
    t0 = time.perf_counter()
    for start in range(0, n_docs, CHUNK_DOCS):
        ids = range(start, min(n_docs, start + CHUNK_DOCS))
        docs = [(f"doc{i:08d}", *corpus.document(i)) for i in ids]
        with engine.begin() as c:
            c.execute(insert(source_files), [{"sha256": f"{d[0]:0>64}", "kind": "pdf", "size": 1, "name": d[0],
                                              "stored_at": now} for d in docs])
            c.execute(insert(documents), [{"id": d[0], "sha256": f"{d[0]:0>64}", "batch_id": "bench", "name": d[0],
                                           "grp": "", "kind": "pdf", "status": "done", "pages": PAGES_PER_DOC,
                                           "created_at": now, **d[1]} for d in docs])
        index.index_documents([(d[0], d[2]) for d in docs])
        done = (start + len(ids)) * PAGES_PER_DOC
        if (start // CHUNK_DOCS) % 25 == 0 or done >= pages:
            rate = done / (time.perf_counter() - t0)
            out.write(f"{backend}: {done} pages, {rate:.0f} pages/s\n")
    if backend == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            from sqlalchemy import text

            c.execute(text("VACUUM ANALYZE"))
    out.write(f"{backend}: built {pages} pages in {time.perf_counter() - t0:.0f} s\n")
    engine.dispose()


# -- querying ----------------------------------------------------------------------------------
def query_sets(n: int) -> dict[str, list[dict]]:
    hi, en = lexicons()
    rnd = random.Random(SEED + 1)
    hi_known = set(hi)
    en_known = set(en)

    def fuzzy(words: list[str], known: set[str], lo: int, hi_rank: int) -> str:
        while True:
            w = words[rnd.randrange(lo, hi_rank)]
            if len(w) < 4:
                continue
            e = ocr_error(w, rnd) if rnd.random() < 0.5 else w[:-1] + ("ब" if not w.isascii() else "q")
            if e != w and e not in known:
                return e

    sets: dict[str, list[dict]] = {
        "hi-1": [{"q": hi[rnd.randrange(50, len(hi))]} for _ in range(n)],
        "hi-1-top": [{"q": hi[rnd.randrange(0, 50)]} for _ in range(n)],
        "hi-2": [{"q": f"{hi[rnd.randrange(10, 3000)]} {hi[rnd.randrange(10, 3000)]}"} for _ in range(n)],
        "hi-fuzzy": [{"q": fuzzy(hi, hi_known, 20, 5000)} for _ in range(n)],
        "hi-1-dept": [{"q": hi[rnd.randrange(50, len(hi))], "departments": [rnd.choice(DEPARTMENTS)]} for _ in range(n)],
        "en-1": [{"q": en[rnd.randrange(20, len(en))]} for _ in range(n)],
        "en-2": [{"q": f"{en[rnd.randrange(5, 1000)]} {en[rnd.randrange(5, 1000)]}"} for _ in range(n)],
        "en-fuzzy": [{"q": fuzzy(en, en_known, 20, 3000)} for _ in range(n)],
        "hi-1-exact": [{"q": hi[rnd.randrange(50, len(hi))], "exact": True} for _ in range(n)],
        "hi-variant": [{"q": variant(HINDI[rnd.randrange(len(HINDI))], rnd)} for _ in range(n)],
        "hi-inflect": [{"q": inflect(HINDI[rnd.randrange(len(HINDI))], rnd)} for _ in range(n)],
        "romanised": [{"q": romanise(HINDI[rnd.randrange(len(HINDI))])} for _ in range(n)],
        "loanword": [{"q": LOANWORDS[rnd.randrange(len(LOANWORDS))]} for _ in range(n)],
        "rom-dept": [{"q": romanise(HINDI[rnd.randrange(len(HINDI))]), "departments": [rnd.choice(DEPARTMENTS)]}
                     for _ in range(n)],
    }
    return sets


# -- issue 18 query kinds ------------------------------------------------------------------------
LOANWORDS = ["budget", "police", "pension", "bank", "hospital", "hostel", "report", "tender", "notice", "file",
             "school", "office", "collector", "station", "account", "agreement", "circular", "engineer"]
_CLASS_NASAL = {**dict.fromkeys("कखगघ", "ङ"), **dict.fromkeys("चछजझ", "ञ"), **dict.fromkeys("टठडढ", "ण"),
                **dict.fromkeys("तथदध", "न"), **dict.fromkeys("पफबभ", "म")}
_ROMAN_C = dict(zip("कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसह",
                    "k kh g gh n ch chh j jh n t th d dh n t th d dh n p ph b bh m y r l v sh sh s h".split(), strict=True))
_ROMAN_V = {"ा": "a", "ि": "i", "ी": "i", "ु": "u", "ू": "u", "े": "e", "ै": "ai", "ो": "o", "ौ": "au", "ृ": "ri",
            "अ": "a", "आ": "a", "इ": "i", "ई": "i", "उ": "u", "ऊ": "u", "ए": "e", "ऐ": "ai", "ओ": "o", "औ": "au"}


def variant(word: str, rnd: random.Random) -> str:
    """Another standard spelling: ं before a stop → its class nasal + virama, else ं → ँ, else a
    nukta on ज/फ/ड, else ी ↔ ि."""
    for i, ch in enumerate(word[:-1]):
        if ch == "ं" and word[i + 1] in _CLASS_NASAL:
            return word[:i] + _CLASS_NASAL[word[i + 1]] + "्" + word[i + 1:]
    if "ं" in word:
        return word.replace("ं", "ँ", 1)
    for ch in "जफड":
        if ch in word:
            return word.replace(ch, ch + "़", 1)
    return word.replace("ी", "ि", 1) if "ी" in word else word.replace("ि", "ी", 1)


def inflect(word: str, rnd: random.Random) -> str:
    if word.endswith("ा"):
        return word[:-1] + rnd.choice(["ाओं", "े", "ों"])
    if word.endswith(("ी", "ि")):
        return word[:-1] + "ियों"
    if not "\u0915" <= word[-1] <= "\u0939":
        return word
    return word + rnd.choice(["ों", "ें"])


def romanise(word: str) -> str:
    """Hindi in Latin letters as typed on an English keyboard: no vowel length, no final a."""
    out = []
    for i, ch in enumerate(word):
        if ch in _ROMAN_C:
            out.append(_ROMAN_C[ch])
            nxt = word[i + 1] if i + 1 < len(word) else ""
            if nxt and nxt not in _ROMAN_V and nxt != "्" and not ("\u093e" <= nxt <= "\u094c"):
                out.append("a")
        elif ch in _ROMAN_V:
            out.append(_ROMAN_V[ch])
        elif ch in "ंँ":
            out.append("n")
    return "".join(out)


KEY_INDEXES = ("ix_search_terms_norm_key", "ix_search_terms_stem_key", "ix_search_terms_phon_key")


def key_growth(url: str) -> tuple[float, float]:
    """(bytes of the issue-18 additions, bytes of the whole search index without them): the three
    vocabulary key columns and their indexes, and on PostgreSQL the pages' department column and index."""
    from sqlalchemy import text

    from storage.db import open_engine

    engine = open_engine(url)
    cols = "SUM(COALESCE(LENGTH(norm_key), 0) + COALESCE(LENGTH(stem_key), 0) + COALESCE(LENGTH(phon_key), 0))"
    with engine.connect() as c:
        if engine.dialect.name == "postgresql":
            cols = cols.replace("LENGTH(", "pg_column_size(")
            extra = c.execute(text(f"SELECT {cols} FROM search_terms")).scalar_one() or 0
            extra += sum(c.execute(text(f"SELECT pg_relation_size('{ix}')")).scalar_one() for ix in
                         (*KEY_INDEXES, "ix_search_pages_department"))
            extra += c.execute(text("SELECT SUM(COALESCE(pg_column_size(department), 0)) FROM search_pages")).scalar_one() or 0
            total = sum(c.execute(text(f"SELECT pg_total_relation_size('{t}')")).scalar_one()
                        for t in ("search_pages", "search_terms", "search_term_variants"))
        else:
            extra = (c.execute(text(f"SELECT {cols} FROM search_terms")).scalar_one() or 0) + sum(
                c.execute(text("SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name = :n"), {"n": ix}).scalar_one()
                for ix in KEY_INDEXES)
            total = c.execute(text("SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'page_fts%' OR name LIKE 'search%' "
                                   "OR name LIKE 'ix_search%' OR name LIKE 'sqlite_autoindex_search%'")).scalar_one()
    engine.dispose()
    return float(extra), float(total) - float(extra)


def measure(url: str, n: int) -> dict[str, dict[str, float]]:
    from storage.db import open_engine
    from storage.search import open_index

    engine = open_engine(url)
    index = open_index(engine)
    results: dict[str, dict[str, float]] = {}
    sets = query_sets(n)
    for q in sets["hi-1"][:10] + sets["en-1"][:10]:  # warm-up
        index.search(q["q"])
    for name, queries in sets.items():
        times, found = [], 0
        for q in queries:
            t = time.perf_counter()
            hits = index.search(q["q"], departments=q.get("departments"), limit=20, exact=q.get("exact", False))
            times.append((time.perf_counter() - t) * 1000)
            found += bool(hits)
        times.sort()
        results[name] = {"p50": statistics.median(times), "p95": times[int(0.95 * (len(times) - 1))],
                         "max": times[-1], "found": found / len(queries)}
    engine.dispose()
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=200_000)
    ap.add_argument("--backends", default="sqlite,postgresql")
    ap.add_argument("--queries", type=int, default=100, help="queries per kind")
    ap.add_argument("--keep", action="store_true", help="keep the PostgreSQL database and the SQLite file")
    ap.add_argument("--write-doc", action="store_true", help="append the table to docs/benchmarks.md")
    args = ap.parse_args()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")

    out_dir = REPO / "bench" / "out" / "search"
    out_dir.mkdir(parents=True, exist_ok=True)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    urls: dict[str, str] = {}
    cleanups = []
    if "sqlite" in backends:
        path = out_dir / f"search-{args.pages}.db"
        urls["sqlite"] = f"sqlite:///{path}"
        if not args.keep:
            cleanups.append(lambda: [p.unlink() for p in out_dir.glob(f"search-{args.pages}.db*")])
    if "postgresql" in backends:
        from tests.services.postgres import ADMIN_URL, ensure_postgres, fresh_database

        ensure_postgres()
        name = f"sanchika_bench_{args.pages}"
        import psycopg

        with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
            if not exists:
                conn.execute(f"CREATE DATABASE {name} ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8' "
                             "TEMPLATE template0")
        urls["postgresql"] = ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
        del fresh_database
        if not args.keep:
            def _drop(name: str = name) -> None:
                with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres", autocommit=True) as conn:
                    conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            cleanups.append(_drop)

    log = out_dir / f"build-{args.pages}.log"
    print(f"building {args.pages} pages on {', '.join(backends)} (progress: {log})", flush=True)
    t0 = time.perf_counter()
    ctx = multiprocessing.get_context("spawn")
    procs = {b: ctx.Process(target=build, args=(b, urls[b], args.pages, log)) for b in backends}
    for p in procs.values():
        p.start()
    for b, p in procs.items():
        p.join()
        if p.exitcode != 0:
            raise SystemExit(f"building {b} failed (exit {p.exitcode}); see {log}")
    build_s = time.perf_counter() - t0
    print(log.read_text(), flush=True)

    table: dict[str, dict[str, dict[str, float]]] = {}
    for b in backends:
        table[b] = measure(urls[b], args.queries)
    sizes = {}
    if "sqlite" in urls:
        sizes["sqlite"] = sum(p.stat().st_size for p in out_dir.glob(f"search-{args.pages}.db*")) / 1e9
    if "postgresql" in urls:
        from sqlalchemy import text

        from storage.db import open_engine

        eng = open_engine(urls["postgresql"])
        with eng.connect() as c:
            sizes["postgresql"] = c.execute(text("SELECT pg_database_size(current_database())")).scalar_one() / 1e9
            terms = c.execute(text("SELECT count(*) FROM search_terms")).scalar_one()
        eng.dispose()
    else:
        terms = None

    growth = {b: key_growth(urls[b]) for b in backends}
    kinds = list(next(iter(table.values())).keys())
    lines = ["| query kind | " + " | ".join(f"{b} p50 / p95 / max ms (found)" for b in backends) + " |",
             "|---|" + "---|" * len(backends)]
    for k in kinds:
        cells = []
        for b in backends:
            r = table[b][k]
            cells.append(f"{r['p50']:.1f} / **{r['p95']:.1f}** / {r['max']:.0f} ({r['found']:.0%})")
        lines.append(f"| {k} | " + " | ".join(cells) + " |")
    worst = {b: max(table[b][k]["p95"] for k in kinds) for b in backends}
    summary = (f"{args.pages:,} pages ({args.pages // PAGES_PER_DOC:,} documents), {args.queries} queries per kind, "
               f"limit 20 with snippets; build {build_s / 60:.1f} min (both backends in parallel); "
               + ", ".join(f"{b} {sizes.get(b, 0):.1f} GB" for b in backends)
               + (f"; vocabulary {terms:,} words" if terms else "")
               + "; index growth from the issue-18 keys: " + ", ".join(
                   f"{b} {growth[b][0] / 1e6:.1f} MB = {growth[b][0] / growth[b][1]:.1%}" for b in backends)
               + "; worst p95: " + ", ".join(f"{b} {worst[b]:.1f} ms" for b in backends)
               + " (target <= 100 ms)")
    print(summary)
    print("\n".join(lines))
    if args.write_doc:
        doc = REPO / "docs" / "benchmarks.md"
        head = "" if doc.exists() else "# Benchmarks\n\nMeasured on this machine (2 vCPU, 24 GiB, Debian bookworm).\n"
        with open(doc, "a") as f:
            f.write(f"{head}\n## Search latency ({datetime.now(UTC):%Y-%m-%d}, `bench/search_latency.py "
                    f"--pages {args.pages}`)\n\n{summary}.\n\n" + "\n".join(lines) + "\n")
    for fn in cleanups:
        fn()


if __name__ == "__main__":
    main()
