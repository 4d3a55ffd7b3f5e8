from __future__ import annotations

import pytest

from classify.extract import (
    extract_entities,
    file_number_key,
    find_amounts,
    find_dates,
    find_file_numbers,
    find_subject,
    normalize_file_number,
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("F.No. 12/3/2019/Rev dated 12.03.2019", "12/3/2019/Rev"),
        ("F. No.12 / 3/2019/Rev", "12/3/2019/Rev"),  # OCR spacing
        ("File No. A-21001(3)/5/2008/DFG", "A-21001(3)/5/2008/DFG"),
        ("No. 245/Edu/2018 Date: 5/7/2018", "245/Edu/2018"),
        ("क्रमांक 245/भू-अभि/2018 दिनांक 12/03/2019", "245/भू-अभि/2018"),
        ("क्रमांक २४५/भू-अभि/२०१८", "245/भू-अभि/2018"),  # Devanagari digits
        ("क्रमाक 245 / भू-अभि / 2018", "245/भू-अभि/2018"),  # OCR dropped the anusvara
        ("क्रं. 77/वि.स./2021 भोपाल", "77/वि.स./2021"),
        ("पत्र क्र. 45/स्था./2020", "45/स्था./2020"),
        ("क्र./1234/शिक्षा/2019", "1234/शिक्षा/2019"),
        ("पृ. क्र. 1122/स्था/2019 प्रतिलिपि", "1122/स्था/2019"),
        ("e-office file A-21001(3)/5/2008/DFG is attached", "A-21001(3)/5/2008/DFG"),
        ("SFS file 12/3/2019-Estt. for approval", "12/3/2019-Estt"),
        ("Letter No. 1456/कृषि/2017/ dated", "1456/कृषि/2017"),
    ],
)
def test_file_numbers(line: str, expected: str) -> None:
    assert find_file_numbers(line)[0] == expected


def test_file_number_negatives() -> None:
    assert find_file_numbers("क्रय 2019 में किया गया") == []  # word starting with क्र
    assert find_file_numbers("दिनांक 12/03/2019 को बैठक") == []  # a date is no file number
    assert find_file_numbers("Nov 12, 2019") == []
    assert find_file_numbers("No. of schools 45") == []  # weak prefix needs a slash
    # a date written year first, with no label (OCRmyPDF's real map scan: "Egunerstua: 2014/10/04" became the
    # document's file number)
    assert find_file_numbers("Egunerstua: 2014/10/04") == []
    assert find_file_numbers("F.No. 2014/10/04") == ["2014/10/04"]  # labelled: the label decides
    assert find_file_numbers("2014/13/04") == ["2014/13/04"]  # no month 13: not a date


def test_same_file_number_two_ways() -> None:
    a, b = "F. No.12 / 3/2019/Rev", "फाइल सं. १२/३/२०१९/Rev"
    assert normalize_file_number(a) == normalize_file_number(b) == "12/3/2019/Rev"
    assert file_number_key("12/3/2019/REV.") == file_number_key("12 / 3 / 2019 / Rev")
    assert find_file_numbers(f"{a}\nसंदर्भ: 12/3/2019/Rev") == ["12/3/2019/Rev"]  # deduplicated


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("दिनांक 12/03/2019", "2019-03-12"),
        ("दिनांक १२/०३/२०१९", "2019-03-12"),
        ("दि. ०५.०७.२०१९", "2019-07-05"),
        ("Date: 05-07-19", "2019-07-05"),
        ("Dated 12 March 2019", "2019-03-12"),
        ("12th March, 2019", "2019-03-12"),
        ("March 12, 2019", "2019-03-12"),
        ("दिनांक 12 मार्च 2019", "2019-03-12"),
        ("१२ सितम्बर २०१९", "2019-09-12"),
        ("12 फ़रवरी 2020", "2020-02-12"),
        ("2019-03-12", "2019-03-12"),
        ("दिनांक 12 /03/ 2019", "2019-03-12"),  # OCR spaces
    ],
)
def test_dates(text: str, iso: str) -> None:
    assert find_dates(text) == [iso]


def test_dates_invalid_and_order() -> None:
    assert find_dates("31/02/2019 and 45/13/2019") == []
    assert find_dates("दिनांक 01.04.2020 संदर्भ पत्र दिनांक 15/03/2020, 01.04.2020") == [
        "2020-04-01",
        "2020-03-15",
    ]
    assert find_dates("F.No. 12/3/2019/Rev") == []  # part of a file number


def test_subject_hindi_with_continuation() -> None:
    text = "कार्यालय कलेक्टर\nविषय:- अतिथि शिक्षकों की नियुक्ति के\nसंबंध में।\nसंदर्भ: आपका पत्र"
    assert find_subject(text) == "अतिथि शिक्षकों की नियुक्ति के संबंध में"


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("To,\nThe Collector\nSub: Repair of road from A to B\nSir,", "Repair of road from A to B"),
        ("Subject : Payment of wages\n\nMadam,", "Payment of wages"),
        ("विषयः खसरा नंबर 12 का नामांतरण", "खसरा नंबर 12 का नामांतरण"),
        ("no subject line here", None),
    ],
)
def test_subject(text: str, subject: str | None) -> None:
    assert find_subject(text) == subject


def test_amounts() -> None:
    text = "राशि ₹ 1,25,000/- स्वीकृत; Rs. 500 देय; रु. 2.5 लाख; 3000/- रुपये; Rs.12,345.50"
    assert find_amounts(text) == ["125000", "500", "250000", "3000", "12345.50"]
    assert find_amounts("रु. १०,०००/-") == ["10000"]
    assert find_amounts("Rules 2019, section 5") == []


def test_extract_entities_on_letter() -> None:
    letter = (
        "मध्यप्रदेश शासन\nकार्यालय कलेक्टर (भू-अभिलेख) जिला रायसेन\n"
        "क्रमांक २४५/भू-अभि/२०१८                दिनांक १२ मार्च २०१९\n"
        "प्रति,\n  तहसीलदार, तहसील गैरतगंज\n"
        "विषय: ग्राम पटवारी हल्का नं. 12 के खसरा नंबर 45 का नामांतरण।\n"
        "संदर्भ: आपका पत्र क्र. 77/रीडर/2019\nमहोदय,\nनामांतरण शुल्क रु. 1,500/- जमा कराएं।"
    )
    e = extract_entities(letter)
    assert e.file_number == "245/भू-अभि/2018"
    assert "77/रीडर/2019" in e.file_numbers
    assert e.dates == ("2019-03-12",)
    assert e.subject == "ग्राम पटवारी हल्का नं. 12 के खसरा नंबर 45 का नामांतरण"
    assert e.amounts == ("1500",)


def test_empty_text() -> None:
    e = extract_entities("")
    assert e.file_numbers == () and e.dates == () and e.subject is None and e.amounts == ()
