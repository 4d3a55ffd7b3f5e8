"""Legacy-font strings and what they show, taken from public sources (never from our own tables).

Each list names where its pairs come from. These are the independent ground truth of the
converters: a table tested only against its own inverse proves nothing.

- KRUTI, WALKMAN, CHANAKYA, SHUSHA, APS: github.com/epicbharat/krutiextract tests/corpus*.py
  (MIT License, Copyright (c) 2026 KrutiExtract Contributors). Raw strings as PyMuPDF extracts
  them from real PDFs (NCERT jhss101.pdf for Walkman-Chanakya, a Rajasthan history compilation
  for Chanakya, an IAS/PCS compilation for APS-DV-Priyanka), the Unicode read off the rendered
  page; the Shusha pairs were rendered with the Shusha font and read back.
- KRUTI_SANCHIKA: the pairs this project's Kruti Dev tests used before (typed from letters).
- DV_DIVYAE: whole words of government PDFs in the DV-Divyae / DV-TTSurekhEN layout as quoted in
  public code (a Lok Sabha debates decoder; "भारत का संविधान" and "बात और क्या हो" strings quoted
  in two repositories' READMEs and comments). A quoted "मंत्रालय" is left out: its copy has a
  Latin small capital I (U+026A) where the font's ª stands, a copying error.
- DVB_TT: Maharashtra government words in DVB-TTSurekh from github.com/biswasbiplob/legacylipi
  mappings/dvb_tt.py DVB_TT_WORD_PATTERNS (its README quotes the first line).
- DV_TT: DV-TTSurekh strings in the layout of Padma's DV_TTGanesh.js as real Lok Sabha text
  converted by indic2unicode shows it (expected/surekh); built glyph by glyph from those sources'
  independent descriptions, not from our table.
"""

KRUTI_SANCHIKA = [
    ("yksd lHkk lfpoky; ubZ fnYyh", "लोक सभा सचिवालय नई दिल्ली"),
    ("dk;kZy; ftyk f'k{kk vf/kdkjh] t;iqj", "कार्यालय जिला शिक्षा अधिकारी, जयपुर"),
    ('fo"k; % d`f"k Hkwfe ds ukekarj.k', "विषय : कृषि भूमि के नामांतरण"),
    ("i= Øekad 245 fnukad", "पत्र क्रमांक 245 दिनांक"),
    ("xzke iapk;r lfpo dks funsZf'kr", "ग्राम पंचायत सचिव को निर्देशित"),
    ("fLFkfr", "स्थिति"),
]

