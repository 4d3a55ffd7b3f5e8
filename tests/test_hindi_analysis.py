"""The Hindi analysis chain (domain.hindi, domain.phonetic) with real words: ADR 0022."""

import math

import pytest

from domain.hindi import fold_spelling, norm_key, stem_key
from domain.phonetic import skeleton, skeletons, sound, sound_distance


@pytest.mark.parametrize("a,b", [
    ("सम्बन्ध", "संबंध"), ("अन्तर", "अंतर"), ("हिन्दी", "हिंदी"), ("पाँच", "पांच"), ("ज़मीन", "जमीन"),
    ("कालेज", "कॉलेज"), ("ठण्डा", "ठंडा"), ("सम्पत्ति", "संपत्ति"), ("पञ्चायत", "पंचायत"), ("कङ्गन", "कंगन"),
    ("पुलिस", "पुलीस"), ("ड़", "ड"), ("क़ानून", "कानून"), ("\u0915\u093c", "\u0958"), ("आँगन", "आंगन"),
])
def test_spelling_variants_share_the_normalised_key(a, b) -> None:  # type: ignore[no-untyped-def]
    assert norm_key(a) == norm_key(b)


@pytest.mark.parametrize("word", ["शिक्षा", "कृषि", "महिला", "जिला", "कार्यालय"])
def test_real_words_keep_their_letters(word) -> None:  # type: ignore[no-untyped-def]
    # no spelling fold applies: the word is its own folded spelling, and its key keeps every consonant
    assert fold_spelling(word) == word
    consonants = [ch for ch in word if "\u0915" <= ch <= "\u0939"]
    assert [ch for ch in norm_key(word) if "\u0915" <= ch <= "\u0939"] == consonants


@pytest.mark.parametrize("a,b", [
    ("अन्य", "अंय"),  # न्य: य is not of न's class, the conjunct stays (as printed)
    ("तुम्हारा", "तुंहारा"),  # म्ह: ह has no class
    ("जन्म", "जंम"),  # न्म: different classes
])
def test_nasal_rule_only_within_its_class(a, b) -> None:  # type: ignore[no-untyped-def]
    assert fold_spelling(a) != fold_spelling(b)


@pytest.mark.parametrize("inflected,base", [
    ("योजनाओं", "योजना"), ("आदेशों", "आदेश"), ("किसानों", "किसान"), ("महिलाओं", "महिला"), ("जिले", "जिला"),
    ("जिलों", "जिला"), ("कार्यालयों", "कार्यालय"), ("शिक्षकों", "शिक्षक"), ("अधिकारियों", "अधिकारी"),
    ("बातें", "बात"), ("योजनाएं", "योजना"), ("योजनाएँ", "योजना"), ("नीतियों", "नीति"), ("सूचनाओं", "सूचना"),
    ("विभागों", "विभाग"), ("लड़के", "लड़का"),
])
def test_inflections_share_the_stem_key(inflected, base) -> None:  # type: ignore[no-untyped-def]
    assert stem_key(inflected) == stem_key(base)


@pytest.mark.parametrize("a,b", [
    ("किसान", "कौसानी"), ("पता", "पति"), ("कृषि", "कृषक"), ("दिन", "दान"), ("जल", "जिला"), ("नीति", "नेता"),
    ("कर", "करना"), ("बस", "बसों"[:2] + "त"),  # बस / बसत
    ("शिक्षा", "शिक्षक"), ("आदेश", "अदेशों"[:1] + "धिकार"),
])
def test_different_words_do_not_merge(a, b) -> None:  # type: ignore[no-untyped-def]
    assert norm_key(a) != norm_key(b)
    assert stem_key(a) != stem_key(b)


@pytest.mark.parametrize("short", ["पता", "नेता", "कर", "पानी", "जल", "बस"])
def test_short_words_keep_enough_stem(short) -> None:  # type: ignore[no-untyped-def]
    assert len(stem_key(short)) >= 3 or stem_key(short) == norm_key(short)


