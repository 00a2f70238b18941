"""Mirroring a peer's catalog: pull its signed pages from our cursor and keep its providers and items as
seller and product rows marked with their home node, so the one search, its facets and the product and
shop pages show them beside ours (docs/network.md, "Mirrored items").

Every value from the peer is checked here, at the edge (lengths, numbers, known category and commune);
a row that does not pass is left out and named in the peer's last error; the rest of the page is kept.
A page is applied in one transaction together with the cursor that follows it: a crash repeats a page,
never skips one.
"""

import json
import logging
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from hangviet.catalog.models import Category, Product, Unit
from hangviet.catalog.search_columns import derive_search_columns
from hangviet.catalog.services import sanitize_description
from hangviet.catalog.versions import catalog_changed
from hangviet.core import limits
from hangviet.core.limits import max_length
from hangviet.core.models import Commune
from hangviet.core.text import slugify_vi
from hangviet.network import peers, transport
from hangviet.network.models import MirroredProduct, MirroredSeller, Peer
from hangviet.sellers.models import Seller

log = logging.getLogger(__name__)

PAGE_SIZE = 200
MAX_PAGES_PER_RUN = 100


@dataclass
class SyncResult:
    pages: int = 0
    items: int = 0
    deleted: int = 0
    errors: list[str] = field(default_factory=list)
    complete: bool = False


class BadRow(Exception):
    pass


def _text(data: Any, name: str, limit: int, *, required: bool = True) -> str:
    value = data.get(name, "") if isinstance(data, dict) else ""
    if value is None:
        value = ""
    if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
        raise BadRow(f"{name}")
    return value.strip()


def _tag_map(item: dict[str, Any]) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = {}
    for tag in item.get("tags") or []:
        if isinstance(tag, dict) and isinstance(tag.get("code"), str) and isinstance(tag.get("value"), str):
            tags.setdefault(tag["code"], []).append(tag["value"][:300])
    return tags


def _mirror_seller(peer: Peer, provider: dict[str, Any], now: Any) -> Seller:
    remote_id = _text(provider, "id", 40)
    address = provider.get("address") or {}
    contact = provider.get("contact") or {}
    commune = Commune.objects.filter(code=_text(address, "commune_code", 5)).first()
    if commune is None:
        raise BadRow("address.commune_code")
    kind = _text(provider, "kind", 20)
    if kind not in Seller.Kind.values:
        raise BadRow("kind")
    trading_name = _text(provider.get("descriptor"), "name", max_length(Seller, "trading_name"))
    values: dict[str, Any] = {
        "kind": kind,
        "legal_name": _text(provider, "legal_name", max_length(Seller, "legal_name")),
        "trading_name": trading_name,
        "tax_code": _text(provider, "tax_code", 14),
        "registration_number": _text(provider, "registration_number", 30, required=False),
        "street": _text(address, "street", 200, required=False) or "-",
        "commune": commune,
        "province_id": commune.province_id,
        "phone": _text(contact, "phone", 10, required=False),
        "email": _text(contact, "email", 254, required=False),
        "representative": _text(provider, "representative", 150, required=False),
        "description": _text(provider.get("descriptor"), "long_desc", 2000, required=False),
        "status": Seller.Status.VERIFIED,
        "home_node": peer.node_id,
    }
    mirror = MirroredSeller.objects.select_related("seller").filter(peer=peer, remote_id=remote_id).first()
    if mirror is None:
        if Seller.objects.filter(tax_code=values["tax_code"]).exists():
            raise BadRow("tax_code (already a seller here)")
        slug = f"{slugify_vi(trading_name, 60) or 'cua-hang'}-n{peer.pk}-{remote_id}"[:80]
        seller = Seller.objects.create(slug=slug, verified_at=now, **values)
        MirroredSeller.objects.create(peer=peer, remote_id=remote_id, seller=seller, synced_at=now)
        return seller
    seller = mirror.seller
    for name, value in values.items():
        setattr(seller, name, value)
    seller.save()
    mirror.synced_at = now
    mirror.save(update_fields=["synced_at"])
    return seller


