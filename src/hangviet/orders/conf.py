"""The orders app's settings, read in one place (each with its default; the lead lists them in settings.py).

Rates are decimal strings (Decimal("0.01") = 1 %); durations are hours.
"""

from decimal import Decimal

from django.conf import settings


def webhook_secret() -> str:
    """Shared secret of the bank-statement service (HMAC-SHA256); empty = every notification refused."""
    return str(getattr(settings, "HANGVIET_PAYMENT_WEBHOOK_SECRET", "") or "")


def unpaid_expiry_hours() -> float:
    """An unpaid VietQR order is cancelled this many hours after it was placed (default 24)."""
    return float(getattr(settings, "HANGVIET_UNPAID_EXPIRY_HOURS", 24))


def lapse_hours() -> float:
    """Default hours a seller has to answer an order before it lapses (Decree 52 Art. 20: 12)."""
    return float(getattr(settings, "HANGVIET_ORDER_LAPSE_HOURS", 12))


def commission_rate() -> Decimal:
    """The platform's commission on a delivered order's total (default 0)."""
    return Decimal(str(getattr(settings, "HANGVIET_COMMISSION_RATE", "0")))


def withholding_vat_rate() -> Decimal:
    """Goods VAT withheld for household and individual sellers (Decree 117/2025: 1 %)."""
    return Decimal(str(getattr(settings, "HANGVIET_WITHHOLDING_VAT_RATE", "0.01")))


def withholding_pit_rate() -> Decimal:
    """Personal income tax withheld for household and individual sellers (Decree 117/2025: 0.5 %)."""
    return Decimal(str(getattr(settings, "HANGVIET_WITHHOLDING_PIT_RATE", "0.005")))


def max_quantity_per_product() -> int:
    """The most units of one product a cart may hold (default 99)."""
    return int(getattr(settings, "HANGVIET_CART_MAX_QUANTITY", 99))


def default_delivery_fee() -> int:
    """Delivery fee (VND) of a seller that has not set its own rules (default 30 000)."""
    return int(getattr(settings, "HANGVIET_DEFAULT_DELIVERY_FEE_VND", 30000))


def base_url() -> str:
    return str(getattr(settings, "HANGVIET_BASE_URL", "http://127.0.0.1:8000")).rstrip("/")
