"""A sixth fresh held-out query set for bench/search_quality.py (issue 18), written 2026-12-07
15:20-15:40 UTC after every rule of ADR 0022 (1-17) had landed, before any result on it was seen, and
committed on its own before its first run (the commit is the proof that it was not tuned on).

Why: the fifth set served to write rules 15-17, so no held-out set remained. Same kinds and entries
as bench/search_quality_fresh5.py, split ``fresh6``; each entry also has a class (``FRESH6_CLASS``)
saying which way of typing it stands for, so the misses can be read per class. Every word (printed
and typed) was checked by script against the other query files, ADR 0022, domain/,
tests/test_hindi_analysis.py and tests/storage/ (token, variant key and stem key): none is in any of
those, except connectors (का, की, ka, ki) and the words that a phrase shares with a word entry of this
set. They were chosen as what clerks type, not to fit or to defeat the rules; some are expected to fail.

What is new against fresh1-5 (what real clerks type and no earlier set asked):
- one word typed several ways in Latin letters (shikayat / shikayet / sikayat / shikaayat; kanungo /
  kanoongo / qanungo; krishi / krashi / krushi; kshetra / chhetra / shetra), ALL-CAPS and capitalised;
- romanised inflections (mukadmon, dukano, bastiyon, vidyalayon);
- Hinglish phrases with English words (ration card ka naveenikaran, gas connection, voter list);
- English acronyms the office prints spelt out in Devanagari (FIR = एफआईआर, RTI, BPL, SDM, BDO);
- Devanagari typed with ZWJ/ZWNJ, nukta as a separate code point or precomposed, ो typed ा + े;
- misspellings Hindi typists make: vowel length (परिक्षा, निरिक्षण, रूपये), a/aa (अत्याधिक, आधीन,
  व्यवसायिक), a nasal not typed (सिचाई, जनसख्या), ब for व and स for श (बसूली, सपथ), ृ typed र्
  (म्रतक); digits typed in the other script (2019 for २०१९);
- must-not-merge pairs from classes no rule was tuned on: an English word that sounds like a Hindi
  one (rate/रात, meter/मटर, file/फल, road/रद्द, lock/लोक, form/फर्म, FIR/फिर, car/कर), a nasal that
  makes another word (गदा/गंदा, पथ/पंथ, मास/मांस), ब/व (वाद/बाद), a year one digit off.

Printed on ``FRESH6_PAGES`` pages of their own (prefix k, seed + 6000); the other pages do not change.
"""

from __future__ import annotations

FRESH6 = "fresh6"

ZWJ, ZWNJ, NUKTA = "\u200d", "\u200c", "\u093c"