KRUTI = [
    ("v", "अ"), ("vk", "आ"), ("b", "इ"), ("bZ", "ई"), ("m", "उ"), ("Å", "ऊ"), (",", "ए"), (",s", "ऐ"),
    ("vks", "ओ"), ("vkS", "औ"), ("v‚", "ऑ"), ("_", "ऋ"),
    ("dk", "का"), ("[kk", "खा"), ("xk", "गा"), ("?kk", "घा"), ("pk", "चा"), ("Nk", "छा"), ("tk", "जा"),
    (">k", "झा"), ("Vk", "टा"), ("Bk", "ठा"), ("Mk", "डा"), ("<k", "ढा"), (".kk", "णा"), ("rk", "ता"),
    ("Fkk", "था"), ("nk", "दा"), ("/kk", "धा"), ("uk", "ना"), ("ik", "पा"), ("Qk", "फा"), ("ck", "बा"),
    ("Hkk", "भा"), ("ek", "मा"), (";k", "या"), ("jk", "रा"), ("yk", "ला"), ("ok", "वा"), ("'kk", "शा"),
    ('"kk', "षा"), ("lk", "सा"), ("gk", "हा"),
    ("d", "क"), ("fd", "कि"), ("dh", "की"), ("dq", "कु"), ("dw", "कू"), ("d`", "कृ"), ("ds", "के"),
    ("dS", "कै"), ("dks", "को"), ("dkS", "कौ"), ("da", "कं"), ("d¡", "कँ"), ("d%", "कः"), ("d‚", "कॉ"),
    ("vkSj", "और"), ("gS", "है"), ("gSa", "हैं"), ("Fkk", "था"), ("Fks", "थे"), ("esa", "में"), ("ls", "से"),
    ("ij", "पर"), ("ugha", "नहीं"), (";g", "यह"), ("og", "वह"), ("ge", "हम"), ("rqe", "तुम"), ("vki", "आप"),
    ("yksx", "लोग"), ("ns'k", "देश"), ("le;", "समय"), ("dke", "काम"), ("?kj", "घर"), ("lky", "साल"),
    ("jkr", "रात"), ("fnu", "दिन"), ("ckr", "बात"), ("gkFk", "हाथ"), ("uke", "नाम"), ("ikuh", "पानी"),
    ("thou", "जीवन"), ("ljdkj", "सरकार"), ("Hkkjr", "भारत"), ("fodkl", "विकास"), ("lekt", "समाज"),
    ("dkj.k", "कारण"), ("iqLrd", "पुस्तक"), ("vkneh", "आदमी"), ("fnYyh", "दिल्ली"), ("i`Foh", "पृथ्वी"),
    ("LokLF;", "स्वास्थ्य"), ("fo|ky;", "विद्यालय"),
    ("{ks=", "क्षेत्र"), ("f'k{kk", "शिक्षा"), ("Kku", "ज्ञान"), ("jkT;", "राज्य"), ("O;fDr", "व्यक्ति"),
    ("v/;kid", "अध्यापक"), ('fo\'ks"k', "विशेष"), ("iz'u", "प्रश्न"), ("izdkj", "प्रकार"), ("Je", "श्रम"),
    ("fo|k", "विद्या"), ("}kj", "द्वार"), ("mRiknu", "उत्पादन"), ("la[;k", "संख्या"), ("LFkku", "स्थान"),
    ("fLFkfr", "स्थिति"),
    ("fe=", "मित्र"), ("lw=", "सूत्र"), ("pfj=", "चरित्र"), ("i=", "पत्र"), (";a=", "यंत्र"),
    ('jk"Vª', "राष्ट्र"), ("=qfV", "त्रुटि"), ("f=dks.k", "त्रिकोण"), ("f=Hkqt", "त्रिभुज"), ("=kk.k", "त्राण"),
    ("Nk=k", "छात्रा"), ("'kkL=", "शास्त्र"), ("ea=h", "मंत्री"),
    ("dk;Z", "कार्य"), ("ppkZ", "चर्चा"), ("fuekZ.k", "निर्माण"), ("lEiw.kZ", "सम्पूर्ण"), ("i;kZoj.k", "पर्यावरण"),
    ("deZ", "कर्म"), ("vFkZ", "अर्थ"), ("/keZ", "धर्म"), ("iwoZ", "पूर्व"), ("ioZr", "पर्वत"), ("oxZ", "वर्ग"),
    ("vkn'kZ", "आदर्श"), ("lw;Z", "सूर्य"),
    ("d+e", "क़म"), ("t+:jh", "ज़रूरी"), ("Q+t+Z", "फ़र्ज़"),
    ("åƒ„", "०१२"), ("ukeA", "नाम।"), ("d][k", "क,ख"),
]

