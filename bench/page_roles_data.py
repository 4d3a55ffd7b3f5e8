"""Generated, labelled pages and bundles for page roles and document boundaries (deterministic).

    pages = labelled_pages(seed=7, per_role=60)     # [LabelledPage]: text + synthetic layout + role
    bundles = labelled_bundles(seed=7, n=40)        # [LabelledBundle]: pages + true document starts

Each role has several Hindi and English templates filled from small vocabularies of district
offices; pages are then damaged like OCR output (dropped lines and characters, missing headings),
and some are continuation pages (page 2 of a letter: no letterhead). Layout features that an image
would give (ruled lines, vertical rules) are synthesised per role with overlap between roles.
``render(page)`` draws a page with tests/pagegen for image-level checks.

Honest limits: the templates were written by the same hand as the classifier's cue lists, so the
numbers measure coverage of those cues on varied text, not accuracy on real district files.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

OFFICES_HI = ("कार्यालय कलेक्टर, जिला रायसेन", "कार्यालय जिला शिक्षा अधिकारी, सीहोर", "कार्यालय तहसीलदार, तहसील गैरतगंज",
              "मध्यप्रदेश शासन, राजस्व विभाग", "कार्यालय उप संचालक, कृषि, जिला विदिशा", "कार्यालय जिला कार्यक्रम अधिकारी, महिला एवं बाल विकास")
OFFICES_EN = ("Office of the District Collector, Raisen", "Government of Madhya Pradesh, Revenue Department",
              "Office of the Deputy Director, Agriculture, Vidisha", "Office of the District Education Officer, Sehore",
              "Ministry of Rural Development, Government of India")
SUBJECTS_HI = ("कृषि भूमि के नामांतरण के संबंध में", "शिक्षा कर्मियों के स्थानांतरण बाबत", "महिला स्व-सहायता समूह को अनुदान स्वीकृति",
               "जिला स्तरीय समिति की बैठक का कार्यवृत्त", "अतिक्रमण हटाने के संबंध में", "छात्रवृत्ति भुगतान की जानकारी")
SUBJECTS_EN = ("Regularisation of services of Patwari staff", "Sanction of grant to women self help groups",
               "Transfer of teachers in the district", "Removal of encroachment on government land",
               "Minutes of the district level committee meeting")
DESIG_HI = ("कलेक्टर", "अपर कलेक्टर", "तहसीलदार", "जिला शिक्षा अधिकारी", "अनुभाग अधिकारी", "सहायक ग्रेड-2", "उप संचालक कृषि")
DESIG_EN = ("Collector", "Additional Collector", "Tehsildar", "Section Officer", "Dealing Assistant", "Deputy Director")
BODY_HI = ("उपरोक्त विषयान्तर्गत लेख है कि आवेदक द्वारा प्रस्तुत प्रार्थना पत्र की जांच की गई।",
           "ग्राम पंचायत सचिव को आवश्यक कार्यवाही हेतु निर्देशित किया जाए।", "जांच प्रतिवेदन सात दिवस में भिजवाना सुनिश्चित करें।",
           "पटवारी हल्का रामपुरा की जमाबंदी की प्रमाणित प्रति संलग्न है।", "इस संबंध में शासन के निर्देश पूर्व में जारी किए जा चुके हैं।",
           "कृषि विभाग द्वारा वर्ष 2019-20 में लक्ष्य के विरुद्ध प्रगति संतोषजनक नहीं है।")
BODY_EN = ("With reference to the above, it is stated that the inquiry has been completed.",
           "The report may be sent within seven days positively.", "The matter was examined in the light of the rules in force.",
           "A certified copy of the revenue record is enclosed herewith.", "Necessary action may be taken at the earliest.")
NOTE_HI = ("प्रकरण अवलोकनार्थ प्रस्तुत है।", "पी.यू.सी. का अवलोकन करें।", "प्रारूप पत्र अनुमोदनार्थ प्रस्तुत है।", "यथा प्रस्तावित अनुमोदित।",
           "चर्चा की गई। प्रस्ताव स्वीकृत।", "कृपया पृष्ठ 12 पर प्राप्त पत्र देखें।", "आदेशार्थ प्रस्तुत।")
NOTE_EN = ("Submitted for perusal and orders.", "P.U.C. may kindly be seen.", "Draft letter put up for approval.", "Approved as proposed.",
           "Discussed with the Collector. May issue.", "Please see the letter at page 14/C.", "Submitted for approval please.")


@dataclass(frozen=True)
class LabelledPage:
    text: str
    role: str
    ruled_lines: int = 0
    vertical_rules: int = 0
    blank: bool = False
    separator: bool = False
    continuation: bool = False  # page 2+ of a document


@dataclass(frozen=True)
class LabelledBundle:
    pages: tuple[LabelledPage, ...]
    starts: tuple[int, ...]  # 0-based index of every document's first page


class _Gen:
    def __init__(self, seed: int) -> None:
        self.r = np.random.default_rng(seed)

    def pick(self, seq):  # type: ignore[no-untyped-def]
        return seq[int(self.r.integers(len(seq)))]

    def p(self, prob: float) -> bool:
        return bool(self.r.random() < prob)

    def date(self) -> str:
        d, m, y = int(self.r.integers(1, 28)), int(self.r.integers(1, 13)), int(self.r.integers(1995, 2024))
        return self.pick((f"{d:02d}.{m:02d}.{y}", f"{d}/{m}/{y}", f"{d:02d}-{m:02d}-{y}"))

    def fno(self) -> str:
        return self.pick((f"{int(self.r.integers(1, 999))}/{self.pick(('भू-अभि', 'स्था', 'Rev', 'Estt', 'शिक्षा'))}/{int(self.r.integers(1995, 2024))}",
                          f"{int(self.r.integers(1, 99))}/{int(self.r.integers(1, 20))}/{int(self.r.integers(1995, 2024))}-{self.pick(('Estt', 'ADMN', 'Rev'))}"))

    def body(self, hi: bool, n: int) -> list[str]:
        return [self.pick(BODY_HI if hi else BODY_EN) for _ in range(n)]


def _cover(g: _Gen, hi: bool) -> list[str]:
    if hi:
        lines = [g.pick(OFFICES_HI), g.pick(("नस्ती", "पत्रावली", "नस्ती आवरण")), f"नस्ती क्रमांक: {g.fno()}",
                 f"विषय: {g.pick(SUBJECTS_HI)}", f"शाखा: {g.pick(('स्थापना', 'भू-अभिलेख', 'लेखा', 'शिकायत'))}",
                 f"वर्ष: {int(g.r.integers(1995, 2024))}", f"खंड/भाग: {int(g.r.integers(1, 4))}",
                 f"प्रारंभ दिनांक: {g.date()}", f"कुल पृष्ठ: {int(g.r.integers(10, 120))}"]
    else:
        lines = [g.pick(OFFICES_EN), "FILE COVER" if g.p(0.5) else "", f"File No. {g.fno()}", f"Subject: {g.pick(SUBJECTS_EN)}",
                 f"Section: {g.pick(('Establishment', 'Land Records', 'Accounts'))}", f"Year: {int(g.r.integers(1995, 2024))}",
                 f"Volume: {int(g.r.integers(1, 4))}", f"Opened on: {g.date()}", f"Total pages: {int(g.r.integers(10, 120))}"]
    return [ln for ln in lines if ln]


def _notesheet(g: _Gen, hi: bool, cont: bool) -> list[str]:
    lines = [] if cont or g.p(0.3) else [g.pick(("नोटशीट", "टिप्पणी", "नोट शीट") if hi else ("NOTE SHEET", "Notes", "NOTING"))]
    for i in range(int(g.r.integers(2, 6))):
        lines.append(f"{i + 1 + (4 if cont else 0)}. {g.pick(NOTE_HI if hi else NOTE_EN)} {g.pick(BODY_HI if hi else BODY_EN)}")
        if g.p(0.7):
            lines += [g.pick(DESIG_HI if hi else DESIG_EN), g.date()]
    return lines


def _letter_head(g: _Gen, hi: bool, issue: bool) -> list[str]:
    no = f"{g.pick(('क्रमांक', 'पत्र क्रमांक', 'क्र.'))} {g.fno()}" if hi else f"No. {g.fno()}"
    dt = f"{'दिनांक' if hi else 'Dated'} {g.date()}"
    lines = [g.pick(OFFICES_HI if hi else OFFICES_EN)]
    lines += [f"{no}    {dt}"] if g.p(0.7) else [no, dt]
    lines += [g.pick(("सेवा में,", "प्रति,")) if hi else "To,", g.pick(DESIG_HI if hi else DESIG_EN) + ("," if not hi else "")]
    lines += [f"{'विषय' if hi else 'Subject'}: {g.pick(SUBJECTS_HI if hi else SUBJECTS_EN)}", "महोदय," if hi else "Sir,"]
    return lines


def _letter(g: _Gen, hi: bool, issue: bool, cont: bool) -> list[str]:
    lines = [] if cont else _letter_head(g, hi, issue)
    if cont:
        lines.append(g.pick(("-2-", "पृष्ठ 2", "Page 2 of 2", "2")))
    lines += g.body(hi, int(g.r.integers(2, 5)))
    lines += [g.pick(DESIG_HI if hi else DESIG_EN), g.pick(OFFICES_HI if hi else OFFICES_EN)]
    if issue:
        if g.p(0.8):
            lines += [g.pick(("प्रतिलिपि:", "प्रतिलिपि सूचनार्थ एवं आवश्यक कार्यवाही हेतु:")) if hi else "Copy to:",
                      f"1. {g.pick(DESIG_HI if hi else DESIG_EN)}", f"2. {g.pick(DESIG_HI if hi else DESIG_EN)}"]
        if g.p(0.5):
            lines.append(g.pick(("कार्यालय प्रति", "जावक क्रमांक 456")) if hi else g.pick(("Office copy", "Outward No. 456")))
    else:
        if g.p(0.5):
            lines.append(g.pick(("आवक क्रमांक 1234 दिनांक 12.03.2019", "प्राप्ति दिनांक 05.04.2018")) if hi else "Inward No. 981 Diary No. 77")
        if g.p(0.15):  # sender's own copy list: the hard case
            lines += ["प्रतिलिपि:" if hi else "Copy to:", f"1. {g.pick(DESIG_HI if hi else DESIG_EN)}"]
    return lines


def _order(g: _Gen, hi: bool, cont: bool) -> list[str]:
    if cont:
        return g.body(hi, 3) + [g.pick(DESIG_HI if hi else DESIG_EN)]
    lines = [g.pick(OFFICES_HI if hi else OFFICES_EN), g.pick(("आदेश", "कार्यालय आदेश", "आदेश क्रमांक 12")) if hi else g.pick(("ORDER", "OFFICE ORDER"))]
    lines.append(f"{'क्रमांक' if hi else 'No.'} {g.fno()}  {'दिनांक' if hi else 'Dated'} {g.date()}")
    lines += g.body(hi, 1)
    lines.append(g.pick(("अतः एतद् द्वारा श्री रमेश कुमार को तत्काल प्रभाव से पदस्थ किया जाता है।", "प्रस्ताव स्वीकृत किया जाता है तथा आदेशित किया जाता है कि भुगतान करें।"))
                 if hi else g.pick(("It is hereby ordered that Shri R. K. Sharma is posted with immediate effect.",
                                    "Sanction is hereby accorded and it is hereby ordered that payment be made.")))
    lines += [g.pick(DESIG_HI if hi else DESIG_EN)]
    if g.p(0.6):
        lines += ["प्रतिलिपि:" if hi else "Copy to:", f"1. {g.pick(DESIG_HI if hi else DESIG_EN)}"]
    return lines


def _annexure(g: _Gen, hi: bool, cont: bool) -> list[str]:
    head = g.pick(("परिशिष्ट-अ", "संलग्नक-1", "अनुलग्नक", "प्रपत्र-क")) if hi else g.pick(("ANNEXURE-I", "Annexure A", "Statement showing progress", "Appendix"))
    lines = [] if cont else [head]
    if g.p(0.6):
        lines.append("क्र.सं.  नाम  ग्राम  राशि" if hi else "S.No.  Name  Village  Amount")
        for i in range(int(g.r.integers(3, 9))):
            lines.append(f"{i + 1}  {g.pick(('रमेश', 'सीता', 'मोहन', 'Ramesh', 'Sita'))}  {g.pick(('रामपुरा', 'खेड़ा', 'Rampura'))}  {int(g.r.integers(1000, 90000))}")
        lines.append("योग" if hi else "Total")
    else:
        lines += g.body(hi, int(g.r.integers(2, 5)))
    return lines


def _damage(g: _Gen, lines: list[str]) -> list[str]:
    out = []
    for ln in lines:
        if g.p(0.06):
            continue  # OCR lost the line
        if g.p(0.1) and len(ln) > 8:
            i = int(g.r.integers(len(ln)))
            ln = ln[:i] + ln[i + 1 :]
        out.append(ln)
    return out


_RULES = {  # (ruled lines, vertical rules) distributions per role (min, max)
    "notesheet": ((0, 30), (0, 2)), "annexure": ((0, 14), (0, 6)), "cover": ((0, 6), (0, 2)),
    "receipt": ((0, 3), (0, 1)), "issue": ((0, 3), (0, 1)), "order": ((0, 3), (0, 1)),
}


def make_page(g: _Gen, role: str, *, cont: bool = False, hi: bool | None = None) -> LabelledPage:
    hi = g.p(0.6) if hi is None else hi
    if role == "blank":
        return LabelledPage(g.pick(("", "", ".", "।")), role, blank=g.p(0.8))
    if role == "separator":
        return LabelledPage(g.pick(("", "SEPARATOR", f"File No. {g.fno()}")), role, separator=True)
    lines = {
        "cover": lambda: _cover(g, hi),
        "notesheet": lambda: _notesheet(g, hi, cont),
        "receipt": lambda: _letter(g, hi, False, cont),
        "issue": lambda: _letter(g, hi, True, cont),
        "order": lambda: _order(g, hi, cont),
        "annexure": lambda: _annexure(g, hi, cont),
    }[role]()
    (r0, r1), (v0, v1) = _RULES[role]
    ruled, vert = int(g.r.integers(r0, r1 + 1)), int(g.r.integers(v0, v1 + 1))
    if role == "notesheet" and g.p(0.5):
        ruled = 0  # unruled paper
    if role == "annexure" and not any("S.No" in ln or "क्र.सं" in ln for ln in lines):
        ruled, vert = min(ruled, 2), 0
    return LabelledPage("\n".join(_damage(g, lines)), role, ruled, vert, continuation=cont)


def labelled_pages(seed: int = 7, per_role: int = 60) -> list[LabelledPage]:
    g = _Gen(seed)
    out = []
    for role in ("cover", "notesheet", "receipt", "issue", "order", "annexure", "blank", "separator"):
        for i in range(per_role):
            out.append(make_page(g, role, cont=role not in ("cover", "blank", "separator") and i % 5 == 4))
    return out


def labelled_bundles(seed: int = 11, n: int = 40) -> list[LabelledBundle]:
    """Bundles as a file is scanned: cover, noting, then correspondence; blank backs and the odd
    separator sheet. ``starts`` are the true document starts (a separator is its own 'document')."""
    g = _Gen(seed)
    bundles = []
    for _ in range(n):
        pages: list[LabelledPage] = []
        starts: list[int] = []

        def doc(role: str, n_pages: int, pages: list[LabelledPage] = pages, starts: list[int] = starts) -> None:
            starts.append(len(pages))
            for k in range(n_pages):
                pages.append(make_page(g, role, cont=k > 0))
                if g.p(0.15):
                    pages.append(make_page(g, "blank"))

        if g.p(0.8):
            doc("cover", 1)
        doc("notesheet", int(g.r.integers(1, 4)))
        for _ in range(int(g.r.integers(3, 8))):
            if g.p(0.15):
                starts.append(len(pages))
                pages.append(make_page(g, "separator"))
            role = g.pick(("receipt", "receipt", "issue", "issue", "order", "annexure"))
            doc(role, int(g.r.integers(1, 3)))
        bundles.append(LabelledBundle(tuple(pages), tuple(starts)))
    return bundles


def render(page: LabelledPage):  # type: ignore[no-untyped-def]
    """The page drawn as a grey image (PIL) with tests/pagegen; ruled lines drawn when labelled."""
    from PIL import ImageDraw

    from tests import pagegen

    img = pagegen.render_lines(page.text.split("\n") if page.text else [], font_pt=11, dpi=150)
    draw = ImageDraw.Draw(img)
    w, h = img.size
    for i in range(page.ruled_lines):
        y = int(h * 0.1 + i * (h * 0.8) / max(1, page.ruled_lines))
        draw.line([(int(w * 0.08), y), (int(w * 0.92), y)], fill=110, width=2)
    for i in range(page.vertical_rules):
        x = int(w * 0.15 + i * (w * 0.7) / max(1, page.vertical_rules))
        draw.line([(x, int(h * 0.1)), (x, int(h * 0.9))], fill=110, width=2)
    return img
