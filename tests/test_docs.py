from pathlib import Path

from sanchika.settings import Settings

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_setting_is_documented() -> None:
    text = (DOCS / "configuration.md").read_text()
    missing = [f"SANCHIKA_{name.upper()}" for name in Settings.model_fields if f"`SANCHIKA_{name.upper()}`" not in text]
    assert missing == []


def test_every_error_code_is_documented() -> None:
    import domain.errors as e

    text = (DOCS / "errors.md").read_text()
    codes = {cls.code for cls in vars(e).values() if isinstance(cls, type) and issubclass(cls, e.SanchikaError)}
    codes -= {"error", "input.invalid", "transient"}  # abstract bases
    assert sorted(c for c in codes if f"`{c}`" not in text) == []
