"""sitemap.xml for search engines: an index and paged sitemaps of products, shops, OCOP certificates and
events (django.contrib.sitemaps). `lastmod` is the row's own modification time, never the request's; a
kind without one (fairs) gives none rather than a made-up date. URLs are on HANGVIET_BASE_URL."""

import datetime
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone

from hangviet.catalog.models import Product
from hangviet.catalog.queries import OWN, PUBLIC
from hangviet.ocop.models import Certificate
from hangviet.ocop.queries import valid_certificates
from hangviet.promotion.models import Fair
from hangviet.promotion.queries import public_fairs
from hangviet.sellers.models import Seller
from hangviet.sellers.queries import own_sellers

PAGE_SIZE = 5_000  # URLs per sitemap page (the protocol allows 50,000; smaller pages render fast)


class _Site(Sitemap):  # type: ignore[type-arg]
    limit = PAGE_SIZE

    @property
    def protocol(self) -> str:  # type: ignore[override]
        return urlsplit(settings.HANGVIET_BASE_URL).scheme or "https"

    def get_domain(self, site: Any = None) -> str:
        return urlsplit(settings.HANGVIET_BASE_URL).netloc


class ProductSitemap(_Site):
    def items(self) -> QuerySet[Product]:
        return Product.objects.filter(PUBLIC, OWN).only("slug", "updated_at").order_by("pk")

    def location(self, item: Product) -> str:
        return reverse("catalog:product", args=[item.slug])

    def lastmod(self, item: Product) -> datetime.datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> datetime.datetime | None:
        return Product.objects.filter(PUBLIC, OWN).aggregate(latest=Max("updated_at"))["latest"]


class ShopSitemap(_Site):
    def items(self) -> QuerySet[Seller]:
        return own_sellers().filter(status=Seller.Status.VERIFIED).only("slug", "updated_at").order_by("pk")

    def location(self, item: Seller) -> str:
        return reverse("catalog:shop", args=[item.slug])

    def lastmod(self, item: Seller) -> datetime.datetime:
        return item.updated_at

    def get_latest_lastmod(self) -> datetime.datetime | None:
        return (
            own_sellers().filter(status=Seller.Status.VERIFIED).aggregate(latest=Max("updated_at"))["latest"]
        )


class CertificateSitemap(_Site):
    """Certificates in force: their public page checks them."""

    def items(self) -> QuerySet[Certificate]:
        return valid_certificates(timezone.localdate()).order_by("pk")

    def location(self, item: Certificate) -> str:
        return reverse("ocop:certificate", args=[item.number])

    def lastmod(self, item: Certificate) -> datetime.datetime | datetime.date:
        return item.issued_at or item.issued_on

    def get_latest_lastmod(self) -> None:
        return None  # issued_at or issued_on per row: no single column to take the maximum of


class EventSitemap(_Site):
    """Published fairs and market sessions (they keep no modification time: no lastmod)."""

    def items(self) -> QuerySet[Fair]:
        return public_fairs().only("slug").order_by("pk")

    def location(self, item: Fair) -> str:
        return reverse("promotion:fair", args=[item.slug])


SITEMAPS = {
    "products": ProductSitemap,
    "shops": ShopSitemap,
    "certificates": CertificateSitemap,
    "events": EventSitemap,
}
