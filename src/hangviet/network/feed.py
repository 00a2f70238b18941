"""The catalog this node serves to its peers: pages of changes after a cursor (docs/network.md).

The cursor is the number of the last change served (network.CatalogChange, written by triggers in
commit order on SQLite). On PostgreSQL numbers are taken at insert time, so a transaction may commit a
lower number after a higher one was read: a page therefore stops before the first change whose
transaction was still running when the page was read (its number could be followed by such a late one).
A change is never skipped; at worst a page waits for a long transaction to end.
"""

from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Max

from hangviet.catalog.models import Product
from hangviet.network import identity
from hangviet.network.models import CatalogChange
from hangviet.ocop.queries import current_certificates
from hangviet.sellers.models import Seller
from hangviet.trace.models import SupplyChain

MAX_PAGE = 500
DEFAULT_PAGE = 100


def _oldest_running_xid() -> int | None:
    if connection.vendor != "postgresql":
        return None  # SQLite writes one transaction at a time: commit order is number order
    with connection.cursor() as cursor:
        cursor.execute("SELECT txid_snapshot_xmin(txid_current_snapshot())")
        return int(cursor.fetchone()[0])


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
    rows = list(
        CatalogChange.objects.filter(seq__gt=since)
        .order_by("seq")
        .values_list("seq", "product_id", "xid")[:limit]
    )
    oldest_running = _oldest_running_xid()
    cursor = since
    product_ids: list[int] = []
    for seq, product_id, xid in rows:
        if oldest_running is not None and xid is not None and xid >= oldest_running:
            break
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
