"""Two PDF/A validators for tests, neither written here:

- ``pikepdf.pdfa`` (PyPI, the ``pdfa`` extra of pikepdf): an allowlist validator of PDF/A-1b, 2b
  and 3b built on veraPDF's rule catalogue — what the product itself runs;
- Apache PDFBox **Preflight** (Debian ``libpdfbox2-java``, run with the JRE): an independent
  validator of PDF/A-1b only. A PDF/A-2b file is checked against PDF/A-1b's stricter rules by
  validating a copy whose XMP says part 1 (the only byte change); PDF/A-2-only rules are left to
  the first validator. (veraPDF itself is not in PyPI, Debian or npm: docs/pdfa.md.)
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

JARS = ["preflight.jar", "pdfbox2.jar", "fontbox2.jar", "xmpbox.jar", "commons-logging.jar",
        "javax.activation.jar", "jaxb-api.jar"]
JAVA_DIR = Path("/usr/share/java")


def pikepdf_findings(pdf: bytes) -> list[str]:
    """The validator's findings, with garbage collection paused as in ocr.pdfa.validate (it records
    any warning raised while parsing a content stream, e.g. a ResourceWarning of an unrelated
    connection collected in that window, as a violation)."""
    import gc

    import pikepdf.pdfa

    gc.collect()
    gc.disable()
    try:
        report = pikepdf.pdfa.validate_written(io.BytesIO(pdf), "2b")
    finally:
        gc.enable()
    return [] if report.passed else [str(f) for f in report.findings] or ["not approved"]


def preflight_a1b(pdf: bytes, tmp: Path) -> tuple[bool, str]:
    """(valid, Preflight's output) for ``pdf`` relabelled as PDF/A-1b."""
    import pikepdf

    missing = [j for j in JARS if not (JAVA_DIR / j).exists()]
    assert not missing, f"{missing} missing: scripts/bootstrap.sh server,dev installs libpdfbox2-java and its deps"
    with pikepdf.open(io.BytesIO(pdf)) as p:
        xmp = p.Root.Metadata.read_bytes()
        assert b"<pdfaid:part>2</pdfaid:part>" in xmp, "not identified as PDF/A-2"
        p.Root.Metadata.write(xmp.replace(b"<pdfaid:part>2</pdfaid:part>", b"<pdfaid:part>1</pdfaid:part>"))
        path = tmp / "as-pdfa-1b.pdf"
        p.save(path, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    cp = ":".join(str(JAVA_DIR / j) for j in JARS)
    out = subprocess.run(["java", "-cp", cp, "org.apache.pdfbox.preflight.Validator_A1b", str(path)],
                         capture_output=True, text=True, timeout=120)
    text = out.stdout + out.stderr
    return out.returncode == 0 and "is a valid PDF/A-1b file" in text, text


def unembedded_fonts(pdf: bytes) -> list[str]:
    """Names of fonts used on the pages without an embedded font program."""
    import pikepdf

    bad = []
    with pikepdf.open(io.BytesIO(pdf)) as p:
        for page in p.pages:
            fonts = page.obj.get("/Resources", {}).get("/Font", {})
            for name in list(fonts.keys()):
                font = fonts[name]
                for f in [font, *list(font.get("/DescendantFonts", []))]:
                    desc = f.get("/FontDescriptor")
                    if desc is not None and not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                        bad.append(str(f.get("/BaseFont")))
    return bad
