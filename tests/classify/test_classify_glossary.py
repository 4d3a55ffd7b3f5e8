"""The English -> Hindi glossary and the Hindi training rows made with it (classify/dataset.py)."""

from __future__ import annotations

import random
import unicodedata

from classify import dataset
from classify.taxonomy import KEYS
from domain.text import devanagari_share


def test_glossary_is_lower_case_english_to_nfc_devanagari() -> None:
    glossary = dataset.load_glossary()
    assert len(glossary) > 500
    for key, alts in glossary.items():
        assert all(w == w.casefold() and w.isascii() for w in key), key
        assert alts and len(set(alts)) == len(alts), key
        for hi in alts:
            assert unicodedata.normalize("NFC", hi) == hi
            assert devanagari_share(hi) > 0.5, (key, hi)


def test_the_five_office_words_come_out_as_written() -> None:
    """शिक्षा, कृषि, महिला, जिला, कार्यालय: conjuncts, vowel signs and the nukta-less जिला survive the
    glossary's loading (NFC) unchanged, as one word each."""
    got = dataset.translate_words("education agriculture woman district office", dataset.load_glossary(),
                                  random.Random(0))
    assert len(got) == 5
    assert got[0] == "शिक्षा" and got[1] in ("कृषि", "खेती") and got[2] == "महिला"
    assert got[3] in ("जिला", "ज़िला") and got[4] == "कार्यालय"
    assert all(unicodedata.normalize("NFC", w) == w for w in got)


def test_translation_takes_the_longest_phrase_and_falls_back_to_the_singular() -> None:
    glossary = dataset.load_glossary()
    rng = random.Random(0)
    got = dataset.translate_words(
        "Will the Minister of AGRICULTURE state the minimum support price of wheat and the tractors given to farmers?",
        glossary, rng)
    assert "न्यूनतम समर्थन मूल्य" in got  # one phrase, not three words
    assert "समर्थन" not in got and "मूल्य" not in got
    assert "गेहूं" in got and "ट्रैक्टर" in got  # "tractors" has no entry: its singular has
    assert got.index("न्यूनतम समर्थन मूल्य") < got.index("गेहूं")  # text order
    assert {"कृषि", "खेती"} & set(got) and {"किसानों", "किसान"} & set(got)
    assert dataset.translate_words("zebra quux", glossary, rng) == []


def test_glossary_rows_are_hindi_keep_the_label_and_are_deterministic() -> None:
    rows = [
        {"id": "a", "text": "Number of tigers killed by poaching in national parks and sanctuaries", "lang": "en",
         "department": "forest"},
        {"id": "b", "text": "Vacancies of teachers in Kendriya Vidyalayas and schools", "lang": "en",
         "department": "education"},
        {"id": "c", "text": "Zebra quux frobnicate", "lang": "en", "department": "police"},  # nothing to translate
        {"id": "d", "text": "किसानों की आय", "lang": "hi", "department": "agriculture"},  # already Hindi: not used
    ]
    out = dataset.glossary_rows(rows, n=10, seed=3)
    assert sorted(r["department"] for r in out) == ["education", "forest"]
    for r in out:
        assert r["lang"] == "hi" and r["source"] == "glossary" and r["department"] in KEYS
        assert devanagari_share(r["text"]) > 0.9
    forest = next(r for r in out if r["department"] == "forest")
    assert "बाघ" in forest["text"] or "बाघों" in forest["text"]
    assert out == dataset.glossary_rows(rows, n=10, seed=3)
    assert len(dataset.glossary_rows(rows, n=1, seed=3)) == 1