def test_latin_words_pass_through_lower_cased() -> None:
    assert norm_key("Hospital") == "hospital" and stem_key("Patwari") == "patwari"


@pytest.mark.parametrize("latin,deva", [
    ("khasra", "खसरा"), ("namantaran", "नामांतरण"), ("tehsil", "तहसील"), ("tahsil", "तहसील"), ("patwari", "पटवारी"),
    ("jamabandi", "जमाबंदी"), ("sambandh", "सम्बन्ध"), ("sambandh", "संबंध"), ("krishi", "कृषि"),
    ("shiksha", "शिक्षा"), ("siksha", "शिक्षा"), ("mahila", "महिला"), ("zila", "जिला"), ("jila", "ज़िला"),
    ("karyalay", "कार्यालय"), ("yojna", "योजना"), ("kisaan", "किसान"), ("vibhag", "विभाग"), ("wibhag", "विभाग"),
    ("gyan", "ज्ञान"), ("phal", "फल"), ("fal", "फल"),
])
def test_romanised_hindi_shares_the_skeleton(latin, deva) -> None:  # type: ignore[no-untyped-def]
    assert skeleton(deva) in skeletons(latin)


@pytest.mark.parametrize("english,deva", [
    ("hospital", "हॉस्पिटल"), ("budget", "बजट"), ("college", "कॉलेज"), ("college", "कालेज"), ("police", "पुलिस"),
    ("computer", "कंप्यूटर"), ("office", "ऑफिस"), ("station", "स्टेशन"), ("doctor", "डॉक्टर"), ("report", "रिपोर्ट"),
    ("school", "स्कूल"), ("registrar", "रजिस्ट्रार"), ("collector", "कलेक्टर"), ("certificate", "सर्टिफिकेट"),
])
def test_english_loanwords_share_the_skeleton(english, deva) -> None:  # type: ignore[no-untyped-def]
    assert skeleton(deva) in skeletons(english)


def test_sound_ranks_the_same_word_first() -> None:
    # किसान and कौसानी share the skeleton k-s-n; the sound tells them apart
    q = sound("kisan")
    assert sound_distance(q, sound("किसान")) < sound_distance(q, sound("कौसानी"))
    assert sound_distance(sound("police"), sound("पुलिस")) <= 0.5
    assert skeleton("police") != skeleton("hospital")


@pytest.mark.parametrize("english,deva", [
    ("engineer", "इंजीनियर"), ("supervisor", "सुपरवाइज़र"), ("girdawari", "गिरदावरी"), ("khatauni", "खतौनी"),
])
def test_latin_pronunciation_variants(english, deva) -> None:  # type: ignore[no-untyped-def]
    from domain.phonetic import best_distance

    assert skeleton(deva) in skeletons(english)
    assert best_distance(english, deva) <= 1.5


def test_sound_applies_consonant_rules() -> None:
    from domain.phonetic import best_distance

    # m before p is the anusvara, y after a consonant is dropped: computer = कंप्यूटर within one vowel
    assert best_distance("computer", "कंप्यूटर") <= 1.0
    assert skeletons("budget") == ("bjt",)  # dg is j already: no soft-g variant


# -- query-side alternatives (ADR 0022 rules 5-8): the stored keys do not change -----------------
@pytest.mark.parametrize("a,b", [
    ("आवन्टन", "आवंटन"), ("घन्टा", "घंटा"), ("पन्डित", "पंडित"), ("कन्डक्टर", "कंडक्टर"),  # न् before ट-class
    ("स्थायी", "स्थाई"), ("अस्थायी", "अस्थाई"), ("नयी", "नई"), ("लिये", "लिए"), ("योजनायें", "योजनाएं"),  # glide य
    ("ब्राह्मण", "ब्राम्हण"), ("आह्वान", "आव्हान"), ("अपराह्न", "अपरान्ह"),  # ह् before न म व
    ("महत्त्व", "महत्व"), ("तत्त्व", "तत्व"),  # a doubled consonant before व
    ("श्रृंखला", "शृंखला"), ("श्रृंगार", "शृंगार"),  # र before ृ after a virama
])
def test_loose_spelling_joins_and_alternatives_reach_the_stored_key(a, b) -> None:  # type: ignore[no-untyped-def]
    from domain.hindi import loose_key, spelling_alternatives

    assert loose_key(a) == loose_key(b)
    assert norm_key(b) in {norm_key(x) for x in spelling_alternatives(a)}
    assert norm_key(a) in {norm_key(x) for x in spelling_alternatives(b)}


