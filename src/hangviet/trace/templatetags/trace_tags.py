from django import template

from hangviet.trace import queries
from hangviet.trace.models import SupplyChain

register = template.Library()


@register.simple_tag
def chains_of(seller_id: int) -> list[SupplyChain]:
    """The certified safe-food chains a seller belongs to (for product and shop pages)."""
    return list(queries.chains_of_seller(seller_id))
