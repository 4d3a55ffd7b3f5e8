"""A fourth fresh held-out query set for bench/search_quality.py (issue 18), written 2026-12-06
09:15-09:19 UTC after every rule of ADR 0022 had landed (including those the third fresh set led to),
before any result on it was seen, and committed on its own before its first run.

Why: the three earlier fresh sets all served to write rules, so none is held out any more, and the
second and third had only 6 and 5 spelling variants (too few to judge). This set is larger per kind:
32 spelling variants, 32 inflections, 37 romanised Hindi, 34 English loanwords, 10 exact controls
and 8 must-not-merge controls, in the vocabulary of a district office (revenue, police, election,
health, education, panchayat, accounts, IT). Every word was checked against the other query files,
ADR 0022, domain/hindi.py, domain/phonetic.py and tests/test_hindi_analysis.py: none of them is in
any of those. They were chosen as words clerks write and type, not to fit or to defeat the rules;
some are expected to fail.

Kinds as in bench/search_quality_queries.py: (kind, split, printed, query), split ``fresh4``.
Variants cover anusvara / nasal + virama, chandrabindu, nukta, ऑ/आ, vowel length in loanwords,
ये/ए, a final halant and ड़/ढ़ without nukta; inflections the plural and oblique endings (ों ियों ाओं
ुओं ें ियाँ, ए/ओं of ा-nouns) both ways; romanised Hindi as typed on an English keyboard (no length
marks, dropped schwa, sh/s, w/v, z/j, ph/f, aa/a, ee/i, oo/u, ou/au); loanwords typed in English
(and two the other way round). New kind ``nomerge``: (printed, query) where the query must NOT find
the printed word's pages (real words that share a key, a skeleton or a stem with the query: पका /
पक्का, वर्दी / ward, डेयरी / diary, बूट / booth …); bench/search_quality.py reports the share of the
printed word's pages the query returns (target 0).

Printed on ``FRESH4_PAGES`` pages of their own (prefix i, seed + 4000); the other pages do not change.
"""

from __future__ import annotations

FRESH4 = "fresh4"

