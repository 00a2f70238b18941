"""Syndication demo on top of `hangviet demo`: the seed report's "24 units guided onto Tiki, Voso, Sendo",
recorded by the demo officer through the service, dated in 2022. Deterministic and idempotent. The
marketplace URLs are illustrative (a shop path on the marketplace's domain)."""

import datetime
from typing import Any

from hangviet.accounts.models import User
from hangviet.sellers.models import Seller
from hangviet.syndication import services
from hangviet.syndication.marketplaces import marketplace
from hangviet.syndication.models import ExternalListing

OFFICER_EMAIL = "officer@demo.hangviet.vn"
GUIDED_UNITS = 24
# (marketplace, shop URL pattern on it): 10 units on Tiki, 8 on Voso, 6 on Sendo.
PLAN = (
    [("tiki", "https://tiki.vn/cua-hang/{slug}")] * 10
    + [("voso", "https://voso.vn/shop/{slug}")] * 8
    + [("sendo", "https://www.sendo.vn/shop/{slug}")] * 6
)


def _say(stdout: Any, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def guided_on(index: int) -> datetime.date:
    """Spread over 2022: two units a month, on the 8th and the 22nd."""
    return datetime.date(2022, 1 + index // 2, 8 if index % 2 == 0 else 22)


def load_demo(stdout: Any = None) -> None:
    """The 24 guided units (the first verified demo producers, the demo seller's cooperative first)."""
    officer = User.objects.filter(email=OFFICER_EMAIL).first()
    units = list(
        Seller.objects.filter(is_demo=True, status=Seller.Status.VERIFIED).order_by("pk")[:GUIDED_UNITS]
    )
    if officer is None or len(units) < GUIDED_UNITS:
        _say(stdout, "syndication: skipped (run the foundation demo first)")
        return
    made = 0
    for index, (unit, (code, pattern)) in enumerate(zip(units, PLAN, strict=True)):
        if ExternalListing.objects.filter(seller=unit, product=None, marketplace=code).exists():
            continue
        target = marketplace(code)
        assert target is not None, f"marketplaces/{code}.toml is missing"
        services.record_guided_listing(
            actor=officer,
            seller=unit,
            marketplace=code,
            guided_on=guided_on(index),
            url=pattern.format(slug=unit.slug),
        )
        made += 1
    _say(stdout, f"syndication: {made} guided units recorded" if made else "syndication: already loaded")
