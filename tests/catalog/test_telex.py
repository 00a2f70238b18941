"""Raw Telex turned back into Vietnamese, and only when the result looks like Vietnamese."""

import pytest

from hangviet.catalog.telex import decode, decode_word, tone_placements


@pytest.mark.parametrize(
    ("typed", "vietnamese"),
    [
        ("maatj hoa duwfa", "mật hoa dừa"),
        ("MAATJ HOA DUWFA", "mật hoa dừa"),
        ("dduwowngf", "đường"),
        ("nuwowcs mawms", "nước mắm"),
        ("nguwowif", "người"),
        ("tieengs vieejt", "tiếng việt"),
        ("caf phee", "cà phê"),
        ("quoocs", "quốc"),
        ("hoaf", "hòa"),
        ("banhs pias", "bánh pía"),
        ("maajt", "mật"),  # tone key before the final consonant
        ("duongw", "dương"),  # w after the syllable
        ("w", "ư"),
        ("nhuw", "như"),
        ("ddi", "đi"),
        ("gif", "gì"),
        ("thuyr", "thủy"),
        ("maz", "ma"),
    ],
)
def test_telex_is_decoded(typed, vietnamese):
    assert decode(typed).lower() == vietnamese


@pytest.mark.parametrize("word", ["hoa", "dua", "sua", "mat", "nuoc", "hello", "abc123", "st25"])
def test_plain_words_are_not_telex(word):
    assert decode_word(word) is None


def test_text_without_telex_gives_none():
    assert decode("mat hoa dua") is None
    assert decode("") is None


def test_invalid_syllables_are_kept():
    assert decode("strwx maatj") == "strwx mật"


def test_tone_placements_cover_old_and_new_styles():
    assert set(tone_placements("hòa")) == {"hòa", "hoà"}
    assert tone_placements("mật") == ["mật"]
    assert tone_placements("hoa") == ["hoa"]