def _mirror_item(peer: Peer, item: dict[str, Any], sellers: dict[str, Seller], now: Any) -> None:
    remote_id = _text(item, "id", 40)
    seller = sellers.get(str(item.get("provider_id")))
    if seller is None:
        raise BadRow("provider_id")
    category = Category.objects.filter(code=_text(item, "category_id", 20)).first()
    if category is None:
        raise BadRow("category_id")
    price = item.get("price") or {}
    value = price.get("value") if isinstance(price, dict) else None
    if price.get("currency") != "VND" or not isinstance(value, str) or not value.isdigit():
        raise BadRow("price")
    price_vnd = int(value)
    if not 0 < price_vnd <= limits.PRICE_MAX_VND:
        raise BadRow("price")
    count = ((item.get("quantity") or {}).get("available") or {}).get("count")
    if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= limits.STOCK_MAX:
        raise BadRow("quantity.available.count")
    unit = _text(item, "unit", 10)
    if unit not in Unit.values:
        raise BadRow("unit")
    tags = _tag_map(item)
    stars = (tags.get("ocop_stars") or ["0"])[0]
    if not stars.isdigit() or int(stars) > 5:
        raise BadRow("tags.ocop_stars")
    gtin = (tags.get("gtin") or [""])[0]
    if gtin and not (gtin.isdigit() and len(gtin) == 14):
        raise BadRow("tags.gtin")
    commune = Commune.objects.filter(code=(tags.get("origin_commune") or [""])[0]).first()
    description = _text(item.get("descriptor"), "long_desc", 20000, required=False)
    values: dict[str, Any] = {
        "seller": seller,
        "category": category,
        "name": _text(item.get("descriptor"), "name", max_length(Product, "name")),
        "description": sanitize_description(description),
        "unit": unit,
        "net_quantity": _text(item, "net_quantity", 40, required=False),
        "price_vnd": price_vnd,
        "stock": count,
        "sku": _text(item, "sku", 50),
        "gtin": gtin,
        "origin_commune": commune,
        "status": Product.Status.ACTIVE,
        "ocop_stars": int(stars),
        "home_node": peer.node_id,
    }
    link = (tags.get("digital_link") or [""])[0]
    certificate = (tags.get("ocop_certificate") or [""])[0][:40]
    mirror = MirroredProduct.objects.select_related("product").filter(peer=peer, remote_id=remote_id).first()
    if mirror is None:
        slug = f"{slugify_vi(values['name'], 70) or 'san-pham'}-n{peer.pk}-{remote_id}"[:100]
        product = Product(slug=slug, **values)
        derive_search_columns(product)
        product.save()
        MirroredProduct.objects.create(
            peer=peer,
            remote_id=remote_id,
            product=product,
            synced_at=now,
            digital_link=link if link.startswith(("http://", "https://")) else "",
            ocop_certificate=certificate,
        )
        return
    product = mirror.product
    for name, value in values.items():
        setattr(product, name, value)
    derive_search_columns(product)
    product.save()
    mirror.synced_at = now
    mirror.digital_link = link if link.startswith(("http://", "https://")) else ""
    mirror.ocop_certificate = certificate
    mirror.save(update_fields=["synced_at", "digital_link", "ocop_certificate"])


@transaction.atomic
def apply_page(peer: Peer, page: dict[str, Any], result: SyncResult) -> int:
    """Store one catalog page and the cursor after it; return that cursor."""
    message = page.get("message") if isinstance(page, dict) else None
    catalog = message.get("catalog") if isinstance(message, dict) else None
    cursor = str(message.get("next_cursor", "")) if isinstance(message, dict) else ""
    if not isinstance(catalog, dict) or not cursor.isdigit():
        raise transport.PeerUnreachable("the catalog page has no catalog or cursor")
    now = timezone.now()
    sellers: dict[str, Seller] = {}
    for provider in catalog.get("providers") or []:
        try:
            sellers[str(provider.get("id"))] = _mirror_seller(peer, provider, now)
        except (BadRow, AttributeError) as exc:
            result.errors.append(f"provider {str(provider)[:40]}: {exc}")
    for item in catalog.get("items") or []:
        try:
            with transaction.atomic():
                _mirror_item(peer, item, sellers, now)
            result.items += 1
        except (BadRow, AttributeError) as exc:
            result.errors.append(f"item {str(item.get('id') if isinstance(item, dict) else '?')[:40]}: {exc}")
    deleted = [str(d) for d in catalog.get("deleted") or []]
    if deleted:
        # A tombstone archives the mirrored row (kept: old orders and carts may point at it).
        result.deleted += Product.objects.filter(
            mirror__peer=peer, mirror__remote_id__in=deleted, home_node=peer.node_id
        ).update(status=Product.Status.ARCHIVED)
    head = str(page["message"].get("head", "0"))
    Peer.objects.filter(pk=peer.pk).update(
        catalog_cursor=int(cursor), remote_head=int(head) if head.isdigit() else 0
    )
    catalog_changed()
    return int(cursor)


def sync_peer(peer: Peer) -> SyncResult:
    """Pull `peer`'s catalog changes since our cursor, page by page, until we reach its head.

    The peer's health (last sync, last error) is recorded whatever happens."""
    result = SyncResult()
    cursor = peer.catalog_cursor
    error = ""
    try:
        peers.refresh_keys(peer)
        for _page in range(MAX_PAGES_PER_RUN):
            reply = transport.call(
                peer, "GET", f"/network/v1/catalog?since={cursor}&limit={PAGE_SIZE}", None, action="catalog"
            )
            if reply.status != 200:
                raise transport.PeerUnreachable(f"catalog answered HTTP {reply.status}")
            try:
                page = reply.json()
            except json.JSONDecodeError as exc:
                raise transport.PeerUnreachable("the catalog page is not JSON") from exc
            next_cursor = apply_page(peer, page, result)
            result.pages += 1
            has_more = bool(page["message"].get("has_more"))
            if not has_more or next_cursor == cursor:
                result.complete = not has_more
                break
            cursor = next_cursor
    except transport.PeerUnreachable as exc:
        error = str(exc)
    if result.errors and not error:
        error = "; ".join(result.errors)[:1000]
    now = timezone.now()
    fields: dict[str, Any] = {"last_sync_at": now}
    if error:
        fields.update(last_error=error, last_error_at=now)
    if result.complete:
        fields["last_complete_sync_at"] = now
    Peer.objects.filter(pk=peer.pk).update(**fields)
    if error:
        log.warning("catalog sync with %s: %s", peer.node_id, error)
    return result


def sync_all() -> dict[str, SyncResult]:
    return {peer.node_id: sync_peer(peer) for peer in Peer.objects.filter(status=Peer.Status.ACTIVE)}
