"""VND amounts: integers (the đồng has no minor unit), written the Vietnamese way."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def group_thousands(number: int) -> str:
    """125000 → "125.000", -3000 → "-3.000": a dot between thousands, as Vietnamese write numbers."""
    sign = "-" if number < 0 else ""
    return f"{sign}{abs(int(number)):,}".replace(",", ".")


def format_vnd(amount: int) -> str:
    """120000 → "120.000 ₫" (dot as thousands separator, narrow no-break space before the sign)."""
    return group_thousands(amount) + "\u00a0₫"


# The currency written after a number: ₫, đ, đồng, VND, VNĐ (any case, with or without a space).
_CURRENCY = re.compile(r"\s*(₫|đ|đồng|dong|vnđ|vnd)\.?$", re.IGNORECASE)
_SPACES = "\u0020\u00a0\u2009\u202f"  # space, no-break space, thin space, narrow no-break space
_WHOLE = re.compile(rf"[0-9]+|[1-9][0-9]{{0,2}}(?:\.[0-9]{{3}})+|[1-9][0-9]{{0,2}}(?:[{_SPACES}][0-9]{{3}})+")
_NUMBERISH = re.compile(rf"[0-9.,{_SPACES}]+")
MAX_NUMBER_TEXT = 40  # longer text is no amount anyone types (and int() of it costs)


def parse_vnd(text: str) -> int:
    """A whole number as Vietnamese people write it → int: "125.000", "125000", "125 000", "125.000 ₫",
    "125.000đ", "-3". Ambiguous or decimal forms ("125,5", "1.25", "12.34.5", "0.500", "125,000") raise
    ValidationError code "ambiguous_number"; anything else not a number, code "invalid_number". Bounds are
    the caller's (core.limits)."""
    value = str(text).strip()
    if len(value) > MAX_NUMBER_TEXT:
        raise ValidationError(_("Nhập một số nguyên, ví dụ 125.000."), code="invalid_number")
    value = _CURRENCY.sub("", value)
    sign = 1
    if value[:1] in {"-", "\u2212", "+"}:
        sign = 1 if value[0] == "+" else -1
        value = value[1:].lstrip()
    if _WHOLE.fullmatch(value):
        return sign * int(re.sub(rf"[.{_SPACES}]", "", value))
    if _NUMBERISH.fullmatch(value) and any(c.isdigit() for c in value):
        raise ValidationError(
            _(
                "“%(value)s” không rõ là bao nhiêu: dùng dấu chấm để tách hàng nghìn (ví dụ 125.000), "
                "không có phần lẻ."
            ),
            code="ambiguous_number",
            params={"value": str(text).strip()},
        )
    raise ValidationError(_("Nhập một số nguyên, ví dụ 125.000."), code="invalid_number")


def format_number(value: Any, places: int = 2) -> str:
    """A number in the active language's format (Django's localisation, core/formats), at most `places`
    decimals with no trailing zeros, thousands grouped: Decimal("72.50") → "72,5" in Vietnamese. Text
    holding a number ("5.00") reads as that number; anything else gives ""."""
    from django.template.defaultfilters import floatformat

    try:
        number = Decimal(str(value).strip()) if isinstance(value, str) else value
        if number is None or isinstance(number, bool) or not Decimal(number).is_finite():
            return ""
    except (InvalidOperation, TypeError, ValueError):
        return ""
    return str(floatformat(number, f"-{places}g"))