WALKMAN = [
    ("dh", "की"), ("vR;fèkd", "अत्यधिक"), ("deh", "कमी"), ("gSA", "है।"), ("mnkgj.kkFkZ", "उदाहरणार्थ"),
    (">kj[kaM", "झारखंड"), ("eè;izns'k", "मध्यप्रदेश"), ("vkSj", "और"), ("NÙkhlx<+", "छत्तीसगढ़"),
    ("vkfn", "आदि"), ("izkarksa", "प्रांतों"), ("esa", "में"), ("[kfutksa", "खनिजों"), ("dks;ys", "कोयले"),
    ("osQ", "के"), ("izpqj", "प्रचुर"), ("HkaMkj", "भंडार"), ("gSaA", "हैं।"), ("v#.kkpy", "अरुणाचल"),
    ("izns'k", "प्रदेश"), ("ty", "जल"), ("lalkèku", "संसाधन"), ("ek=kk", "मात्रा"), ("ik,", "पाए"),
    ("tkrs", "जाते"), ("ijarq", "परंतु"), ("ewy", "मूल"), ("fodkl", "विकास"), ("jktLFkku", "राजस्थान"),
    ("iou", "पवन"), ("lkSj", "सौर"), ("mQtkZ", "ऊर्जा"), ("lalkèkuksa", "संसाधनों"), ("cgqrk;r", "बहुतायत"),
    ("ysfdu", "लेकिन"), ("yík[k", "लद्दाख"), ("dk", "का"), ("'khr", "शीत"), ("e#LFky", "मरुस्थल"),
    ("ns'k", "देश"), ("vU;", "अन्य"), ("Hkkxksa", "भागों"), ("ls", "से"), ("vyx&Fkyx", "अलग-थलग"),
    ("iM+rk", "पड़ता"), (";g", "यह"), ("lkaLÑfrd", "सांस्कृतिक"), ("fojklr", "विरासत"), ("èkuh", "धनी"),
    ("gS", "है"), (";gk¡", "यहाँ"), ("vkèkkjHkwr", "आधारभूत"), ("volajpuk", "अवसंरचना"), ("rFkk", "तथा"),
    ("oqQN", "कुछ"), ("egÙoiw.kZ", "महत्त्वपूर्ण"), ("blfy,", "इसलिए"), ('jk"Vªh;', "राष्ट्रीय"),
    ("izkarh;", "प्रांतीय"), ("izknsf'kd", "प्रादेशिक"), ("LFkkuh;", "स्थानीय"), ("Lrj", "स्तर"), ("ij", "पर"),
    ("larqfyr", "संतुलित"), ("fu;kstu", "नियोजन"), ("vko';drk", "आवश्यकता"), ("miyCèkrk", "उपलब्धता"),
    ("gh", "ही"), ("laHko", "संभव"), ("ugha", "नहीं"), ("cgqr", "बहुत"), ("{ks=k", "क्षेत्र"), ("tks", "जो"),
    ("le`¼", "समृद्ध"), ("gksrs", "होते"), ("gq,", "हुए"), ("Hkh", "भी"), ("vkfFkZd", "आर्थिक"), (":i", "रूप"),
    ("fiNM+s", "पिछड़े"), ("izns'kksa", "प्रदेशों"), ("fxurh", "गिनती"), ("vkrs", "आते"), ("blosQ", "इसके"),
    ("foijhr", "विपरीत"), (",sls", "ऐसे"), ("fodflr", "विकसित"), ("D;k", "क्या"), ("vki", "आप"),
    ("laiUu", "संपन्न"),
    ("rs”k", "तेज़"), ("vaxzs”kh", "अंग्रेज़ी"), ("”;knk", "ज़्यादा"), ("feêðh", "मिट्टी"),
    ("ifêð;ksa", "पट्टियों"), ("lqy>k,¡_", "सुलझाएँ;"), ("laca/", "संबंध"), ("ikS/ksa", "पौधों"), ("vkWiQ", "ऑफ"),
    ("v/Z", "अर्ध"),
]

CHANAKYA = [
    ("ÚUæÁSÍæÙ", "राजस्थान"), ("âæ×æ‹Ø", "सामान्य"), ("™ææÙ", "ज्ञान"), ("·ð¤", "के"), ("çÜ°", "लिए"),
    ("¥æÁ", "आज"), ("ãUè", "ही"), ("ÚUæßÜ", "रावल"), ("ß¢àæ", "वंश"), ("×ãæÎðß", "महादेव"), ("çßÁØ", "विजय"),
    ("·¤æÜ", "काल"), ("ÖæðÁ", "भोज"), ("çÂÌæ", "पिता"), ("ÙæÍ", "नाथ"), ("ÚUæÁæ", "राजा"), ("×¢çÎÚU", "मंदिर"),
    ("çÙ×æü‡æ", "निर्माण"), ("â¢SÍæÂ·¤", "संस्थापक"), ("©UÎØÂéÚU", "उदयपुर"), ("ãUˆØæ", "हत्या"),
    ("Ö»ßæÙ", "भगवान"), ("ÿæð˜æ", "क्षेत्र"), ("ÂýÎðàæ", "प्रदेश"),
]

