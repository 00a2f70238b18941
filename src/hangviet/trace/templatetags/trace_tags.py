import datetime
from typing import Any

from django import template
from django.utils import timezone

from hangviet.sellers.models import Seller
from hangviet.trace import queries
from hangviet.trace.models import SupplyChain

register = template.Library()


@register.simple_tag
def chains_of(seller_id: int) -> list[SupplyChain]:
    """The certified safe-food chains a seller belongs to (for product and shop pages)."""
    return list(queries.chains_of_seller(seller_id))


@register.simple_tag
def seller_scans(seller: Seller, days: int = 91) -> dict[str, Any]:
    """{% seller_scans seller as scans %}: scans of the shop's lots over the last `days` days: the total
    and the five lots scanned most (seller centre)."""
    lots = queries.lot_scans_of(seller, timezone.localdate() - datetime.timedelta(days=days - 1))
    total = sum(lot.scans for lot in lots)  # type: ignore[attr-defined]
    return {"days": days, "total": total, "top": list(lots[:5])}


@register.simple_tag
def open_flag_count() -> int:
    """{% open_flag_count as n %}: counterfeit reports no one has checked yet (officer workspace)."""
    return queries.counterfeit_flags("open").count()
