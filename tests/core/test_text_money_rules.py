"""Money and slug boundaries written out by hand: negative and zero amounts, the thousands grouping at each
length, the no-break space before ₫; slugs cut at their length without a trailing dash, đ folded."""

import pytest
from django.core.exceptions import ValidationError

from hangviet.core.money import format_vnd, group_thousands, parse_vnd
from hangviet.core.text import fold, slugify_vi, sort_key


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "0\u00a0₫"),
        (1, "1\u00a0₫"),
        (-1, "-1\u00a0₫"),
        (999, "999\u00a0₫"),
        (1000, "1.000\u00a0₫"),
        (-1000, "-1.000\u00a0₫"),
        (125000, "125.000\u00a0₫"),
        (1234567, "1.234.567\u00a0₫"),
    ],
)
def test_format_vnd(amount, text):
    assert format_vnd(amount) == text


def test_group_thousands_takes_whole_numbers():
    assert group_thousands(-3000) == "-3.000"
    assert group_thousands(0) == "0"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("125.000", 125000),
        ("125 000 ₫", 125000),
        ("125.000đ", 125000),
        ("-3", -3),
        ("+3", 3),
        ("\u22123.000", -3000),
        ("- 3", -3),
        ("0", 0),
        ("1" * 40, int("1" * 40)),  # 40 characters: the longest text read
    ],
)
def test_parse_vnd(text, value):
    assert parse_vnd(text) == value


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("125,5", "ambiguous_number"),
        ("12.34.5", "ambiguous_number"),
        ("0.500", "ambiguous_number"),
        ("abc", "invalid_number"),
        ("", "invalid_number"),
        (".", "invalid_number"),
        ("1" * 41, "invalid_number"),
    ],
)
def test_parse_vnd_refuses(text, code):
    with pytest.raises(ValidationError) as info:
        parse_vnd(text)
    assert info.value.code == code


@pytest.mark.parametrize(
    ("text", "max_length", "slug"),
    [
        ("Mật hoa dừa Sokfarm", 80, "mat-hoa-dua-sokfarm"),
        ("Đường", 80, "duong"),
        ("  --Bánh  pía!! ", 80, "banh-pia"),
        ("abcde fgh", 5, "abcde"),
        ("abcde fgh", 6, "abcde"),  # cut on the dash: no trailing dash
        ("abcde fgh", 7, "abcde-f"),
        ("a" * 81, 80, "a" * 80),
        ("!!!", 80, ""),
    ],
)
def test_slugify_vi(text, max_length, slug):
    assert slugify_vi(text, max_length) == slug


def test_slugs_are_80_long_by_default():
    assert slugify_vi("b" * 100) == "b" * 80


def test_fold_and_sort_key():
    assert fold("Đường đi Hà Nội") == "duong di ha noi"
    assert sort_key("Ân Hòa") == ("an hoa", "Ân Hòa")
    assert sorted(["Bình Phú", "Ân Hòa", "An Bình"], key=sort_key) == ["An Bình", "Ân Hòa", "Bình Phú"]
