"""The district departments Sanchika classifies into: the one source of truth.

Keys match /work/shared/data/departments/README.md. ``aliases`` are names and abbreviations of
the department and its offices in both scripts (strong evidence); ``keywords`` are bilingual
district-office vocabulary of its work (weaker evidence). The vocabulary was written from domain
knowledge of district offices, not mined from the labelled data.

Terms are written ``"a|b|c"`` to keep the table compact; a term may be a multi-word phrase.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from domain.errors import UsageError
from domain.text import normalize

UNKNOWN = "unknown"

_TOKEN_RE = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_NEEDS_FOLD_RE = regex.compile("[\u200b\u200c\u200d\u2060\ufeff\u0966-\u096f]")
_NUKTA = "\u093c"
_CHANDRABINDU, _ANUSVARA = "\u0901", "\u0902"
# Hindi inflectional endings (plural/oblique/gender), longest first. Stripped from both the text
# and the lexicon, so किसानों/किसान and महिलाओं/महिला meet on one stem.
_HI_SUFFIXES = tuple(
    sorted(
        ["ियों", "ियां", "ियाँ", "ाओं", "ाएं", "ाएँ", "ुओं", "ों", "ें", "ीं", "ां", "ाँ", "ा", "ी", "े", "ो"],
        key=len,
        reverse=True,
    )
)


@dataclass(frozen=True)
class Department:
    key: str
    name_en: str
    name_hi: str
    aliases: tuple[str, ...]
    keywords: tuple[str, ...]


def _t(s: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in s.split("|") if x.strip())


# fmt: off
DEPARTMENTS: tuple[Department, ...] = (
    Department(
        "revenue", "Revenue", "राजस्व",
        _t("Revenue Department|राजस्व विभाग|राजस्व|Tehsil|Tahsil|तहसील|Tehsildar|Tahsildar|तहसीलदार|"
            "Naib Tehsildar|नायब तहसीलदार|Patwari|पटवारी|Kanungo|कानूनगो|राजस्व निरीक्षक|Revenue Inspector|"
            "भू-अभिलेख|Land Records|अधीक्षक भू-अभिलेख|खसरा|खतौनी|नामांतरण|Mutation|Collector Land Records"),
        _t("land revenue|भू-राजस्व|लगान|khasra|khatauni|jamabandi|जमाबंदी|दाखिल खारिज|demarcation|सीमांकन|"
            "बटांकन|partition of land|बंटवारा|diversion|व्यपवर्तन|encroachment|अतिक्रमण|land acquisition|"
            "भू-अर्जन|भूमि अधिग्रहण|land record|अभिलेख दुरुस्ती|revenue court|राजस्व न्यायालय|राजस्व प्रकरण|"
            "revenue case|halka|हल्का|nazul|नजूल|पट्टा|lease deed|government land|शासकीय भूमि|खसरा नंबर|"
            "survey number|सर्वे नंबर|नक्शा|भूमि|land|stamp duty|स्टाम्प शुल्क|registry|रजिस्ट्री|"
            "caste certificate|जाति प्रमाण पत्र|income certificate|आय प्रमाण पत्र|domicile|मूल निवासी|"
            "natural calamity|प्राकृतिक आपदा|आरबीसी|मुआवजा|girdawari|गिरदावरी|ऋण पुस्तिका|भू-अधिकार|"
            "बी-1|land allotment|भूमि आवंटन|acquisition award|अवार्ड|landowner|भूस्वामी|कृषि भूमि|tenancy"),
    ),
    Department(
        "education", "Education", "शिक्षा",
        _t("Education Department|शिक्षा विभाग|शिक्षा|Education|District Education Officer|जिला शिक्षा अधिकारी|"
            "DEO|BEO|विकासखंड शिक्षा अधिकारी|खंड शिक्षा अधिकारी|Samagra Shiksha|समग्र शिक्षा|SSA|"
            "सर्व शिक्षा अभियान|Sarva Shiksha Abhiyan|RMSA|Human Resource Development|मानव संसाधन विकास|"
            "लोक शिक्षण संचालनालय|Directorate of Public Instruction"),
        _t("school|schools|विद्यालय|स्कूल|शाला|teacher|शिक्षक|अध्यापक|headmaster|प्रधानाध्यापक|principal|"
            "प्राचार्य|student|छात्र|छात्रा|विद्यार्थी|mid-day meal|मध्याह्न भोजन|scholarship|छात्रवृत्ति|"
            "admission|examination|परीक्षा|board exam|syllabus|पाठ्यक्रम|textbook|पाठ्यपुस्तक|enrolment|"
            "dropout|RTE|शिक्षा का अधिकार|university|विश्वविद्यालय|college|महाविद्यालय|higher education|"
            "उच्च शिक्षा|primary school|प्राथमिक शाला|middle school|माध्यमिक शाला|high school|हाई स्कूल|"
            "higher secondary|उच्चतर माध्यमिक|CBSE|NCERT|UGC|AICTE|IIT|literacy|साक्षरता|classroom|कक्षा|"
            "uniform|गणवेश|Kendriya Vidyalaya|केन्द्रीय विद्यालय|Navodaya|नवोदय|teacher training|"
            "शिक्षक प्रशिक्षण|B.Ed|D.El.Ed|guest teacher|अतिथि शिक्षक|संविदा शिक्षक|शिक्षाकर्मी|academic|"
            "शैक्षणिक|शैक्षिक|curriculum|educational|पढ़ाई|tuition|शिक्षण"),
    ),
    Department(
        "panchayat_rural_development", "Panchayat and Rural Development", "पंचायत एवं ग्रामीण विकास",
        _t("Panchayat|पंचायत|Rural Development|ग्रामीण विकास|Zila Panchayat|जिला पंचायत|Janpad Panchayat|"
            "जनपद पंचायत|Gram Panchayat|ग्राम पंचायत|MGNREGA|MGNREGS|NREGA|मनरेगा|नरेगा|"
            "पंचायत एवं ग्रामीण विकास विभाग|Panchayati Raj|पंचायती राज|DRDA|"
            "मुख्य कार्यपालन अधिकारी जिला पंचायत|CEO Zila Panchayat"),
        _t("sarpanch|सरपंच|panch|पंच|gram sabha|ग्राम सभा|panchayat secretary|पंचायत सचिव|rozgar sahayak|"
            "रोजगार सहायक|job card|जॉब कार्ड|PMAY-G|प्रधानमंत्री आवास योजना ग्रामीण|Indira Awaas|इंदिरा आवास|"
            "PMGSY|प्रधानमंत्री ग्राम सड़क योजना|NRLM|आजीविका मिशन|Aajeevika|self help group|"
            "स्वयं सहायता समूह|SHG|SBM-G|स्वच्छ भारत मिशन ग्रामीण|toilet|शौचालय|ODF|खुले में शौच|village|"
            "villages|गांव|गाँव|ग्राम|rural|ग्रामीण|block|विकासखंड|जनपद|finance commission|वित्त आयोग|"
            "social audit|सामाजिक अंकेक्षण|wage employment|SAGY|सांसद आदर्श ग्राम|watershed|वाटरशेड|BPL|"
            "गरीबी रेखा|पंचायत भवन|e-panchayat|GPDP|rurban|रूर्बन|DDU-GKY|RSETI|up-sarpanch|उपसरपंच|"
            "पंचायत निधि|rural housing|ग्रामीण आवास|rural roads|अमृत सरोवर|तालाब निर्माण"),
    ),
    Department(
        "women_child_development", "Women and Child Development", "महिला एवं बाल विकास",
        _t("WCD|म.बा.वि.|महिला एवं बाल विकास|महिला बाल विकास|Women and Child Development|"
            "Women & Child Development|ICDS|एकीकृत बाल विकास सेवा|आंगनवाड़ी|आंगनबाड़ी|Anganwadi|Anganwadis|"
            "CDPO|बाल विकास परियोजना अधिकारी|जिला कार्यक्रम अधिकारी|District Programme Officer"),
        _t("anganwadi worker|आंगनवाड़ी कार्यकर्ता|सहायिका|supervisor|पर्यवेक्षक|poshan|पोषण|nutrition|"
            "malnutrition|कुपोषण|supplementary nutrition|पूरक पोषण आहार|take home ration|THR|child|children|"
            "बच्चे|बालक|बालिका|girl child|बेटी बचाओ बेटी पढ़ाओ|Beti Bachao|लाड़ली लक्ष्मी|Ladli|women|woman|"
            "महिला|dowry|दहेज|domestic violence|घरेलू हिंसा|protection officer|संरक्षण अधिकारी|child marriage|"
            "बाल विवाह|one stop centre|वन स्टॉप सेंटर|sakhi|सखी|child protection|बाल संरक्षण|ICPS|"
            "juvenile justice|किशोर न्याय|CWC|बाल कल्याण समिति|adoption|दत्तक ग्रहण|lactating|धात्री|"
            "Matru Vandana|मातृ वंदना|PMMVY|कन्या|Sabla|सबला|kishori|किशोरी|Mahila Shakti Kendra|gender|"
            "लैंगिक|women empowerment|महिला सशक्तिकरण|creche|पालना घर|stunting|wasting|growth monitoring|"
            "childline|चाइल्डलाइन|POCSO|पॉक्सो|widow|विधवा|शिशु|infant|mothers"),
    ),
    Department(
        "agriculture", "Agriculture", "कृषि",
        _t("Agriculture|कृषि|कृषि विभाग|Department of Agriculture|किसान कल्याण तथा कृषि विकास|"
            "Farmers Welfare|किसान कल्याण|उप संचालक कृषि|Deputy Director Agriculture|"
            "ग्रामीण कृषि विस्तार अधिकारी|RAEO|कृषि विस्तार अधिकारी|KVK|कृषि विज्ञान केन्द्र|Krishi Vigyan Kendra|"
            "ICAR|भारतीय कृषि अनुसंधान परिषद"),
        _t("farmer|किसान|कृषक|crop|फसल|kharif|खरीफ|rabi|रबी|seed|बीज|fertilizer|fertiliser|उर्वरक|खाद|urea|"
            "यूरिया|DAP|pesticide|कीटनाशक|irrigation|सिंचाई|soil health card|मृदा स्वास्थ्य कार्ड|soil|मिट्टी|"
            "मृदा|crop insurance|फसल बीमा|PMFBY|प्रधानमंत्री फसल बीमा योजना|PM-KISAN|पीएम किसान|"
            "किसान सम्मान निधि|MSP|minimum support price|न्यूनतम समर्थन मूल्य|procurement|उपार्जन|tractor|"
            "ट्रैक्टर|horticulture|उद्यानिकी|बागवानी|organic farming|जैविक खेती|खेती|farming|cultivation|"
            "agricultural|sowing|बोनी|बुवाई|harvest|drought|सूखा|paddy|धान|wheat|गेहूं|pulses|दलहन|oilseeds|"
            "तिलहन|Kisan Credit Card|किसान क्रेडिट कार्ड|KCC|animal husbandry|पशुपालन|dairy|डेयरी|fisheries|"
            "मत्स्य|micro irrigation|sprinkler|स्प्रिंकलर|drip irrigation|ड्रिप|mandi|मंडी|agri|krishi|"
            "stubble|पराली|locust|टिड्डी|agronomy|crop residue|फसल अवशेष"),
    ),
    Department(
        "health", "Health", "स्वास्थ्य",
        _t("Health|स्वास्थ्य|स्वास्थ्य विभाग|Health Department|CMHO|मुख्य चिकित्सा एवं स्वास्थ्य अधिकारी|CMO|"
            "Chief Medical Officer|BMO|खंड चिकित्सा अधिकारी|NHM|राष्ट्रीय स्वास्थ्य मिशन|NRHM|"
            "National Health Mission|Civil Surgeon|सिविल सर्जन|District Hospital|जिला चिकित्सालय|जिला अस्पताल|"
            "Health and Family Welfare|स्वास्थ्य एवं परिवार कल्याण"),
        _t("hospital|अस्पताल|चिकित्सालय|doctor|डॉक्टर|चिकित्सक|medical officer|चिकित्सा अधिकारी|nurse|नर्स|"
            "ANM|एएनएम|ASHA|आशा कार्यकर्ता|PHC|प्राथमिक स्वास्थ्य केन्द्र|CHC|सामुदायिक स्वास्थ्य केन्द्र|"
            "sub health centre|उप स्वास्थ्य केन्द्र|vaccination|immunization|immunisation|टीकाकरण|टीका|"
            "vaccine|disease|बीमारी|रोग|malaria|मलेरिया|dengue|डेंगू|tuberculosis|क्षय रोग|टीबी|leprosy|कुष्ठ|"
            "HIV|AIDS|medicine|दवा|दवाई|औषधि|drugs|patient|मरीज|रोगी|treatment|इलाज|उपचार|ambulance|एम्बुलेंस|"
            "Janani Suraksha|जननी सुरक्षा योजना|institutional delivery|संस्थागत प्रसव|प्रसव|maternal|"
            "मातृ मृत्यु|infant mortality|शिशु मृत्यु|family planning|परिवार नियोजन|sterilization|नसबंदी|"
            "Ayushman Bharat|आयुष्मान भारत|blood bank|ब्लड बैंक|epidemic|महामारी|cancer|कैंसर|AIIMS|एम्स|"
            "medical college|चिकित्सा महाविद्यालय|MBBS|pharmacy|AYUSH|आयुष|health worker|"
            "स्वास्थ्य कार्यकर्ता|NRC|पोषण पुनर्वास केन्द्र|medical|चिकित्सा|health care|clinical|surgery"),
    ),
    Department(
        "forest", "Forest", "वन",
        _t("Forest|वन|वन विभाग|Forest Department|DFO|वनमंडलाधिकारी|वन मंडल अधिकारी|Divisional Forest Officer|"
            "Range Officer|वन परिक्षेत्र अधिकारी|रेंजर|CCF|मुख्य वन संरक्षक|Conservator of Forests|वन संरक्षक|"
            "Environment, Forest and Climate Change|पर्यावरण, वन एवं जलवायु परिवर्तन"),
        _t("forest|जंगल|वन भूमि|forest land|tree|पेड़|वृक्ष|plantation|वृक्षारोपण|पौधारोपण|afforestation|"
            "वनीकरण|CAMPA|कैम्पा|wildlife|वन्यजीव|वन्य प्राणी|tiger|बाघ|elephant|हाथी|leopard|तेंदुआ|"
            "national park|राष्ट्रीय उद्यान|sanctuary|अभयारण्य|tiger reserve|timber|लकड़ी|इमारती लकड़ी|"
            "tendu|तेंदूपत्ता|bamboo|बांस|felling|illegal felling|अवैध कटाई|poaching|शिकार|environment|पर्यावरण|"
            "climate change|जलवायु परिवर्तन|pollution|प्रदूषण|biodiversity|जैव विविधता|ecology|eco-sensitive|"
            "wetland|आर्द्रभूमि|mangrove|forest fire|वनाग्नि|nursery|रोपणी|नर्सरी|forest guard|वनरक्षक|वनपाल|"
            "environmental clearance|पर्यावरण स्वीकृति|ozone|ओजोन|carbon|emission|उत्सर्जन|plastic|प्लास्टिक|"
            "desertification|मरुस्थलीकरण|वन्यप्राणी|wild animal|जानवर|zoo|चिड़ियाघर"),
    ),
    Department(
        "tribal_welfare", "Tribal Welfare", "आदिवासी कल्याण",
        _t("आदिवासी विकास|आदिवासी कल्याण|Tribal Welfare|Tribal Affairs|जनजातीय कार्य|Tribal Development|"
            "जनजाति कार्य विभाग|Assistant Commissioner Tribal Development|सहायक आयुक्त आदिवासी विकास|ITDP|"
            "एकीकृत आदिवासी विकास परियोजना|ITDA|TRIFED|ट्राइफेड|जनजातीय कार्य मंत्रालय"),
        _t("tribal|आदिवासी|जनजाति|जनजातीय|Scheduled Tribe|Scheduled Tribes|अनुसूचित जनजाति|Scheduled Area|"
            "अनुसूचित क्षेत्र|Fifth Schedule|पांचवीं अनुसूची|PESA|पेसा|ashram school|आश्रम शाला|hostel|"
            "छात्रावास|post-matric scholarship|पोस्ट मैट्रिक छात्रवृत्ति|pre-matric|Eklavya|एकलव्य|EMRS|"
            "forest rights act|वन अधिकार पत्र|वन अधिकार अधिनियम|forest rights|Van Dhan|वन धन|PVTG|"
            "विशेष पिछड़ी जनजाति|Baiga|बैगा|Gond|गोंड|Bhil|भील|Sahariya|सहरिया|tribal sub plan|"
            "जनजातीय उप योजना|TSP|Article 275|adivasi|vanvasi|वनवासी|tribal research institute|tribes|"
            "ST certificate|जनजाति प्रमाण पत्र|minor forest produce|लघु वनोपज|वनोपज|tribal areas"),
    ),
    Department(
        "public_works", "Public Works", "लोक निर्माण",
        _t("PWD|लो.नि.वि.|लोक निर्माण विभाग|लोक निर्माण|Public Works Department|Public Works|CPWD|NHAI|"
            "MoRTH|Road Transport and Highways|सड़क परिवहन एवं राजमार्ग|कार्यपालन यंत्री|Executive Engineer|"
            "अधीक्षण यंत्री|Superintending Engineer|सेतु निर्माण|Bridge Corporation"),
        _t("road|सड़क|मार्ग|highway|राजमार्ग|national highway|राष्ट्रीय राजमार्ग|state highway|bridge|पुल|"
            "पुलिया|culvert|flyover|फ्लाईओवर|overbridge|construction|निर्माण|निर्माण कार्य|tender|निविदा|"
            "contractor|ठेकेदार|estimate|प्राक्कलन|technical sanction|तकनीकी स्वीकृति|administrative approval|"
            "प्रशासकीय स्वीकृति|work order|कार्यादेश|measurement book|माप पुस्तिका|running bill|रनिंग बिल|"
            "final bill|अंतिम देयक|SOR|दर अनुसूची|building|भवन|शासकीय भवन|maintenance|मरम्मत|रखरखाव|repair|"
            "patch work|डामरीकरण|bitumen|asphalt|cement concrete|सीसी रोड|embankment|toll|टोल|expressway|"
            "एक्सप्रेसवे|Bharatmala|भारतमाला|four-lane|फोरलेन|चौड़ीकरण|widening|engineer|अभियंता|यंत्री|"
            "sub engineer|उपयंत्री|pothole|गड्ढे|right of way|tunnel|सुरंग"),
    ),
    Department(
        "urban_administration", "Urban Administration", "नगरीय प्रशासन",
        _t("नगरीय प्रशासन|नगरीय प्रशासन एवं विकास|Urban Administration|Urban Development|नगर पालिका|नगरपालिका|"
            "Municipality|Municipal Corporation|नगर निगम|नगर पंचायत|Nagar Panchayat|Municipal Council|"
            "नगर पालिका परिषद|मुख्य नगरपालिका अधिकारी|आयुक्त नगर निगम|ULB|नगरीय निकाय|"
            "Housing and Urban Affairs|Housing & Urban Affairs|आवास एवं शहरी कार्य|MoHUA|Urban Local Body"),
        _t("urban|शहरी|city|शहर|nagar|नगर|ward|वार्ड|पार्षद|councillor|corporator|mayor|महापौर|property tax|"
            "संपत्ति कर|water tax|जलकर|building permission|भवन अनुज्ञा|colony|कॉलोनी|illegal colony|"
            "अवैध कॉलोनी|smart city|स्मार्ट सिटी|AMRUT|अमृत|PMAY-U|प्रधानमंत्री आवास योजना शहरी|housing|"
            "slum|झुग्गी|मलिन बस्ती|solid waste|ठोस अपशिष्ट|कचरा|garbage|waste management|sewerage|सीवरेज|"
            "सीवर|drainage|नाली|street light|स्ट्रीट लाइट|water supply|जल प्रदाय|SBM-U|Swachh Survekshan|"
            "स्वच्छ सर्वेक्षण|metro|मेट्रो|DAY-NULM|NULM|street vendor|पथ विक्रेता|hawker|town planning|"
            "नगर तथा ग्राम निवेश|master plan|मास्टर प्लान|trade licence|fire brigade|अग्निशमन|real estate|RERA|"
            "रेरा|affordable housing|municipal|नगरीय|urbanisation|urbanization"),
    ),
    Department(
        "cooperative", "Cooperative", "सहकारिता",
        _t("सहकारिता|सहकारिता विभाग|Cooperative|Co-operative|Cooperation|Registrar Cooperative Societies|"
            "उप पंजीयक सहकारी संस्थाएं|सहायक पंजीयक सहकारी संस्थाएं|Deputy Registrar Cooperative|"
            "Assistant Registrar Cooperative|सहकारी समिति|PACS|पैक्स|प्राथमिक कृषि साख सहकारी समिति|LAMPS|"
            "लैम्पस|जिला सहकारी केन्द्रीय बैंक|District Central Cooperative Bank|DCCB|Apex Bank|अपेक्स बैंक|"
            "Markfed|मार्कफेड"),
        _t("cooperative society|co-operative society|cooperative societies|सहकारी|सहकारी संस्था|सहकारी बैंक|"
            "cooperative bank|share capital|अंश पूंजी|अंशपूंजी|audit|अंकेक्षण|liquidation|परिसमापन|"
            "संचालक मंडल|board of directors|dividend|लाभांश|bye-laws|उपविधि|registration of society|पंजीयन|"
            "crop loan|फसल ऋण|short term loan|अल्पकालीन ऋण|loan recovery|ऋण वसूली|ऋण|loan|overdue|कालातीत|"
            "defaulter|बकायादार|dairy cooperative|दुग्ध सहकारी|milk union|दुग्ध संघ|credit society|"
            "साख सहकारी समिति|housing society|गृह निर्माण सहकारी समिति|Cooperative Societies Act|"
            "सहकारी सोसाइटी अधिनियम|arbitration|supersession|अधिक्रमण|embezzlement|गबन|sahakari|sahkari|"
            "samiti|समिति प्रबंधक|society manager|उचित मूल्य दुकान|fair price shop|member society|"
            "सदस्यता|membership|deposit|अमानत|interest subvention|ब्याज अनुदान"),
    ),
    Department(
        "labour", "Labour", "श्रम",
        _t("Labour|श्रम|श्रम विभाग|Labour Department|Labour Officer|श्रम अधिकारी|Labour Commissioner|श्रमायुक्त|"
            "श्रम आयुक्त|Labour and Employment|Labour & Employment|श्रम और रोजगार|श्रम एवं रोजगार|EPFO|"
            "कर्मचारी भविष्य निधि संगठन|ESIC|कर्मचारी राज्य बीमा निगम|Assistant Labour Commissioner|"
            "सहायक श्रमायुक्त|श्रम निरीक्षक|Labour Inspector"),
        _t("labour|labor|labourer|worker|workers|श्रमिक|मजदूर|कामगार|कर्मकार|wages|wage|मजदूरी|"
            "minimum wages|न्यूनतम वेतन|न्यूनतम मजदूरी|Minimum Wages Act|bonus|बोनस|gratuity|उपदान|"
            "provident fund|भविष्य निधि|EPF|ESI|child labour|बाल श्रम|बाल श्रमिक|bonded labour|"
            "बंधुआ मजदूर|unorganised|unorganized|असंगठित|construction workers|सन्निर्माण कर्मकार|"
            "welfare board|कल्याण मंडल|factory|factories|कारखाना|Factories Act|industrial dispute|"
            "औद्योगिक विवाद|trade union|श्रमिक संघ|employment exchange|रोजगार कार्यालय|employment|"
            "unemployment|बेरोजगारी|रोजगार|migrant workers|प्रवासी मजदूर|shops and establishment|"
            "दुकान एवं स्थापना|contract labour|ठेका श्रमिक|occupational safety|labour court|श्रम न्यायालय|"
            "retrenchment|छंटनी|strike|हड़ताल|lockout|PMSYM|श्रम योगी मानधन|श्रमिक कार्ड|"
            "employees compensation|कर्मकार प्रतिकर|employer|नियोक्ता|skill development|कौशल विकास"),
    ),
    Department(
        "police", "Police", "पुलिस",
        _t("Police|पुलिस|SP|पुलिस अधीक्षक|Superintendent of Police|SSP|थाना|police station|थाना प्रभारी|SHO|"
            "Station House Officer|SDOP|अनुविभागीय अधिकारी पुलिस|DSP|उप पुलिस अधीक्षक|Home Affairs|गृह मंत्रालय|"
            "गृह विभाग|CRPF|BSF|CISF|ITBP|paramilitary|अर्धसैनिक|Ministry of Home Affairs"),
        _t("FIR|एफआईआर|प्रथम सूचना रिपोर्ट|crime|अपराध|criminal|अपराधी|accused|आरोपी|अभियुक्त|arrest|"
            "arrested|गिरफ्तार|गिरफ्तारी|IPC|भादवि|भा.द.वि.|investigation|विवेचना|charge sheet|chargesheet|"
            "आरोप पत्र|अभियोग पत्र|constable|आरक्षक|हवलदार|प्रधान आरक्षक|head constable|sub inspector|"
            "उपनिरीक्षक|theft|चोरी|robbery|लूट|dacoity|डकैती|murder|हत्या|rape|बलात्कार|law and order|"
            "कानून व्यवस्था|terrorism|आतंकवाद|terrorist|आतंकवादी|naxal|नक्सल|नक्सली|LWE|वामपंथी उग्रवाद|"
            "insurgency|उग्रवाद|militant|jail|जेल|कारागार|prison|prisoner|बंदी|कैदी|trafficking|"
            "मानव तस्करी|तस्करी|cyber crime|साइबर अपराध|fraud|धोखाधड़ी|missing|गुमशुदा|panchnama|पंचनामा|"
            "traffic|यातायात|patrolling|गश्त|Arms Act|आयुध अधिनियम|NDPS|narcotics|मादक पदार्थ|bail|जमानत|"
            "warrant|वारंट|summons|CCTNS|NCRB|riot|दंगा|communal|साम्प्रदायिक|firearms|security forces|"
            "सुरक्षा बल|infiltration|घुसपैठ|encounter|मुठभेड़|extremist"),
    ),
    Department(
        "election", "Election", "निर्वाचन",
        _t("Election|निर्वाचन|निर्वाचन आयोग|Election Commission|चुनाव|District Election Officer|"
            "जिला निर्वाचन अधिकारी|Returning Officer|रिटर्निंग अधिकारी|रिटर्निंग ऑफिसर|निर्वाचन अधिकारी|ERO|"
            "निर्वाचक रजिस्ट्रीकरण अधिकारी|Electoral Registration Officer|BLO|बूथ लेवल अधिकारी|"
            "State Election Commission|राज्य निर्वाचन आयोग|Chief Electoral Officer|मुख्य निर्वाचन पदाधिकारी|ECI"),
        _t("election|poll|polls|polling|मतदान|polling station|मतदान केन्द्र|polling booth|बूथ|voter|मतदाता|"
            "electoral roll|मतदाता सूची|निर्वाचक नामावली|voter ID|EPIC|मतदाता पहचान पत्र|EVM|ईवीएम|VVPAT|"
            "वीवीपैट|counting|मतगणना|candidate|प्रत्याशी|उम्मीदवार|nomination|नामांकन|nomination paper|"
            "नामांकन पत्र|model code of conduct|आदर्श आचार संहिता|आचार संहिता|by-election|bye-election|"
            "उपचुनाव|उप निर्वाचन|assembly election|विधानसभा चुनाव|Lok Sabha election|लोकसभा चुनाव|"
            "general election|आम चुनाव|SVEEP|स्वीप|election duty|निर्वाचन ड्यूटी|polling party|मतदान दल|"
            "presiding officer|पीठासीन अधिकारी|sector officer|सेक्टर अधिकारी|postal ballot|डाक मतपत्र|ballot|"
            "मतपत्र|electoral|Representation of the People Act|जनप्रतिनिधित्व अधिनियम|vote|वोट|"
            "electoral bonds|political party|राजनीतिक दल|expenditure observer|प्रेक्षक|observer|"
            "election petition|delimitation|परिसीमन|electors|निर्वाचक|constituency|निर्वाचन क्षेत्र"),
    ),
    Department(
        "general_administration", "General Administration", "सामान्य प्रशासन",
        _t("सामान्य प्रशासन|सामान्य प्रशासन विभाग|GAD|General Administration|Personnel|कार्मिक|DoPT|"
            "कार्मिक एवं प्रशिक्षण विभाग|DARPG|प्रशासनिक सुधार|Public Grievances|लोक शिकायत|UPSC|"
            "संघ लोक सेवा आयोग|लोक सेवा आयोग|Public Service Commission|Staff Selection Commission|"
            "कर्मचारी चयन आयोग|स्थापना शाखा|Establishment Section|Personnel, Public Grievances and Pensions"),
        _t("establishment|स्थापना|transfer|स्थानांतरण|तबादला|posting|पदस्थापना|promotion|पदोन्नति|deputation|"
            "प्रतिनियुक्ति|appointment|नियुक्ति|recruitment|भर्ती|vacancy|vacancies|रिक्त पद|service book|"
            "सेवा पुस्तिका|increment|वेतनवृद्धि|pay fixation|वेतन निर्धारण|pension|पेंशन|pensioner|पेंशनभोगी|"
            "retirement|सेवानिवृत्ति|leave|अवकाश|earned leave|अर्जित अवकाश|disciplinary|अनुशासनात्मक|"
            "departmental enquiry|विभागीय जांच|suspension|निलंबन|निलंबित|show cause notice|कारण बताओ सूचना|"
            "ACR|APAR|गोपनीय प्रतिवेदन|seniority|वरिष्ठता|वरिष्ठता सूची|gradation list|IAS|आईएएस|"
            "civil services|सिविल सेवा|RTI|सूचना का अधिकार|public information officer|लोक सूचना अधिकारी|"
            "first appeal|प्रथम अपील|grievance|grievances|जनशिकायत|लोक सेवा गारंटी|public service guarantee|"
            "CM helpline|सीएम हेल्पलाइन|जन सुनवाई|vigilance|सतर्कता|लोकायुक्त|Lokpal|लोकपाल|anti-corruption|"
            "भ्रष्टाचार|Mission Karmayogi|compassionate appointment|अनुकंपा नियुक्ति|dearness allowance|"
            "महंगाई भत्ता|pay commission|वेतन आयोग|good governance|सुशासन|e-office|ई-ऑफिस|"
            "government employees|शासकीय सेवक|officers|cadre|संवर्ग|training of officers"),
    ),
)
# fmt: on

_BY_KEY = {d.key: d for d in DEPARTMENTS}
KEYS: tuple[str, ...] = tuple(d.key for d in DEPARTMENTS)


def get(key: str) -> Department:
    try:
        return _BY_KEY[key]
    except KeyError:
        raise UsageError(f"unknown department {key!r}; valid keys: {', '.join(KEYS)}") from None


@lru_cache(maxsize=200_000)
def fold_token(tok: str) -> str:
    """Matching form of one lower-cased token: nukta dropped, chandrabindu→anusvara, light stemming.

    Hindi: strips plural/oblique/gender endings (किसानों→किसान, महिलाओं→महिल, महिला→महिल).
    English: strips a plural ``s``/``ies``. Applied identically to lexicon and text.
    """
    if any("\u0900" <= c <= "\u097f" for c in tok):
        tok = tok.replace(_NUKTA, "").replace(_CHANDRABINDU, _ANUSVARA)
        for suf in _HI_SUFFIXES:
            if tok.endswith(suf) and len(tok) - len(suf) >= 2:
                return tok[: -len(suf)]
        return tok
    if len(tok) > 4 and tok.endswith("ies"):
        return tok[:-3] + "y"
    if len(tok) > 3 and tok.endswith("s") and not tok.endswith("ss"):
        return tok[:-1]
    return tok


def term_tokens(text: str) -> tuple[str, ...]:
    """Folded tokens of a text or lexicon term (NFC, zero-width removed, digits to ASCII)."""
    norm = unicodedata.normalize("NFC", text)
    if _NEEDS_FOLD_RE.search(norm):  # str.translate is slow on non-ASCII text: only when needed
        norm = normalize(norm)
    return tuple(map(fold_token, _TOKEN_RE.findall(norm.casefold())))


_STRIP_WORDS = {("department",), ("dept",), ("विभाग",), ("ministry",), ("मंत्रालय",), ("of",), ("the",)}


def _resolve_index() -> dict[tuple[str, ...], str]:
    index: dict[tuple[str, ...], str] = {}
    for d in DEPARTMENTS:
        for name in (d.key, d.name_en, d.name_hi, *d.aliases):
            index.setdefault(term_tokens(name), d.key)
    return index


_RESOLVE = _resolve_index()


def resolve(name_or_alias: str) -> str | None:
    """Map a key, name or alias in either script ("PWD", "लोक निर्माण", "Revenue") to a key."""
    toks = term_tokens(name_or_alias)
    if not toks:
        return None
    if toks in _RESOLVE:
        return _RESOLVE[toks]
    trimmed = tuple(t for t in toks if (t,) not in {tuple(term_tokens(w[0])) for w in _STRIP_WORDS})
    return _RESOLVE.get(trimmed) if trimmed else None
