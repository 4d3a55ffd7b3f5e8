import pytest

from domain.text import devanagari_share, normalize, tokens

WORDS = ["शिक्षा", "कृषि", "महिला", "जिला", "कार्यालय"]


@pytest.mark.parametrize("word", WORDS)
def test_devanagari_words_stay_whole(word: str) -> None:
    assert tokens(f"({word}), {word}। {word}-विभाग") == [word, word, word, "विभाग"]


def test_zero_width_digits_and_nukta_normalise() -> None:
    assert normalize("क्\u200dया") == "क्या"
    assert normalize("दिनांक १२.०३.२०१९") == "दिनांक 12.03.2019"
    assert normalize("\u0958") == normalize("\u0915\u093c")
    assert tokens("Office  of the\tCollector") == ["office", "of", "the", "collector"]


def test_devanagari_share() -> None:
    assert devanagari_share("जिला कार्यालय") == 1.0
    assert devanagari_share("yksd lHkk") == 0.0
    assert devanagari_share("जिला office") == 2 / 8  # ज, ल vs six Latin letters (matras are marks)