# (kind, class, [(printed, typed), ...])
_GROUPS: list[tuple[str, str, list[tuple[str, str]]]] = [
    # -- spelling variants typed in Devanagari
    ("variant", "zero-width", [
        ("उत्तराधिकारी", f"उत्{ZWJ}तराधिकारी"), ("पुस्तिका", f"पुस्{ZWNJ}तिका"), ("स्पष्टीकरण", f"स्{ZWJ}पष्टीकरण"),
        ("क्षतिपूर्ति", f"क्{ZWJ}षतिपूर्ति"), ("ज्येष्ठता", f"ज्{ZWNJ}येष्ठता"), ("वरिष्ठता", f"वरिष्{ZWJ}ठता"),
    ]),
    ("variant", "nukta-code-point", [
        ("\u095eर्द", f"फ{NUKTA}र्द"), ("\u095aैरमजरुआ", f"ग{NUKTA}ैरमजरुआ"), (f"नाज{NUKTA}िर", "ना\u095bिर"),
        (f"कब्ज{NUKTA}ेदार", "कब्\u095bेदार"), ("मुला\u095bिम", "मुलाजिम"), (f"इज{NUKTA}ाफ{NUKTA}ा", "इ\u095bा\u095eा"),
    ]),
    ("variant", "matra-typed-apart", [
        ("मोहर", "मा\u0947हर"), ("नौकरी", "ना\u0948करी"), ("आकस्मिक", "अ\u093eकस्मिक"), ("ओवरसियर", "आ\u0947वरसियर"),
    ]),
    ("variant", "nasal-not-typed", [
        ("मुंशी", "मुशी"), ("छंटनी", "छटनी"), ("सांख्यिकी", "साख्यिकी"), ("पंजीयन", "पजीयन"), ("जनसंख्या", "जनसख्या"),
    ]),
    ("variant", "vowel-length-misspelt", [
        ("श्रीमती", "श्रीमति"), ("दुरुपयोग", "दुरूपयोग"), ("अतिथि", "अतिथी"), ("चिकित्सा", "चिकीत्सा"),
        ("पूर्ति", "पुर्ति"), ("उपयोगिता", "उपयोगीता"), ("दीवानी", "दिवानी"), ("प्रतिपूर्ति", "प्रतिपुर्ति"),
        ("विभागीय", "विभागिय"),
    ]),
    ("variant", "a-aa-misspelt", [
        ("अत्यधिक", "अत्याधिक"), ("अनधिकृत", "अनाधिकृत"), ("अधीन", "आधीन"), ("प्रामाणिक", "प्रमाणिक"),
        ("व्यावसायिक", "व्यवसायिक"),
    ]),
    ("variant", "one-letter-typo", [
        ("हस्तांतरण", "हस्तातंरण"), ("स्पष्टीकरण", "स्पस्टीकरण"), ("आरोपपत्र", "आरोपत्र"), ("चेतावनी", "चेतवनी"),
        ("पदस्थापना", "पदस्थपना"),
    ]),
    ("variant", "b-v-s-sh", [
        ("शपथ", "सपथ"), ("शासनादेश", "सासनादेश"), ("विज्ञप्ति", "बिज्ञप्ति"), ("वितरण", "बितरण"),
        ("व्यवस्था", "ब्यवस्था"), ("शासकीय", "सासकीय"), ("विलंब", "बिलंब"),
    ]),
    ("variant", "ri-typed-r", [("मृतक", "म्रतक"), ("पृष्ठ", "प्रष्ठ")]),
    ("variant", "digits", [
        ("१९८७", "1987"), ("1998", "१९९८"), ("१२४७", "1247"), ("4517", "४५१७"), ("३०४", "304"),
    ]),
    # -- inflections: the base form for a printed plural/oblique form (and one the other way round)
    ("inflection", "plural", [
        ("सिपाहियों", "सिपाही"), ("हवलदारों", "हवलदार"), ("चपरासियों", "चपरासी"), ("लिपिकों", "लिपिक"),
        ("पेशकारों", "पेशकार"), ("मेलों", "मेला"), ("हाटों", "हाट"), ("असामियों", "असामी"), ("भूमिधरों", "भूमिधर"),
        ("यात्राओं", "यात्रा"), ("चेतावनियों", "चेतावनी"), ("छुट्टियों", "छुट्टी"), ("अर्दलियों", "अर्दली"),
        ("अमीनों", "अमीन"), ("ग्रामसेवकों", "ग्रामसेवक"), ("पेंशनभोगियों", "पेंशनभोगी"), ("अलमारियों", "अलमारी"),
        ("तिजोरियों", "तिजोरी"), ("मुहरों", "मुहर"), ("भैंसों", "भैंस"), ("बकरियों", "बकरी"), ("खलिहानों", "खलिहान"),
        ("मेड़ों", "मेड़"), ("गड्ढों", "गड्ढा"), ("पुलिंदों", "पुलिंदा"), ("दराजों", "दराज"), ("मिसलें", "मिसल"),
        ("आरोपपत्र", "आरोपपत्रों"),
    ]),
    ("inflection", "plural-and-spelling", [
        ("मुलाज़िमों", "मुलाजिम"), ("इज़ाफ़े", "इजाफा"), ("कब्ज़ेदारों", "कब्जेदार"), ("नाज़िरों", "नाजिर"),
        ("मुंशियों", "मुन्शी"),
    ]),
    # -- romanised Hindi typed on an English keyboard; the page prints Devanagari
    ("romanised", "one-word-many-ways", [
        ("चपरासी", "chaprasi"), ("चपरासी", "chapraasi"), ("चपरासी", "chaprassi"), ("चपरासी", "chaparasi"),
        ("हवलदार", "hawaldar"), ("हवलदार", "havaldar"), ("हवलदार", "hawaldaar"), ("हवलदार", "havildar"),
        ("पेशकार", "peshkar"), ("पेशकार", "peshkaar"), ("पेशकार", "peskar"), ("पेशकार", "peshakar"),
        ("छुट्टी", "chhutti"), ("छुट्टी", "chutti"), ("छुट्टी", "chuti"), ("छुट्टी", "chhuti"),
        ("क्षतिपूर्ति", "kshatipurti"), ("क्षतिपूर्ति", "chhatipurti"), ("क्षतिपूर्ति", "kshatipoorti"),
        ("क्षतिपूर्ति", "shatipurti"),
        ("सेवानिवृत्ति", "sewanivritti"), ("सेवानिवृत्ति", "sevanivrutti"), ("सेवानिवृत्ति", "sevanivriti"),
        ("सेवानिवृत्ति", "sewanivrati"),
        ("आकस्मिक", "aakasmik"), ("आकस्मिक", "akasmik"), ("आकस्मिक", "aakasmic"), ("अहलमद", "ahalmad"),
        ("अहलमद", "ahlmad"),
    ]),
    ("romanised", "letters-w-v-sh-s-ph-f-length-double", [
        ("विवाह", "vivah"), ("विवाह", "wiwah"), ("सहकारी", "sehkari"), ("सहकारी", "sahkari"), ("जीवन", "jivan"),
        ("पट्टेदार", "pattedar"), ("सम्मति", "sammati"), ("वापसी", "wapsi"), ("वसीयत", "vasiyat"), ("वसीयत", "wasiyat"),
        ("चिट्ठी", "chitthi"), ("चिट्ठी", "chithi"), ("तहरीर", "tahrir"), ("तहरीर", "tehreer"), ("रपट", "rapat"),
    ]),
    ("romanised", "caps", [
        ("खतियान", "KHATIYAN"), ("भूमिधर", "BHUMIDHAR"), ("सीरदार", "SEERDAR"), ("असामी", "ASAMI"), ("बेनामी", "Benami"),
        ("रहन", "Rehan"), ("तकसीम", "TAKSEEM"), ("मुंसिफ", "MUNSIF"),
    ]),
    ("romanised", "inflected", [
        ("सिपाहियों", "sipahiyon"), ("लिपिकों", "lipikon"), ("यात्राओं", "yatraon"), ("छुट्टियों", "chhuttiyon"),
        ("मेलों", "melon"), ("बकरियों", "bakriyon"), ("अलमारियों", "almariyon"), ("खलिहानों", "khalihano"),
        ("भैंसों", "bhainson"), ("हवलदारों", "havaldaron"),
    ]),
    ("romanised", "hinglish-phrase", [
        ("गैस कनेक्शन का नवीनीकरण", "gas connection ka naveenikaran"),
        ("चिकित्सा प्रतिपूर्ति", "chikitsa pratipurti"), ("वोटर कार्ड", "voter card"),
    ]),
    # -- English typed; the page prints the loanword in Devanagari (three the other way round)
    ("loanword", "acronym", [
        ("एफआईआर", "FIR"), ("आरटीआई", "RTI"), ("बीपीएल", "BPL"), ("एसडीएम", "SDM"), ("बीडीओ", "BDO"),
        ("सीएमओ", "CMO"), ("एनओसी", "NOC"), ("पीडब्ल्यूडी", "PWD"), ("एएनएम", "ANM"), ("एमएलए", "MLA"),
        ("सीसीटीवी", "CCTV"), ("पीएचसी", "phc"), ("SDO", "एसडीओ"),
    ]),
    ("loanword", "misspelt", [
        ("इंक्रीमेंट", "incriment"), ("परमिशन", "permision"), ("रिमाइंडर", "remainder"), ("एक्सटेंशन", "extention"),
        ("अकाउंटेंट", "accountent"), ("रेफरेंस", "refrence"), ("गवर्नमेंट", "goverment"),
    ]),
    ("loanword", "office-word", [
        ("नोटरी", "notary"), ("गजट", "gazette"), ("सम्मन", "summons"), ("पैरोल", "parole"), ("चार्जशीट", "chargesheet"),
        ("पोस्टमार्टम", "postmortem"), ("स्कॉलरशिप", "scholarship"), ("अलाउंस", "allowance"), ("ओवरटाइम", "Overtime"),
        ("एरियर", "arrear"), ("पोस्टिंग", "POSTING"), ("ग्रेच्युटी", "gratuity"), ("एजेंडा", "agenda"),
        ("इनवॉइस", "invoice"), ("काउंटर", "counter"), ("अटेंडेंस", "attendance"), ("माउस", "mouse"),
        ("कार्ट्रिज", "cartridge"), ("जीप", "jeep"), ("लॉगबुक", "logbook"), ("टायर", "tyre"),
        ("Memo", "मेमो"), ("Indent", "इंडेंट"),
    ]),
    ("loanword", "phrase", [("गैस कनेक्शन", "gas connection")]),
    # -- exact controls (precision at 10 must not change)
    ("exact", "exact", [(w, w) for w in [
        "प्रत्यावेदन", "निष्पादन", "परिसम्पत्ति", "अभियोजन", "संज्ञान", "अभियोक्ता", "Adjournment", "Proceedings",
        "Adjudication", "Sanctioned",
    ]]),
    # -- must not merge: the query must not find the printed word's pages (different words)
    ("nomerge", "english-sounds-hindi", [
        ("रद्द", "road"), ("परख", "park"), ("लोक", "lock"), ("फिर", "FIR"), ("कीट", "kit"), ("हल", "hall"),
    ]),
    ("nomerge", "nasal-makes-another-word", [("गंदा", "गदा"), ("पंथ", "पथ"), ("मांस", "मास")]),
    ("nomerge", "b-v", [("बाद", "वाद")]),
    ("nomerge", "digit", [("१९९७", "1998")]),
]

FRESH6_QUERIES: list[tuple[str, str, str, str]] = [(kind, FRESH6, p, q) for kind, _, pairs in _GROUPS for p, q in pairs]
FRESH6_CLASS: dict[tuple[str, str], str] = {(p, q): cls for _, cls, pairs in _GROUPS for p, q in pairs}

# Printed on the fresh6 pages, targeted by no query, close in letters or sound to targets.
FRESH6_DISTRACTORS = ["फिरौती", "मटका", "लोकपाल", "वादी", "बादाम", "पथरी", "मासूम", "गदर", "परखना", "करार",
                      "शिकार", "हलवाई", "कीटनाशक",
                      # the must-not-merge query words themselves, so they are indexed and the pair measures the
                      # expansion, not the OCR one-edit tier a query word printed on no page gets
                      "गदा", "पथ", "मास", "वाद", "road", "park", "lock", "kit", "hall"]

FRESH6_PAGES = 48
