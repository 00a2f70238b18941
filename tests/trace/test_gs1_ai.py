"""The AI table is GS1's syntax dictionary as published, read whole (issue 12, point 5)."""

import pytest

from hangviet.trace import gs1_ai


def test_the_whole_dictionary_is_read():
    assert len(gs1_ai.TABLE) > 500  # ranges expanded: 3100-3105, 91-99…
    assert gs1_ai.TABLE["3103"].title == "NET WEIGHT (kg)"
    assert gs1_ai.TABLE["99"].components[0].max_length == 90


def test_primary_keys_and_their_qualifier_sequences_come_from_the_dictionary():
    keys = gs1_ai.PRIMARY_KEYS
    assert keys["01"] == (("22", "10", "21"), ("235",))
    assert keys["414"] == (("254",), ("7040",))
    assert keys["8006"] == (("22", "10", "21"),)
    assert keys["8010"] == (("8011",),)
    assert keys["8017"] == keys["8018"] == (("8019",),)
    for bare in ("00", "253", "255", "401", "402", "8003", "8013"):
        assert keys[bare] == ((),)


def test_every_linter_the_dictionary_names_is_known():
    named = {name for entry in gs1_ai.TABLE.values() for c in entry.components for name in c.linters}
    assert named <= set(gs1_ai.LINTERS)
    assert named > gs1_ai.FORM_ONLY_LINTERS  # each one still used, so the list stays honest


def test_data_attribute_flag():
    assert gs1_ai.TABLE["17"].is_data_attribute and gs1_ai.TABLE["3922"].is_data_attribute
    assert not gs1_ai.TABLE["21"].is_data_attribute and not gs1_ai.TABLE["22"].is_data_attribute


@pytest.mark.parametrize(
    ("ai", "value"),
    [
        ("01", "09520123456788"),
        ("3103", "000195"),
        ("17", "201200"),  # DD 00: end of month
        ("17", "240229"),
        ("253", "1231231231232TEST5678901234567"),  # N13 + optional X..17
        ("253", "1231231231232"),
        ("8006", "095201234567880102"),
        ("8013", "1987654Ad4X4bL5ttr2310c2K"),  # GS1's GMN example (check character pair)
        ("7007", "230101230131"),
        ("4309", "02790858483015297971"),
        ("8008", "2301011230"),  # optional minutes and seconds left out
    ],
)
def test_valid_values(ai, value):
    assert gs1_ai.check_value(ai, value) == value


@pytest.mark.parametrize(
    ("ai", "value", "code"),
    [
        ("01", "09520123456789", "check_digit"),
        ("253", "1231231231232TEST56789012345678", "too_long"),
        ("17", "201325", "bad_date"),
        ("17", "230229", "bad_date"),
        ("8013", "1987654Ad4X4bL5ttr2310cXK", "check_pair"),
        ("8006", "095201234567880302", "out_of_range"),
        ("10", "A B", "bad_characters"),
        ("8010", "ab", "bad_characters"),  # set 39: capitals only
        ("4321", "2", "out_of_range"),
        ("8011", "0123", "zero_prefix"),
        ("3103", "", "empty_value"),
        ("89", "X", "unknown_ai"),
    ],
)
def test_invalid_values(ai, value, code):
    with pytest.raises(gs1_ai.AIError) as info:
        gs1_ai.check_value(ai, value)
    assert info.value.code == code