FRESH4_QUERIES: list[tuple[str, str, str, str]] = [
    # -- spelling variants: the page prints one standard or common spelling, the clerk types another
    *[("variant", FRESH4, p, q) for p, q in [
        # anusvara / nasal + virama of the class
        ("मन्त्रालय", "मंत्रालय"), ("सम्बद्ध", "संबद्ध"), ("बन्दूक", "बंदूक"), ("खम्भा", "खंभा"), ("गंदगी", "गन्दगी"),
        ("आन्दोलन", "आंदोलन"), ("लम्बाई", "लंबाई"), ("अङ्क", "अंक"),
        # chandrabindu / anusvara
        ("आँकड़े", "आंकड़े"), ("बांध", "बाँध"), ("साँप", "सांप"), ("दाँत", "दांत"),
        # nukta
        ("जुर्माना", "ज़ुर्माना"), ("गैरहाज़िर", "गैरहाजिर"), ("क़ब्ज़ा", "कब्जा"), ("फ़ीस", "फीस"), ("मौज़ा", "मौजा"),
        # candra o ऑ / आ
        ("ब्लॉक", "ब्लाक"), ("मॉनिटरिंग", "मानिटरिंग"), ("आटो", "ऑटो"),
        # vowel length in loanwords
        ("प्राइमरी", "प्राईमरी"), ("मेडिकल", "मेडीकल"), ("ट्यूबवेल", "ट्युबवेल"), ("क्लिनिक", "क्लीनिक"),
        # ये / ए
        ("दीजिये", "दीजिए"), ("कराए", "कराये"), ("कार्यदायी", "कार्यदाई"),
        # a final halant written or not
        ("पश्चात्", "पश्चात"), ("पृथक", "पृथक्"), ("श्रीमान्", "श्रीमान"),
        # ड़ ढ़ typed without the nukta
        ("बढ़ोतरी", "बढोतरी"), ("पड़ताल", "पडताल"),
    ]],
    # -- inflections: the base form for a printed plural/oblique form, and four the other way round
    *[("inflection", FRESH4, p, q) for p, q in [
        ("उम्मीदवारों", "उम्मीदवार"), ("मतपत्रों", "मतपत्र"), ("प्रार्थियों", "प्रार्थी"), ("याचिकाओं", "याचिका"),
        ("रोगियों", "रोगी"), ("चिकित्सकों", "चिकित्सक"), ("पशुओं", "पशु"), ("भाषाओं", "भाषा"),
        ("प्रविष्टियों", "प्रविष्टि"), ("पाठशालाओं", "पाठशाला"), ("शिक्षिकाओं", "शिक्षिका"), ("भूखंडों", "भूखंड"),
        ("नहरों", "नहर"), ("तालाबों", "तालाब"), ("शौचालयों", "शौचालय"), ("रसीदें", "रसीद"), ("शर्तें", "शर्त"),
        ("मांगें", "मांग"), ("इकाइयाँ", "इकाई"), ("टिप्पणियों", "टिप्पणी"), ("कैदियों", "कैदी"), ("हिस्से", "हिस्सा"),
        ("तबादलों", "तबादला"), ("मसौदे", "मसौदा"), ("मोहल्लों", "मोहल्ला"), ("ब्योरे", "ब्योरा"), ("लिफाफे", "लिफाफा"),
        ("कस्बों", "कस्बा"),
        ("चौकी", "चौकियों"), ("गली", "गलियों"), ("डाकू", "डाकुओं"), ("किताब", "किताबें"),
    ]],
    # -- romanised Hindi, typed as clerks type it; the page prints Devanagari (two the other way round)
    *[("romanised", FRESH4, p, q) for p, q in [
        ("बैनामा", "bainama"), ("वरासत", "warasat"), ("शजरा", "shajra"), ("लगान", "lagaan"), ("हदबंदी", "hadbandi"),
        ("तरमीम", "tarmeem"), ("हवालात", "hawalat"), ("मुखबिर", "mukhbir"), ("गुमशुदा", "gumsuda"),
        ("तफ़्तीश", "taftish"), ("रोज़नामचा", "rojnamcha"), ("मालखाना", "malkhana"), ("मतगणना", "matganana"),
        ("निकाय", "nikaay"), ("प्रत्याशी", "pratyasi"), ("प्रसव", "prasav"), ("नसबंदी", "nasbandi"),
        ("पोषाहार", "poshahar"), ("दवाखाना", "davakhana"), ("पाठ्यक्रम", "pathyakram"), ("वज़ीफ़ा", "wazifa"),
        ("खड़ंजा", "kharanja"), ("पंचनामा", "panchnama"), ("अंत्योदय", "antyoday"), ("गौशाला", "gaushala"),
        ("हाज़िरी", "hajiri"), ("तनख्वाह", "tankhwah"), ("आवक", "aavak"), ("पत्रावली", "patrawali"), ("आख्या", "akhya"),
        ("अनापत्ति", "anapatti"), ("फ़ौजदारी", "foujdari"), ("मुनादी", "munadi"), ("संस्तुति", "sanstuti"),
        ("मत्स्य", "matsya"),
        ("Khewat", "खेवट"), ("Kotwali", "कोतवाली"),
    ]],
    # -- English loanwords typed in English; the page prints Devanagari (two the other way round)
    *[("loanword", FRESH4, p, q) for p, q in [
        ("इंजेक्शन", "injection"), ("अल्ट्रासाउंड", "ultrasound"), ("स्ट्रेचर", "stretcher"), ("वेंटिलेटर", "ventilator"),
        ("फार्मासिस्ट", "pharmacist"), ("वार्ड", "ward"), ("ऑपरेशन", "operation"), ("सैंपल", "sample"), ("बैलट", "ballot"),
        ("पोलिंग", "polling"), ("बूथ", "booth"), ("कांस्टेबल", "constable"), ("जेल", "jail"), ("सर्वर", "server"),
        ("नेटवर्क", "network"), ("डाउनलोड", "download"), ("स्पीकर", "speaker"), ("फोटोकॉपी", "photocopy"),
        ("वाउचर", "voucher"), ("एस्टीमेट", "estimate"), ("कोटेशन", "quotation"), ("रिफंड", "refund"),
        ("व्हीकल", "vehicle"), ("डायरी", "diary"), ("सीमेंट", "cement"), ("सोलर", "solar"), ("मार्कशीट", "marksheet"),
        ("ट्यूशन", "tuition"), ("सिलेबस", "syllabus"), ("रिजल्ट", "result"), ("हेडमास्टर", "headmaster"), ("नर्स", "nurse"),
        ("Stamp", "स्टांप"), ("Backup", "बैकअप"),
    ]],
    # -- exact controls (precision at 10 must not change)
    *[("exact", FRESH4, w, w) for w in [
        "अधोहस्ताक्षरी", "अधीक्षक", "निर्गत", "पृष्ठांकन", "अनुस्मारक", "संदर्भित", "Superintendent", "Disbursement", "Inspection",
        "Correspondence",
    ]],
    # -- must not merge: the query must not find the printed word's pages (different words)
    *[("nomerge", FRESH4, p, q) for p, q in [
        ("पका", "पक्का"),  # cooked / pucca: doubling is not a spelling variant here
        ("वर्दी", "ward"),  # uniform / ward: same consonants, other vowels
        ("डेयरी", "diary"),  # dairy / diary
        ("लगन", "लगान"),  # devotion / land revenue: vowel length of आ is not folded
        ("नरसों", "नर्स"),  # day after tomorrow / nurse: a dropped virama is not an inflection
        ("जाल", "jail"),  # net / jail
        ("सरोवर", "server"),  # lake / server
        ("बूट", "booth"),  # boot / booth: th is not ट in an English word
    ]],
]

# Printed on the fresh4 pages, targeted by no query, close in letters or sound to targets.
FRESH4_DISTRACTORS = ["इंजन", "वार्डन", "मुखिया", "हवाला", "पंचांग", "दवात", "सजावट", "तालाबंदी", "मौसम", "पकौड़ा",
                      "सेमिनार", "बांधा"]

FRESH4_PAGES = 40