@pytest.mark.parametrize("a,b", [
    ("संत", "सनत"),  # न + ट-class only with a virama: सनत (a name) is not संत
    ("अन्य", "अंय"), ("जन्म", "जंम"),  # not stops: the conjunct stays
    ("येन", "एन"),  # a word-initial य is not a glide
    ("ध्येय", "ध्एय"),  # nor one after a virama
    ("पत्ता", "पता"), ("उत्तर", "उतर"), ("सज्जा", "सजा"),  # a doubled consonant not before व stays
    ("कुम्हार", "कुमार"),  # म्ह is not म
    ("गृह", "ग्रह"),  # house, planet: र with its own vowel stays
])
def test_loose_spelling_does_not_merge(a, b) -> None:  # type: ignore[no-untyped-def]
    from domain.hindi import loose_key

    assert loose_key(a) != loose_key(b)


@pytest.mark.parametrize("a,b", [("दवा", "दवाओं"), ("कमी", "कमियाँ"), ("पुल", "पुलों"), ("पति", "पतियों"), ("पता", "पते")])
def test_short_word_paradigm(a, b) -> None:  # type: ignore[no-untyped-def]
    from domain.hindi import paradigm_keys

    assert stem_key(b) in paradigm_keys(a) | {stem_key(a)}
    assert stem_key(a) in paradigm_keys(b) | {stem_key(b)}


@pytest.mark.parametrize("a,b", [("पता", "पति"), ("पता", "पतियों"), ("पति", "पते"), ("कमी", "कम"), ("दिन", "दान"),
                                 ("जल", "जिला"), ("नीति", "नेता")])
def test_short_word_paradigm_does_not_merge(a, b) -> None:  # type: ignore[no-untyped-def]
    from domain.hindi import paradigm_keys

    assert stem_key(b) not in paradigm_keys(a) | {stem_key(a)}
    assert stem_key(a) not in paradigm_keys(b) | {stem_key(b)}


@pytest.mark.parametrize("latin,deva", [
    ("samvida", "संविदा"), ("sanshodhan", "संशोधन"), ("ayukt", "आयुक्त"), ("sahayak", "सहायक"), ("barh", "बाढ़"),
    ("jhagra", "झगड़ा"), ("sarak", "सड़क"), ("chowkidar", "चौकीदार"), ("batwara", "बँटवारा"),
    ("university", "यूनिवर्सिटी"), ("interview", "इंटरव्यू"), ("cheque", "चेक"),
    ("muayna", "मुआयना"), ("light", "लाइट"), ("highway", "हाईवे"), ("weight", "वेट"), ("lecture", "लेक्चर"),
    ("league", "लीग"), ("gaon", "गाँव"), ("malegaon", "मालेगांव"), ("quota", "कोटा"), ("quality", "क्वालिटी"),
])
def test_query_side_readings_reach_the_stored_skeleton(latin, deva) -> None:  # type: ignore[no-untyped-def]
    from domain.phonetic import best_distance, fetch_skeletons, real_skeletons

    assert skeleton(deva) in real_skeletons(latin) | fetch_skeletons(latin)  # fetched by the stored key
    assert real_skeletons(latin) & real_skeletons(deva)  # and kept
    assert best_distance(latin, deva) <= 0.5


