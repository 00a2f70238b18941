from typing import Any

from django import template

from hangviet.catalog import queries
from hangviet.sellers.models import Seller

register = template.Library()


@register.simple_tag
def low_stock(seller: Seller) -> dict[str, Any]:
    """{% low_stock seller as low %}: the shop's products running out (count, and the first five)."""
    products = queries.low_stock(seller)
    return {"count": products.count(), "first": list(products[:5]), "threshold": queries.LOW_STOCK}
