"""The programme's fixed rules, no database: how long a certificate is valid, the score bands and the
stars they earn."""

import calendar
import datetime
from collections.abc import Iterable
from decimal import Decimal

VALIDITY_MONTHS = 36


# Half-open score bands [low, high) per star count (QĐ 148/QĐ-TTg); 5★ includes 100.
STAR_BANDS: dict[int, tuple[Decimal, Decimal]] = {
    3: (Decimal(50), Decimal(70)),
    4: (Decimal(70), Decimal(90)),
    5: (Decimal(90), Decimal(100)),
}


# Lower edges of every band, 1★ to 5★ (1★ [0,30), 2★ [30,50): not recognised).
BAND_FLOORS: tuple[tuple[int, Decimal], ...] = (
    (5, Decimal(90)),
    (4, Decimal(70)),
    (3, Decimal(50)),
    (2, Decimal(30)),
    (1, Decimal(0)),
)


RECOGNISED_MIN_STARS = 3


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's last day (29/02 + 12 months → 28/02)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def expiry_for(issued_on: datetime.date) -> datetime.date:
    """A certificate is valid 36 months from its date of issue."""
    return add_months(issued_on, VALIDITY_MONTHS)


def stars_for_score(score: Decimal) -> int:
    """The stars a total score earns: 3, 4 or 5; 0 below 50 (no certificate)."""
    for stars in (5, 4, 3):
        if score >= STAR_BANDS[stars][0]:
            return stars
    return 0


def band_for_score(score: Decimal) -> int:
    """The rank 1–5 of a total score on the half-open bands (49.99 → 2, 50 → 3, 70 → 4, 90 → 5)."""
    for stars, floor in BAND_FLOORS:
        if score >= floor:
            return stars
    return 1


def rating(score: Decimal, failed_mandatory_for: Iterable[int]) -> tuple[int, int]:
    """(band stars, stars after the mandatory cap): failing a criterion mandatory for N★ caps at N-1."""
    band = band_for_score(score)
    cap = min((level - 1 for level in failed_mandatory_for if level), default=5)
    return band, max(1, min(band, cap))
