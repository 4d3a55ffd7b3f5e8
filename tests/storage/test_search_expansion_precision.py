"""ADR 0022 rules 18 and 21 made precise (review, 2026-12-07), on both backends with real words: an
acronym's letter names must agree in vowel length and nukta (इसी is no EC, जिओ no GO, एड़ी no AD),
and a word on no page gets typing slips only when it has at least three letters (consonants and
independent vowels) and the OCR tier would expand it (ranked below any indexed variant or inflection of its own)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from storage.search import SearchIndex

from .seed import Doc, seed_index

PAGES = {
    # rule 18: Hindi words that read as letter names only with length or nukta folded, and acronyms
    "a1": "Report of the EC on the roll",
    "a2": "जिओ और जीने दो",  # live (G is जी)
    "a3": "एड़ी में चोट",  # heel (D is डी, no nukta)
    "a4": "GO issued by the department",
    "a5": "बिके हुए माल का हिसाब",  # sold
    "a6": "एफ़सीआई गोदाम का निरीक्षण",  # FCI printed with the nukta of F
    "a7": "सीबीआई जांच की मांग",
    "a8": "आइजी ने सीबीआइ को लिखा",  # IG, CBI in the Hindi press's short i (I also आइ, not only आई)
    "a9": "Posting of IAS officers",
    "a10": "BK ward list",
    # rule 21: a real word on no page is no slip of its sibilant neighbour
    "s1": "साल भर का हिसाब",  # year; शाल (shawl) is on no page
    "s2": "सहर होते ही",  # dawn
    "s3": "शहरों की सफाई",  # cities: शहर, on no page, has this inflection
    "s4": "शपथ पत्र संलग्न",  # oath: सपथ is a slip
    "t1": "मृतक का नाम",  # deceased
    "t2": "म्रतकों की सूची",  # a typo page: ृ typed र्, inflected
    # rule 21's floor counts consonants (review of 2026-12-07 evening): a word of two consonants and
    # two vowel signs gets no slips; its one-sibilant slips are one OCR edit (trigram similarity 0.25)
    "k1": "कृषि विभाग की बैठक",  # agriculture: कृसि (ष typed स) is on no page
    "k2": "शनि मंदिर के पास",  # Saturn: सनी (a name, Sunny) is on no page; two edits from शनि
}


@pytest.fixture
def index(engine: Engine) -> SearchIndex:
    return seed_index(engine, [Doc(d, [t], "x") for d, t in PAGES.items()])


def ids(hits) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(h.document_id for h in hits)


@pytest.mark.parametrize("query,page", [
    ("इसी", "a1"), ("go", "a2"), ("ad", "a3"), ("जिओ", "a4"), ("bk", "a5"), ("बिके", "a10"),
])
def test_letter_names_must_agree_in_vowel_length_and_nukta(index: SearchIndex, query: str, page: str) -> None:
    found = ids(index.search(query))
    assert page not in found or query in PAGES[page].casefold().split()


@pytest.mark.parametrize("query,page", [("FCI", "a6"), ("fci", "a6"), ("CBI", "a7"), ("GO", "a4")])
def test_acronyms_spelt_as_printed_are_still_found(index: SearchIndex, query: str, page: str) -> None:
    hits = index.search(query)
    assert hits and hits[0].document_id == page


@pytest.mark.parametrize("query,page", [("ig", "a8"), ("CBI", "a8"), ("आइएएस", "a9")])
def test_acronyms_with_the_short_i_of_the_hindi_press_are_found(index: SearchIndex, query: str, page: str) -> None:
    assert page in ids(index.search(query))


def test_a_two_letter_word_on_no_page_is_no_slip(index: SearchIndex) -> None:
    assert index.search("शाल") == []  # not साल (s1)
    assert ids(index.search("सपथ")) == ["s4"]  # a three-letter slip is still found


def test_a_word_of_two_consonants_gets_the_ocr_tier_not_slips(index: SearchIndex) -> None:
    # कृसि still finds कृषि, through the OCR one-edit tier (with exact too); सनी, a real word two
    # edits (sibilant and vowel length) from शनि, finds nothing: slips counted by written sounds would
    # have joined them (bench adv2: the only row that counting changed, a leak)
    assert ids(index.search("कृसि")) == ids(index.search("कृसि", exact=True)) == ["k1"]
    assert index.search("सनी") == []


def test_a_word_whose_inflection_is_indexed_ranks_it_above_its_slips(index: SearchIndex) -> None:
    hits = [h.document_id for h in index.search("शहर")]
    assert hits[0] == "s3"  # शहरों, the word's own inflection, first; सहर (s2) as a slip below it


def test_one_typo_page_does_not_hide_the_word_meant(index: SearchIndex) -> None:
    # म्रतक (ृ typed र्) is on no page, but one page carries its typo inflection म्रतकों: the pages of
    # मृतक, the word meant, must still be found (a review found them lost, 2026-12-07)
    found = ids(index.search("म्रतक"))
    assert {"t1", "t2"} <= set(found), found


def test_slips_are_looked_up_only_for_words_the_ocr_tier_expands(index: SearchIndex,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import storage.search.base as base

    asked: list[str] = []
    real = base.slip_matches

    def spy(conn, words):  # type: ignore[no-untyped-def]
        asked.extend(words)
        return real(conn, words)

    monkeypatch.setattr(base, "slip_matches", spy)
    long_word = "सपथ" * 14  # 42 characters: beyond the OCR tier's 40
    assert index.search(long_word) == []
    assert index.search("सपथ")
    assert long_word not in asked and "सपथ" in asked
