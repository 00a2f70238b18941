"""Identifiers with check digits: MST (tax code), GTIN, Vietnamese mobile numbers."""

import pytest
from django.core.exceptions import ValidationError

from hangviet.core.validators import normalize_gtin, normalize_phone, normalize_tax_code


@pytest.mark.parametrize(
    ("value", "normalized"),
    [
        ("0100109106", "0100109106"),
        ("0100109106-001", "0100109106-001"),  # a branch
        ("0100109106001", "0100109106-001"),
        (" 0100109106 ", "0100109106"),
    ],
)
def test_valid_tax_codes(value, normalized):
    assert normalize_tax_code(value) == normalized


@pytest.mark.parametrize("value", ["0100109107", "0312345678", "12345", "", "abcdefghij", "0100109106-0011"])
def test_invalid_tax_codes_are_rejected(value):
    with pytest.raises(ValidationError) as caught:
        normalize_tax_code(value)
    assert caught.value.code == "invalid_tax_code"


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("96385074", "00000096385074"),  # GTIN-8
        ("036000291452", "00036000291452"),  # GTIN-12 (UPC-A)
        ("4006381333931", "04006381333931"),  # GTIN-13
        ("4006 3813 3393 1", "04006381333931"),
        ("10012345600019", "10012345600019"),  # GTIN-14
    ],
)
def test_valid_gtins_are_stored_as_14_digits(value, stored):
    assert normalize_gtin(value) == stored
    assert len(normalize_gtin(value)) == 14


@pytest.mark.parametrize(
    "value",
    ["96385075", "4006381333932", "10012345600018", "036000291453", "400638133393", "12345", "", "ABCDEFGH"],
)
def test_gtins_with_wrong_check_digit_or_length_are_rejected(value):
    with pytest.raises(ValidationError) as caught:
        normalize_gtin(value)
    assert caught.value.code == "invalid_gtin"


@pytest.mark.parametrize(
    "value",
    ["0912345678", "+84912345678", "+84 912 345 678", "84912345678", "091.234.5678", "(091) 234-5678"],
)
def test_phone_numbers_in_plus84_and_0_forms(value):
    assert normalize_phone(value) == "0912345678"


def test_phone_numbers_of_each_mobile_prefix():
    for prefix in "35789":
        assert normalize_phone(f"+84{prefix}12345678") == f"0{prefix}12345678"


@pytest.mark.parametrize(
    "value", ["091234567", "09123456789", "0212345678", "+1 912 345 678", "", "0912abc678", "+840912345678"]
)
def test_invalid_phone_numbers_are_rejected(value):
    with pytest.raises(ValidationError) as caught:
        normalize_phone(value)
    assert caught.value.code == "invalid_phone"
