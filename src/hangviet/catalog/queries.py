"""Reads reused by pages, the API, feeds and reports."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from hangviet.catalog.models import Category, ImportJob, Product
from hangviet.core.providers import provided
from hangviet.sellers.models import Seller

# is_listed = active and of a verified seller, kept by database triggers (migration 0004).
PUBLIC = Q(is_listed=True)
# This province's own products: not mirrored from another province's node (network sets `home_node`).
OWN = Q(home_node__isnull=True)


def public_products() -> QuerySet[Product]:
    """Products anyone may see: active, of a verified seller."""
    return Product.objects.filter(PUBLIC).select_related(
        "seller", "category", "origin_commune__province", "seller__province"
    )


def current_certificate(product: Product, today: datetime.date | None = None) -> Any:
    """The product's current OCOP certificate, or None: the OCOP room decides which one (a certificate in
    force: `ocop.queries.current_certificate`, named in settings.HANGVIET_PROVIDERS), since the catalog
    may not import it. The product page and the product API show what this returns."""
    today = today or timezone.localdate()
    for read in provided("product_certificate"):
        return read(product, today)
    return None


def own_public_products() -> QuerySet[Product]:
    """Public products of this province's own sellers: what its feeds and sitemaps send out (a mirrored
    product is listed by its home province's node)."""
    return public_products().filter(OWN)


def products_of(seller: Seller) -> QuerySet[Product]:
    """All of a seller's products, drafts and archived included (for its members only)."""
    return Product.objects.filter(seller=seller).select_related("category", "origin_commune")


LOW_STOCK = 5  # an active product with this many units or fewer is shown to its seller as running out


def low_stock(seller: Seller) -> QuerySet[Product]:
    """The shop's products on sale with LOW_STOCK units or fewer, fewest first (seller centre)."""
    return (
        products_of(seller)
        .filter(status=Product.Status.ACTIVE, stock__lte=LOW_STOCK)
        .order_by("stock", "name")
    )


def jobs_of(seller: Seller) -> QuerySet[ImportJob]:
    """A seller's import jobs, newest first."""
    return ImportJob.objects.filter(seller=seller).select_related("actor").order_by("-created_at", "-pk")


def category_with_descendants(category: Category) -> list[int]:
    """The ids of a category and every category below it (the tree is shallow: ≤ 3 levels)."""
    ids, frontier = [category.pk], [category.pk]
    while frontier:
        frontier = list(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return ids


# --- for the campaign indicators (reports) -------------------------------------------------------


def listed_products_created_before(end_at: datetime.datetime) -> QuerySet[Product]:
    """This province's products on sale now (listed) put on the platform before `end_at` (an aware
    instant); products mirrored from other provinces' nodes are theirs to count."""
    return (
        Product.objects.filter(PUBLIC, OWN, created_at__lt=end_at)
        .select_related("seller", "category")
        .order_by("seller__trading_name", "name", "pk")
    )


def listed_ocop_products_created_before(end_at: datetime.datetime) -> QuerySet[Product]:
    """Listed products with OCOP stars (a certificate in force keeps `ocop_stars` above 0)."""
    return listed_products_created_before(end_at).filter(ocop_stars__gt=0)
