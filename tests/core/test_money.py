"""VND amounts written the Vietnamese way."""

from hangviet.core.money import format_vnd


def test_format_vnd_uses_dots_and_a_no_break_space_before_the_sign():
    assert format_vnd(120000) == "120.000\u00a0₫"
    assert format_vnd(1_234_567_890) == "1.234.567.890\u00a0₫"


def test_format_vnd_small_zero_and_negative():
    assert format_vnd(0) == "0\u00a0₫"
    assert format_vnd(999) == "999\u00a0₫"
    assert format_vnd(1000) == "1.000\u00a0₫"
    assert format_vnd(-5000) == "-5.000\u00a0₫"