SHUSHA = [
    ("AMtra-YT/Iya", "अंतर्राष्ट्रीय"), ("AMdr", "अंदर"), ("AMQaaQauMQa", "अंधाधुंध"), ("AiQak", "अधिक"),
    ("AiQaÌt", "अधिकृत"), ("Apnao", "अपने"), ("ApiSaYT", "अपशिष्ट"), ("Apar", "अपार"), ("AmlaIya", "अम्लीय"),
    ("Asama", "असम"), ("AaÌityaaoM", "आकृतियों"), ("Aata", "आता"), ("Aama", "आम"), ("[samaoM", "इसमें"),
    ("[sao", "इसे"), ("]gaanao", "उगाने"), ("]%trdayaI", "उत्तरदायी"), ("]%traKND", "उत्तराखण्ड"), ("]p", "उप"),
    ("eosaa", "ऐसा"), ("eosao", "ऐसे"), ("kš", "कई"), ("kxaa", "कक्षा"), ("kNaaoM", "कणों"), ("kr", "कर"),
    ("krnaa.", "करना।"), ("kraoD,", "करोड़"), ("kSmaIr", "कश्मीर"), ("kabaao-naoT", "कार्बोनेट"), ("ko", "के"),
    ("korla", "केरल"), ("xao~Iya", "क्षेत्रीय"), ("Kadr", "खादर"), ("KotI", "खेती"), ("gauNaa%mak", "गुणात्मक"),
    ("ga`ama", "ग्राम"), ("GaTkaoM", "घटकों"), ("Gaulakr", "घुलकर"), ("GaaoYaNaa", "घोषणा"), ("carNaaoM", "चरणों"),
    ("calaanao", "चलाने"), ("caaya", "चाय"), ("caara", "चारा"), ("CaoD,kr", "छोड़कर"), ("jaata", "जाता"),
    ("ijammaodar", "जिम्मेदार"), ("ijammaodairyaaoM", "जिम्मेदारियों"), ("ijasako", "जिसके"), ("DolTaAaoM", "डेल्टाओं"),
    ("t<va", "तत्त्व"), ("tBaI", "तभी"), ("taktaoM", "ताकतों"), ("tapna", "तापन"), ("qao", "थे"), ("d@kna", "दक्कन"),
    ("dI", "दी"), ("dUsaro", "दूसरे"), ("dona", "देन"), ("doSa", "देश"), ("daomaT", "दोमट"), ("WIp", "द्वीप"),
    ("QanaI", "धनी"), ("nahIM", "नहीं"), ("inaxaailat", "निक्षालित"), ("inaxaopaoM", "निक्षेपों"), ("inaBaaš", "निभाई"),
    ("inaBaato", "निभाते"), ("inavala", "निवल"), ("naIit", "नीति"), ("p+I", "पट्टी"), ("pr", "पर"),
    ("prMtu", "परंतु"), ("prt", "परत"), ("prtI", "परती"), ("pirNaama", "परिणाम"), ("pirisqait", "परिस्थिति"),
    ("pva-t", "पर्वत"), ("pvanaaoM", "पवनों"), ("pSaucaarNa", "पशुचारण"), ("puna:", "पुनः"), ("pUCoM", "पूछें"),
    ("pUit-", "पूर्ति"), ("poTI", "पेटी"), ("p`iËyaa", "प्रक्रिया"), ("p`caur", "प्रचुर"), ("p`itSat", "प्रतिशत"),
    ("p`doSaaoM", "प्रदेशों"), ("fsalaaoM", "फसलों"), ("fOlaI", "फैली"), ("baÐT", "बँट"), ("bata", "बता"),
    ("bananao", "बनने"), ("banaI", "बनी"), ("bat-na", "बर्तन"), ("bala", "बल"), ("bailk", "बल्कि"),
    ("bahto", "बहते"), ("bahutayat", "बहुतायत"), ("baad", "बाद"), ("ba`*mapu~", "ब्रह्मपुत्र"), ("BaMga", "भंग"),
    ("BaagaIdarI", "भागीदारी"), ("BaaYaa", "भाषा"), ("Baaojana", "भोजन"), ("BaaOitk", "भौतिक"), ("makana", "मकान"),
    ("mahanadI", "महानदी"), ("maanaa", "माना"), ("maapna", "मापन"), ("imaEaNa", "मिश्रण"), ("mauhanao", "मुहाने"),
    ("maRdaAaoM", "मृदाओं"), ("maoKlaa", "मेखला"), ("yah", "यह"), ("yaaogadana", "योगदान"),
    ("yaaojanaaeÐ", "योजनाएँ"), ("rhto", "रहते"), ("rajya", "राज्य"), ("raYT/Iya", "राष्ट्रीय"), ("iryaao", "रियो"),
    ("rola", "रेल"), ("la_aK", "लद्दाख"), ("laa[na", "लाइन"), ("laaK", "लाख"), ("laagaU", "लागू"),
    ("laalacavaSa", "लालचवश"), ("laalacaI", "लालची"), ("laavaa", "लावा"), ("laaogaaoM", "लोगों"), ("vaga-", "वर्ग"),
    ("vastuAaoM", "वस्तुओं"), ("vaaYpIÌt", "वाष्पीकृत"), ("ivaivaQa", "विविध"), ("ivaSaala", "विशाल"),
    ("ivaSaoYakr", "विशेषकर"), ("vao", "वे"), ("vya>", "व्यक्त"), ("vyai>gat", "व्यक्तिगत"), ("SatabdI", "शताब्दी"),
    ("Sat-", "शर्त"), ("Sau$", "शुरू"), ("SaaoYaNa", "शोषण"), ("saMpnna", "संपन्न"), ("saMBava", "संभव"),
    ("saMBaavanaa", "संभावना"), ("saktI", "सकती"), ("saD,k", "सड़क"), ("sabasao", "सबसे"), ("samaJato", "समझते"),
    ("samaJaI", "समझी"), ("samasyaaAaoM", "समस्याओं"), ("samaaPyata", "समाप्यता"), ("samaIp", "समीप"),
    ("samauiccat", "समुच्चित"), ("samaUh", "समूह"), ("saimmailat", "सम्मिलित"), ("sahmait", "सहमति"),
    ("saamaaijak", "सामाजिक"), ("isaMQau", "सिंधु"), ("saUicat", "सूचित"), ("saUcaI", "सूची"), ("saaOr", "सौर"),
    ("sTOiTisT@sa", "स्टैटिस्टिक्स"), ("smaala", "स्माल"), ("syaMdna", "स्यंदन"), ("svaIÌt", "स्वीकृत"),
    ("svaIÌit", "स्वीकृति"), ("haqa", "हाथ"), ("haoto", "होते"), ("haonao", "होने"), ("dixaNa", "दक्षिण"),
    ("kma-", "कर्म"), ("Qama-", "धर्म"), ("raYT/", "राष्ट्र"), ("sava-", "सर्व"), ("pUNa-", "पूर्ण"), ("Baart", "भारत"),
    ("Aist%va", "अस्तित्व"), ("sToSana", "स्टेशन"), ("mahana", "महान"), ("hasa", "हास"), ("T\\z", "ट्ठ"),
    ("d\\ma", "द्म"), ("=\\ga", "ङ्ग"), ("K\\ya", "ख्य"), ("f\\la", "फ्ल"), ("&ana", "ज्ञान"), ("p`Ìit", "प्रकृति"),
    ("Ëma", "क्रम"), ("i~SaUla", "त्रिशूल"), ("iSaxaa", "शिक्षा"), ("saMskRit", "संस्कृति"), ("svatM~", "स्वतंत्र"),
    ("AQyayana", "अध्ययन"), ("ica~", "चित्र"), ("Épyaa", "रुपया"), ("$p", "रूप"), ("ÌiYa", "कृषि"),
    ("maUlya", "मूल्य"), ("pustk", "पुस्तक"), ("War", "द्वार"),
]

