from __future__ import annotations

import unicodedata

import pytest

from classify import taxonomy
from classify.taxonomy import DEPARTMENTS, UNKNOWN, fold_token, get, resolve, term_tokens
from domain.errors import UsageError

EXPECTED_KEYS = (
    "revenue",
    "education",
    "panchayat_rural_development",
    "women_child_development",
    "agriculture",
    "health",
    "forest",
    "tribal_welfare",
    "public_works",
    "urban_administration",
    "cooperative",
    "labour",
    "police",
    "election",
    "general_administration",
)


def test_keys_exact_and_unknown_separate() -> None:
    assert tuple(d.key for d in DEPARTMENTS) == EXPECTED_KEYS
    assert UNKNOWN not in taxonomy.KEYS


@pytest.mark.parametrize("dept", DEPARTMENTS, ids=lambda d: d.key)
def test_vocabulary_is_bilingual_and_rich(dept: taxonomy.Department) -> None:
    assert 30 <= len(dept.keywords) <= 100
    has_deva = [any("\u0900" <= c <= "\u097f" for c in k) for k in dept.keywords + dept.aliases]
    assert sum(has_deva) >= 15, "needs Hindi vocabulary"
    assert len(has_deva) - sum(has_deva) >= 15, "needs English vocabulary"


def test_no_term_belongs_to_two_departments() -> None:
    owner: dict[tuple[str, ...], str] = {}
    for d in DEPARTMENTS:
        for term in d.aliases + d.keywords:
            toks = term_tokens(term)
            assert owner.setdefault(toks, d.key) == d.key, f"{term!r} in {owner[toks]} and {d.key}"


def test_get_and_usage_error() -> None:
    assert get("forest").name_hi == "वन"
    with pytest.raises(UsageError) as exc:
        get("finance")
    assert "revenue" in str(exc.value)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("PWD", "public_works"),
        ("pwd", "public_works"),
        ("लोक निर्माण", "public_works"),
        ("लो.नि.वि.", "public_works"),
        ("public_works", "public_works"),
        ("Revenue", "revenue"),
        ("REVENUE DEPARTMENT", "revenue"),
        ("पटवारी", "revenue"),
        ("म.बा.वि.", "women_child_development"),
        ("ICDS", "women_child_development"),
        ("आंगनवाड़ी", "women_child_development"),
        ("MGNREGA", "panchayat_rural_development"),
        ("मनरेगा", "panchayat_rural_development"),
        ("सहकारी समिति", "cooperative"),
        ("शिक्षा", "education"),
        ("कृषि", "agriculture"),
        ("Forest Department", "forest"),
        ("वन विभाग", "forest"),
        ("निर्वाचन", "election"),
    ],
)
def test_resolve(name: str, key: str) -> None:
    assert resolve(name) == key


def test_resolve_is_nfc_and_nukta_insensitive() -> None:
    decomposed = unicodedata.normalize("NFD", "आंगनवाड़ी")
    assert resolve(decomposed) == "women_child_development"
    assert resolve("आंगनवाडी") == "women_child_development"  # OCR dropped the nukta
    assert resolve("nonsense words") is None
    assert resolve("") is None


@pytest.mark.parametrize("word", ["शिक्षा", "कृषि", "महिला", "जिला", "कार्यालय"])
def test_devanagari_words_stay_whole(word: str) -> None:
    assert len(term_tokens(word)) == 1
    assert len(term_tokens(f"({word}), {word}।")) == 2


def test_stemming_meets_inflections() -> None:
    assert fold_token("किसानों") == fold_token("किसान")
    assert fold_token("महिलाओं") == fold_token("महिला")
    assert fold_token("farmers") == fold_token("farmer")
    assert fold_token("वन") == "वन"  # too short to strip
