"""Telex boundaries, each expectation written out by hand: "gi" + consonant, where the tone goes before a
final consonant and in open three-vowel groups, a lone or leading `w`, "uow" at a word start, `dd` only at
the start, the tone key typed before the final consonant, and words that must stay as they are."""

import pytest

from hangviet.catalog.telex import decode, decode_word, place_tone, split_tone, tone_placements


@pytest.mark.parametrize(
    ("typed", "vietnamese"),
    [
        ("gifn", "gìn"),  # "gi" + consonant: the i is both onset and vowel
        ("gijt", "gịt"),
        ("gias", "giá"),  # "gi" + vowel: the tone on the vowel after it
        ("giauf", "giàu"),  # "gi" + an open pair: the tone on the pair's first vowel, not on the i
        ("tamw", "tăm"),  # w after the final consonant hooks the syllable's a
        ("toans", "toán"),  # two vowels + final: the tone on the second
        ("hoangf", "hoàng"),
        ("tuyeens", "tuyến"),  # the marked vowel takes the tone
        ("khuyur", "khuỷu"),  # open three-vowel group: the middle one
        ("ngoaif", "ngoài"),
        ("tais", "tái"),  # open two-vowel group: the first
        ("mos", "mó"),
        ("w", "ư"),  # a lone w
        ("uowr", "ưở"),  # "uow" at a word start
        ("tuows", "tướ"),
        ("hwa", "hưa"),  # w after a consonant, before the vowel: ư
        ("thuw", "thư"),
        ("dda", "đa"),
        ("ddaays", "đấy"),
        ("maatj", "mật"),
        ("maajt", "mật"),  # tone key before the final consonant
        ("nuwowcs", "nước"),
        ("tooi", "tôi"),
        ("ddeem", "đêm"),
        ("dduwowngf", "đường"),
        ("thanhf", "thành"),
        ("phongf", "phòng"),
        ("kinhx", "kĩnh"),
        ("cangx", "cãng"),
        ("dep", None),
        ("bawtj", "bặt"),
        ("mawps", "mắp"),
    ],
)
def test_decode_word(typed, vietnamese):
    assert decode_word(typed) == vietnamese


@pytest.mark.parametrize(
    "word",
    [
        "add",  # dd only at the start makes đ
        "hoa",
        "bx",  # no vowel before the tone key
        "str",
        "ai",  # unchanged
        "gin",  # plain, no key
        "x",
    ],
)
def test_words_that_are_not_telex(word):
    assert decode_word(word) is None


def test_a_word_with_an_open_group_and_a_final_consonant_is_not_vietnamese():
    assert decode_word("aoms") is None  # "ao" takes no final consonant
    assert decode_word("uyap") is None


def test_z_clears_and_the_word_is_kept_plain():
    assert decode_word("maaz") == "mâ"
    assert decode_word("anhz") == "anh"


def test_decode_keeps_non_telex_words_and_reports_none_when_nothing_changed():
    assert decode("banhs 123 ngon") == "bánh 123 ngon"
    assert decode("banh mi") is None


def test_place_tone_on_each_vowel_position():
    assert place_tone("hoa", "f") == "hòa"  # open pair: the first vowel (old style)
    assert place_tone("hoan", "f") == "hoàn"  # pair + final: the second
    assert place_tone("khuyu", "r") == "khuỷu"  # three: the middle
    assert place_tone("gin", "f") == "gìn"
    assert place_tone("gia", "s") == "giá"
    assert place_tone("mươn", "j") == "mượn"  # the last marked vowel
    assert place_tone("str", "s") == "str"  # not a syllable: unchanged
    assert place_tone("ma", "z") == "ma"  # z is no mark


def test_split_tone_and_placements():
    assert split_tone("mật") == ("mât", "j")
    assert split_tone("mat") == ("mat", "")
    assert split_tone("Hòa") == ("Hoa", "f")
    assert tone_placements("thủy") == ["thủy", "thuỷ"]
    assert tone_placements("Hòa") == ["Hòa", "Hoà"]
    assert tone_placements("tr") == ["tr"]