APS = [
    ("ØeLece", "प्रथम"), ("efJeÕe", "विश्व"), ("Ùegæ", "युद्ध"), ("kesâ", "के"), ("yeeo", "बाद"),
    ("cepeotjeW", "मजदूरों"), ("DeeboesueveeW", "आंदोलनों"), ("ceW", "में"), ("DeeÙeer", "आयी"), ("lespeer", "तेजी"),
    ("keâe", "का"), ("otmeje", "दूसरा"), ("keâejCe", "कारण"), ("YeejleerÙe", "भारतीय"), ("je°^erÙe", "राष्ट्रीय"),
    ("Deeboesueve", "आंदोलन"), ("ieeBOeerJeeoer", "गाँधीवादी"), ("Ùegie", "युग"), ("Deeieceve", "आगमन"),
    ("jne~", "रहा।"), ("ieeBOeerpeer", "गाँधीजी"), ("ves", "ने"), ("Deheves", "अपने"), ("DeeOeej", "आधार"),
    ("keâes", "को"), ("keâjves", "करने"), ("ØeÙelve", "प्रयत्न"), ("efkeâÙee~", "किया।"), ("cepeotj", "मजदूर"),
    ("Deewj", "और"), ("Ùener", "यही"), ("nw", "है"), ("Éeje", "द्वारा"), ("ieS", "गए"), ("ØecegKe", "प्रमुख"),
    ("Yeejle", "भारत"), ("keâer", "की"), ("yengle", "बहुत"), ("Lee", "था"), ("efkeâ", "कि"), ("mes", "से"),
    ("leLee", "तथा"), ("Skeâ", "एक"), ("hej", "पर"), ("Ùen", "यह"), ("nes", "हो"), ("veeje", "नारा"),
    ("efoÙee", "दिया"), ("nce", "हम"), ("keân", "कह"), ("Øekeâej", "प्रकार"), ("efueS", "लिए"), ("Yeer", "भी"),
    ("Oegjer", "धुरी"), ("Deesj", "ओर"), ("oyeeJe", "दबाव"), ("mebmeej", "संसार"), ("efceue", "मिल"),
    ("Yetefcekeâe", "भूमिका"), ("meefcceefuele", "सम्मिलित"), ("DeJe%ee", "अवज्ञा"), ("yecyeF&", "बम्बई"),
    ("keâeheâer", "काफी"), ("\u00dfeefcekeâeW", "श्रमिकों"), ("Dee\u00a3eve", "आह्वान"),
    ("keâeÙe&keâeefjCeer", "कार्यकारिणी"), ("Ûev\u00f5", "चन्द्र"), ("efJeÅeeueÙe", "विद्यालय"),
    ("G\u00f2ej", "उत्तर"), ("efiejHeäleej", "गिरफ्तार"), ("efyeÇefšMe", "ब्रिटिश"), ("ÚesÌ[es", "छोड़ो"),
]

