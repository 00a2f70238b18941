"""Digital Link boundaries written out by hand: the two-digit-year window (GS1 General Specifications
7.12: −49…+50 years around this year), day 00 as the month's last day (December included), the GTIN lengths
a Digital Link carries (8, 12, 13, 14 and no other) and the path's shape (a trailing slash)."""

import datetime
import types

import pytest

from hangviet.trace import digital_link
from hangviet.trace.digital_link import (
    DigitalLinkError,
    is_valid_gtin,
    normalize_gtin14,
    parse_path,
    parse_yymmdd,
)


def with_check_digit(body: str) -> str:
    """GS1 mod-10, written out: weights 3,1,3… from the right of the body."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


@pytest.fixture
def this_year(monkeypatch):
    def set_year(year: int) -> None:
        class Today(datetime.date):
            @classmethod
            def today(cls):
                return cls(year, 6, 15)

        monkeypatch.setattr(
            digital_link, "datetime", types.SimpleNamespace(date=Today, timedelta=datetime.timedelta)
        )

    return set_year


@pytest.mark.parametrize(
    ("year", "value", "expected"),
    [
        (2026, "260615", (2026, 6, 15)),
        (2026, "760101", (2076, 1, 1)),  # +50: still ahead
        (2026, "770101", (1977, 1, 1)),  # +51: a century back (−49)
        (2026, "000101", (2000, 1, 1)),
        (2026, "991231", (1999, 12, 31)),
        (2080, "310101", (2031, 1, 1)),  # −49: still this century
        (2080, "300101", (2130, 1, 1)),  # −50: the next century
        (2026, "261200", (2026, 12, 31)),  # day 00 in December: the next month is January of the next year
        (2026, "261100", (2026, 11, 30)),
        (2026, "260100", (2026, 1, 31)),
        (2026, "260200", (2026, 2, 28)),
        (2024, "240200", (2024, 2, 29)),
    ],
)
def test_two_digit_years_and_day_00(this_year, year, value, expected):
    this_year(year)
    assert parse_yymmdd(value) == datetime.date(*expected)


@pytest.mark.parametrize(
    "value", ["26061", "2606150", "26-6-1", "261301", "260230", "260000", "261232", "abcdef"]
)
def test_bad_dates(value):
    with pytest.raises(DigitalLinkError) as info:
        parse_yymmdd(value)
    assert info.value.code == "bad_date"


def test_yymmdd_writes_two_digits_each():
    assert digital_link.yymmdd(datetime.date(2026, 1, 5)) == "260105"


@pytest.mark.parametrize("length", [8, 12, 13, 14])
def test_each_gtin_length_is_read_as_14_digits(length):
    gtin = with_check_digit("8" + "9" * (length - 2))
    assert is_valid_gtin(gtin)
    assert normalize_gtin14(gtin) == gtin.rjust(14, "0")


@pytest.mark.parametrize("length", [6, 7, 9, 10, 11, 15])
def test_other_lengths_are_refused_even_with_a_good_check_digit(length):
    gtin = with_check_digit("8" + "9" * (length - 2))
    assert not is_valid_gtin(gtin)
    with pytest.raises(DigitalLinkError) as info:
        normalize_gtin14(gtin)
    assert info.value.code == "invalid_gtin"


def test_a_wrong_check_digit_or_a_letter_is_refused():
    good = with_check_digit("893458801234")
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    assert is_valid_gtin(good) and not is_valid_gtin(bad)
    assert not is_valid_gtin("8934588O12345")


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/01/09506000134352/", "malformed_path"),  # a trailing slash
        ("/01//09506000134352", "malformed_path"),
        ("/01/09506000134352/10", "malformed_path"),  # an AI without its value
        ("/01", "not_digital_link"),
        ("01/09506000134352", "not_digital_link"),
        ("/99/09506000134352", "not_digital_link"),
    ],
)
def test_path_shapes(path, code):
    with pytest.raises(DigitalLinkError) as info:
        parse_path(path)
    assert info.value.code == code


def test_a_good_path_with_lot_and_dates():
    link = parse_path("/01/09506000134352/10/ABC1", "17=261200&15=260100&x=1")
    assert (link.key, link.value, link.lot) == ("01", "09506000134352", "ABC1")
    assert link.dates == {"17": datetime.date(2026, 12, 31), "15": datetime.date(2026, 1, 31)}
    assert link.param("x") == "1"


def test_a_query_ai_given_twice_with_different_values_conflicts():
    with pytest.raises(DigitalLinkError) as info:
        parse_path("/01/09506000134352/10/ABC1", "10=XYZ")
    assert info.value.code == "conflicting_ai"
    assert parse_path("/01/09506000134352/10/ABC1", "10=ABC1").lot == "ABC1"
