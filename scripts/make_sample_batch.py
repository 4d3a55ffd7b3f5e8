"""Generate a small sample batch of Hindi/English office scans (deterministic) for the demo.

    python scripts/make_sample_batch.py OUT_DIR

Writes two legacy files as folders (a revenue file and an education file), a born-digital
circular, and one zero-byte file to show how a bad input is reported.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests import pagegen  # noqa: E402

REVENUE_HI = [
    "कार्यालय तहसीलदार, तहसील सांगानेर, जिला जयपुर",
    "क्रमांक 245/भू-अभि/2018 दिनांक 12.03.2019",
    "विषय: खसरा संख्या 1123 के नामांतरण के संबंध में।",
    "उपरोक्त विषयान्तर्गत लेख है कि पटवारी हल्का रामपुरा द्वारा",
    "प्रस्तुत जमाबंदी एवं खसरा गिरदावरी की प्रति संलग्न है।",
    "भू-अभिलेख निरीक्षक जांच कर नामांतरण की रिपोर्ट भिजवाएं।",
]
REVENUE_EN = [
    "Office of the District Collector (Land Records), Jaipur",
    "F.No. 12/3/2019/Rev dated 14.08.2019",
    "Subject: Mutation of land records in village Rampura.",
    "The Tehsildar and Patwari shall verify the khasra entries",
    "and submit the revenue report within seven days.",
]
EDUCATION_HI = [
    "कार्यालय जिला शिक्षा अधिकारी (प्रारंभिक), अजमेर",
    "क्रमांक 1187/शिक्षा/2024 दिनांक 11.01.2024",
    "विषय: राजकीय विद्यालयों में शिक्षकों की उपस्थिति के संबंध में।",
    "सभी प्रधानाध्यापक विद्यालय में छात्रों के नामांकन एवं",
    "मध्याह्न भोजन की सूचना प्रपत्र में भिजवाएं।",
]
HEALTH_CIRCULAR = [
    "Office of the Chief Medical and Health Officer, Udaipur",
    "No. 560/CMHO/2021 dated 02.02.2021",
    "Subject: Vaccination camps at primary health centres",
    "मुख्य चिकित्सा एवं स्वास्थ्य अधिकारी द्वारा टीकाकरण शिविर",
    "प्राथमिक स्वास्थ्य केन्द्रों पर आयोजित किए जाएंगे।",
]


def main(out: Path) -> None:
    rev = out / "revenue-file-245"
    edu = out / "education-file-1187"
    for d in (rev, edu):
        d.mkdir(parents=True, exist_ok=True)
    page1 = pagegen.degrade(pagegen.render_lines(REVENUE_HI, dpi=200, size="A5"), seed=1, skew=2.0, noise=6)
    page2 = pagegen.degrade(pagegen.render_lines(REVENUE_EN, dpi=200, size="A5"), seed=2, skew=-1.5, noise=6)
    (rev / "notesheet.pdf").write_bytes(pagegen.image_pdf([page1, page2], dpi=200))
    letter = pagegen.degrade(pagegen.render_lines(EDUCATION_HI, dpi=200, size="A5"), seed=3, rotate=180, yellow=True)
    (edu / "order.jpg").write_bytes(pagegen.image_bytes(letter, "JPEG", dpi=200))
    (out / "health-circular.pdf").write_bytes(pagegen.text_pdf(HEALTH_CIRCULAR))
    (out / "empty-scan.pdf").write_bytes(b"")
    print(f"sample batch written to {out}/", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "sample-scans"))
