"""A fresh held-out query set for bench/search_quality.py (issue 18), written 2026-12-06 before any
result on it was seen and committed on its own before its first run.

Why: the ``held`` halves of bench/search_quality_queries.py (romanised Hindi, English loanwords)
were used to fix four phonetic rules after their first run, so they are no longer held out
(docs/benchmarks.md). These queries use only words that are not in that file, and are typed the
many ways clerks type on an English keyboard: no vowel length, dropped schwa, sh/s, w/v, z/j,
ph/f, aa/a, ee/i, oo/u, chh/ch, ksh/x, gy for ज्ञ, ri for ऋ, n/m for anusvara, doubled letters
(single or double), ending -an/-aan, ड़/ढ़ as d/r/dh/rh. Some are expected to fail: they were not
chosen to fit the rules.

Same entries as bench/search_quality_queries.py: (kind, split, printed, query), split ``fresh``.
The printed forms go on their own pages (``FRESH_PAGES`` extra pages, their own seed), so the old
pages and queries stay unchanged.
"""

from __future__ import annotations

FRESH = "fresh"

FRESH_QUERIES: list[tuple[str, str, str, str]] = [
    # -- spelling variants (another standard or common spelling of the printed word) ------------
    *[("variant", FRESH, p, q) for p, q in [
        ("घन्टा", "घंटा"), ("पंडित", "पन्डित"), ("झण्डा", "झंडा"), ("सम्भावना", "संभावना"), ("कंबल", "कम्बल"),
        ("गङ्गा", "गंगा"), ("पङ्क्ति", "पंक्ति"), ("व्यञ्जन", "व्यंजन"), ("चाँदी", "चांदी"), ("महंगाई", "महँगाई"),
        ("कुआँ", "कुआं"), ("सफ़ाई", "सफाई"), ("जरूरी", "ज़रूरी"), ("इलाक़ा", "इलाका"), ("मुफ़्त", "मुफ्त"),
        ("तारीख़", "तारीख"), ("कॉपी", "कापी"), ("बॉक्स", "बाक्स"), ("स्थायी", "स्थाई"), ("अस्थाई", "अस्थायी"),
        ("सिद्धान्त", "सिद्धांत"), ("प्रांत", "प्रान्त"), ("अन्तिम", "अंतिम"), ("ज़्यादा", "ज्यादा"), ("पढ़ाई", "पढाई"),
        ("दीवार", "दिवार"), ("कण्डक्टर", "कंडक्टर"), ("ठेकेदार", "ठीकेदार"),
    ]],
    # -- inflections (base form for a printed inflection, or the other way round) --------------
    *[("inflection", FRESH, p, q) for p, q in [
        ("नागरिकों", "नागरिक"), ("श्रमिकों", "श्रमिक"), ("वाहनों", "वाहन"), ("कक्षाओं", "कक्षा"), ("सेवाओं", "सेवा"),
        ("दुकानों", "दुकान"), ("मकानों", "मकान"), ("ठेकेदारों", "ठेकेदार"), ("अध्यापकों", "अध्यापक"),
        ("बीमारियों", "बीमारी"), ("दवाओं", "दवा"), ("कुर्सियों", "कुर्सी"), ("गाड़ियों", "गाड़ी"), ("नालियों", "नाली"),
        ("पुलों", "पुल"), ("निर्णयों", "निर्णय"), ("लाभार्थियों", "लाभार्थी"), ("मरीजों", "मरीज"), ("पत्रों", "पत्र"),
        ("दरवाज़े", "दरवाज़ा"), ("कमियाँ", "कमी"), ("घटनाएँ", "घटना"), ("गलतियों", "गलती"), ("तैयारियाँ", "तैयारी"),
        ("थानों", "थाना"), ("नागरिक", "नागरिकों"), ("वाहन", "वाहनों"), ("दुकान", "दुकानें"),
    ]],
    # -- romanised Hindi (typed in Latin letters; the page prints Devanagari) ------------------
    *[("romanised", FRESH, p, q) for p, q in [
        ("ज्ञापन", "gyapan"), ("विज्ञापन", "vigyapan"), ("आज्ञा", "aagya"), ("क्षेत्र", "kshetra"), ("अध्यक्ष", "adhyax"),
        ("लक्ष्य", "laxya"), ("ऋण", "rin"), ("कृषक", "krishak"), ("गृह", "grih"), ("मृत्यु", "mrityu"),
        ("वृद्धावस्था", "vridhavastha"), ("संविदा", "samvida"), ("संशोधन", "sanshodhan"), ("अनुकम्पा", "anukampa"),
        ("भण्डार", "bhandar"), ("पंजीकरण", "panjikaran"), ("आयुक्त", "ayukt"), ("सचिवालय", "sachivalay"),
        ("न्यायालय", "nyayalay"), ("अधिवक्ता", "adhivakta"), ("मुकदमा", "mukadma"), ("फ़ैसला", "faisla"),
        ("फरियाद", "phariyad"), ("ज़मानत", "jamanat"), ("इजाजत", "ijazat"), ("वारिस", "waris"), ("विधवा", "vidhwa"),
        ("निवास", "niwas"), ("स्वास्थ्य", "swasthya"), ("बीमा", "beema"), ("सीमांकन", "seemankan"), ("सूखा", "sookha"),
        ("छूट", "chhoot"), ("मज़दूर", "majdoor"), ("छात्रवृत्ति", "chatravritti"), ("नलकूप", "nalkup"),
        ("अवकाश", "avkash"), ("प्रशासन", "prasasan"), ("शुल्क", "shulk"), ("चालान", "challan"), ("पदोन्नति", "padonati"),
        ("बाढ़", "barh"), ("झगड़ा", "jhagra"), ("गड़बड़ी", "gadbadi"), ("पहचान", "pahchaan"), ("समाधान", "samaadhaan"),
        ("अभियान", "abhiyaan"), ("मूल्यांकन", "mulyankan"), ("चौकीदार", "chowkidar"), ("दरोगा", "daroga"),
        ("निर्वाचन", "nirvachan"), ("मतदाता", "matdata"), ("टीकाकरण", "teekakaran"), ("कुपोषण", "kuposhan"),
        ("गेहूँ", "gehun"), ("बँटवारा", "batwara"),
        # the other way round: a Devanagari query, the page prints the romanised term
        ("khatedar", "खातेदार"), ("nazul", "नज़ूल"), ("kanungo", "कानूनगो"), ("lambardar", "लंबरदार"),
    ]],
    # -- English loanwords (typed in English; the page prints Devanagari) ----------------------
    *[("loanword", FRESH, p, q) for p, q in [
        ("रजिस्ट्रेशन", "registration"), ("ट्रैक्टर", "tractor"), ("इंस्पेक्टर", "inspector"), ("डायरेक्टर", "director"),
        ("मैनेजर", "manager"), ("ऑपरेटर", "operator"), ("ड्राइवर", "driver"), ("क्लर्क", "clerk"), ("स्टाफ", "staff"),
        ("फॉर्म", "form"), ("ऑनलाइन", "online"), ("पासवर्ड", "password"), ("प्रिंटर", "printer"), ("स्कैनर", "scanner"),
        ("लैपटॉप", "laptop"), ("ईमेल", "email"), ("कैमरा", "camera"), ("ट्रांसफार्मर", "transformer"), ("मीटर", "meter"),
        ("पाइपलाइन", "pipeline"), ("टिकट", "ticket"), ("पासपोर्ट", "passport"), ("वारंट", "warrant"),
        ("कैबिनेट", "cabinet"), ("प्रिंसिपल", "principal"), ("यूनिवर्सिटी", "university"), ("लाइब्रेरी", "library"),
        ("सिलेंडर", "cylinder"), ("डीज़ल", "diesel"), ("वेरिफिकेशन", "verification"), ("एडमिशन", "admission"),
        ("इंटरव्यू", "interview"), ("बोनस", "bonus"), ("चेक", "cheque"), ("एफिडेविट", "affidavit"),
        ("सॉफ्टवेयर", "software"), ("ऑक्सीजन", "oxygen"), ("डिस्पेंसरी", "dispensary"), ("राशन", "ration"),
        # the other way round: a Devanagari query, the page prints the English word
        ("Helpline", "हेल्पलाइन"), ("Transport", "ट्रांसपोर्ट"), ("Scheme", "स्कीम"),
    ]],
    # -- exact controls ------------------------------------------------------------------------
    *[("exact", FRESH, w, w) for w in [
        "प्रावधान", "निरस्त", "अवधि", "संशोधित", "विवरण", "उल्लेख", "कार्यवाही", "पुनरीक्षण",
        "Treasury", "Directorate", "Notification", "Deputy",
    ]],
]

# Printed on the fresh pages, targeted by no query, close in letters or sound to targets.
FRESH_DISTRACTORS = ["पंडाल", "घटक", "गंगाजल", "चंदा", "सफर", "इलाज", "ट्रक", "कॉपर", "थाली", "गिरवी", "बीमार",
                     "रक्षक", "पत्रिका", "मकड़ी", "दुकानदार", "क्षेत्रीय", "गृहिणी", "मीठा", "ऋतु", "चेतना", "कमल",
                     "सेवक", "बाड़", "पहचानपत्र", "मोटर", "मैनेजमेंट"]

FRESH_PAGES = 40
