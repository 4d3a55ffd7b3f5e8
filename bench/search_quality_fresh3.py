"""A third fresh held-out query set for bench/search_quality.py (issue 18), written 2026-12-06
07:08 UTC after every rule of ADR 0022 had landed (including those the second fresh set led to),
before any result on it was seen, and committed on its own before its first run.

Words in none of the other query files, typed as clerks type; chosen as frequent office words and
their common spellings, not to fit or to defeat the rules. Same entries as
bench/search_quality_queries.py, split ``fresh3``, printed on ``FRESH3_PAGES`` pages of their own
(prefix h, seed + 3000); the other pages do not change.
"""

from __future__ import annotations

FRESH3 = "fresh3"

FRESH3_QUERIES: list[tuple[str, str, str, str]] = [
    *[("variant", FRESH3, p, q) for p, q in [
        ("रुपये", "रुपए"), ("चाहिये", "चाहिए"), ("प्रबन्धन", "प्रबंधन"), ("ऊँचाई", "ऊंचाई"), ("श्रृंखला", "शृंखला"),
    ]],
    *[("inflection", FRESH3, p, q) for p, q in [
        ("सीमाओं", "सीमा"), ("खातों", "खाता"), ("आवासों", "आवास"), ("बकायों", "बकाया"), ("दावों", "दावा"),
    ]],
    *[("romanised", FRESH3, p, q) for p, q in [
        ("परिपत्र", "paripatra"), ("आबादी", "abadi"), ("ज़मींदार", "zamindar"), ("किराया", "kiraya"),
        ("पैमाइश", "paimaish"), ("रक़बा", "rakba"), ("ठेका", "theka"), ("कोटेदार", "kotedar"), ("प्रधान", "pradhan"),
        ("खरीफ", "kharif"),
    ]],
    *[("loanword", FRESH3, p, q) for p, q in [
        ("बैटरी", "battery"), ("प्लॉट", "plot"), ("गारंटी", "guarantee"), ("एजेंसी", "agency"), ("सब्सिडी", "subsidy"),
        ("पोर्टल", "portal"), ("बायोमेट्रिक", "biometric"), ("टोकन", "token"), ("सर्किल", "circle"), ("कोटा", "quota"),
    ]],
    *[("exact", FRESH3, w, w) for w in ["परिशिष्ट", "Annexure"]],
]

FRESH3_DISTRACTORS = ["बैठा", "पलट", "किरायेदार", "खाद", "आवाज़", "दावत", "टोली", "सरकल", "कोट", "प्रधानाचार्य"]

FRESH3_PAGES = 10
