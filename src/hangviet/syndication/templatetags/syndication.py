"""Template tags of the syndication room, for the panels it gives other rooms' pages."""

from typing import Any

from django import template

from hangviet.sellers.models import Seller
from hangviet.syndication.queries import ShopMarketplace, shop_marketplaces
from hangviet.syndication.share import canonical_url, language_urls, share_card

register = template.Library()


@register.simple_tag
def marketplaces_of(seller: Seller) -> list[ShopMarketplace]:
    """Where else the shop sells (syndication.queries.shop_marketplaces)."""
    return shop_marketplaces(seller)


@register.simple_tag(takes_context=True)
def share_meta(context: template.Context) -> dict[str, Any]:
    """The page's canonical URL, language URLs and share card (syndication.share)."""
    request = context.get("request")
    if request is None:
        return {}
    flat: dict[str, Any] = context.flatten()  # type: ignore[assignment]
    canonical = canonical_url(request)
    return {
        "canonical": canonical,
        "languages": language_urls(canonical),
        "card": share_card(flat, canonical),
    }