DV_DIVYAE = [
    ("<ºÉBÉEä ¤ÉÉ®ä àÉå", "इसके बारे में"),
    ("£ÉÉ®iÉ BÉEÉ ºÉÆÉÊ´ÉvÉÉxÉ", "भारत का संविधान"),
    ("¤ÉÉiÉ +ÉÉè® BÉDªÉÉ cÉä", "बात और क्या हो"),
    ("gÉÉÒ", "श्री"), ("¤ÉÉÉÊãÉBÉEÉ", "बालिका"), ("vÉàÉBÉEÉA", "धमकाए"), ("´ÉBÉDiÉBªÉ", "वक्तव्य"),
    ("BªÉ´ÉvÉÉxÉ", "व्यवधान"), ("¤ÉVÉ]", "बजट"), ("ºÉ®BÉEÉ®", "सरकार"),
    ("{ÉE®´É®ÉÒ", "फरवरी"),
]

DVB_TT = [
    ("´ÖÆüÖ¸üÖÂ™Òü", "महाराष्ट्र"), ("¿ÖÖÃÖ®Ö", "शासन"), ("×¾Ö³ÖÖÝÖ", "विभाग"), ("×®ÖμÖ´Ö", "नियम"),
    ("†×¬Ö×®ÖμÖ´Ö", "अधिनियम"), ("Ûú»Ö´Ö", "कलम"), ("¯ÖÏ×ŸÖ", "प्रति"), ("¯Öã¹ýÂÖ", "पुरुष"),
    ("´Ö×Æü»ÖÖ", "महिला"), ("ÃÖ´ÖÖ®Ö", "समान"), ("†×¬ÖÛúÖ¸ü", "अधिकार"), ("ÃÖ¸üÛúÖ¸ü", "सरकार"),
    ("¸üÖ•μÖ", "राज्य"), ("³ÖÖÂÖÖ", "भाषा"), ("¸üÖ•Ö³ÖÖÂÖÖ", "राजभाषा"), ("´Ö¸üÖšüß", "मराठी"),
    ("¤êü¾Ö®ÖÖÝÖ¸üß", "देवनागरी"), ("ÃÖÓ×¾Ö¬ÖÖ®Ö", "संविधान"), ("×¾Ö¬ÖÖ®Ö´ÖÓ›üôû", "विधानमंडळ"),
    ("×¾Ö¬ÖêμÖÛú", "विधेयक"), ("×¾Ö×¬Ö", "विधि"), ("®μÖÖμÖ", "न्याय"), ("¯ÖÏÖ¸Óü³Ö", "प्रारंभ"),
    ("ˆ¯Ö²ÖÓ¬Ö", "उपबंध"), ("ŸÖ¸üŸÖæ¤ü", "तरतूद"), ("†Ó´Ö»Ö²Ö•ÖÖ¾ÖÞÖß", "अंमलबजावणी"), ("ÃÖ×´ÖŸÖß", "समिती"),
    ("ÛúÖμÖÖÔ»ÖµÖ", "कार्यालय"), ("×¤ü®ÖÖÓÛú", "दिनांक"), ("ÛÎú´ÖÖÓÛú", "क्रमांक"), ("¯ÖéÂšü", "पृष्ठ"),
]

