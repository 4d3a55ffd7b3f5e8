"""Page roles on real-looking Hindi/English pages, Devanagari-safe matchers, image features."""

from __future__ import annotations

import numpy as np
import pytest

from bench.page_roles_data import LabelledPage, labelled_pages, render
from classify.page_roles import (
    ADDRESSEE,
    COPY_TO,
    LETTERHEAD,
    ORDER_BODY,
    PageFeatures,
    _kw,
    classify_page,
    find_page_number,
    page_features,
)
from ocr.layout import rules

RECEIPT_HI = """कार्यालय उप संचालक, कृषि, जिला विदिशा
क्रमांक 245/स्था/2019    दिनांक 12.03.2019
सेवा में,
कलेक्टर, जिला रायसेन
विषय: कृषि भूमि के नामांतरण के संबंध में
महोदय,
उपरोक्त विषयान्तर्गत लेख है कि आवेदक द्वारा प्रस्तुत प्रार्थना पत्र की जांच की गई।
उप संचालक कृषि
आवक क्रमांक 1234 दिनांक 14.03.2019"""

ISSUE_EN = """Office of the District Collector, Raisen
No. 12/3/2019-Estt    Dated 14.08.2019
To,
The Tehsildar, Gairatganj
Subject: Removal of encroachment on government land
Sir,
The report may be sent within seven days positively.
Collector
Copy to:
1. Sub Divisional Officer, Raisen for information.
Office copy"""

ORDER_HI = """कार्यालय कलेक्टर, जिला रायसेन
आदेश
क्रमांक 77/स्था/2020  दिनांक 01.07.2020
अतः एतद् द्वारा श्रीमती सीता देवी, सहायक ग्रेड-2 को तत्काल प्रभाव से महिला एवं बाल विकास कार्यालय में पदस्थ किया जाता है।
कलेक्टर"""

NOTESHEET_HI = """नोटशीट
1. प्रकरण अवलोकनार्थ प्रस्तुत है। पटवारी हल्का रामपुरा का प्रतिवेदन संलग्न है।
सहायक ग्रेड-2
12.03.2019
2. पी.यू.सी. का अवलोकन करें। प्रारूप पत्र अनुमोदनार्थ प्रस्तुत है।
अनुभाग अधिकारी
13.03.2019
3. यथा प्रस्तावित अनुमोदित।
कलेक्टर
14.03.2019"""

ANNEX_HI = """परिशिष्ट-अ
क्र.सं.  नाम  ग्राम  राशि
1  रमेश  रामपुरा  12000
2  सीता  खेड़ा  8000
योग  20000"""

COVER_EN = """Office of the District Collector, Raisen
File No. 12/3/2019-Estt
Subject: Transfer of teachers in the district
Section: Establishment
Year: 2019
Volume: 2
Total pages: 45"""


@pytest.mark.parametrize(
    "text,role",
    [(RECEIPT_HI, "receipt"), (ISSUE_EN, "issue"), (ORDER_HI, "order"), (NOTESHEET_HI, "notesheet"),
     (ANNEX_HI, "annexure"), (COVER_EN, "cover"), ("", "blank")],
)
def test_roles_of_real_looking_pages(text: str, role: str) -> None:
    r = classify_page(page_features(text))
    assert r.role == role, (r.role, r.reasons, r.scores)
    assert 0 < r.confidence <= 1 and r.reasons


def test_separator_flag_wins() -> None:
    r = classify_page(page_features("File No. 12/3/2019-Estt", separator=True))
    assert r.role == "separator"


@pytest.mark.parametrize("word", ["शिक्षा", "कृषि", "महिला", "जिला", "कार्यालय"])
def test_matchers_keep_hindi_words_whole(word: str) -> None:
    pat = _kw(word)
    assert pat.search(f"उप {word} अधिकारी")
    assert pat.search(f"{word},") and pat.search(f"({word})")
    assert not pat.search(f"{word}ओं") and not pat.search(f"अ{word}")  # no match inside a longer word
    assert LETTERHEAD.search("कार्यालय जिला शिक्षा अधिकारी") and not LETTERHEAD.search("कार्यालयीन समय")
    assert COPY_TO.search("प्रतिलिपि: उप निदेशक, कृषि विभाग") and ADDRESSEE.search("सेवा में,\nकलेक्टर")
    assert ORDER_BODY.search("महिला कर्मचारी को तत्काल प्रभाव से कार्यमुक्त")


@pytest.mark.parametrize(
    "text,expected",
    [("Page 1 of 3\nbody", (1, 3)), ("body\n- 2 -", (2, None)), ("पृष्ठ १\nपाठ", (1, None)),
     ("पृष्ठ 2 का 5\nपाठ", (2, 5)), ("body text only", (None, None)), ("2/4\nbody", (2, 4))],
)
def test_page_numbers(text: str, expected: tuple[int | None, int | None]) -> None:
    assert find_page_number(text) == expected


def test_rules_from_an_image_make_a_notesheet() -> None:
    page = LabelledPage("1. प्रकरण प्रस्तुत है।\nअनुभाग अधिकारी\n12.03.2019", "notesheet", ruled_lines=20)
    f = page_features(page.text, layout=rules(np.asarray(render(page))))
    assert f.ruled_lines >= 15 and f.vertical_rules <= 1 and f.ink is not None
    assert classify_page(f).role == "notesheet"
    table = LabelledPage("S.No. Name Amount\n1 Ramesh 1200\nTotal", "annexure", ruled_lines=8, vertical_rules=4)
    ft = page_features(table.text, layout=rules(np.asarray(render(table))))
    assert ft.vertical_rules >= 3 and classify_page(ft).role == "annexure"


def test_generated_set_accuracy_floor() -> None:
    import dataclasses

    pages = labelled_pages(seed=21, per_role=25)
    ok = 0
    for p in pages:
        f: PageFeatures = dataclasses.replace(
            page_features(p.text, blank=p.blank, separator=p.separator), ruled_lines=p.ruled_lines, vertical_rules=p.vertical_rules
        )
        ok += classify_page(f).role == p.role
    assert ok / len(pages) >= 0.85  # bench/page_roles.py prints the per-role figures
