from typing import Any

from django import template

from hangviet.network import buyer_side

register = template.Library()


@register.simple_tag
def remote_groups(cart: Any) -> list[tuple[Any, list[Any]]]:
    """[(peer, cart items)] of the cart's items from other provinces' nodes."""
    return list(buyer_side.remote_items(cart).items())
