"""Reads reused by pages, the API, feeds and reports."""

import datetime
from typing import Any

from django.db.models import Case, Q, QuerySet, Value, When
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


# --- what higher rooms add to catalog pages (providers) ------------------------------------------

RELATED_COUNT = 6


def with_sold_counts(products: list[Product]) -> list[Product]:
    """Set `sold` on each product: units delivered to buyers, as the orders room counts them (the
    `sold_counts` provider, one query for the whole list)."""
    counts: dict[int, int] = {}
    for read in provided("sold_counts"):
        counts = read([p.pk for p in products])
    for p in products:
        p.sold = counts.get(p.pk, 0)  # type: ignore[attr-defined]
    return products


def product_reviews(product: Product) -> dict[str, Any] | None:
    """The product's rating and newest visible reviews (the orders room's `product_reviews` provider)."""
    for read in provided("product_reviews"):
        return read(product)  # type: ignore[no-any-return]
    return None


def shop_rating(seller: Seller) -> Any:
    """A shop's rating over all its products' visible reviews (`shop_rating` provider), or None."""
    for read in provided("shop_rating"):
        return read(seller)
    return None


def related_products(product: Product) -> list[Product]:
    """Up to RELATED_COUNT other listed, in-stock products of the same category first, then of the same
    OCOP group (the category's parent and its other children): most stars first. One query."""
    same_group = Q(category_id=product.category_id)
    parent_id = product.category.parent_id
    if parent_id:
        same_group |= Q(category_id=parent_id) | Q(category__parent_id=parent_id)
    return list(
        public_products()
        .filter(same_group, stock__gt=0)
        .exclude(pk=product.pk)
        .annotate(same=Case(When(category_id=product.category_id, then=Value(0)), default=Value(1)))
        .order_by("same", "-ocop_stars", "-created_at")[:RELATED_COUNT]
    )
