"""A second fresh held-out query set for bench/search_quality.py (issue 18), written 2026-12-06
06:42 UTC after the query-side rules 5-8 of ADR 0022 had landed, before any result on it was seen,
and committed on its own before its first run.

Why: the first fresh set (bench/search_quality_fresh.py) served to write rules 5-8, so it is no
longer held out. This set measures the rules as they stand on words none of them was written with
(none in the two other files), typed as clerks type. Some are expected to fail.

Same entries as bench/search_quality_queries.py: (kind, split, printed, query), split ``fresh2``,
printed on ``FRESH2_PAGES`` pages of their own (prefix g, seed + 2000); the other pages do not change.
"""

from __future__ import annotations

FRESH2 = "fresh2"

FRESH2_QUERIES: list[tuple[str, str, str, str]] = [
    *[("variant", FRESH2, p, q) for p, q in [
        ("गयी", "गई"), ("हुये", "हुए"), ("चिह्न", "चिन्ह"), ("उज्ज्वल", "उज्वल"), ("दोबारा", "दुबारा"),
        ("कठिनाइयाँ", "कठिनाईयां"),
    ]],
    *[("inflection", FRESH2, p, q) for p, q in [
        ("कपड़ों", "कपड़ा"), ("बहनों", "बहन"), ("जातियों", "जाति"), ("चीज़ें", "चीज़"), ("नदियों", "नदी"), ("रातें", "रात"),
        ("सवालों", "सवाल"),
    ]],
    *[("romanised", FRESH2, p, q) for p, q in [
        ("आरोपी", "aaropi"), ("गवाह", "gawah"), ("बयान", "bayan"), ("हलफनामा", "halafnama"), ("वसूली", "vasooli"),
        ("कुर्की", "kurki"), ("नीलामी", "neelami"), ("मुआयना", "muayna"), ("सत्यापित", "satyapit"),
        ("अतिक्रमण", "atikraman"), ("पुनर्वास", "punarvas"), ("विस्थापित", "visthapit"), ("ग्रामसभा", "gramsabha"),
        ("खाद्यान्न", "khadyan"), ("छिड़काव", "chhidkav"), ("धरना", "dharna"), ("ज़ब्ती", "jabti"),
        ("शपथपत्र", "shapathpatra"), ("चकबंदी", "chakbandi"), ("लेखपाल", "lekhpal"),
    ]],
    *[("loanword", FRESH2, p, q) for p, q in [
        ("लाइट", "light"), ("फर्नीचर", "furniture"), ("मशीन", "machine"), ("ऑफलाइन", "offline"),
        ("टेलीफोन", "telephone"), ("थर्मामीटर", "thermometer"), ("रिकॉर्ड", "record"), ("बैलेंस", "balance"),
        ("डेडलाइन", "deadline"), ("जनरेटर", "generator"), ("ट्रेनर", "trainer"), ("सिक्योरिटी", "security"),
        ("कॉन्ट्रैक्ट", "contract"), ("वेंडर", "vendor"), ("चार्जर", "charger"), ("पिक्चर", "picture"), ("नाइट", "night"),
    ]],
    *[("exact", FRESH2, w, w) for w in ["प्रपत्र", "अनुपालन", "निस्तारण", "Memorandum"]],
]

FRESH2_DISTRACTORS = ["लात", "मशाल", "गवाही", "बयाना", "धारा", "नदीम", "रातरानी", "कपास", "चीनी", "वेतनमान"]

FRESH2_PAGES = 16
