"""File cover extraction and e-Office safe names."""

from __future__ import annotations

import pytest

from classify.cover import efile_safe_name, file_number_problems, is_efile_safe, read_cover

COVER_HI = """कार्यालय कलेक्टर, जिला रायसेन
नस्ती
नस्ती क्रमांक: २४५/भू-अभि/२०१८
विषय: कृषि भूमि के नामांतरण के संबंध में
विभाग: राजस्व
शाखा: भू-अभिलेख
वर्ष: २०१८
खंड/भाग: 2
कुल पृष्ठ: ४५"""

COVER_EN = """Office of the District Collector, Raisen
File No. 12/3/2019-Estt
Subject: Transfer of teachers in the district
Department: School Education
Section: Establishment
Year: 2019   Volume: II
Total pages: 45"""


def test_hindi_cover() -> None:
    c = read_cover(COVER_HI)
    assert c.file_number == "245/भू-अभि/2018"
    assert c.file_number_problems and "not allow" in c.file_number_problems[0]
    assert c.subject == "कृषि भूमि के नामांतरण के संबंध में"
    assert (c.department, c.section, c.opening_year, c.volume, c.stated_pages) == ("revenue", "भू-अभिलेख", 2018, 2, 45)
    assert c.safe_name and is_efile_safe(c.safe_name) and c.safe_name.startswith("fl-245_")


def test_english_cover() -> None:
    c = read_cover(COVER_EN)
    assert (c.file_number, c.file_number_problems, c.safe_name) == ("12/3/2019-Estt", (), "fl-12_3_2019-Estt")
    assert c.subject == "Transfer of teachers in the district"
    assert (c.department, c.section, c.opening_year, c.volume, c.stated_pages) == ("education", "Establishment", 2019, 2, 45)


@pytest.mark.parametrize(
    "fn,name",
    [("12/3/2019-Estt", "fl-12_3_2019-Estt"), ("F.No. A-21001(3)/5/2008/DFG", "fl-A-21001(3)_5_2008_DFG"),
     ("E-12345/2/2021-ADMN.", "fl-E-12345_2_2021-ADMN"), ("12/3 /2019 Rev", "fl-12_3_2019-Rev")],
)
def test_safe_names(fn: str, name: str) -> None:
    assert efile_safe_name(fn) == name


def test_safe_names_of_hindi_numbers_stay_distinct() -> None:
    a, b = efile_safe_name("245/भू-अभि/2018"), efile_safe_name("245/स्था/2018")
    assert a != b and is_efile_safe(a[3:]) and is_efile_safe(b[3:])
    assert efile_safe_name("245/भू-अभि/2018") == a  # deterministic


def test_file_number_problems() -> None:
    assert file_number_problems("12/3/2019-Estt") == ()
    assert file_number_problems("12/3/2019 Estt")  # a space
    assert file_number_problems("Estt/Admn")  # no digit


def test_colon_read_as_visarga_by_ocr_still_labels() -> None:
    # Tesseract often reads ":" after a Devanagari word as the visarga "ः"
    info = read_cover("नस्ती क्रमांकः 245/भू-अभि/2018\nविषयः भूमि नामांतरण\nशाखाः भू-अभिलेख\nवर्षः 2018\nकुल पृष्ठः 45")
    assert info.file_number == "245/भू-अभि/2018"
    assert info.section == "भू-अभिलेख"
    assert info.opening_year == 2018
    assert info.stated_pages == 45
