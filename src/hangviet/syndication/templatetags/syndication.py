"""Template tags of the syndication room, for the panels it gives other rooms' pages."""

from django import template

from hangviet.sellers.models import Seller
from hangviet.syndication.queries import ShopMarketplace, shop_marketplaces

register = template.Library()


@register.simple_tag
def marketplaces_of(seller: Seller) -> list[ShopMarketplace]:
    """Where else the shop sells (syndication.queries.shop_marketplaces)."""
    return shop_marketplaces(seller)
