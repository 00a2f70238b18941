"""Validators for identifiers with check digits: MST (tax code), GTIN, Vietnamese phone numbers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import ean
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.vn import mst

_PHONE = re.compile(r"^(?:\+?84|0)(3|5|7|8|9)(\d{8})$")


def normalize_tax_code(value: str) -> str:
    """A valid MST as written: 10 digits, or 10 + "-" + 3 for a branch. Raises ValidationError."""
    try:
        digits = mst.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("Mã số thuế không hợp lệ (sai số kiểm tra)."), code="invalid_tax_code"
        ) from exc
    return digits if len(digits) == 10 else f"{digits[:10]}-{digits[10:]}"


def normalize_gtin(value: str) -> str:
    """A valid GTIN-8/12/13/14 stored as 14 digits. Raises ValidationError."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not digits.isdigit() or len(digits) not in (8, 12, 13, 14) or not ean.is_valid(digits):
        raise ValidationError(_("GTIN không hợp lệ (sai độ dài hoặc số kiểm tra)."), code="invalid_gtin")
    return digits.zfill(14)


def normalize_phone(value: str) -> str:
    """A Vietnamese mobile number as 10 digits starting with 0 ("+84 912 345 678" → "0912345678")."""
    compact = re.sub(r"[\s.()-]", "", value or "")
    match = _PHONE.match(compact)
    if not match:
        raise ValidationError(_("Số điện thoại di động Việt Nam không hợp lệ."), code="invalid_phone")
    return "0" + match.group(1) + match.group(2)
