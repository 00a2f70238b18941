"""The catalog this node serves to its peers: pages of changes after a cursor (docs/network.md).

The cursor is the number of the last change served (network.CatalogChange, written by triggers). On
SQLite one transaction writes at a time, so numbers commit in order. On PostgreSQL a number is taken at
insert time: a transaction may commit a lower number after a higher one was read. A page therefore
reads only up to a safe number: it briefly takes a SHARE lock on the change table, which waits for every
transaction that has written a change to end, and reads the highest number then; later writers get
higher numbers. The lock waits at most LOCK_TIMEOUT: behind a long transaction (an import) the page
serves nothing new and the peer asks again at its next pull; it never skips a change.
"""

from typing import Any

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Max

from hangviet.catalog.models import Product
from hangviet.network import identity
from hangviet.network.models import CatalogChange
from hangviet.ocop.queries import current_certificates
from hangviet.sellers.models import Seller
from hangviet.trace.models import SupplyChain

MAX_PAGE = 500
DEFAULT_PAGE = 100


LOCK_TIMEOUT = "200ms"


def _safe_head(since: int) -> int | None:
    """The highest change number below which no transaction can still commit one (None: no limit)."""
    if connection.vendor != "postgresql":
        return None  # SQLite writes one transaction at a time: commit order is number order
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            cursor.execute("LOCK TABLE network_catalogchange IN SHARE MODE")
            cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM network_catalogchange")
            return int(cursor.fetchone()[0])
    except OperationalError:  # a long writing transaction: nothing new this time
        return since


def _provider(seller: Seller) -> dict[str, Any]:
    return {
        "id": str(seller.pk),
        "descriptor": {"name": seller.trading_name, "long_desc": seller.description[:2000]},
        "legal_name": seller.legal_name,
        "kind": seller.kind,
        "tax_code": seller.tax_code,
        "registration_number": seller.registration_number,
        "representative": seller.representative,
        "address": {
            "street": seller.street,
            "commune_code": seller.commune_id,
            "province_code": seller.province_id,
        },
        "contact": {"phone": seller.phone, "email": seller.email},
    }


def _tags(product: Product, certificate: Any, chains: list[str]) -> list[dict[str, str]]:
    tags = [{"code": "ocop_stars", "value": str(product.ocop_stars)}]
    if certificate is not None:
        tags.append({"code": "ocop_certificate", "value": certificate.number})
    if product.gtin:
        tags.append({"code": "gtin", "value": product.gtin})
        tags.append({"code": "digital_link", "value": f"{identity.node_url()}/01/{product.gtin}"})
    place = product.origin_commune or product.seller.commune
    tags.append({"code": "origin_province", "value": place.province_id})
    tags.append({"code": "origin_commune", "value": place.code})
    tags.extend({"code": "supply_chain", "value": name} for name in chains)
    return tags


def _item(product: Product, certificate: Any, chains: list[str]) -> dict[str, Any]:
    return {
        "id": str(product.pk),
        "provider_id": str(product.seller_id),
        "descriptor": {"name": product.name, "long_desc": product.description},
        "category_id": product.category.code,
        "sku": product.sku,
        "unit": product.unit,
        "net_quantity": product.net_quantity,
        "price": {"currency": "VND", "value": str(product.price_vnd)},
        "quantity": {"available": {"count": product.stock}},
        "tags": _tags(product, certificate, chains),
    }


def catalog_page(since: int, limit: int) -> dict[str, Any]:
    """Changes after `since`, at most `limit` of them: the listed products as items (with their
    providers), the others as `deleted` tombstones, and the cursor to ask next."""
    limit = max(1, min(limit, MAX_PAGE))
    safe = _safe_head(since)
    changes = CatalogChange.objects.filter(seq__gt=since).order_by("seq")
    if safe is not None:
        changes = changes.filter(seq__lte=safe)
    cursor = since
    product_ids: list[int] = []
    for seq, product_id in changes.values_list("seq", "product_id")[:limit]:
        cursor = seq
        product_ids.append(product_id)
    product_ids = list(dict.fromkeys(product_ids))
    products = {
        p.pk: p
        for p in Product.objects.filter(
            pk__in=product_ids, is_listed=True, home_node__isnull=True
        ).select_related("seller", "category", "origin_commune", "seller__commune")
    }
    certificates = current_certificates(products)
    chains: dict[int, list[str]] = {}
    seller_ids = {p.seller_id for p in products.values()}
    for seller_id, name in (
        SupplyChain.objects.filter(members__seller_id__in=seller_ids)
        .values_list("members__seller_id", "name")
        .distinct()
        .order_by("name")
    ):
        chains.setdefault(seller_id, []).append(name)
    items = [
        _item(products[pk], certificates.get(pk), chains.get(products[pk].seller_id, []))
        for pk in product_ids
        if pk in products
    ]
    providers = {p.seller_id: p.seller for p in products.values()}
    head = CatalogChange.objects.aggregate(head=Max("seq"))["head"] or 0
    return {
        "context": {
            "domain": identity.DOMAIN,
            "action": "on_catalog",
            "version": identity.PROTOCOL_VERSION,
            "bpp_id": identity.node_id(),
            "bpp_uri": identity.node_url(),
        },
        "message": {
            "catalog": {
                "descriptor": {"name": settings.HANGVIET_NODE_NAME},
                "providers": [_provider(s) for s in providers.values()],
                "items": items,
                "deleted": [str(pk) for pk in product_ids if pk not in products],
            },
            "next_cursor": str(cursor),
            "head": str(head),
            "has_more": cursor < head,
        },
    }
