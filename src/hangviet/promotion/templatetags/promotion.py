"""{% load promotion %}{% home_news 3 %}: the latest news block, for pages of other apps (the home page)."""

from typing import Any

from django import template

from hangviet.promotion.queries import (
    buy_requests_for_seller,
    fair_applications_of,
    fairs_with_applications_to_decide,
    latest_news,
)
from hangviet.sellers.models import Seller

register = template.Library()


@register.inclusion_tag("promotion/_home_news.html")
def home_news(n: int = 3) -> dict[str, Any]:
    return {"news": latest_news(int(n))}


@register.simple_tag
def seller_promotion_todo(seller: Seller) -> dict[str, Any]:
    """{% seller_promotion_todo seller as promo %}: the shop's fair applications not over yet and the
    open buy requests matched to it that it has not answered (seller centre)."""
    requests = buy_requests_for_seller(seller)
    return {
        "applications": list(fair_applications_of(seller)[:10]),
        "buy_request_count": requests.count(),
        "buy_requests": list(requests[:5]),
    }


@register.simple_tag
def booth_queues() -> dict[str, Any]:
    """{% booth_queues as booths %}: fairs with booth applications to decide, each with its count, and
    the total (officer workspace)."""
    fairs = list(fairs_with_applications_to_decide())
    return {"fairs": fairs, "total": sum(fair.to_decide for fair in fairs)}  # type: ignore[attr-defined]
