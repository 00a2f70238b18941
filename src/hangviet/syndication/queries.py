"""Reads of the syndication room reused by pages, the API and the reports room."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from hangviet.sellers.models import Seller
from hangviet.syndication.marketplaces import load_marketplaces
from hangviet.syndication.models import ExternalListing

ON_A_MARKETPLACE = (ExternalListing.Status.LIVE, ExternalListing.Status.REMOVED)


def listings_of(seller: Seller) -> QuerySet[ExternalListing]:
    """Every listing of a seller (its products' and the shop's own), for its members and officers."""
    return (
        ExternalListing.objects.filter(seller=seller)
        .select_related("product", "guided_by")
        .order_by("marketplace", "product__name", "pk")
    )


def guided_listings() -> QuerySet[ExternalListing]:
    """The listings officers recorded for units the department guided, newest first."""
    return (
        ExternalListing.objects.filter(guided_on__isnull=False)
        .select_related("seller", "guided_by")
        .order_by("-guided_on", "-pk")
    )


@dataclass(frozen=True)
class ShopMarketplace:
    code: str
    name: str
    url: str


def shop_marketplaces(seller: Seller) -> list[ShopMarketplace]:
    """Where else a shop sells ("Cũng có trên: Tiki, Shopee"): each marketplace with a live listing, linked
    to the shop's own page there if recorded, else to one of its products' pages; by marketplace name."""
    known = load_marketplaces()
    found: dict[str, str] = {}
    rows = (
        ExternalListing.objects.filter(seller=seller, status=ExternalListing.Status.LIVE)
        .exclude(url="")
        .order_by("product_id", "pk")  # the shop's own listing (no product) first
        .values_list("marketplace", "url")
    )
    for code, url in rows:
        if code in known:
            found.setdefault(code, url)
    return sorted(
        (ShopMarketplace(code, known[code].name, url) for code, url in found.items()), key=lambda m: m.name
    )


def _live_during(start: datetime.date, end: datetime.date) -> Q:
    return Q(status__in=ON_A_MARKETPLACE, listed_on__isnull=False, listed_on__lte=end) & (
        Q(removed_on__isnull=True) | Q(removed_on__gte=start)
    )


def sellers_on_marketplaces(start: datetime.date, end: datetime.date) -> QuerySet[Seller]:
    """Units (sellers) that had at least one listing live on a national marketplace between `start` and
    `end` (both included): the records of the campaign indicator "đơn vị lên sàn TMĐT quốc gia"."""
    live = ExternalListing.objects.filter(_live_during(start, end)).values("seller_id")
    return Seller.objects.filter(pk__in=live).select_related("commune").order_by("trading_name", "pk")


def units_on_marketplaces(start: datetime.date, end: datetime.date) -> int:
    """How many units `sellers_on_marketplaces` lists."""
    return sellers_on_marketplaces(start, end).count()


def units_by_marketplace(start: datetime.date, end: datetime.date) -> dict[str, int]:
    """The same count per marketplace code (a unit on two marketplaces counts once in each)."""
    counts: dict[str, set[int]] = {}
    for code, seller_id in ExternalListing.objects.filter(_live_during(start, end)).values_list(
        "marketplace", "seller_id"
    ):
        counts.setdefault(code, set()).add(seller_id)
    return {code: len(ids) for code, ids in sorted(counts.items())}
