"""The pipeline calls exactly these names; renaming one is a breaking change."""

import dataclasses
import inspect

import ocr
from ocr.options import OcrOptions


def test_public_names_are_pinned() -> None:
    assert sorted(ocr.__all__) == [
        "OcrOptions",
        "RasterPage",
        "TesseractOutput",
        "TextLayerVerdict",
        "assemble_pdf",
        "check_languages",
        "count_pages",
        "judge_text_layer",
        "read_document",
        "read_page",
        "render_page",
        "run_tesseract",
    ]


def test_options_fields_and_defaults() -> None:
    fields = {f.name: f.default for f in dataclasses.fields(OcrOptions)}
    assert fields == {
        "lang": "Devanagari+eng",
        "dpi": 300,
        "max_pixels": 200_000_000,
        "page_timeout": 180.0,
        "orientation": True,
        "deskew": True,
        "crop_borders": True,
        "denoise": False,
        "use_text_layer": True,
        "make_pdf": True,
        "lang_routing": True,
        "lang_latin": "eng",
        "lang_deva": "Devanagari",
        "tables": True,
        "line_rules": True,
        "stamps": True,
        "frames": True,
        "detect_blank": True,
        "detect_separators": True,
        "review_below": 0.70,
        "rescan_below": 0.45,
        "convert_legacy": True,
        "watchdog": True,
        "tesseract_library": True,
        "extract_images": True,
    }
    assert OcrOptions.__dataclass_params__.frozen  # type: ignore[attr-defined]


def test_entry_point_signatures() -> None:
    assert list(inspect.signature(ocr.read_page).parameters) == ["path", "kind", "page_no", "options"]
    assert list(inspect.signature(ocr.read_document).parameters) == ["path", "kind", "options"]
    assert list(inspect.signature(ocr.render_page).parameters) == ["path", "kind", "page_no", "options"]
    assert list(inspect.signature(ocr.judge_text_layer).parameters) == ["path", "page_no", "convert_legacy"]
    assert list(inspect.signature(ocr.count_pages).parameters) == ["path", "kind", "options"]


def test_ocr_imports_only_domain() -> None:
    import pathlib
    import re

    pkg = pathlib.Path(ocr.__file__).parent
    for src in pkg.glob("*.py"):
        for mod in re.findall(r"^\s*(?:from|import) (\w+)", src.read_text(), re.M):
            assert mod not in {"storage", "workers", "sanchika", "classify", "ingest"}, src.name