# Voter-roll names in VirgoD3 (a DV-TTSurekhEN-layout font with width-variant glyphs in 0xF0-0xFE),
# "visually verified against rendered PDF pages" by a public voter-roll transliteration script
# (its repository is not named in the stored copy). Two of its pairs are left out: there ``Ó`` and
# ``æ`` are plain ी and े, where the DV-TT tables read ीं and reph + े.
DV_TT = [
    ("¶ÉäJÉ", "शेख"), ("¨Éä½þiÉÉ", "मेहता"), ("{ÉÉ]õÒ±É", "पाटील"), ("ºÉÉ´ÉÆiÉ", "सावंत"), ("JÉÉiÉÖxÉ", "खातुन"),
    ("½þ±ÉÒ¨ÉÉ", "हलीमा"), ("¨ÉÆMÉä¶É", "मंगेश"), ("Ê´É±ÉÉºÉ", "विलास"), ("¨ÉÉä½þ¨¨Énù", "मोहम्मद"),
    ("ÊxÉVÉÉ¨ÉÖqùÒxÉ", "निजामुद्दीन"), ("ºÉÉÊVÉnù+±ÉÒ", "साजिदअली"), ("EòÉ®úJÉÉxÉÒºÉ", "कारखानीस"),
    ("{ÉÖ¯û¹ÉÉäkÉ¨É", "पुरुषोत्तम"), ("Ê´ÉvÉÉxÉºÉ¦ÉÉ", "विधानसभा"), ("¨ÉiÉnùÉ®ô", "मतदार"), ("ÊSÉiÉ³äý", "चितळे"),
    ("¶ÉÆEò®ú", "शंकर"), ("{ÉÉ]õÒ±É +ÊxÉ±É ¶ÉÉ¨É®úÉ´É", "पाटील अनिल शामराव"), ("EòÉÆ¤É³äý", "कांबळे"),
    ("VÉxÉÉnÇùxÉ", "जनार्दन"), ("ÊEòiÉÔ", "किर्ती"), ("xÉÉb÷EòhÉÔ", "नाडकर्णी"),
]