def test_query_side_readings_do_not_merge() -> None:
    from domain.phonetic import best_distance, real_skeletons

    assert not real_skeletons("barh") & real_skeletons("बड़ा")  # r is the flap ड़ of बाढ़, not बड़ा's
    assert best_distance("pata", "पता") + 0.25 < best_distance("pata", "पंत")  # a left-out nasal costs
    assert best_distance("kisan", "किसान") + 0.25 < best_distance("kisan", "कौसानी")
    assert best_distance("light", "लाइट") + 0.25 < best_distance("light", "लेट")  # late
    assert skeleton("संविदा") == "snvd" and skeleton("samvida") == "smvd"  # the stored keys did not change


@pytest.mark.parametrize("deva,latin", [("शिक्षा", "shiksha"), ("कृषि", "krishi"), ("महिला", "mahila"), ("जिला", "jila"),
                                        ("कार्यालय", "karyalay")])
def test_rules_9_and_13_leave_the_common_office_words_alone(deva, latin) -> None:  # type: ignore[no-untyped-def]
    """ADR 0022 rule 9 makes plurals only of nouns in ू, in ई after a vowel sign and (since the sixth
    set) in ी/ि, and rule 13 excludes only an aspirate typed beyond the Devanagari word's: neither
    touches these words, whose romanised spelling still reads them at distance 0."""
    from domain.hindi import plural_forms
    from domain.phonetic import aspirates_in_excess, best_distance

    assert plural_forms(deva) == ({deva[:-1] + "ियों", deva[:-1] + "ियां"} if deva[-1] in "ीि" else frozenset())
    assert aspirates_in_excess(latin, deva) == 0 and best_distance(latin, deva) == 0.0
    assert aspirates_in_excess("jhila", "जिला") == 1 and best_distance("jhila", "जिला") == math.inf  # an h in excess
    assert plural_forms("पढ़ाई") == {"पढाइयों", "पढाइयां"}  # a noun in ई after a vowel sign: its plurals


def test_rule_16_spells_short_romanised_words_within_bounds() -> None:
    """ADR 0022 rule 16: the Devanagari spellings of a short or one-consonant romanised word hold the
    word's variant key (आज्ञा, ऋण, आख्या), and a hostile run of one letter is bounded."""
    from domain.romanised import MAX_ROMANISED, needs_romanised_spellings, romanised_spellings

    for latin, deva in [("aagya", "आज्ञा"), ("agya", "आज्ञा"), ("rin", "ऋण"), ("akhya", "आख्या")]:
        assert needs_romanised_spellings(latin) and norm_key(deva) in romanised_spellings(latin)
    assert not needs_romanised_spellings("khasra") and not needs_romanised_spellings("t" * 30)
    assert len(romanised_spellings("t" * 8)) <= MAX_ROMANISED


def test_a_latin_f_is_the_nukta_pha_composed_or_not() -> None:
    """फ़ typed as one code point (U+095E, as some keyboards and converters write it) or as फ + nukta is the
    same aspirate: fees and office are not excluded from फ़ीस, ऑफ़िस by rule 13's Latin f (nor khabar from ख़बर)."""
    import math

    from domain.phonetic import aspirates_in_excess, best_distance

    for latin, composed, decomposed in (("fees", "\u095eीस", "फ\u093cीस"), ("office", "ऑ\u095eिस", "ऑफ\u093cिस"),
                                        ("khabar", "\u0959बर", "ख\u093cबर")):
        assert aspirates_in_excess(latin, composed) == aspirates_in_excess(latin, decomposed) == 0
        assert best_distance(latin, composed) == best_distance(latin, decomposed) < math.inf
    assert aspirates_in_excess("fees", "पीस") == 1  # a प stays no f
    # the office words, romanised as clerks type them: no f, no aspirate in excess, matched as before
    for latin, word in (("shiksha", "शिक्षा"), ("krishi", "कृषि"), ("mahila", "महिला"), ("jila", "जिला"),
                        ("karyalay", "कार्यालय")):
        assert aspirates_in_excess(latin, word) == 0 and best_distance(latin, word) == 0.0
