from typing import Any

from django import template

from hangviet.sellers import queries
from hangviet.sellers.models import Membership

register = template.Library()


@register.simple_tag
def memberships_of(user: Any) -> list[Membership]:
    """The shops a user works for, with the role (for the account page's panel)."""
    return list(queries.memberships_of(user))


@register.filter
def has_shop(user: Any) -> bool:
    """Whether the user works for a shop (the header then links their seller centre)."""
    return queries.shops_of(user).exists()
