"""Upper bounds of every amount and quantity the platform accepts: one constant per quantity.

API schemas (`le=`), forms (`max_value`), the spreadsheet import and the payment webhook all read these,
so a number refused in one place is refused in every place; docs/api.md lists them. Each bound is far
above any real figure of a provincial marketplace and far below what the database columns hold
(PostgreSQL bigint: 9.2 × 10¹⁸), so no sum of bounded values can overflow.
"""

from django.db import models
from django.utils.translation import gettext as _

from hangviet.core.errors import invalid
from hangviet.core.money import group_thousands

# Money is integer VND (the đồng has no minor unit).
PRICE_MAX_VND = 1_000_000_000  # one unit's price (product, showroom item, offer, quote): 1 tỷ đồng
FEE_MAX_VND = 10_000_000  # one delivery fee
AMOUNT_MAX_VND = 1_000_000_000_000  # any other amount: a total, a threshold, a payment, a contract value

# Whole units.
STOCK_MAX = 10_000_000  # units of one product held (shop stock, showroom stock)
QUANTITY_MAX = 1_000_000  # units in one order line, offer, buy request or stock movement

# Lot quantities are decimals (kg, litres, tonnes…); the Lot.quantity column holds 14 digits, 3 decimals.
LOT_QUANTITY_MAX = 1_000_000_000

# Request bodies, checked at the edge (core/edge.py) before any view parses them.
BODY_MAX_BYTES = 1024 * 1024  # a JSON (or other non-form) body; forms: Django's DATA_UPLOAD_MAX_MEMORY_SIZE
CAPTURE_BODY_MAX_BYTES = 5 * 1024 * 1024  # an EPCIS capture document (a day of a cooperative's events)
JSON_MAX_DEPTH = 64  # nesting of arrays and objects; the GS1 EPCIS 2.0 examples nest 6 levels


def ensure_within(field: str, value: int | None, bound: int) -> None:
    """Refuse a number past its bound (one of the constants above) with ValidationFailed, code `max_value`:
    services check the bounds too, since the import, the admin and other rooms call them without a form."""
    if value is not None and value > bound:
        message = _("Tối đa là %(limit_value)s.") % {"limit_value": group_thousands(bound)}
        raise invalid(field, "max_value", message)


def max_length(model: type[models.Model], field: str) -> int:
    """The length a model stores for a text field: forms, schemas, services and the import read it here,
    so the limit is written once, on the model."""
    length = model._meta.get_field(field).max_length  # type: ignore[union-attr]
    assert isinstance(length, int), f"{model.__name__}.{field} has no max_length"
    return length
